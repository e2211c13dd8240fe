// The New export form: merge policy, fields (picked from the attribute paths present in the
// sandbox), events with a time filter, empty profiles, and the destination dataset (picked, or
// created inline). The request it stands for is shown live next to it, with "Copy as cURL".
import { useId, useMemo, useState, type ReactNode } from 'react';
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Collapse from '@mui/material/Collapse';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import AddIcon from '@mui/icons-material/Add';
import type { AttributePath, CreateExportJobBody } from '../../../../contracts/export-jobs.ts';
import { InlineError } from '../../../components/inline-error.tsx';
import {
  EVENT_WINDOWS,
  buildExportBody,
  formProblems,
  initialExportForm,
  type EventWindow,
  type ExportFormState,
} from '../export-request.ts';
import { RequestPreview } from './request-preview.tsx';

export interface PolicyOption {
  id: string;
  name: string;
  isDefault: boolean;
  description: string;
}

export interface DatasetOption {
  id: string;
  name: string;
}

export interface ExportJobFormProps {
  tenant: { orgId: string; sandbox: string };
  policies: PolicyOption[];
  /** Datasets an export may write to: XDM Individual Profile class, not enabled for Profile. */
  destinations: DatasetOption[];
  /** Attribute paths of the sandbox's profiles and events; undefined while loading or unavailable. */
  profilePaths: AttributePath[] | undefined;
  eventPaths: AttributePath[] | undefined;
  pathsNote?: ReactNode;
  onCreateDataset: (name: string) => Promise<string>;
  creatingDataset: boolean;
  createDatasetError: unknown;
  submitting: boolean;
  submitError: unknown;
  onSubmit: (body: CreateExportJobBody) => void;
  onCancel: () => void;
}

function Section({ title, description, children }: { title: string; description?: ReactNode; children: ReactNode }) {
  return (
    <Paper variant="outlined" component="section" aria-label={title} sx={{ p: { xs: 2, sm: 2.5 } }}>
      <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 600 }}>
        {title}
      </Typography>
      {description && (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 0.25 }}>
          {description}
        </Typography>
      )}
      <Stack spacing={2} sx={{ mt: 2 }}>
        {children}
      </Stack>
    </Paper>
  );
}

function PathPicker({
  label,
  paths,
  value,
  onChange,
  error,
  helper,
}: {
  label: string;
  paths: AttributePath[] | undefined;
  value: string[];
  onChange: (value: string[]) => void;
  error?: string;
  helper: ReactNode;
}) {
  const options = useMemo(() => (paths ?? []).map((p) => p.path), [paths]);
  const kinds = useMemo(() => new Map((paths ?? []).map((p) => [p.path, p.kind])), [paths]);
  return (
    <Autocomplete
      multiple
      freeSolo
      autoHighlight
      options={options}
      value={value}
      onChange={(_e, next) => onChange(next.map((v) => v.trim()).filter((v) => v !== ''))}
      filterSelectedOptions
      loading={paths === undefined}
      renderOption={(props, option) => {
        const { key, ...rest } = props as typeof props & { key: string };
        return (
          <Box component="li" key={key} {...rest} sx={{ fontFamily: 'monospace', fontSize: 13 }}>
            {option}
            {kinds.get(option) === 'object' && (
              <Typography component="span" variant="caption" color="text.secondary" sx={{ ml: 1, fontFamily: 'inherit' }}>
                (everything below)
              </Typography>
            )}
          </Box>
        );
      }}
      renderInput={(params) => <TextField {...params} label={label} error={Boolean(error)} helperText={error ?? helper} />}
    />
  );
}

export function ExportJobForm(props: ExportJobFormProps) {
  const { policies } = props;
  const [form, setForm] = useState<ExportFormState>(initialExportForm);
  // Datasets created here show at once, before the dataset list is fetched again.
  const [created, setCreated] = useState<DatasetOption[]>([]);
  const destinations = useMemo(
    () => [...props.destinations, ...created.filter((c) => !props.destinations.some((d) => d.id === c.id))],
    [props.destinations, created],
  );
  const [touched, setTouched] = useState(false);
  const [newDataset, setNewDataset] = useState<string | undefined>(undefined);
  // "Last 30 days" is relative to now: the preview's now moves with every change (and the sent request uses the moment it is sent).
  const [now, setNow] = useState(() => Date.now());
  const set = <K extends keyof ExportFormState>(key: K, value: ExportFormState[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setNow(Date.now());
  };
  const problems = formProblems(form);
  const shown = touched ? problems : {};
  const body = buildExportBody(form, now);
  const policyLabelId = useId();
  const defaultPolicy = policies.find((p) => p.isDefault);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (Object.keys(problems).length > 0 || props.submitting) return;
    props.onSubmit(buildExportBody(form, Date.now()));
  };

  const createDataset = async () => {
    const name = (newDataset ?? '').trim();
    if (!name) return;
    try {
      const id = await props.onCreateDataset(name);
      setCreated((c) => [...c, { id, name }]);
      set('datasetId', id);
      setNewDataset(undefined);
    } catch {
      // shown below the field (createDatasetError)
    }
  };

  return (
    <Box
      component="form"
      noValidate
      onSubmit={submit}
      aria-label="New export"
      sx={{ display: 'grid', gap: 3, gridTemplateColumns: { xs: 'minmax(0, 1fr)', lg: 'minmax(0, 3fr) minmax(0, 2fr)' }, alignItems: 'start' }}
    >
      <Stack spacing={2.5} sx={{ minWidth: 0 }}>
        <Section title="Profiles" description="One row per merged profile: its identity graph and attributes combined by the merge policy.">
          <TextField
            select
            label="Merge policy"
            value={form.mergePolicyId}
            onChange={(e) => set('mergePolicyId', e.target.value)}
            slotProps={{ inputLabel: { id: policyLabelId, shrink: true }, select: { displayEmpty: true } }}
            helperText={(form.mergePolicyId ? policies.find((p) => p.id === form.mergePolicyId) : defaultPolicy)?.description}
          >
            <MenuItem value="">{defaultPolicy ? `${defaultPolicy.name} (the sandbox's default)` : "The sandbox's default policy"}</MenuItem>
            {policies
              .filter((p) => !p.isDefault)
              .map((p) => (
                <MenuItem key={p.id} value={p.id}>
                  {p.name}
                </MenuItem>
              ))}
          </TextField>
          <FormControlLabel
            control={<Switch checked={form.emptyProfiles} onChange={(e) => set('emptyProfiles', e.target.checked)} />}
            label="Also export profiles that have events but no record data (empty profiles)"
          />
          <TextField
            type="datetime-local"
            label="Only profiles updated after (optional)"
            value={form.updatedAfter}
            onChange={(e) => set('updatedAfter', e.target.value)}
            slotProps={{ inputLabel: { shrink: true } }}
            helperText="Your local time. Leave empty to export every profile."
            sx={{ maxWidth: 340 }}
          />
        </Section>

        <Section title="Attributes">
          <RadioGroup
            aria-label="Attributes to export"
            value={form.allFields ? 'all' : 'pick'}
            onChange={(e) => set('allFields', e.target.value === 'all')}
          >
            <FormControlLabel value="all" control={<Radio />} label="All attributes" />
            <FormControlLabel value="pick" control={<Radio />} label="Only these fields" />
          </RadioGroup>
          <Collapse in={!form.allFields} unmountOnExit>
            <PathPicker
              label="Fields"
              paths={props.profilePaths}
              value={form.fields}
              onChange={(v) => set('fields', v)}
              error={shown.fields}
              helper={props.pathsNote ?? 'Paths found in the sandbox’s profile records; picking an object exports everything below it.'}
            />
          </Collapse>
        </Section>

        <Section title="Experience events">
          <FormControlLabel
            control={<Switch checked={form.includeEvents} onChange={(e) => set('includeEvents', e.target.checked)} />}
            label="Add each profile’s events (as an eventList column)"
          />
          <Collapse in={form.includeEvents} unmountOnExit>
            <Stack spacing={2}>
              <PathPicker
                label="Event fields"
                paths={props.eventPaths}
                value={form.eventFields}
                onChange={(v) => set('eventFields', v)}
                error={shown.eventFields}
                helper="Leave empty for every field of the events."
              />
              <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
                <TextField
                  select
                  label="Events from"
                  value={form.eventWindow}
                  onChange={(e) => set('eventWindow', e.target.value as EventWindow)}
                  helperText="By the event’s own timestamp"
                  sx={{ minWidth: 200 }}
                >
                  {EVENT_WINDOWS.map((w) => (
                    <MenuItem key={w.value} value={w.value}>
                      {w.label}
                    </MenuItem>
                  ))}
                </TextField>
                <TextField
                  type="datetime-local"
                  label="Only events ingested after (optional)"
                  value={form.eventsIngestedAfter}
                  onChange={(e) => set('eventsIngestedAfter', e.target.value)}
                  slotProps={{ inputLabel: { shrink: true } }}
                  helperText="Your local time"
                  sx={{ minWidth: 260 }}
                />
              </Stack>
            </Stack>
          </Collapse>
        </Section>

        <Section
          title="Destination"
          description="The export is written as a new batch of this dataset, registered once the job has succeeded."
        >
          <TextField
            select
            label="Dataset"
            value={form.datasetId}
            onChange={(e) => set('datasetId', e.target.value)}
            error={Boolean(shown.datasetId)}
            helperText={
              shown.datasetId ??
              (destinations.length === 0
                ? 'No dataset can take an export yet: create one below.'
                : 'Datasets of the XDM Individual Profile class that are not enabled for Profile.')
            }
            slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
          >
            <MenuItem value="" disabled>
              Choose a dataset
            </MenuItem>
            {destinations.map((d) => (
              <MenuItem key={d.id} value={d.id}>
                {d.name}
              </MenuItem>
            ))}
          </TextField>
          {newDataset === undefined ? (
            <Box>
              <Button startIcon={<AddIcon />} onClick={() => setNewDataset('')}>
                Create a new dataset
              </Button>
            </Box>
          ) : (
            <Stack spacing={1}>
              <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} sx={{ alignItems: { sm: 'flex-start' } }}>
                <TextField
                  label="New dataset name"
                  value={newDataset}
                  autoFocus
                  onChange={(e) => setNewDataset(e.target.value)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') {
                      e.preventDefault();
                      void createDataset();
                    }
                  }}
                  sx={{ flex: 1 }}
                  helperText="Profile class, not enabled for Profile"
                />
                <Button variant="outlined" onClick={() => void createDataset()} disabled={!newDataset.trim() || props.creatingDataset} sx={{ mt: { sm: 1 } }}>
                  {props.creatingDataset ? 'Creating…' : 'Create dataset'}
                </Button>
                <Button onClick={() => setNewDataset(undefined)} disabled={props.creatingDataset} sx={{ mt: { sm: 1 } }}>
                  Cancel
                </Button>
              </Stack>
              {props.createDatasetError != null && <InlineError title="Could not create the dataset" error={props.createDatasetError} />}
            </Stack>
          )}
        </Section>

        {props.submitError != null && <InlineError title="The export could not start" error={props.submitError} />}
        {touched && Object.keys(problems).length > 0 && (
          <FormHelperText error role="alert">
            {Object.values(problems).join('. ')}.
          </FormHelperText>
        )}
        <Stack direction="row" spacing={1} sx={{ justifyContent: 'flex-end' }}>
          <Button onClick={props.onCancel}>Cancel</Button>
          <Button type="submit" variant="contained" disabled={props.submitting}>
            {props.submitting ? 'Starting…' : 'Start export'}
          </Button>
        </Stack>
      </Stack>

      <Paper variant="outlined" component="aside" aria-label="Request" sx={{ p: { xs: 2, sm: 2.5 }, position: { lg: 'sticky' }, top: { lg: 88 }, minWidth: 0 }}>
        <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 600, mb: 1 }}>
          Request
        </Typography>
        <RequestPreview body={body} tenant={props.tenant} />
      </Paper>
    </Box>
  );
}

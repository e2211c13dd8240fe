// New delete request: pick a dataset (or an experience-event dataset and one of its batches) →
// see the impact the service previews → type the dataset's name → submit.
import { useId, useState } from 'react';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormLabel from '@mui/material/FormLabel';
import MenuItem from '@mui/material/MenuItem';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Skeleton from '@mui/material/Skeleton';
import Step from '@mui/material/Step';
import StepLabel from '@mui/material/StepLabel';
import Stepper from '@mui/material/Stepper';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import type { Theme } from '@mui/material/styles';
import type { Batch } from '../../../../contracts/catalog.ts';
import { InlineError } from '../../../components/inline-error.tsx';
import { formatAbsolute } from '../../../components/relative-time.tsx';
import type { SandboxTenant } from '../../../hooks/use-tenant.ts';
import { formatCount, plural } from '../../../lib/format.ts';
import { useCreateDeleteRequest } from '../api/mutations.ts';
import { deleteRequestQueries } from '../api/queries.ts';
import type { DeleteTarget, TargetDataset } from '../api/requests.ts';
import { ImpactSummary } from './impact-summary.tsx';

export interface NewDeleteRequestDialogProps {
  open: boolean;
  tenant: SandboxTenant;
  /** Title of the sandbox, for the warnings. */
  sandboxTitle: string;
  /** Production sandboxes get an extra warning. */
  production: boolean;
  onClose: () => void;
  onCreated: (id: string) => void;
}

const STEPS = ['What to delete', 'Impact', 'Confirm'];
const CLASS_WORDS = { profile: 'Profile', experienceevent: 'ExperienceEvent' } as const;

export function NewDeleteRequestDialog(props: NewDeleteRequestDialogProps) {
  const titleId = useId();
  const fullScreen = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'), { noSsr: true });
  return (
    <Dialog open={props.open} onClose={props.onClose} maxWidth="md" fullWidth fullScreen={fullScreen} aria-labelledby={titleId}>
      {/* Remount on every opening: a new request starts from scratch. */}
      {props.open && <NewRequestBody {...props} titleId={titleId} />}
    </Dialog>
  );
}

function NewRequestBody({ tenant, sandboxTitle, production, onClose, onCreated, titleId }: NewDeleteRequestDialogProps & { titleId: string }) {
  const [step, setStep] = useState(0);
  const [mode, setMode] = useState<'dataset' | 'batch'>('dataset');
  const [datasetId, setDatasetId] = useState('');
  const [batchId, setBatchId] = useState('');
  const [typed, setTyped] = useState('');
  const create = useCreateDeleteRequest(tenant);

  const datasets = useQuery(deleteRequestQueries.targets(tenant));
  const choices = (datasets.data ?? []).filter((d) => mode === 'dataset' || d.datasetClass === 'experienceevent');
  const dataset = choices.find((d) => d.id === datasetId);
  const batches = useQuery(deleteRequestQueries.batches(tenant, mode === 'batch' && dataset ? dataset.id : undefined));
  const target: DeleteTarget | undefined = dataset && (mode === 'dataset' ? { datasetId: dataset.id } : batchId ? { datasetId: dataset.id, batchId } : undefined);
  const impact = useQuery(deleteRequestQueries.impact(tenant, step >= 1 ? target : undefined));
  const confirmed = dataset !== undefined && typed.trim() === dataset.name;

  const submit = () => {
    if (!target || !confirmed || create.isPending) return;
    create.mutate(target, { onSuccess: (request) => onCreated(request.id) });
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (step < 2) {
          if (target) setStep(step + 1);
        } else submit();
      }}
      style={{ display: 'contents' }}
    >
      <DialogTitle id={titleId}>New delete request</DialogTitle>
      <DialogContent dividers>
        <Stepper activeStep={step} alternativeLabel sx={{ mb: 3 }}>
          {STEPS.map((label) => (
            <Step key={label}>
              <StepLabel>{label}</StepLabel>
            </Step>
          ))}
        </Stepper>

        {step === 0 && (
          <TargetStep
            mode={mode}
            onMode={(m) => {
              setMode(m);
              setBatchId('');
              if (m === 'batch' && dataset && dataset.datasetClass !== 'experienceevent') setDatasetId('');
            }}
            datasets={datasets}
            choices={choices}
            datasetId={datasetId}
            onDataset={(id) => {
              setDatasetId(id);
              setBatchId('');
            }}
            batches={batches}
            batchId={batchId}
            onBatch={setBatchId}
          />
        )}

        {step === 1 && (
          <Box aria-live="polite">
            <Typography variant="body2" sx={{ mb: 2 }}>
              What deleting {target?.batchId ? <>batch <code>{target.batchId}</code> of </> : null}
              <strong>{dataset?.name}</strong> would do in sandbox {sandboxTitle} now:
            </Typography>
            {impact.isPending ? (
              <Box role="progressbar" aria-label="Computing the impact">
                <Skeleton variant="rounded" height={180} />
              </Box>
            ) : impact.isError ? (
              <InlineError title="Could not preview the impact" error={impact.error} onRetry={() => impact.refetch()} />
            ) : (
              <>
                <ImpactSummary impact={impact.data} />
                {impact.data.fragments + impact.data.events === 0 && (
                  <Alert severity="info" sx={{ mt: 2 }}>
                    There is nothing of this target in the Profile store; the request would change nothing.
                  </Alert>
                )}
              </>
            )}
          </Box>
        )}

        {step === 2 && dataset && (
          <Box>
            {production && (
              <Alert severity="error" variant="filled" sx={{ mb: 2 }}>
                <AlertTitle>Production sandbox: {sandboxTitle}</AlertTitle>
                Live profiles, segments and destinations read this data. Deleting it changes what they see as soon as the request runs.
              </Alert>
            )}
            <Alert severity="warning" sx={{ mb: 2 }}>
              <AlertTitle>This cannot be undone</AlertTitle>
              {impact.data ? (
                <>
                  {plural(impact.data.fragments + impact.data.events, 'record')} of <strong>{dataset.name}</strong>
                  {target?.batchId && <> (batch {target.batchId})</>} will be deleted from the Profile store, and{' '}
                  {plural(impact.data.profilesRemoved, 'profile')} will disappear.
                </>
              ) : (
                <>
                  The Profile-store data of <strong>{dataset.name}</strong>
                  {target?.batchId && <> (batch {target.batchId})</>} will be deleted.
                </>
              )}{' '}
              The dataset and its batches stay in the catalog; ingest again to restore the data.
            </Alert>
            <TextField
              autoFocus
              fullWidth
              size="small"
              autoComplete="off"
              label={`Type ${dataset.name} to confirm`}
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              disabled={create.isPending}
            />
            {create.isError && (
              <Box sx={{ mt: 2 }}>
                <InlineError title="The delete request was refused" error={create.error} />
              </Box>
            )}
          </Box>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={create.isPending}>
          Cancel
        </Button>
        <Box sx={{ flexGrow: 1 }} />
        {step > 0 && (
          <Button onClick={() => setStep(step - 1)} disabled={create.isPending}>
            Back
          </Button>
        )}
        {step < 2 ? (
          <Button type="submit" variant="contained" disabled={!target || (step === 1 && impact.isPending)}>
            {step === 1 && impact.isError ? 'Continue without a preview' : 'Next'}
          </Button>
        ) : (
          <Button type="submit" variant="contained" color="error" disabled={!confirmed || create.isPending}>
            {create.isPending ? 'Submitting…' : 'Delete data'}
          </Button>
        )}
      </DialogActions>
    </form>
  );
}

interface TargetStepProps {
  mode: 'dataset' | 'batch';
  onMode: (mode: 'dataset' | 'batch') => void;
  datasets: UseQueryResult<TargetDataset[]>;
  choices: TargetDataset[];
  datasetId: string;
  onDataset: (id: string) => void;
  batches: UseQueryResult<Batch[]>;
  batchId: string;
  onBatch: (id: string) => void;
}

function TargetStep({ mode, onMode, datasets, choices, datasetId, onDataset, batches, batchId, onBatch }: TargetStepProps) {
  const labelId = useId();
  if (datasets.isError) return <InlineError title="Could not load the datasets" error={datasets.error} onRetry={() => datasets.refetch()} />;
  return (
    <Box sx={{ display: 'grid', gap: 2.5 }}>
      <Box>
        <FormLabel id={labelId}>Delete</FormLabel>
        <RadioGroup row aria-labelledby={labelId} value={mode} onChange={(e) => onMode(e.target.value as 'dataset' | 'batch')}>
          <FormControlLabel value="dataset" control={<Radio />} label="A whole dataset" />
          <FormControlLabel value="batch" control={<Radio />} label="One batch of an ExperienceEvent dataset" />
        </RadioGroup>
        <Typography variant="caption" color="text.secondary">
          Only the Profile store’s copy goes: profile fragments, experience events and the identity links they made. Batches of
          record datasets cannot be deleted on their own; re-ingest to overwrite them.
        </Typography>
      </Box>
      <TextField
        select
        label="Dataset"
        value={choices.some((d) => d.id === datasetId) ? datasetId : ''}
        onChange={(e) => onDataset(e.target.value)}
        disabled={datasets.isPending}
        helperText={datasets.isPending ? 'Loading datasets…' : choices.length === 0 ? (mode === 'batch' ? 'This sandbox has no ExperienceEvent dataset' : 'This sandbox has no datasets') : undefined}
      >
        {choices.map((d) => (
          <MenuItem key={d.id} value={d.id}>
            <Box sx={{ display: 'flex', justifyContent: 'space-between', gap: 2, width: '100%' }}>
              <span>{d.name}</span>
              <Typography component="span" variant="body2" color="text.secondary">
                {d.datasetClass ? CLASS_WORDS[d.datasetClass] : ''}
              </Typography>
            </Box>
          </MenuItem>
        ))}
      </TextField>
      {mode === 'batch' && datasetId && (
        <TextField
          select
          label="Batch"
          value={batches.data?.some((b) => b.id === batchId) ? batchId : ''}
          onChange={(e) => onBatch(e.target.value)}
          disabled={batches.isPending}
          error={batches.isError}
          helperText={
            batches.isError
              ? batches.error.message
              : batches.isPending
                ? 'Loading batches…'
                : batches.data.length === 0
                  ? 'This dataset has no successful batch'
                  : 'Successful batches, newest first'
          }
        >
          {(batches.data ?? []).map((b) => (
            <MenuItem key={b.id} value={b.id}>
              <Box sx={{ display: 'flex', flexWrap: 'wrap', justifyContent: 'space-between', columnGap: 2, width: '100%', minWidth: 0 }}>
                <Box component="span" sx={{ fontFamily: 'monospace', fontSize: 13, overflowWrap: 'anywhere' }}>
                  {b.id}
                </Box>
                <Typography component="span" variant="body2" color="text.secondary">
                  {formatAbsolute(new Date(b.created))} · {formatCount(b.metrics?.outputRecordCount)} records
                </Typography>
              </Box>
            </MenuItem>
          ))}
        </TextField>
      )}
    </Box>
  );
}

// Experience event datasets: events are appended to a profile, never merged. Under dataset
// precedence the policy's `attributeMerge.order` may list Profile-enabled event datasets (AEP's
// rule, kept by this service): then only their events are included; when it lists none, every
// Profile-enabled event dataset is. Under timestamp ordering every one is, and this step only says so.
import { useId, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import Paper from '@mui/material/Paper';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Switch from '@mui/material/Switch';
import Typography from '@mui/material/Typography';
import CheckCircleOutlineIcon from '@mui/icons-material/CheckCircleOutlined';
import type { DatasetStats } from '../../../../contracts/local.ts';
import type { SandboxTenant } from '../../../hooks/use-tenant.ts';
import type { PolicyDataset } from '../api/requests.ts';
import { datasetProblem, type PolicyDraft } from '../model.ts';
import { DatasetMeta } from './dataset-meta.tsx';
import { visuallyHidden } from './visually-hidden.ts';

export interface EventDatasetsStepProps {
  tenant: SandboxTenant;
  draft: PolicyDraft;
  /** The event datasets the draft's order lists (empty: every Profile-enabled event dataset). */
  included: readonly string[];
  datasets: readonly PolicyDataset[] | undefined;
  counts: DatasetStats | undefined;
  /** New list of included event datasets (empty: every one). */
  onChange: (events: string[]) => void;
  /** Switches the draft to dataset precedence (offered under timestamp ordering). */
  onUsePrecedence: () => void;
  /** Validation message for the event datasets. */
  error?: string;
}

export function EventDatasetsStep({
  tenant,
  draft,
  included,
  datasets,
  counts,
  onChange,
  onUsePrecedence,
  error,
}: EventDatasetsStepProps) {
  const [announcement, setAnnouncement] = useState('');
  const ids = useId();
  const precedence = draft.attributeMerge === 'dataSetPrecedence';
  const events = (datasets ?? []).filter((d) => d.datasetClass === 'experienceevent');
  // Listed with a toggle: the Profile-enabled ones, and any the order names that no longer are.
  const choosable = events.filter((d) => d.profileEnabled || (precedence && included.includes(d.id)));
  const others = events.filter((d) => !choosable.includes(d));
  const enabledIds = choosable.filter((d) => d.profileEnabled).map((d) => d.id);
  const selecting = precedence && included.length > 0;
  const isIncluded = (id: string) => (selecting ? included.includes(id) : enabledIds.includes(id));
  const includedCount = choosable.filter((d) => isIncluded(d.id)).length;

  const setIncluded = (id: string, on: boolean, name: string) => {
    const current = selecting ? included : enabledIds;
    const next = on ? [...current.filter((d) => d !== id), id] : current.filter((d) => d !== id);
    const keep = choosable.filter((d) => next.includes(d.id)).map((d) => d.id); // dataset list order
    onChange(keep);
    setAnnouncement(
      keep.length === 0
        ? `${name} excluded; events now come from every Profile-enabled event dataset`
        : `${name} ${on ? 'included' : 'excluded'}; events come from ${keep.length} of ${enabledIds.length} event datasets`,
    );
  };
  const setMode = (mode: string) => {
    onChange(mode === 'selected' ? enabledIds : []);
    setAnnouncement(
      mode === 'selected'
        ? 'Every event dataset is selected; turn off the ones to exclude'
        : 'Events come from every Profile-enabled event dataset',
    );
  };

  return (
    <Box sx={{ display: 'grid', gap: 2, maxWidth: 820, minWidth: 0 }}>
      {precedence ? (
        <FormControl>
          <FormLabel id={`${ids}-mode`}>Events from</FormLabel>
          <RadioGroup
            aria-labelledby={`${ids}-mode`}
            value={selecting ? 'selected' : 'all'}
            onChange={(e) => setMode(e.target.value)}
            sx={{
              '& .MuiFormControlLabel-root': { alignItems: 'flex-start', mb: 0.5 },
              '& .MuiRadio-root': { mt: -1 },
            }}
          >
            <FormControlLabel
              value="all"
              control={<Radio />}
              label="Every Profile-enabled event dataset, including datasets enabled for Profile later"
            />
            <FormControlLabel
              value="selected"
              control={<Radio />}
              disabled={enabledIds.length === 0 && !selecting}
              label="Only the event datasets included below"
            />
          </RadioGroup>
          <FormHelperText sx={{ ml: 0 }}>
            Events of excluded datasets are not part of the profile: lookups, exports, computed attributes and
            audiences do not see them. The included datasets are sent in the policy’s attributeMerge.order,
            after the Profile datasets; their position does not matter.
          </FormHelperText>
        </FormControl>
      ) : (
        <Alert severity="info">
          Timestamp ordered: every Profile-enabled event dataset contributes its events, appended to the
          profile in time order. To include only some event datasets, choose dataset precedence.
          {/* In the message, not `action`: on a phone an action squeezes the text into a narrow column. */}
          <Box sx={{ mt: 1 }}>
            <Button color="inherit" size="small" variant="outlined" onClick={onUsePrecedence}>
              Use dataset precedence
            </Button>
          </Box>
        </Alert>
      )}

      {datasets === undefined ? (
        <Typography variant="body2" color="text.secondary">
          Loading datasets…
        </Typography>
      ) : events.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          This sandbox has no experience event datasets.
        </Typography>
      ) : (
        <>
          {choosable.length > 0 && (
            <Paper variant="outlined" sx={{ minWidth: 0 }}>
              <Typography id={`${ids}-list`} variant="subtitle2" component="h3" sx={{ px: 2, pt: 1.5 }}>
                Profile-enabled event datasets ({includedCount} of {choosable.length} included)
              </Typography>
              <Box component="ul" aria-labelledby={`${ids}-list`} sx={{ listStyle: 'none', m: 0, p: 0 }}>
                {choosable.map((ds, i) => {
                  const on = isIncluded(ds.id);
                  const problem = precedence && on ? datasetProblem(ds.id, datasets) : undefined;
                  // With no dataset left, "none" would read as "every one": the last stays on.
                  const last = on && includedCount === 1 && !problem;
                  const inputId = `${ids}-ds-${i}`;
                  const statusId = `${inputId}-status`;
                  return (
                    <Box
                      component="li"
                      key={ds.id}
                      data-event-dataset-id={ds.id}
                      sx={{
                        display: 'flex',
                        alignItems: 'flex-start',
                        gap: 1,
                        px: { xs: 1, sm: 2 },
                        py: 1,
                        borderTop: i === 0 ? 0 : 1,
                        borderColor: 'divider',
                      }}
                    >
                      {precedence ? (
                        <Switch
                          checked={on}
                          disabled={last}
                          onChange={(e) => setIncluded(ds.id, e.target.checked, ds.name)}
                          sx={{ mt: -0.5, flexShrink: 0 }}
                          slotProps={{
                            input: {
                              id: inputId,
                              'aria-label': `Include ${ds.name}`,
                              'aria-describedby': statusId,
                            },
                          }}
                        />
                      ) : (
                        <CheckCircleOutlineIcon
                          color="success"
                          fontSize="small"
                          sx={{ mt: 0.25, mx: 0.5 }}
                          aria-hidden
                        />
                      )}
                      <Box sx={{ minWidth: 0, flex: 1 }}>
                        <Typography
                          variant="body2"
                          component={precedence ? 'label' : 'div'}
                          htmlFor={precedence ? inputId : undefined}
                          sx={{
                            fontWeight: 500,
                            overflowWrap: 'anywhere',
                            display: 'block',
                            cursor: precedence && !last ? 'pointer' : undefined,
                          }}
                        >
                          {ds.name}
                        </Typography>
                        <Typography
                          id={statusId}
                          variant="caption"
                          component="div"
                          sx={{
                            fontWeight: 500,
                            color: problem ? 'error.main' : on ? 'success.main' : 'text.secondary',
                          }}
                        >
                          {problem
                            ? `${problem}: exclude it`
                            : on
                              ? selecting
                                ? last
                                  ? 'Included (at least one stays included)'
                                  : 'Included'
                                : 'Included (every event dataset)'
                              : 'Excluded: its events are not part of the profile'}
                        </Typography>
                        <DatasetMeta tenant={tenant} dataset={ds} counts={counts} kind="events" />
                      </Box>
                    </Box>
                  );
                })}
              </Box>
            </Paper>
          )}
          {others.length > 0 && (
            <Box>
              <Typography variant="subtitle2" component="h3" color="text.secondary">
                Not enabled for Profile ({others.length})
              </Typography>
              <Typography variant="caption" color="text.secondary" component="p" sx={{ mb: 0.5 }}>
                Their events never reach profiles; enable Profile on the dataset to include it.
              </Typography>
              <Box component="ul" sx={{ m: 0, pl: 2.5, color: 'text.secondary', typography: 'body2' }}>
                {others.map((ds) => (
                  <li key={ds.id}>{ds.name}</li>
                ))}
              </Box>
            </Box>
          )}
        </>
      )}
      {error && <Alert severity="error">{error}</Alert>}
      <Box role="status" aria-live="polite" sx={visuallyHidden}>
        {announcement}
      </Box>
    </Box>
  );
}

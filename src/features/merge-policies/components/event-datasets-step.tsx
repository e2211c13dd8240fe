// Experience event datasets: events are appended to a profile, never merged. Every Profile-enabled
// event dataset is included — the merge policy API (AEP's, and this service's) has no field that
// selects event datasets — so this step shows what will be included rather than offering a choice
// the API could not keep.
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Checkbox from '@mui/material/Checkbox';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import type { DatasetStats } from '../../../../contracts/local.ts';
import type { SandboxTenant } from '../../../hooks/use-tenant.ts';
import type { PolicyDataset } from '../api/requests.ts';
import type { PolicyDraft } from '../model.ts';
import { DatasetMeta } from './dataset-meta.tsx';

export interface EventDatasetsStepProps {
  tenant: SandboxTenant;
  draft: PolicyDraft;
  datasets: readonly PolicyDataset[] | undefined;
  counts: DatasetStats | undefined;
}

export function EventDatasetsStep({ tenant, draft, datasets, counts }: EventDatasetsStepProps) {
  const events = (datasets ?? []).filter((d) => d.datasetClass === 'experienceevent');
  const enabled = events.filter((d) => d.profileEnabled);
  const disabled = events.filter((d) => !d.profileEnabled);
  return (
    <Box sx={{ display: 'grid', gap: 2, maxWidth: 820 }}>
      <Alert severity="info">
        Experience events are never merged: the events of every included dataset are appended to the profile
        in time order.{' '}
        {draft.attributeMerge === 'dataSetPrecedence'
          ? 'Merge policies here include every Profile-enabled event dataset (the merge policy API has no field to leave one out); to exclude one, turn Profile off on the dataset.'
          : 'With timestamp ordering every Profile-enabled event dataset is included.'}
      </Alert>
      {datasets === undefined ? (
        <Typography variant="body2" color="text.secondary">
          Loading datasets…
        </Typography>
      ) : events.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          This sandbox has no experience event datasets.
        </Typography>
      ) : (
        <Paper
          variant="outlined"
          component="ul"
          aria-label="Experience event datasets"
          sx={{ listStyle: 'none', m: 0, p: 0 }}
        >
          {[...enabled, ...disabled].map((ds, i) => (
            <Box
              component="li"
              key={ds.id}
              sx={{
                display: 'flex',
                alignItems: 'center',
                gap: 1,
                px: 1,
                py: 0.75,
                borderTop: i === 0 ? 0 : 1,
                borderColor: 'divider',
              }}
            >
              <Checkbox
                checked={ds.profileEnabled}
                disabled
                slotProps={{
                  input: {
                    'aria-label': `${ds.name}: ${ds.profileEnabled ? 'included' : 'not enabled for Profile'}`,
                  },
                }}
              />
              <Box sx={{ minWidth: 0 }}>
                <Typography variant="body2" sx={{ fontWeight: 500, overflowWrap: 'anywhere' }}>
                  {ds.name}
                  {!ds.profileEnabled && (
                    <Typography component="span" variant="caption" color="text.secondary">
                      {' '}
                      — not enabled for Profile, not included
                    </Typography>
                  )}
                </Typography>
                <DatasetMeta tenant={tenant} dataset={ds} counts={counts} kind="events" />
              </Box>
            </Box>
          ))}
        </Paper>
      )}
    </Box>
  );
}

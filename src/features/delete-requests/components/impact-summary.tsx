import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { DeleteImpact } from '../../../../contracts/system-jobs.ts';
import { formatAbsolute } from '../../../components/relative-time.tsx';
import { formatCount } from '../../../lib/format.ts';

interface Figure {
  label: string;
  value: number;
  hint: string;
  /** Emphasised: data that disappears. */
  strong?: boolean;
}

/** What a delete request would do, as counted by the service's preview. */
export function ImpactSummary({ impact }: { impact: DeleteImpact }) {
  const figures: Figure[] = [
    { label: 'Profile fragments deleted', value: impact.fragments, hint: 'record data of this dataset', strong: impact.fragments > 0 },
    { label: 'Experience events deleted', value: impact.events, hint: impact.batchId ? 'events of this batch' : 'events of this dataset', strong: impact.events > 0 },
    { label: 'Profiles that disappear', value: impact.profilesRemoved, hint: 'every fragment and event of them goes', strong: impact.profilesRemoved > 0 },
    { label: 'Profiles that lose data', value: impact.profilesReduced, hint: 'keep data from other datasets' },
    { label: 'Identity graphs split', value: impact.graphsSplit, hint: `of ${formatCount(impact.graphsAffected)} graphs touched` },
    { label: 'Identities removed', value: impact.identitiesRemoved, hint: 'no longer in any record or link' },
  ];
  return (
    <Box>
      <Box
        component="dl"
        aria-label="Impact of the delete request"
        sx={{ display: 'grid', gridTemplateColumns: { xs: 'repeat(2, minmax(0, 1fr))', sm: 'repeat(3, minmax(0, 1fr))' }, gap: 1.5, m: 0 }}
      >
        {figures.map((f) => (
          <Box key={f.label} sx={{ p: 1.5, borderRadius: 1, border: 1, borderColor: 'divider', minWidth: 0 }}>
            <Typography component="dt" variant="caption" color="text.secondary" sx={{ display: 'block', lineHeight: 1.3 }}>
              {f.label}
            </Typography>
            <Typography component="dd" variant="h6" sx={{ m: 0, fontWeight: 600, color: f.strong ? 'error.main' : 'text.primary' }}>
              {formatCount(f.value)}
            </Typography>
            <Typography variant="caption" color="text.secondary" sx={{ display: 'block', lineHeight: 1.3 }}>
              {f.hint}
            </Typography>
          </Box>
        ))}
      </Box>
      <Typography variant="caption" color="text.secondary" sx={{ display: 'block', mt: 1 }}>
        Counted under the identity graph (pdg) as of {formatAbsolute(new Date(impact.computedAt))}. Data ingested meanwhile is deleted too.
      </Typography>
    </Box>
  );
}

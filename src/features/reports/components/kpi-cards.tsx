// The headline figures of a report: profiles, fragments, identities and events, each labelled with
// what it counts and as of when — with the change since the compared day.
import type { ReactNode } from 'react';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Skeleton from '@mui/material/Skeleton';
import Typography from '@mui/material/Typography';
import { formatCount } from '../../../lib/format.ts';
import { Delta } from './delta.tsx';

export interface Kpi {
  key: string;
  label: string;
  /** What the number counts. */
  help: string;
  value: number | undefined;
  compare?: number;
}

function KpiCard({ kpi, asOf, compareDate, loading }: { kpi: Kpi; asOf: ReactNode; compareDate?: string; loading: boolean }) {
  return (
    <Paper variant="outlined" component="section" aria-label={kpi.label} data-kpi={kpi.key} sx={{ p: 2, minWidth: 0 }}>
      <Typography variant="body2" color="text.secondary" sx={{ fontWeight: 600 }}>
        {kpi.label}
      </Typography>
      {loading ? (
        <Skeleton variant="text" width={120} height={44} />
      ) : (
        <Typography variant="h4" component="p" sx={{ fontWeight: 600, fontVariantNumeric: 'tabular-nums', lineHeight: 1.3 }} data-value={kpi.value ?? ''}>
          {formatCount(kpi.value)}
        </Typography>
      )}
      <Typography variant="caption" color="text.secondary" component="p">
        {kpi.help}
      </Typography>
      <Typography variant="caption" color="text.secondary" component="p" sx={{ mt: 0.5 }}>
        {asOf}
        {compareDate && kpi.value !== undefined && kpi.compare !== undefined && (
          <>
            {' · '}
            <Delta value={kpi.value - kpi.compare} label={`Change since ${compareDate}`} /> since {compareDate}
          </>
        )}
      </Typography>
    </Paper>
  );
}

export function KpiCards({ kpis, asOf, compareDate, loading }: { kpis: Kpi[]; asOf: ReactNode; compareDate?: string; loading: boolean }) {
  return (
    <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr 1fr', md: 'repeat(4, 1fr)' }, mb: 3 }}>
      {kpis.map((k) => (
        <KpiCard key={k.key} kpi={k} asOf={asOf} compareDate={compareDate} loading={loading} />
      ))}
    </Box>
  );
}

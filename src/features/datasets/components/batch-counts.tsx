import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { BatchRow } from '../api/requests.ts';
import { formatCount } from '../../../lib/format.ts';

interface Count {
  label: string;
  value: number | undefined;
  tone?: 'success.main' | 'error.main';
}

/** Labelled counts of a batch: what was read, ingested and refused. */
export function BatchCounts({ batch }: { batch: BatchRow }) {
  const m = batch.metrics;
  const counts: Count[] = [
    { label: 'Records read', value: m?.inputRecordCount },
    { label: 'Records ingested', value: m?.outputRecordCount, tone: 'success.main' },
    {
      label: 'Records failed',
      value: m?.failedRecordCount,
      tone: m?.failedRecordCount ? 'error.main' : undefined,
    },
  ];
  return (
    <Box
      component="dl"
      sx={{ display: 'grid', gridTemplateColumns: 'repeat(3, minmax(0, 1fr))', gap: 2, m: 0 }}
    >
      {counts.map((c) => (
        <Box key={c.label} sx={{ border: 1, borderColor: 'divider', borderRadius: 1, p: 1.5 }}>
          <Typography component="dt" variant="caption" color="text.secondary">
            {c.label}
          </Typography>
          <Typography
            component="dd"
            variant="h6"
            sx={{ m: 0, color: c.tone }}
            data-testid={`count-${c.label}`}
          >
            {formatCount(c.value)}
          </Typography>
        </Box>
      ))}
    </Box>
  );
}

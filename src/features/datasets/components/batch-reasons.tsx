import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { BatchRow } from '../api/requests.ts';
import { plural } from '../../../lib/format.ts';

/** The reasons a batch gives for its failures, under a "Reasons" heading; nothing when there are none. */
export function BatchReasons({
  batch,
  headingVariant,
}: {
  batch: BatchRow;
  headingVariant: 'subtitle1' | 'subtitle2';
}) {
  if (!batch.errors || batch.errors.length === 0) return null;
  return (
    <Box>
      <Typography variant={headingVariant} component="h3" gutterBottom>
        Reasons
      </Typography>
      <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
        {batch.errors.map((e, i) => (
          <li key={`${e.code}-${i}`}>
            <Typography variant="body2">
              <Box component="code" sx={{ fontSize: 12 }}>
                {e.code}
              </Box>{' '}
              {e.description}
              {e.recordCount !== undefined && ` (${plural(e.recordCount, 'record')})`}
            </Typography>
          </li>
        ))}
      </Box>
    </Box>
  );
}

import Box from '@mui/material/Box';
import { formatDelta } from '../format.ts';

/** A signed change, coloured by direction (with the sign, so colour is never the only cue). */
export function Delta({ value, label }: { value: number; label?: string }) {
  return (
    <Box
      component="span"
      aria-label={label ? `${label}: ${formatDelta(value)}` : undefined}
      sx={{ color: value > 0 ? 'success.main' : value < 0 ? 'error.main' : 'text.secondary', fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}
    >
      {formatDelta(value)}
    </Box>
  );
}

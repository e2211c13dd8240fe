// A Venn diagram of 2 or 3 sets: the profiles in every region, drawn as plain SVG (recharts has no
// Venn). Circles are equal: the numbers carry the sizes, the picture the logic.
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { formatCount } from '../../../lib/format.ts';
import type { VennRegion } from '../overlap.ts';
import type { ChartPalette } from './chart-palette.ts';

const LAYOUTS = {
  2: {
    height: 196,
    circles: [
      { cx: 125, cy: 98, r: 82 },
      { cx: 215, cy: 98, r: 82 },
    ],
    // region label positions by bit mask (1 = first set, 2 = second, 3 = both)
    labels: { 1: [85, 102], 2: [255, 102], 3: [170, 102] } as Record<number, [number, number]>,
  },
  3: {
    height: 230,
    circles: [
      { cx: 135, cy: 92, r: 72 },
      { cx: 205, cy: 92, r: 72 },
      { cx: 170, cy: 152, r: 72 },
    ],
    labels: { 1: [108, 72], 2: [232, 72], 4: [170, 196], 3: [170, 62], 5: [124, 142], 6: [216, 142], 7: [170, 113] } as Record<number, [number, number]>,
  },
};

export function VennDiagram({ sets, regions, labelOf, colors, palette, outside }: {
  sets: string[];
  regions: VennRegion[];
  labelOf: (id: string) => string;
  colors: string[];
  palette: ChartPalette['palette'];
  /** Profiles in none of the sets. */
  outside: number;
}) {
  const layout = LAYOUTS[sets.length as 2 | 3];
  if (!layout) return null;
  const maskOf = (members: string[]) => members.reduce((m, s) => m | (1 << sets.indexOf(s)), 0);
  const description = regions
    .map((r) => `${r.members.map(labelOf).join(' and ')}${r.members.length < sets.length ? ' only' : ''}: ${formatCount(r.count)}`)
    .join('; ');
  return (
    <Box>
      <Box component="svg" viewBox={`0 0 340 ${layout.height}`} role="img" aria-label={`Venn diagram of ${sets.map(labelOf).join(', ')}: ${description}`} sx={{ width: '100%', maxWidth: 420, display: 'block', mx: 'auto' }}>
        {layout.circles.map((c, i) => (
          <circle key={sets[i]} cx={c.cx} cy={c.cy} r={c.r} fill={colors[i]} fillOpacity={0.18} stroke={colors[i]} strokeWidth={2} />
        ))}
        {regions.map((r) => {
          const at = layout.labels[maskOf(r.members)];
          return (
            <text key={r.members.join(',')} x={at[0]} y={at[1]} textAnchor="middle" fontSize={13} fontWeight={600} fill={palette.text.primary}>
              {formatCount(r.count)}
            </text>
          );
        })}
      </Box>
      <Stack spacing={0.5} sx={{ mt: 1 }}>
        {sets.map((s, i) => (
          <Stack key={s} direction="row" spacing={1} sx={{ alignItems: 'center', minWidth: 0 }}>
            <Box aria-hidden sx={{ width: 12, height: 12, borderRadius: '50%', bgcolor: colors[i], flexShrink: 0 }} />
            <Typography variant="body2" noWrap title={labelOf(s)}>
              {labelOf(s)}
            </Typography>
          </Stack>
        ))}
        <Typography variant="caption" color="text.secondary">
          {formatCount(outside)} profiles in none of them
        </Typography>
      </Stack>
    </Box>
  );
}

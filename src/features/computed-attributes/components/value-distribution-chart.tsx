// How an evaluated attribute's values spread over the profiles that have one: equal-width buckets
// for numbers, the most frequent values for strings and booleans.
import Box from '@mui/material/Box';
import { useColorScheme, useTheme } from '@mui/material/styles';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { CaSummary } from '../../../../contracts/computed-attributes.ts';
import { formatCount } from '../../../lib/format.ts';
import { formatValue } from './dry-run-panel.tsx';

interface Datum {
  label: string;
  count: number;
}

function toData(summary: CaSummary, xdmType: string): Datum[] {
  const d = summary.distribution;
  if (d.kind === 'numeric') {
    const integers = xdmType === 'integer' || d.buckets.every((b) => Number.isInteger(b.from) && Number.isInteger(b.to));
    return d.buckets.map((b) => ({
      label: integers && b.from === b.to ? formatValue(b.from, 'integer') : `${formatValue(b.from, xdmType)}–${formatValue(b.to, xdmType)}`,
      count: b.count,
    }));
  }
  if (d.kind === 'categorical') {
    const data = d.values.map((v) => ({ label: v.value, count: v.count }));
    if (d.otherCount > 0) data.push({ label: 'Other values', count: d.otherCount });
    return data;
  }
  return [];
}

/** The palette of the scheme in use (SVG attributes cannot follow the CSS variables). */
function usePalette() {
  const theme = useTheme();
  const { mode, systemMode } = useColorScheme();
  const resolved = (mode === 'system' ? systemMode : mode) ?? 'light';
  return theme.colorSchemes?.[resolved]?.palette ?? theme.palette;
}

export function ValueDistributionChart({ summary, xdmType }: { summary: CaSummary; xdmType: string }) {
  const palette = usePalette();
  const data = toData(summary, xdmType);
  if (data.length === 0) return null;
  return (
    <Box role="img" aria-label={`Profiles by value: ${data.map((d) => `${d.label}: ${d.count}`).join('; ')}`} sx={{ width: '100%', height: 260 }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke={palette.divider} vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 11, fill: palette.text.secondary }} interval="preserveStartEnd" stroke={palette.divider} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: palette.text.secondary }} stroke={palette.divider} width={48} tickFormatter={(v: number) => formatCount(v)} />
          <Tooltip
            cursor={{ fill: palette.action.hover }}
            contentStyle={{ background: palette.background.paper, border: `1px solid ${palette.divider}`, borderRadius: 8, color: palette.text.primary }}
            formatter={(v) => [formatCount(Number(v)), 'Profiles']}
          />
          <Bar dataKey="count" name="Profiles" fill={palette.primary.main} radius={[3, 3, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </Box>
  );
}

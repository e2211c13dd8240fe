// How an evaluated attribute's values spread over the profiles that have one: equal-width buckets
// for numbers, the most frequent values for strings and booleans.
import Box from '@mui/material/Box';
import { useColorScheme, useTheme, type Theme } from '@mui/material/styles';
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
  const schemes = (theme as Theme & { colorSchemes?: Partial<Record<string, { palette: Theme['palette'] }>> }).colorSchemes;
  return schemes?.[resolved]?.palette ?? theme.palette;
}

export function ValueDistributionChart({ summary, xdmType }: { summary: CaSummary; xdmType: string }) {
  const palette = usePalette();
  const data = toData(summary, xdmType);
  if (data.length === 0) return null;
  const categorical = summary.distribution.kind === 'categorical';
  const tick = { fontSize: 11, fill: palette.text.secondary };
  const tooltip = (
    <Tooltip
      cursor={{ fill: palette.action.hover }}
      contentStyle={{ background: palette.background.paper, border: `1px solid ${palette.divider}`, borderRadius: 8, color: palette.text.primary }}
      formatter={(v) => [formatCount(Number(v)), 'Profiles']}
    />
  );
  return (
    <Box
      role="img"
      aria-label={`Profiles by value: ${data.map((d) => `${d.label}: ${d.count}`).join('; ')}`}
      sx={{ width: '100%', height: categorical ? Math.max(160, data.length * 30 + 40) : 260 }}
    >
      <ResponsiveContainer width="100%" height="100%">
        {categorical ? (
          // values as rows: long labels stay readable
          <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke={palette.divider} horizontal={false} />
            <XAxis type="number" allowDecimals={false} tick={tick} stroke={palette.divider} tickFormatter={(v: number) => formatCount(v)} />
            <YAxis type="category" dataKey="label" width={150} tick={tick} stroke={palette.divider} interval={0} />
            {tooltip}
            <Bar dataKey="count" name="Profiles" fill={palette.primary.main} radius={[0, 3, 3, 0]} isAnimationActive={false} />
          </BarChart>
        ) : (
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke={palette.divider} vertical={false} />
            <XAxis dataKey="label" tick={tick} interval="preserveStartEnd" stroke={palette.divider} />
            <YAxis allowDecimals={false} tick={tick} stroke={palette.divider} width={48} tickFormatter={(v: number) => formatCount(v)} />
            {tooltip}
            <Bar dataKey="count" name="Profiles" fill={palette.primary.main} radius={[3, 3, 0, 0]} isAnimationActive={false} />
          </BarChart>
        )}
      </ResponsiveContainer>
    </Box>
  );
}

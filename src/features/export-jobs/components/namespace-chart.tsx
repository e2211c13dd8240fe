// Exported profiles per identity namespace (a profile counts once for each namespace in its
// identityMap), as horizontal bars.
import Box from '@mui/material/Box';
import { useColorScheme, useTheme, type Theme } from '@mui/material/styles';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCount } from '../../../lib/format.ts';

/** The palette of the scheme in use (SVG attributes cannot follow the CSS variables). */
function usePalette() {
  const theme = useTheme();
  const { mode, systemMode } = useColorScheme();
  const resolved = (mode === 'system' ? systemMode : mode) ?? 'light';
  const schemes = (theme as Theme & { colorSchemes?: Partial<Record<string, { palette: Theme['palette'] }>> }).colorSchemes;
  return schemes?.[resolved]?.palette ?? theme.palette;
}

export function NamespaceChart({ counts }: { counts: Record<string, number> }) {
  const palette = usePalette();
  const data = Object.entries(counts)
    .map(([namespace, profiles]) => ({ namespace, profiles }))
    .sort((a, b) => b.profiles - a.profiles || a.namespace.localeCompare(b.namespace));
  if (data.length === 0) return null;
  return (
    <Box
      role="img"
      aria-label={`Profiles by namespace: ${data.map((d) => `${d.namespace}: ${formatCount(d.profiles)}`).join('; ')}`}
      sx={{ width: '100%', height: Math.max(120, 36 * data.length + 40) }}
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke={palette.divider} horizontal={false} />
          <XAxis type="number" allowDecimals={false} tick={{ fontSize: 11, fill: palette.text.secondary }} stroke={palette.divider} tickFormatter={(v: number) => formatCount(v)} />
          <YAxis type="category" dataKey="namespace" width={84} tick={{ fontSize: 12, fill: palette.text.primary }} stroke={palette.divider} />
          <Tooltip
            cursor={{ fill: palette.action.hover }}
            contentStyle={{ background: palette.background.paper, border: `1px solid ${palette.divider}`, borderRadius: 8, color: palette.text.primary }}
            formatter={(v) => [formatCount(Number(v)), 'Profiles']}
          />
          <Bar dataKey="profiles" name="Profiles" fill={palette.primary.main} radius={[0, 3, 3, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </Box>
  );
}

// Chart colours of the colour scheme in use: SVG attributes cannot follow MUI's CSS variables, so
// charts read the resolved scheme's palette (and re-render when the scheme changes).
import { useColorScheme, useTheme, type Theme } from '@mui/material/styles';

export function useChartPalette() {
  const theme = useTheme();
  const { mode, systemMode } = useColorScheme();
  const resolved = (mode === 'system' ? systemMode : mode) ?? 'light';
  const schemes = (theme as Theme & { colorSchemes?: Partial<Record<string, { palette: Theme['palette'] }>> }).colorSchemes;
  const palette = schemes?.[resolved]?.palette ?? theme.palette;
  return {
    palette,
    dark: resolved === 'dark',
    /** Distinct series colours, readable on the scheme's paper. */
    series: [palette.primary.main, palette.warning.main, palette.success.main, palette.secondary.main, palette.info.main, palette.error.main],
    /** The "compare with" series: the same hue, quieter. */
    compare: palette.text.disabled,
    tick: { fontSize: 11, fill: palette.text.secondary },
    tooltip: {
      cursor: { fill: palette.action.hover },
      contentStyle: { background: palette.background.paper, border: `1px solid ${palette.divider}`, borderRadius: 8, color: palette.text.primary },
      labelStyle: { color: palette.text.primary, fontWeight: 600 },
      itemStyle: { color: palette.text.primary },
    },
  };
}
export type ChartPalette = ReturnType<typeof useChartPalette>;

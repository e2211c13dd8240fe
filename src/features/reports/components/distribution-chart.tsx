// The part the "profiles by …" reports share: a horizontal bar per row (profiles, with their share
// as the bar label), the compared day's bars next to them, and the matching table columns.
import type { ReactNode } from 'react';
import Box from '@mui/material/Box';
import { Bar, BarChart, CartesianGrid, LabelList, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis, type YAxisProps } from 'recharts';
import { formatCount } from '../../../lib/format.ts';
import { formatShare } from '../format.ts';
import { useChartPalette } from './chart-palette.ts';
import type { Column } from './data-table.tsx';
import { Delta } from './delta.tsx';

export interface DistributionRow {
  profiles: number;
  share: number;
  /** Profiles on the compared day; undefined when not comparing. */
  compare?: number;
}

export const NO_PROFILE_DATA: ReactNode = (
  <Box sx={{ color: 'text.secondary', py: 4, textAlign: 'center' }}>No profile data in this report.</Box>
);

export function profileColumns<R extends DistributionRow>(): Column<R>[] {
  return [
    { key: 'profiles', label: 'Profiles', numeric: true, render: (r) => formatCount(r.profiles) },
    { key: 'share', label: 'Share', numeric: true, render: (r) => formatShare(r.share) },
  ];
}

/** The compared day's count and the change since, when comparing. */
export function compareColumns<R extends DistributionRow>(compareDate: string | undefined, comparing: boolean): Column<R>[] {
  if (!comparing) return [];
  return [
    { key: 'compare', label: `On ${compareDate}`, numeric: true, render: (r) => formatCount(r.compare) },
    { key: 'delta', label: 'Change', numeric: true, render: (r) => <Delta value={r.profiles - (r.compare ?? 0)} /> },
  ];
}

export function compareCsvHeader(compareDate: string | undefined, comparing: boolean): string[] {
  return comparing ? [`profiles${compareDate}`, 'change'] : [];
}

export function compareCsvCells(row: DistributionRow, comparing: boolean): number[] {
  return comparing ? [row.compare ?? 0, row.profiles - (row.compare ?? 0)] : [];
}

export interface DistributionChartProps<R extends DistributionRow> {
  /** Accessible name, before the list of values. */
  label: string;
  rows: R[];
  /** The row field on the category axis. */
  categoryKey: keyof R & string;
  /** What a row is called in the accessible name and the tooltip. */
  nameOf: (row: R) => string;
  yAxisWidth: number;
  yAxisTick: YAxisProps['tick'];
  fill: string;
  narrow: boolean;
  comparing: boolean;
  date: string;
  compareDate?: string;
  /** Makes the bars clickable. */
  onOpen?: (row: R) => void;
}

export function DistributionChart<R extends DistributionRow>(props: DistributionChartProps<R>) {
  const { label, rows, categoryKey, nameOf, narrow, comparing, date, compareDate, onOpen } = props;
  const chart = useChartPalette();
  const rowOf = (key: unknown) => rows.find((r) => r[categoryKey] === key);
  return (
    <Box
      role="img"
      aria-label={`${label}: ${rows.map((r) => `${nameOf(r)} ${formatCount(r.profiles)} (${formatShare(r.share)})`).join('; ')}`}
      sx={{ width: '100%', height: Math.max(160, rows.length * (comparing ? 52 : 40) + (comparing ? 70 : 40)) }}
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} layout="vertical" margin={{ top: 4, right: narrow ? 56 : 120, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke={chart.palette.divider} horizontal={false} />
          <XAxis type="number" allowDecimals={false} tick={chart.tick} stroke={chart.palette.divider} tickFormatter={(v: number) => formatCount(v)} />
          <YAxis<Record<string, unknown>> type="category" dataKey={categoryKey} width={props.yAxisWidth} tick={props.yAxisTick} stroke={chart.palette.divider} interval={0} />
          <Tooltip
            {...chart.tooltip}
            labelFormatter={(key) => {
              const row = rowOf(key);
              return row ? nameOf(row) : String(key);
            }}
            formatter={(v, name) => [formatCount(Number(v)), String(name)]}
          />
          {comparing && <Legend wrapperStyle={{ fontSize: 12, color: chart.palette.text.secondary }} />}
          {comparing && (
            <Bar dataKey="compare" name={`Profiles on ${compareDate}`} fill={chart.compare} radius={[0, 3, 3, 0]} isAnimationActive={false} />
          )}
          <Bar
            dataKey="profiles"
            name={comparing ? `Profiles on ${date}` : 'Profiles'}
            fill={props.fill}
            radius={[0, 3, 3, 0]}
            isAnimationActive={false}
            {...(onOpen && { cursor: 'pointer', onClick: (bar: { payload?: unknown }) => onOpen(bar.payload as R) })}
          >
            <LabelList
              dataKey="profiles"
              position="right"
              fill={chart.palette.text.primary}
              fontSize={11}
              formatter={(v) => {
                const row = rows.find((r) => r.profiles === Number(v));
                return `${formatCount(Number(v))}${row && !narrow ? ` · ${formatShare(row.share)}` : ''}`;
              }}
            />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </Box>
  );
}

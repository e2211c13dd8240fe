// Dataset or namespace overlap as an UpSet chart: one bar per exact combination (largest first),
// the dot matrix under the bars naming its members; and a Venn diagram of 2–3 chosen sets.
import { useState } from 'react';
import { Link as RouterLink } from 'react-router';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import type { Theme } from '@mui/material/styles';
import { Bar, BarChart, CartesianGrid, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { OverlapReport } from '../../../../contracts/preview-sample.ts';
import { formatCount } from '../../../lib/format.ts';
import { formatShare } from '../format.ts';
import { overlapDelta, parseOverlap, vennRegions, type Intersection } from '../overlap.ts';
import { useChartPalette } from './chart-palette.ts';
import { DataTable, type Column } from './data-table.tsx';
import { Delta } from './delta.tsx';
import { ReportCard } from './report-card.tsx';
import { VennDiagram } from './venn-diagram.tsx';

const ROW = 18;
const MAX_ROWS = 8;

interface Row extends Intersection {
  compare?: number;
}

export interface OverlapReportProps {
  id: string;
  title: string;
  /** What a set is: "dataset" or "namespace". */
  noun: string;
  sandbox: string;
  report: OverlapReport | undefined;
  compare?: OverlapReport;
  date: string;
  compareDate?: string;
  labelOf: (id: string) => string;
  /** Where a set's name links to in the table (datasets). */
  hrefOf?: (id: string) => string;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
}

export function OverlapReportCard({ id, title, noun, sandbox, report, compare, date, compareDate, labelOf, hrefOf, loading, error, onRetry }: OverlapReportProps) {
  const chart = useChartPalette();
  const narrow = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'), { noSsr: true });
  const [chosen, setChosen] = useState<string[] | null>(null);
  const parsed = parseOverlap(report?.data ?? {});
  const comparing = compare !== undefined;
  const delta = compare && report ? overlapDelta(report.data, compare.data) : {};
  const rows: Row[] = parsed.intersections.map((i) => ({ ...i, compare: compare ? (compare.data[i.key] ?? 0) : undefined }));
  for (const [key, count] of Object.entries(compare?.data ?? {})) {
    if (!(key in (report?.data ?? {}))) rows.push({ key, members: key.split(','), count: 0, compare: count });
  }

  const top = rows.filter((r) => r.count > 0).slice(0, narrow ? 10 : 18);
  const matrixSets = parsed.sets.filter((s) => top.some((t) => t.members.includes(s.id))).slice(0, MAX_ROWS);
  const labelWidth = narrow ? 96 : 150;
  const short = (text: string) => {
    const max = Math.floor(labelWidth / 6.5);
    return text.length > max ? `${text.slice(0, max - 1)}…` : text;
  };
  const selected = (chosen ?? parsed.sets.slice(0, 2).map((s) => s.id)).filter((s) => parsed.sets.some((p) => p.id === s));
  const toggle = (setId: string) =>
    setChosen((current) => {
      const base = current ?? selected;
      return base.includes(setId) ? base.filter((s) => s !== setId) : base.length >= 3 ? base : [...base, setId];
    });
  const regions = selected.length >= 2 ? vennRegions(parsed.intersections, selected) : [];
  const inside = regions.reduce((a, r) => a + r.count, 0);
  const describe = (members: string[]) => members.map(labelOf).join(' + ');

  const matrixTick = (props: { x?: number | string; y?: number | string; index?: number; payload?: { value: string } }) => {
    const x = Number(props.x);
    const y = Number(props.y) + 12;
    const members = new Set((props.payload?.value ?? '').split(','));
    const hits = matrixSets.map((s, r) => (members.has(s.id) ? r : -1)).filter((r) => r >= 0);
    return (
      <g>
        {props.index === 0 &&
          matrixSets.map((s, r) => (
            <text key={s.id} x={8 + labelWidth - 4} y={y + r * ROW + 4} textAnchor="end" fontSize={11} fill={chart.palette.text.primary}>
              <title>{labelOf(s.id)}</title>
              {short(labelOf(s.id))}
            </text>
          ))}
        {hits.length > 1 && <line x1={x} x2={x} y1={y + hits[0] * ROW} y2={y + hits[hits.length - 1] * ROW} stroke={chart.palette.text.primary} strokeWidth={2} />}
        {matrixSets.map((s, r) => (
          <circle key={s.id} cx={x} cy={y + r * ROW} r={4.5} fill={members.has(s.id) ? chart.palette.text.primary : chart.palette.action.disabledBackground} />
        ))}
      </g>
    );
  };

  const columns: Column<Row>[] = [
    {
      key: 'combination',
      label: 'Combination',
      render: (r) =>
        hrefOf ? (
          <Box component="span">
            {r.members.map((m, i) => (
              <Box component="span" key={m}>
                {i > 0 && ' + '}
                <Link component={RouterLink} to={hrefOf(m)}>
                  {labelOf(m)}
                </Link>
              </Box>
            ))}
          </Box>
        ) : (
          describe(r.members)
        ),
    },
    { key: 'size', label: `${noun[0].toUpperCase()}${noun.slice(1)}s`, numeric: true, render: (r) => r.members.length },
    { key: 'profiles', label: 'Profiles', numeric: true, render: (r) => formatCount(r.count) },
    { key: 'share', label: 'Share', numeric: true, render: (r) => formatShare(parsed.total ? r.count / parsed.total : 0) },
    ...(comparing
      ? [
          { key: 'compare', label: `On ${compareDate}`, numeric: true, render: (r: Row) => formatCount(r.compare) },
          { key: 'delta', label: 'Change', numeric: true, render: (r: Row) => <Delta value={delta[r.key] ?? 0} /> },
        ]
      : []),
  ];

  const upset = (
    <Box
      role="img"
      aria-label={`${title}, profiles built from exactly these ${noun}s: ${top.map((t) => `${describe(t.members)}: ${formatCount(t.count)}`).join('; ')}`}
      sx={{ width: '100%', overflowX: 'auto' }}
    >
      <Box sx={{ minWidth: labelWidth + top.length * 22 + 40, height: 210 + matrixSets.length * ROW }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={top} margin={{ top: 18, right: 8, bottom: 0, left: 8 }} barCategoryGap="18%">
            <CartesianGrid strokeDasharray="3 3" stroke={chart.palette.divider} vertical={false} />
            <XAxis dataKey="key" interval={0} height={matrixSets.length * ROW + 16} tick={(props: { x?: number | string; y?: number | string; index?: number; payload?: { value: string } }) => matrixTick(props)} tickLine={false} stroke={chart.palette.divider} />
            <YAxis width={labelWidth} allowDecimals={false} tick={chart.tick} stroke={chart.palette.divider} tickFormatter={(v: number) => formatCount(v)} />
            <Tooltip {...chart.tooltip} labelFormatter={(key) => describe(String(key).split(','))} formatter={(v, name) => [formatCount(Number(v)), String(name)]} />
            {comparing && <Bar dataKey="compare" name={`Profiles on ${compareDate}`} fill={chart.compare} isAnimationActive={false} />}
            <Bar dataKey="count" name={comparing ? `Profiles on ${date}` : 'Profiles'} fill={chart.palette.primary.main} radius={[3, 3, 0, 0]} isAnimationActive={false}>
              {!narrow && <LabelList dataKey="count" position="top" fontSize={10} fill={chart.palette.text.secondary} formatter={(v) => formatCount(Number(v))} />}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </Box>
      {rows.filter((r) => r.count > 0).length > top.length && (
        <Typography variant="caption" color="text.secondary">
          The {top.length} largest of {rows.filter((r) => r.count > 0).length} combinations; the table lists all.
        </Typography>
      )}
    </Box>
  );

  const venn = (
    <Box sx={{ minWidth: 0 }}>
      <Typography variant="body2" sx={{ fontWeight: 600, mb: 0.5 }}>
        Venn diagram
      </Typography>
      <Typography variant="caption" color="text.secondary" component="p" sx={{ mb: 1 }}>
        Choose 2 or 3 {noun}s.
      </Typography>
      <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 0.75, mb: 1.5 }} role="group" aria-label={`${noun}s in the Venn diagram`}>
        {parsed.sets.slice(0, 10).map((s) => {
          const on = selected.includes(s.id);
          return (
            <Chip
              key={s.id}
              size="small"
              label={`${short(labelOf(s.id))} · ${formatCount(s.size)}`}
              title={labelOf(s.id)}
              color={on ? 'primary' : 'default'}
              variant={on ? 'filled' : 'outlined'}
              onClick={() => toggle(s.id)}
              disabled={!on && selected.length >= 3}
              aria-pressed={on}
            />
          );
        })}
      </Stack>
      {regions.length > 0 ? (
        <VennDiagram sets={selected} regions={regions} labelOf={labelOf} colors={chart.series} palette={chart.palette} outside={parsed.total - inside} />
      ) : (
        <Typography variant="body2" color="text.secondary">
          {parsed.sets.length < 2 ? `Every profile has the same single ${noun}.` : `Choose at least two ${noun}s.`}
        </Typography>
      )}
    </Box>
  );

  return (
    <ReportCard
      id={id}
      title={title}
      subtitle={<>Profiles built from exactly each combination of {noun}s, as of {date}; the combinations add up to all {formatCount(parsed.total)} profiles.</>}
      loading={loading}
      error={error}
      onRetry={onRetry}
      empty={report && parsed.intersections.length === 0 ? <Box sx={{ color: 'text.secondary', py: 4, textAlign: 'center' }}>No profile data in this report.</Box> : undefined}
      csv={{
        fileName: `${id}-${sandbox}-${date}.csv`,
        header: ['combination', 'members', 'profiles', 'shareOfProfiles', ...(comparing ? [`profiles${compareDate}`, 'change'] : [])],
        rows: rows.map((r) => [r.key, describe(r.members), r.count, parsed.total ? Math.round((r.count / parsed.total) * 1e6) / 1e6 : 0, ...(comparing ? [r.compare ?? 0, delta[r.key] ?? 0] : [])]),
      }}
      table={<DataTable label={title} columns={columns} rows={rows} rowKey={(r) => r.key} />}
      chart={
        <Stack direction={{ xs: 'column', lg: 'row' }} spacing={3} sx={{ alignItems: 'flex-start' }}>
          <Box sx={{ flex: 3, minWidth: 0, width: '100%' }}>{upset}</Box>
          <Box sx={{ flex: 2, minWidth: 0, width: '100%' }}>{venn}</Box>
        </Stack>
      }
    />
  );
}

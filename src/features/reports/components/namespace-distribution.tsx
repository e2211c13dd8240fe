// Profiles by identity namespace: a profile counts once for every namespace among its identities,
// so the bars add up to more than the profile total. The table adds the fragments per namespace.
import Box from '@mui/material/Box';
import useMediaQuery from '@mui/material/useMediaQuery';
import type { Theme } from '@mui/material/styles';
import { Bar, BarChart, CartesianGrid, LabelList, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { NamespaceReport } from '../../../../contracts/preview-sample.ts';
import { formatCount } from '../../../lib/format.ts';
import { formatShare } from '../format.ts';
import { useChartPalette } from './chart-palette.ts';
import { DataTable, type Column } from './data-table.tsx';
import { Delta } from './delta.tsx';
import { ReportCard } from './report-card.tsx';

interface Row {
  code: string;
  id: string;
  profiles: number;
  share: number;
  fragments: number;
  compare?: number;
}

function rowsOf(report: NamespaceReport, compare: NamespaceReport | undefined): Row[] {
  const before = new Map(compare?.data.map((d) => [d.code, d.fullIDsCount]));
  const rows: Row[] = report.data.map((d) => ({
    code: d.code,
    id: d.value,
    profiles: d.fullIDsCount,
    share: d.fullIDsPercentage,
    fragments: d.fullIDsFragmentCount,
    compare: compare ? (before.get(d.code) ?? 0) : undefined,
  }));
  for (const d of compare?.data ?? []) {
    if (!rows.some((r) => r.code === d.code)) rows.push({ code: d.code, id: d.value, profiles: 0, share: 0, fragments: 0, compare: d.fullIDsCount });
  }
  return rows;
}

export interface NamespaceDistributionProps {
  sandbox: string;
  report: NamespaceReport | undefined;
  compare?: NamespaceReport;
  date: string;
  compareDate?: string;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
}

export function NamespaceDistribution({ sandbox, report, compare, date, compareDate, loading, error, onRetry }: NamespaceDistributionProps) {
  const chart = useChartPalette();
  const narrow = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'), { noSsr: true });
  const rows = report ? rowsOf(report, compare) : [];
  const comparing = compare !== undefined;
  const columns: Column<Row>[] = [
    { key: 'code', label: 'Namespace', render: (r) => r.code },
    { key: 'profiles', label: 'Profiles', numeric: true, render: (r) => formatCount(r.profiles) },
    { key: 'share', label: 'Share', numeric: true, render: (r) => formatShare(r.share) },
    { key: 'fragments', label: 'Fragments', numeric: true, render: (r) => formatCount(r.fragments) },
    ...(comparing
      ? [
          { key: 'compare', label: `On ${compareDate}`, numeric: true, render: (r: Row) => formatCount(r.compare) },
          { key: 'delta', label: 'Change', numeric: true, render: (r: Row) => <Delta value={r.profiles - (r.compare ?? 0)} /> },
        ]
      : []),
  ];
  return (
    <ReportCard
      id="profiles-by-namespace"
      title="Profiles by namespace"
      subtitle={<>Merged profiles holding an identity of each namespace, as of {date}. Profiles with several namespaces count in each.</>}
      loading={loading}
      error={error}
      onRetry={onRetry}
      empty={report && rows.length === 0 ? <Box sx={{ color: 'text.secondary', py: 4, textAlign: 'center' }}>No profile data in this report.</Box> : undefined}
      csv={{
        fileName: `profiles-by-namespace-${sandbox}-${date}.csv`,
        header: ['namespace', 'namespaceId', 'profiles', 'shareOfProfiles', 'fragments', ...(comparing ? [`profiles${compareDate}`, 'change'] : [])],
        rows: rows.map((r) => [r.code, r.id, r.profiles, r.share, r.fragments, ...(comparing ? [r.compare ?? 0, r.profiles - (r.compare ?? 0)] : [])]),
      }}
      table={<DataTable label="Profiles by namespace" columns={columns} rows={rows} rowKey={(r) => r.code} />}
      chart={
        <Box
          role="img"
          aria-label={`Profiles by namespace: ${rows.map((r) => `${r.code} ${formatCount(r.profiles)} (${formatShare(r.share)})`).join('; ')}`}
          sx={{ width: '100%', height: Math.max(160, rows.length * (comparing ? 52 : 40) + (comparing ? 70 : 40)) }}
        >
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={rows} layout="vertical" margin={{ top: 4, right: narrow ? 56 : 120, bottom: 4, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke={chart.palette.divider} horizontal={false} />
              <XAxis type="number" allowDecimals={false} tick={chart.tick} stroke={chart.palette.divider} tickFormatter={(v: number) => formatCount(v)} />
              <YAxis type="category" dataKey="code" width={narrow ? 72 : 96} tick={{ ...chart.tick, fontSize: 12, fill: chart.palette.text.primary }} stroke={chart.palette.divider} interval={0} />
              <Tooltip {...chart.tooltip} formatter={(v, name) => [formatCount(Number(v)), String(name)]} />
              {comparing && <Legend wrapperStyle={{ fontSize: 12, color: chart.palette.text.secondary }} />}
              {comparing && <Bar dataKey="compare" name={`Profiles on ${compareDate}`} fill={chart.compare} radius={[0, 3, 3, 0]} isAnimationActive={false} />}
              <Bar dataKey="profiles" name={comparing ? `Profiles on ${date}` : 'Profiles'} fill={chart.series[2]} radius={[0, 3, 3, 0]} isAnimationActive={false}>
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
      }
    />
  );
}

// Unstitched profiles (one identity, events only) that have been inactive for at least 7, 30, 60,
// 90 or 120 days, stacked by the namespace of that identity. The periods nest: 7 days includes 30.
import Box from '@mui/material/Box';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { UNSTITCHED_PERIODS, type UnstitchedProfilesReport } from '../../../../contracts/preview-sample.ts';
import { formatCount } from '../../../lib/format.ts';
import { useChartPalette } from './chart-palette.ts';
import { DataTable, type Column } from './data-table.tsx';
import { Delta } from './delta.tsx';
import { ReportCard } from './report-card.tsx';

const periodLabel = (p: string) => `No events for ${p.replace('days', '')}+ days`;

interface Row {
  key: string;
  period: string;
  namespace: string;
  profiles: number;
  events: number;
  compare?: number;
}

export interface UnstitchedReportProps {
  sandbox: string;
  report: UnstitchedProfilesReport | undefined;
  compare?: UnstitchedProfilesReport;
  date: string;
  compareDate?: string;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
}

export function UnstitchedReportCard({ sandbox, report, compare, date, compareDate, loading, error, onRetry }: UnstitchedReportProps) {
  const chart = useChartPalette();
  const comparing = compare !== undefined;
  const periods = report?.data.unstitchedProfiles;
  const namespaces = [...new Set(UNSTITCHED_PERIODS.flatMap((p) => Object.keys(periods?.[p].nsDistribution ?? {})))];
  const data = UNSTITCHED_PERIODS.map((p) => ({
    period: p.replace('days', ' days'),
    total: periods?.[p].countOfProfiles ?? 0,
    ...Object.fromEntries(namespaces.map((ns) => [ns, periods?.[p].nsDistribution[ns]?.countOfProfiles ?? 0])),
  }));
  const rows: Row[] = UNSTITCHED_PERIODS.flatMap((p) => {
    const period = periods?.[p];
    const before = compare?.data.unstitchedProfiles[p];
    return [
      { key: `${p}`, period: periodLabel(p), namespace: 'All', profiles: period?.countOfProfiles ?? 0, events: period?.eventsAssociated ?? 0, compare: before?.countOfProfiles },
      ...namespaces.map((ns) => ({
        key: `${p}-${ns}`,
        period: periodLabel(p),
        namespace: ns,
        profiles: period?.nsDistribution[ns]?.countOfProfiles ?? 0,
        events: period?.nsDistribution[ns]?.eventsAssociated ?? 0,
        compare: before ? (before.nsDistribution[ns]?.countOfProfiles ?? 0) : undefined,
      })),
    ];
  });
  const columns: Column<Row>[] = [
    { key: 'period', label: 'Inactive', render: (r) => r.period },
    { key: 'namespace', label: 'Namespace', render: (r) => (r.namespace === 'All' ? <strong>All</strong> : r.namespace) },
    { key: 'profiles', label: 'Profiles', numeric: true, render: (r) => formatCount(r.profiles) },
    { key: 'events', label: 'Events', numeric: true, render: (r) => formatCount(r.events) },
    ...(comparing
      ? [
          { key: 'compare', label: `On ${compareDate}`, numeric: true, render: (r: Row) => formatCount(r.compare ?? 0) },
          { key: 'delta', label: 'Change', numeric: true, render: (r: Row) => <Delta value={r.profiles - (r.compare ?? 0)} /> },
        ]
      : []),
  ];
  const total = report?.data.totalNumberOfProfiles ?? 0;
  const none = report !== undefined && data.every((d) => d.total === 0) && !comparing;
  return (
    <ReportCard
      id="unstitched-profiles"
      title="Unstitched profiles"
      subtitle={
        <>
          Profiles with a single identity and only events, by how long they have had no new event, as of {date}
          {report ? ` (of ${formatCount(total)} profiles and ${formatCount(report.data.totalNumberOfEvents)} events)` : ''}.
        </>
      }
      loading={loading}
      error={error}
      onRetry={onRetry}
      empty={none ? <Box sx={{ color: 'text.secondary', py: 4, textAlign: 'center' }}>No unstitched profiles inactive for 7 days or more.</Box> : undefined}
      csv={{
        fileName: `unstitched-profiles-${sandbox}-${date}.csv`,
        header: ['period', 'namespace', 'profiles', 'events', ...(comparing ? [`profiles${compareDate}`, 'change'] : [])],
        rows: rows.map((r) => [r.key.split('-')[0], r.namespace, r.profiles, r.events, ...(comparing ? [r.compare ?? 0, r.profiles - (r.compare ?? 0)] : [])]),
      }}
      table={<DataTable label="Unstitched profiles" columns={columns} rows={rows} rowKey={(r) => r.key} />}
      chart={
        <Box role="img" aria-label={`Unstitched profiles inactive for: ${data.map((d) => `${d.period}: ${formatCount(d.total)}`).join('; ')}`} sx={{ width: '100%', height: 260 }}>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke={chart.palette.divider} vertical={false} />
              <XAxis dataKey="period" tick={{ ...chart.tick, fill: chart.palette.text.primary }} stroke={chart.palette.divider} />
              <YAxis allowDecimals={false} width={56} tick={chart.tick} stroke={chart.palette.divider} tickFormatter={(v: number) => formatCount(v)} />
              <Tooltip {...chart.tooltip} labelFormatter={(p) => `No events for ${String(p).replace(' days', '')}+ days`} formatter={(v, name) => [formatCount(Number(v)), String(name)]} />
              <Legend wrapperStyle={{ fontSize: 12, color: chart.palette.text.secondary }} />
              {namespaces.map((ns, i) => (
                <Bar key={ns} dataKey={ns} stackId="ns" name={ns} fill={chart.series[i % chart.series.length]} isAnimationActive={false} />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </Box>
      }
    />
  );
}

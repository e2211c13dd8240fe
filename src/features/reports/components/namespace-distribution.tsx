// Profiles by identity namespace: a profile counts once for every namespace among its identities,
// so the bars add up to more than the profile total. The table adds the fragments per namespace.
import useMediaQuery from '@mui/material/useMediaQuery';
import type { Theme } from '@mui/material/styles';
import type { NamespaceReport } from '../../../../contracts/preview-sample.ts';
import { formatCount } from '../../../lib/format.ts';
import { useChartPalette } from './chart-palette.ts';
import { DataTable, type Column } from './data-table.tsx';
import { compareColumns, compareCsvCells, compareCsvHeader, DistributionChart, NO_PROFILE_DATA, profileColumns, type DistributionRow } from './distribution-chart.tsx';
import { ReportCard } from './report-card.tsx';

interface Row extends DistributionRow {
  code: string;
  id: string;
  fragments: number;
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
    ...profileColumns<Row>(),
    { key: 'fragments', label: 'Fragments', numeric: true, render: (r) => formatCount(r.fragments) },
    ...compareColumns<Row>(compareDate, comparing),
  ];
  return (
    <ReportCard
      id="profiles-by-namespace"
      title="Profiles by namespace"
      subtitle={<>Merged profiles holding an identity of each namespace, as of {date}. Profiles with several namespaces count in each.</>}
      loading={loading}
      error={error}
      onRetry={onRetry}
      empty={report && rows.length === 0 ? NO_PROFILE_DATA : undefined}
      csv={{
        fileName: `profiles-by-namespace-${sandbox}-${date}.csv`,
        header: ['namespace', 'namespaceId', 'profiles', 'shareOfProfiles', 'fragments', ...compareCsvHeader(compareDate, comparing)],
        rows: rows.map((r) => [r.code, r.id, r.profiles, r.share, r.fragments, ...compareCsvCells(r, comparing)]),
      }}
      table={<DataTable label="Profiles by namespace" columns={columns} rows={rows} rowKey={(r) => r.code} />}
      chart={
        <DistributionChart
          label="Profiles by namespace"
          rows={rows}
          categoryKey="code"
          nameOf={(r) => r.code}
          yAxisWidth={narrow ? 72 : 96}
          yAxisTick={{ ...chart.tick, fontSize: 12, fill: chart.palette.text.primary }}
          fill={chart.series[2]}
          narrow={narrow}
          comparing={comparing}
          date={date}
          compareDate={compareDate}
        />
      }
    />
  );
}

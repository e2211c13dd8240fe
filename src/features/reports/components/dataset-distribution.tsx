// Profiles by dataset: a bar per dataset (count and share of all profiles), the compared day's
// counts next to them, and a click on a bar or a name opens that dataset.
import { Link as RouterLink, useNavigate } from 'react-router';
import Link from '@mui/material/Link';
import useMediaQuery from '@mui/material/useMediaQuery';
import type { Theme } from '@mui/material/styles';
import type { DatasetReport } from '../../../../contracts/preview-sample.ts';
import { useChartPalette } from './chart-palette.ts';
import { DataTable, type Column } from './data-table.tsx';
import { compareColumns, compareCsvCells, compareCsvHeader, DistributionChart, NO_PROFILE_DATA, profileColumns, type DistributionRow } from './distribution-chart.tsx';
import { ReportCard } from './report-card.tsx';

interface Row extends DistributionRow {
  id: string;
  name: string;
}

function rowsOf(report: DatasetReport, compare: DatasetReport | undefined): Row[] {
  const before = new Map(compare?.data.map((d) => [d.value, d.fullIDsCount]));
  const rows: Row[] = report.data.map((d) => ({ id: d.value, name: d.name, profiles: d.fullIDsCount, share: d.fullIDsPercentage, compare: compare ? (before.get(d.value) ?? 0) : undefined }));
  // Datasets that only the compared day has: their bars went to zero.
  for (const d of compare?.data ?? []) {
    if (!rows.some((r) => r.id === d.value)) rows.push({ id: d.value, name: d.name, profiles: 0, share: 0, compare: d.fullIDsCount });
  }
  return rows;
}

export interface DatasetDistributionProps {
  sandbox: string;
  report: DatasetReport | undefined;
  compare?: DatasetReport;
  date: string;
  compareDate?: string;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
}

export function DatasetDistribution({ sandbox, report, compare, date, compareDate, loading, error, onRetry }: DatasetDistributionProps) {
  const chart = useChartPalette();
  const navigate = useNavigate();
  const narrow = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'), { noSsr: true });
  const rows = report ? rowsOf(report, compare) : [];
  const open = (id: string) => navigate(`/${sandbox}/datasets/${id}`);
  const comparing = compare !== undefined;
  const columns: Column<Row>[] = [
    {
      key: 'name',
      label: 'Dataset',
      render: (r) => (
        <Link component={RouterLink} to={`/${sandbox}/datasets/${r.id}`}>
          {r.name}
        </Link>
      ),
    },
    ...profileColumns<Row>(),
    ...compareColumns<Row>(compareDate, comparing),
  ];
  const labelWidth = Math.min(narrow ? 104 : 180, Math.max(90, ...rows.map((r) => r.name.length * 7)));
  const datasetTick = (props: { x?: number | string; y?: number | string; payload?: { value: string } }) => {
    const row = rows.find((r) => r.id === props.payload?.value);
    const name = row?.name ?? props.payload?.value ?? '';
    const max = Math.floor((labelWidth - 10) / 7.2);
    return (
      <text
        x={Number(props.x)}
        y={Number(props.y)}
        dy={4}
        textAnchor="end"
        fontSize={12}
        fill={chart.palette.primary.main}
        style={{ cursor: 'pointer', textDecoration: 'underline' }}
        onClick={() => row && open(row.id)}
      >
        <title>{`${name}: open the dataset`}</title>
        {name.length > max ? `${name.slice(0, max - 1)}…` : name}
      </text>
    );
  };
  return (
    <ReportCard
      id="profiles-by-dataset"
      title="Profiles by dataset"
      subtitle={<>Merged profiles with data from each dataset, as of {date}. A profile counts once for every dataset it is built from.</>}
      loading={loading}
      error={error}
      onRetry={onRetry}
      empty={report && rows.length === 0 ? NO_PROFILE_DATA : undefined}
      csv={{
        fileName: `profiles-by-dataset-${sandbox}-${date}.csv`,
        header: ['datasetId', 'dataset', 'profiles', 'shareOfProfiles', ...compareCsvHeader(compareDate, comparing)],
        rows: rows.map((r) => [r.id, r.name, r.profiles, r.share, ...compareCsvCells(r, comparing)]),
      }}
      table={<DataTable label="Profiles by dataset" columns={columns} rows={rows} rowKey={(r) => r.id} />}
      chart={
        <DistributionChart
          label="Profiles by dataset"
          rows={rows}
          categoryKey="id"
          nameOf={(r) => r.name}
          yAxisWidth={labelWidth}
          yAxisTick={(props: { x?: number | string; y?: number | string; payload?: { value: string } }) => datasetTick(props)}
          fill={chart.palette.primary.main}
          narrow={narrow}
          comparing={comparing}
          date={date}
          compareDate={compareDate}
          onOpen={(r) => open(r.id)}
        />
      }
    />
  );
}

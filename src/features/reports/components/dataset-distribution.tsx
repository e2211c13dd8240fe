// Profiles by dataset: a bar per dataset (count and share of all profiles), the compared day's
// counts next to them, and a click on a bar or a name opens that dataset.
import { Link as RouterLink, useNavigate } from 'react-router';
import Box from '@mui/material/Box';
import Link from '@mui/material/Link';
import useMediaQuery from '@mui/material/useMediaQuery';
import type { Theme } from '@mui/material/styles';
import { Bar, BarChart, CartesianGrid, LabelList, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DatasetReport } from '../../../../contracts/preview-sample.ts';
import { formatCount } from '../../../lib/format.ts';
import { formatShare } from '../format.ts';
import { useChartPalette } from './chart-palette.ts';
import { DataTable, type Column } from './data-table.tsx';
import { Delta } from './delta.tsx';
import { ReportCard } from './report-card.tsx';

interface Row {
  id: string;
  name: string;
  profiles: number;
  share: number;
  compare?: number;
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
    { key: 'profiles', label: 'Profiles', numeric: true, render: (r) => formatCount(r.profiles) },
    { key: 'share', label: 'Share', numeric: true, render: (r) => formatShare(r.share) },
    ...(comparing
      ? [
          { key: 'compare', label: `On ${compareDate}`, numeric: true, render: (r: Row) => formatCount(r.compare) },
          { key: 'delta', label: 'Change', numeric: true, render: (r: Row) => <Delta value={r.profiles - (r.compare ?? 0)} /> },
        ]
      : []),
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
      empty={report && rows.length === 0 ? <Box sx={{ color: 'text.secondary', py: 4, textAlign: 'center' }}>No profile data in this report.</Box> : undefined}
      csv={{
        fileName: `profiles-by-dataset-${sandbox}-${date}.csv`,
        header: ['datasetId', 'dataset', 'profiles', 'shareOfProfiles', ...(comparing ? [`profiles${compareDate}`, 'change'] : [])],
        rows: rows.map((r) => [r.id, r.name, r.profiles, r.share, ...(comparing ? [r.compare ?? 0, r.profiles - (r.compare ?? 0)] : [])]),
      }}
      table={<DataTable label="Profiles by dataset" columns={columns} rows={rows} rowKey={(r) => r.id} />}
      chart={
        <Box
          role="img"
          aria-label={`Profiles by dataset: ${rows.map((r) => `${r.name} ${formatCount(r.profiles)} (${formatShare(r.share)})`).join('; ')}`}
          sx={{ width: '100%', height: Math.max(160, rows.length * (comparing ? 52 : 40) + (comparing ? 70 : 40)) }}
        >
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={rows} layout="vertical" margin={{ top: 4, right: narrow ? 56 : 120, bottom: 4, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke={chart.palette.divider} horizontal={false} />
              <XAxis type="number" allowDecimals={false} tick={chart.tick} stroke={chart.palette.divider} tickFormatter={(v: number) => formatCount(v)} />
              <YAxis type="category" dataKey="id" width={labelWidth} tick={(props: { x?: number | string; y?: number | string; payload?: { value: string } }) => datasetTick(props)} stroke={chart.palette.divider} interval={0} />
              <Tooltip
                {...chart.tooltip}
                labelFormatter={(id) => rows.find((r) => r.id === id)?.name ?? String(id)}
                formatter={(v, name) => [formatCount(Number(v)), String(name)]}
              />
              {comparing && <Legend wrapperStyle={{ fontSize: 12, color: chart.palette.text.secondary }} />}
              {comparing && (
                <Bar dataKey="compare" name={`Profiles on ${compareDate}`} fill={chart.compare} radius={[0, 3, 3, 0]} isAnimationActive={false} />
              )}
              <Bar
                dataKey="profiles"
                name={comparing ? `Profiles on ${date}` : 'Profiles'}
                fill={chart.palette.primary.main}
                radius={[0, 3, 3, 0]}
                isAnimationActive={false}
                cursor="pointer"
                onClick={(bar) => open((bar.payload as Row).id)}
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
      }
    />
  );
}

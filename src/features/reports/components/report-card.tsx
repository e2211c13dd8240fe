// One report on the page: title, what it counts and as of when, a chart/table switch and a CSV
// download of the table — plus its loading, missing and failed states.
import { useState, type ReactNode } from 'react';
import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import Paper from '@mui/material/Paper';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import BarChartIcon from '@mui/icons-material/BarChart';
import DownloadIcon from '@mui/icons-material/Download';
import TableRowsOutlinedIcon from '@mui/icons-material/TableRowsOutlined';
import { InlineError } from '../../../components/inline-error.tsx';
import { downloadCsv, toCsv, type CsvCell } from '../csv.ts';

export interface CsvExport {
  fileName: string;
  header: string[];
  rows: CsvCell[][];
}

export interface ReportCardProps {
  title: string;
  /** What the numbers count. */
  subtitle?: ReactNode;
  /** id for aria-labelledby and tests */
  id: string;
  chart: ReactNode;
  table: ReactNode;
  csv?: CsvExport;
  loading?: boolean;
  error?: unknown;
  onRetry?: () => void;
  /** Shown instead of the chart (e.g. nothing to show for that day). */
  empty?: ReactNode;
  /** Controls next to the chart/table switch. */
  actions?: ReactNode;
}

export function ReportCard({ title, subtitle, id, chart, table, csv, loading, error, onRetry, empty, actions }: ReportCardProps) {
  const [view, setView] = useState<'chart' | 'table'>('chart');
  const ready = !loading && !error && !empty;
  return (
    <Paper variant="outlined" component="section" aria-labelledby={`${id}-title`} data-report={id} sx={{ p: 2, minWidth: 0, height: '100%' }}>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} sx={{ justifyContent: 'space-between', alignItems: { xs: 'stretch', sm: 'flex-start' }, mb: 1.5 }}>
        <Box sx={{ minWidth: 0 }}>
          <Typography id={`${id}-title`} variant="subtitle1" component="h2" sx={{ fontWeight: 600 }}>
            {title}
          </Typography>
          {subtitle && (
            <Typography variant="body2" color="text.secondary">
              {subtitle}
            </Typography>
          )}
        </Box>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexShrink: 0, flexWrap: 'wrap', gap: 1, '& > *': { m: '0 !important' } }}>
          {actions}
          <ToggleButtonGroup size="small" exclusive value={view} onChange={(_, v: 'chart' | 'table' | null) => v && setView(v)} aria-label={`${title}: view`} disabled={!ready}>
            <ToggleButton value="chart" aria-label="Chart">
              <BarChartIcon fontSize="small" />
            </ToggleButton>
            <ToggleButton value="table" aria-label="Table">
              <TableRowsOutlinedIcon fontSize="small" />
            </ToggleButton>
          </ToggleButtonGroup>
          <Tooltip title="Download CSV">
            <span>
              <IconButton
                size="small"
                aria-label={`Download ${title} as CSV`}
                disabled={!ready || !csv}
                onClick={() => csv && downloadCsv(csv.fileName, toCsv(csv.header, csv.rows))}
              >
                <DownloadIcon fontSize="small" />
              </IconButton>
            </span>
          </Tooltip>
        </Stack>
      </Stack>
      {loading ? (
        <Skeleton variant="rounded" height={220} aria-label={`Loading ${title}`} />
      ) : error ? (
        <InlineError title={`Could not load ${title.toLowerCase()}`} error={error} onRetry={onRetry} />
      ) : empty ? (
        empty
      ) : view === 'chart' ? (
        chart
      ) : (
        table
      )}
    </Paper>
  );
}

import { Link as RouterLink } from 'react-router';
import type { GridColDef } from '@mui/x-data-grid';
import Box from '@mui/material/Box';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { ExportJob } from '../../../../contracts/export-jobs.ts';
import { RelativeTime } from '../../../components/relative-time.tsx';
import { ServerDataGrid } from '../../../components/server-data-grid.tsx';
import type { GridUrlState } from '../../../hooks/use-grid-url-state.ts';
import { formatCount } from '../../../lib/format.ts';
import { isRunningExport } from '../api/queries.ts';
import { ExportProgress, ExportStatusChip, exportDurationMs, formatDuration } from './export-status.tsx';

export interface ExportJobsTableProps {
  rows: ExportJob[];
  /** All jobs of the filter; -1 when unknown (then the next page is offered while there is one). */
  total: number;
  loading: boolean;
  state: GridUrlState;
  policyNames: Map<string, string>;
  datasetNames: Map<string, string>;
  sandbox: string;
  compact?: boolean;
  onOpen: (id: number) => void;
}

/** What a job exports, in a few words. */
export function exportScope(job: ExportJob): string {
  const fields = job.fields ? job.fields.split(',').length : undefined;
  const what = fields === undefined ? 'All attributes' : fields === 1 ? job.fields! : `${fields} fields`;
  return job.additionalFields?.eventList ? `${what} + events` : what;
}

const COMPACT_HIDDEN = { created: false, duration: false, policy: false };

export function ExportJobsTable({ rows, total, loading, state, policyNames, datasetNames, sandbox, compact, onOpen }: ExportJobsTableProps) {
  const columns: GridColDef<ExportJob>[] = [
    {
      field: 'id',
      headerName: 'Export',
      flex: 1.4,
      minWidth: compact ? 130 : 190,
      sortable: false,
      renderCell: ({ row }) => (
        <Box sx={{ display: 'flex', flexDirection: 'column', justifyContent: 'center', height: '100%', minWidth: 0, lineHeight: 1.3 }}>
          <Link component={RouterLink} to={String(row.id)} onClick={(e: React.MouseEvent) => e.stopPropagation()} sx={{ fontWeight: 500 }}>
            Export {row.id}
          </Link>
          <Typography variant="caption" color="text.secondary" noWrap>
            {exportScope(row)}
          </Typography>
        </Box>
      ),
    },
    {
      field: 'status',
      headerName: 'Status',
      flex: 1.2,
      minWidth: compact ? 120 : 190,
      sortable: false,
      renderCell: ({ row }) => (
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', height: '100%', minWidth: 0 }}>
          <ExportStatusChip job={row} />
          {isRunningExport(row) && !compact && <ExportProgress job={row} compact />}
        </Stack>
      ),
    },
    { field: 'created', headerName: 'Created', width: 140, sortable: false, renderCell: ({ row }) => <RelativeTime value={row.creationTime} /> },
    {
      field: 'duration',
      headerName: 'Duration',
      width: 110,
      sortable: false,
      valueGetter: (_v, row) => formatDuration(exportDurationMs(row)),
    },
    {
      field: 'exported',
      headerName: 'Profiles exported',
      width: 170,
      sortable: false,
      align: 'right',
      headerAlign: 'right',
      valueGetter: (_v, row) => (row.status === 'FAILED' ? '—' : formatCount(row.metrics.totalExportedProfileCounter ?? 0)),
    },
    {
      field: 'policy',
      headerName: 'Merge policy',
      flex: 1,
      minWidth: 150,
      sortable: false,
      valueGetter: (_v, row) => policyNames.get(row.mergePolicy.id) ?? row.mergePolicy.id,
    },
    {
      field: 'destination',
      headerName: 'Destination',
      flex: 1.2,
      minWidth: 170,
      sortable: false,
      renderCell: ({ row }) => (
        <Link component={RouterLink} to={`/${sandbox}/datasets/${row.destination.datasetId}`} onClick={(e: React.MouseEvent) => e.stopPropagation()}>
          {datasetNames.get(row.destination.datasetId) ?? row.destination.datasetId}
        </Link>
      ),
    },
  ];
  return (
    <ServerDataGrid<ExportJob>
      label="Export jobs"
      rows={rows}
      columns={columns}
      rowCount={total}
      loading={loading}
      state={state}
      getRowId={(row) => String(row.id)}
      onRowClick={(row) => onOpen(row.id)}
      noRowsLabel="No export jobs match"
      columnVisibilityModel={compact ? COMPACT_HIDDEN : undefined}
    />
  );
}

import { Link as RouterLink } from 'react-router';
import type { GridColDef } from '@mui/x-data-grid';
import Box from '@mui/material/Box';
import Link from '@mui/material/Link';
import Typography from '@mui/material/Typography';
import { RelativeTime } from '../../../components/relative-time.tsx';
import { ServerDataGrid } from '../../../components/server-data-grid.tsx';
import type { GridUrlState } from '../../../hooks/use-grid-url-state.ts';
import { formatCount } from '../../../lib/format.ts';
import { isPendingRequest } from '../api/queries.ts';
import type { DeleteRequest } from '../api/requests.ts';
import { formatDuration, RequestStatusChip } from './request-status.tsx';

export interface DeleteRequestsTableProps {
  rows: DeleteRequest[];
  total: number;
  loading: boolean;
  state: GridUrlState;
  /** Dataset names by id (ids show when a name is unknown). */
  datasetNames: Map<string, string>;
  compact?: boolean;
  onOpen: (id: string) => void;
}

export function targetLabel(request: DeleteRequest, datasetNames: Map<string, string>): string {
  const id = request.targetDatasetId ?? '';
  return datasetNames.get(id) ?? id;
}

/** Seconds a request took, or has been running. */
export function requestDuration(request: DeleteRequest, now = Date.now()): number | undefined {
  const m = request.decodedMetrics;
  if (!m) return undefined;
  if (isPendingRequest(request) && m.startEpoch !== undefined) return Math.max(0, now / 1000 - m.startEpoch);
  return m.timeTakenInSec;
}

export function DeleteRequestsTable({ rows, total, loading, state, datasetNames, compact, onOpen }: DeleteRequestsTableProps) {
  const columns: GridColDef<DeleteRequest>[] = [
    {
      field: 'target',
      headerName: 'Target',
      flex: 2,
      minWidth: compact ? 136 : 220,
      sortable: false,
      renderCell: ({ row }) => (
        <Box sx={{ display: 'flex', flexDirection: 'column', justifyContent: 'center', height: '100%', minWidth: 0, lineHeight: 1.3 }}>
          <Link
            component={RouterLink}
            to={row.id}
            onClick={(e: React.MouseEvent) => e.stopPropagation()}
            sx={{ fontWeight: 500, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
          >
            {targetLabel(row, datasetNames)}
          </Link>
          {row.batchId && (
            <Typography variant="caption" color="text.secondary" noWrap sx={{ fontFamily: 'monospace' }}>
              batch {row.batchId}
            </Typography>
          )}
        </Box>
      ),
    },
    {
      field: 'type',
      headerName: 'Deletes',
      width: 130,
      sortable: false,
      valueGetter: (_v, row) => (row.batchId ? 'One batch' : 'Whole dataset'),
    },
    { field: 'status', headerName: 'Status', width: compact ? 118 : 140, renderCell: ({ row }) => <RequestStatusChip status={row.status} /> },
    {
      field: 'created',
      headerName: 'Created',
      width: 150,
      renderCell: ({ row }) => <RelativeTime value={row.createEpoch * 1000} />,
    },
    {
      field: 'duration',
      headerName: 'Duration',
      width: 110,
      sortable: false,
      valueGetter: (_v, row) => requestDuration(row),
      valueFormatter: (v: number | undefined) => formatDuration(v),
    },
    {
      field: 'records',
      headerName: compact ? 'Records' : 'Records processed',
      description: 'Profile fragments and experience events deleted',
      type: 'number',
      width: compact ? 96 : 176,
      sortable: false,
      valueGetter: (_v, row) => row.decodedMetrics?.recordsProcessed,
      renderCell: ({ row }) => {
        const m = row.decodedMetrics;
        if (!m) return '—';
        const of = isPendingRequest(row) && m.recordsToProcess ? ` of ${formatCount(m.recordsToProcess)}` : '';
        return `${formatCount(m.recordsProcessed)}${of}`;
      },
    },
  ];
  return (
    <ServerDataGrid
      label="Delete requests"
      rows={rows}
      columns={columns}
      rowCount={total}
      loading={loading}
      state={state}
      getRowId={(row) => row.id}
      onRowClick={(row) => onOpen(row.id)}
      noRowsLabel="No delete requests yet"
      columnVisibilityModel={compact ? { type: false, duration: false, created: false } : undefined}
    />
  );
}

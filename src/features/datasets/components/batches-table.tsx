import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { GridColDef, GridColumnVisibilityModel } from '@mui/x-data-grid';
import Box from '@mui/material/Box';
import Link from '@mui/material/Link';
import { InlineError } from '../../../components/inline-error.tsx';
import { RelativeTime } from '../../../components/relative-time.tsx';
import { ServerDataGrid } from '../../../components/server-data-grid.tsx';
import { StatusChip } from '../../../components/status-chip.tsx';
import { useGridUrlState } from '../../../hooks/use-grid-url-state.ts';
import type { SandboxTenant } from '../../../hooks/use-tenant.ts';
import { formatCount } from '../../../lib/format.ts';
import { batchQueries } from '../api/queries.ts';
import type { BatchRow } from '../api/requests.ts';

export interface BatchesTableProps {
  tenant: SandboxTenant;
  datasetId: string;
  onOpenBatch: (batchId: string) => void;
  compact?: boolean;
}

/** A dataset's batches, newest first, server-paged (URL: bpage, bsize). */
export function BatchesTable({ tenant, datasetId, onOpenBatch, compact }: BatchesTableProps) {
  const state = useGridUrlState({ prefix: 'b', defaultPageSize: 10, pageSizeOptions: [10, 25, 50] });
  const batches = useQuery(
    batchQueries.list(tenant, { datasetId, page: state.page, pageSize: state.pageSize }),
  );

  // Stable props: new columns or visibility objects make the DataGrid recompute its whole layout.
  const columns = useMemo(
    (): GridColDef<BatchRow>[] => [
      {
        field: 'id',
        headerName: 'Batch',
        flex: 1.4,
        minWidth: 150,
        sortable: false,
        renderCell: ({ row }) => (
          <Link
            component="button"
            type="button"
            onClick={(e: React.MouseEvent) => {
              e.stopPropagation();
              onOpenBatch(row.id);
            }}
            sx={{
              fontFamily: 'monospace',
              fontSize: 13,
              overflow: 'hidden',
              textOverflow: 'ellipsis',
              maxWidth: '100%',
            }}
            aria-label={`Open batch ${row.id}`}
          >
            {row.id}
          </Link>
        ),
      },
      {
        field: 'status',
        headerName: 'Status',
        width: 130,
        sortable: false,
        renderCell: ({ row }) => <StatusChip status={row.status} />,
      },
      {
        field: 'read',
        headerName: 'Records read',
        type: 'number',
        width: 130,
        sortable: false,
        valueGetter: (_v, row) => row.metrics?.inputRecordCount,
        valueFormatter: (v: number | undefined) => formatCount(v),
      },
      {
        field: 'ingested',
        headerName: 'Ingested',
        type: 'number',
        width: 110,
        sortable: false,
        valueGetter: (_v, row) => row.metrics?.outputRecordCount,
        valueFormatter: (v: number | undefined) => formatCount(v),
      },
      {
        field: 'failed',
        headerName: 'Failed',
        type: 'number',
        width: 100,
        sortable: false,
        valueGetter: (_v, row) => row.metrics?.failedRecordCount,
        renderCell: ({ value }) => (
          <Box
            component="span"
            sx={{ color: value ? 'error.main' : undefined, fontWeight: value ? 600 : undefined }}
          >
            {formatCount(value as number | undefined)}
          </Box>
        ),
      },
      {
        field: 'created',
        headerName: 'Created',
        width: 150,
        sortable: false,
        renderCell: ({ row }) => <RelativeTime value={row.created} />,
      },
      {
        field: 'completed',
        headerName: 'Completed',
        width: 150,
        sortable: false,
        renderCell: ({ row }) => <RelativeTime value={row.completed} emptyLabel="—" />,
      },
    ],
    [onOpenBatch],
  );
  const columnVisibilityModel = useMemo(
    (): GridColumnVisibilityModel => ({ read: !compact, created: !compact, completed: !compact }),
    [compact],
  );

  if (batches.isError)
    return (
      <InlineError
        title="Could not load the batches"
        error={batches.error}
        onRetry={() => batches.refetch()}
      />
    );
  return (
    <ServerDataGrid
      label="Batches"
      rows={batches.data?.items ?? []}
      columns={columns}
      rowCount={batches.data?.total ?? 0}
      loading={batches.isFetching && !batches.data}
      state={state}
      onRowClick={(row) => onOpenBatch(row.id)}
      noRowsLabel="No batches yet: upload data to create one"
      columnVisibilityModel={columnVisibilityModel}
    />
  );
}

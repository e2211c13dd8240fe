import { useMemo } from 'react';
import { Link as RouterLink } from 'react-router';
import type { GridColDef, GridColumnVisibilityModel } from '@mui/x-data-grid';
import Box from '@mui/material/Box';
import Link from '@mui/material/Link';
import Typography from '@mui/material/Typography';
import type { ComputedAttribute } from '../../../../contracts/computed-attributes.ts';
import { RelativeTime } from '../../../components/relative-time.tsx';
import { ServerDataGrid } from '../../../components/server-data-grid.tsx';
import type { GridUrlState } from '../../../hooks/use-grid-url-state.ts';
import { MERGE_FUNCTION_LABELS, evaluationMs, formatLookback } from '../pql-builder.ts';
import { AttributeStatusChip } from './attribute-status-chip.tsx';

export interface AttributesTableProps {
  rows: ComputedAttribute[];
  total: number;
  loading: boolean;
  state: GridUrlState;
  compact?: boolean;
  onOpen: (id: string) => void;
}

export function AttributesTable({ rows, total, loading, state, compact, onOpen }: AttributesTableProps) {
  const columns = useMemo(
    (): GridColDef<ComputedAttribute>[] => [
      {
        field: 'name',
        headerName: 'Name',
        flex: 2,
        minWidth: 200,
        renderCell: ({ row }) => (
          <Box sx={{ py: 0.75, lineHeight: 1.3, minWidth: 0 }}>
            <Link component={RouterLink} to={row.id} onClick={(e: React.MouseEvent) => e.stopPropagation()} sx={{ fontWeight: 500 }}>
              {row.displayName}
            </Link>
            <Typography variant="caption" component="div" color="text.secondary" sx={{ fontFamily: 'monospace', overflow: 'hidden', textOverflow: 'ellipsis' }}>
              {row.name}
            </Typography>
          </Box>
        ),
      },
      { field: 'status', headerName: 'Status', width: 140, renderCell: ({ row }) => <AttributeStatusChip status={row.status} /> },
      {
        field: 'mergeFunction',
        headerName: 'Function',
        width: 120,
        sortable: false,
        valueGetter: (_v, row) => MERGE_FUNCTION_LABELS[row.mergeFunction.value] ?? row.mergeFunction.value,
      },
      { field: 'duration', headerName: 'Lookback', width: 110, sortable: false, valueGetter: (_v, row) => formatLookback(row.duration) },
      {
        field: 'lastEvaluationTs',
        headerName: 'Last evaluated',
        width: 150,
        sortable: false,
        renderCell: ({ row }) => <RelativeTime value={evaluationMs(row.lastEvaluationTs)} emptyLabel="Not yet" />,
      },
      { field: 'updateEpoch', headerName: 'Updated', width: 140, renderCell: ({ row }) => <RelativeTime value={row.updateEpoch} /> },
    ],
    [],
  );
  const visibility = useMemo((): GridColumnVisibilityModel => (compact ? { mergeFunction: false, duration: false, updateEpoch: false } : {}), [compact]);
  return (
    <ServerDataGrid<ComputedAttribute>
      label="Computed attributes"
      rows={rows}
      columns={columns}
      rowCount={total}
      loading={loading}
      state={state}
      getRowId={(r) => r.id}
      onRowClick={(r) => onOpen(r.id)}
      columnVisibilityModel={visibility}
      noRowsLabel="No computed attributes"
    />
  );
}

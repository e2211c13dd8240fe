import { useMemo } from 'react';
import { Link as RouterLink } from 'react-router';
import type { GridColDef } from '@mui/x-data-grid';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import type { DatasetStats } from '../../../../contracts/local.ts';
import { RelativeTime } from '../../../components/relative-time.tsx';
import { ServerDataGrid } from '../../../components/server-data-grid.tsx';
import { StatusChip } from '../../../components/status-chip.tsx';
import type { GridUrlState } from '../../../hooks/use-grid-url-state.ts';
import { formatCount } from '../../../lib/format.ts';
import { classOfDataset, type DatasetRow } from '../api/requests.ts';
import { readProfileFlags } from '../profile-flags.ts';
import { CLASS_LABELS } from './dataset-class.ts';

export interface DatasetsTableProps {
  rows: DatasetRow[];
  total: number;
  loading: boolean;
  state: GridUrlState;
  /** Fragment/event counts per dataset; undefined when the service has none (AEP mode). */
  stats: DatasetStats | undefined;
  showCounts: boolean;
  compact?: boolean;
  onOpen: (datasetId: string) => void;
}

function YesNo({ on, label }: { on: boolean; label: string }) {
  return on ? (
    <Chip size="small" color="primary" variant="outlined" label={label} />
  ) : (
    <Box component="span" sx={{ color: 'text.disabled' }}>
      Off
    </Box>
  );
}

export function DatasetsTable({
  rows,
  total,
  loading,
  state,
  stats,
  showCounts,
  compact,
  onOpen,
}: DatasetsTableProps) {
  // Stable props: new columns or visibility objects make the DataGrid recompute its whole layout.
  const columns = useMemo(
    (): GridColDef<DatasetRow>[] => [
      {
        field: 'name',
        headerName: 'Name',
        flex: 2,
        minWidth: compact ? 150 : 180,
        renderCell: ({ row }) => (
          <Link
            component={RouterLink}
            to={row.id}
            onClick={(e: React.MouseEvent) => e.stopPropagation()}
            sx={{ fontWeight: 500 }}
          >
            {row.name}
          </Link>
        ),
      },
      {
        field: 'class',
        headerName: 'Class',
        width: 140,
        sortable: false,
        valueGetter: (_v, row) => {
          const c = classOfDataset(row);
          return c ? CLASS_LABELS[c] : row.schemaRef.id;
        },
      },
      {
        field: 'profile',
        headerName: 'Profile',
        width: 100,
        sortable: false,
        renderCell: ({ row }) => <YesNo on={readProfileFlags(row.tags).profileEnabled} label="Enabled" />,
      },
      {
        field: 'upsert',
        headerName: 'Upsert',
        width: 90,
        sortable: false,
        renderCell: ({ row }) => <YesNo on={readProfileFlags(row.tags).upsert} label="On" />,
      },
      {
        field: 'fragments',
        headerName: 'Fragments',
        description: 'Profile fragments stored from this dataset',
        type: 'number',
        width: 110,
        sortable: false,
        valueGetter: (_v, row) => stats?.[row.id]?.fragments,
        valueFormatter: (v: number | undefined) => formatCount(v),
      },
      {
        field: 'events',
        headerName: 'Events',
        description: 'Experience events stored from this dataset',
        type: 'number',
        width: 100,
        sortable: false,
        valueGetter: (_v, row) => stats?.[row.id]?.events,
        valueFormatter: (v: number | undefined) => formatCount(v),
      },
      {
        field: 'lastBatchStatus',
        headerName: 'Last batch',
        width: 130,
        sortable: false,
        renderCell: ({ row }) => <StatusChip status={row.lastBatchStatus} emptyLabel="No batches" />,
      },
      {
        field: 'created',
        headerName: 'Created',
        width: 150,
        renderCell: ({ row }) => <RelativeTime value={row.created} />,
      },
    ],
    [stats, compact],
  );
  const columnVisibilityModel = useMemo(
    () => ({
      fragments: showCounts && !compact,
      events: showCounts && !compact,
      class: !compact,
      upsert: !compact,
      created: !compact,
    }),
    [showCounts, compact],
  );

  return (
    <ServerDataGrid
      label="Datasets"
      rows={rows}
      columns={columns}
      rowCount={total}
      loading={loading}
      state={state}
      onRowClick={(row) => onOpen(row.id)}
      noRowsLabel="No datasets"
      columnVisibilityModel={columnVisibilityModel}
    />
  );
}

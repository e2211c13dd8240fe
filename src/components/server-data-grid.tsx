// A DataGrid whose paging and sort live on the server and in the URL. Heavy (@mui/x-data-grid):
// import it only from lazily loaded pages, never from the shell.
import { useMemo } from 'react';
import {
  DataGrid,
  type GridColDef,
  type GridColumnVisibilityModel,
  type GridRowParams,
  type GridSortDirection,
  type GridSortModel,
  type GridValidRowModel,
} from '@mui/x-data-grid';
import type { GridUrlState } from '../hooks/use-grid-url-state.ts';

export interface ServerDataGridProps<R extends GridValidRowModel> {
  rows: R[];
  columns: GridColDef<R>[];
  /** Unpaged total from the server. */
  rowCount: number;
  loading: boolean;
  state: GridUrlState;
  /** Accessible name of the grid. */
  label: string;
  getRowId?: (row: R) => string;
  onRowClick?: (row: R) => void;
  noRowsLabel?: string;
  columnVisibilityModel?: GridColumnVisibilityModel;
  /** Rendering every row and column (tests; tiny grids). */
  disableVirtualization?: boolean;
}

const SKELETON_LOADING = { loadingOverlay: { variant: 'skeleton', noRowsVariant: 'skeleton' } } as const;
const SORTING_ORDER: GridSortDirection[] = ['asc', 'desc'];

export function ServerDataGrid<R extends GridValidRowModel>(props: ServerDataGridProps<R>) {
  const { state } = props;
  // Stable models: a new sort model object each render reads as a sort change and resets the page.
  const sortField = state.sort?.field;
  const sortOrder = state.sort?.order;
  const sortModel = useMemo<GridSortModel>(
    () => (sortField && sortOrder ? [{ field: sortField, sort: sortOrder }] : []),
    [sortField, sortOrder],
  );
  const paginationModel = useMemo(
    () => ({ page: state.page, pageSize: state.pageSize }),
    [state.page, state.pageSize],
  );
  const noRowsLabel = props.noRowsLabel ?? 'Nothing here yet';
  const localeText = useMemo(() => ({ noRowsLabel }), [noRowsLabel]);
  const clickable = Boolean(props.onRowClick);
  const sx = useMemo(
    () => ({
      border: 0,
      '& .MuiDataGrid-row': clickable ? { cursor: 'pointer' } : undefined,
      '& .MuiDataGrid-columnHeaderTitle': { fontWeight: 600 },
    }),
    [clickable],
  );
  return (
    <DataGrid<R>
      aria-label={props.label}
      rows={props.rows}
      columns={props.columns}
      getRowId={props.getRowId}
      rowCount={props.rowCount}
      loading={props.loading}
      paginationMode="server"
      sortingMode="server"
      filterMode="server"
      disableColumnFilter
      disableColumnMenu
      disableRowSelectionOnClick
      disableVirtualization={props.disableVirtualization ?? import.meta.env.MODE === 'test'}
      autoHeight
      pageSizeOptions={state.pageSizeOptions}
      paginationModel={paginationModel}
      onPaginationModelChange={(model) => state.setPagination(model)}
      sortingOrder={SORTING_ORDER}
      sortModel={sortModel}
      onSortModelChange={(model) => {
        const first = model[0];
        state.setSort(first?.sort ? { field: first.field, order: first.sort } : undefined);
      }}
      onRowClick={props.onRowClick ? (params: GridRowParams<R>) => props.onRowClick?.(params.row) : undefined}
      columnVisibilityModel={props.columnVisibilityModel}
      localeText={localeText}
      slotProps={SKELETON_LOADING}
      sx={sx}
    />
  );
}

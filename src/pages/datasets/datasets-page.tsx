// /:sandbox/datasets — the sandbox's datasets, server-paged, with paging, sort and filters in the
// URL (page, size, sort, q = name contains, class).
import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import Button from '@mui/material/Button';
import InputAdornment from '@mui/material/InputAdornment';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import type { Theme } from '@mui/material/styles';
import AddIcon from '@mui/icons-material/Add';
import SearchIcon from '@mui/icons-material/Search';
import { DatasetClassSchema, type DatasetClass } from '../../../contracts/common.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { InlineError } from '../../components/inline-error.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { useConsoleConfig } from '../../config/console-config.ts';
import { datasetQueries } from '../../features/datasets/api/queries.ts';
import { DATASET_SORTS, type DatasetSort } from '../../features/datasets/api/requests.ts';
import { CreateDatasetDialog } from '../../features/datasets/components/create-dataset-dialog.tsx';
import { CLASS_LABELS } from '../../features/datasets/components/dataset-class.ts';
import { DatasetsTable } from '../../features/datasets/components/datasets-table.tsx';
import { sandboxQueries } from '../../features/sandboxes/api/queries.ts';
import { formatSort, useGridUrlState } from '../../hooks/use-grid-url-state.ts';
import { useTenant } from '../../hooks/use-tenant.ts';
import { plural } from '../../lib/format.ts';

const DEFAULT_SORT = { field: 'created', order: 'desc' } as const;
const SORT_FIELDS = ['name', 'created'] as const;

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return debounced;
}

export function DatasetsPage() {
  const tenant = useTenant();
  const config = useConsoleConfig();
  const navigate = useNavigate();
  const compact = useMediaQuery((theme: Theme) => theme.breakpoints.down('md'), { noSsr: true });
  const [params, setParams] = useSearchParams();
  const state = useGridUrlState({ defaultPageSize: 25, defaultSort: DEFAULT_SORT, sortFields: SORT_FIELDS });
  const [createOpen, setCreateOpen] = useState(false);

  const nameFilter = params.get('q') ?? '';
  const parsedClass = DatasetClassSchema.safeParse(params.get('class'));
  const classFilter: DatasetClass | undefined = parsedClass.success ? parsedClass.data : undefined;

  // The name box updates the URL once typing pauses; the URL stays the source of truth.
  const [nameInput, setNameInput] = useState(nameFilter);
  const debouncedName = useDebounced(nameInput.trim(), 300);
  useEffect(() => {
    if (debouncedName === nameFilter) return;
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (debouncedName) next.set('q', debouncedName);
        else next.delete('q');
        next.delete('page');
        return next;
      },
      { replace: true },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debouncedName]);

  const setClass = (value: string) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (value) next.set('class', value);
      else next.delete('class');
      next.delete('page');
      return next;
    });

  const clearFilters = () => {
    setNameInput('');
    setParams((current) => {
      const next = new URLSearchParams(current);
      for (const key of ['q', 'class', 'page']) next.delete(key);
      return next;
    });
  };

  const sortValue = formatSort(state.sort ?? DEFAULT_SORT);
  const sort: DatasetSort = (DATASET_SORTS as readonly string[]).includes(sortValue)
    ? (sortValue as DatasetSort)
    : 'desc:created';
  const datasets = useQuery(
    datasetQueries.list(tenant, {
      page: state.page,
      pageSize: state.pageSize,
      sort,
      name: nameFilter || undefined,
      datasetClass: classFilter,
    }),
  );
  const stats = useQuery(datasetQueries.stats(tenant, config.mode === 'local'));
  const sandboxes = useQuery(sandboxQueries.list(config.orgId));
  const sandboxTitle = sandboxes.data?.find((s) => s.name === tenant.sandbox)?.title ?? tenant.sandbox;

  const filtered = Boolean(nameFilter || classFilter);
  const total = datasets.data?.total;

  return (
    <>
      <PageHeader
        title="Datasets"
        subtitle={
          <>
            The data that feeds profiles in sandbox {sandboxTitle}
            {total !== undefined && ` · ${plural(total, filtered ? 'matching dataset' : 'dataset')}`}
          </>
        }
        actions={
          <Button variant="contained" startIcon={<AddIcon />} onClick={() => setCreateOpen(true)}>
            Create dataset
          </Button>
        }
      />
      <Paper variant="outlined">
        <Stack
          direction={{ xs: 'column', sm: 'row' }}
          spacing={2}
          sx={{ p: 2, borderBottom: 1, borderColor: 'divider' }}
        >
          <TextField
            label="Filter by name"
            size="small"
            value={nameInput}
            onChange={(e) => setNameInput(e.target.value)}
            sx={{ minWidth: { sm: 280 } }}
            slotProps={{
              input: {
                startAdornment: (
                  <InputAdornment position="start">
                    <SearchIcon fontSize="small" />
                  </InputAdornment>
                ),
              },
              htmlInput: { type: 'search' },
            }}
          />
          <TextField
            select
            label="Class"
            size="small"
            value={classFilter ?? ''}
            onChange={(e) => setClass(e.target.value)}
            sx={{ minWidth: 190 }}
            slotProps={{ inputLabel: { shrink: true }, select: { displayEmpty: true } }}
          >
            <MenuItem value="">All classes</MenuItem>
            {(Object.keys(CLASS_LABELS) as DatasetClass[]).map((c) => (
              <MenuItem key={c} value={c}>
                {CLASS_LABELS[c]}
              </MenuItem>
            ))}
          </TextField>
          {filtered && (
            <Button onClick={clearFilters} sx={{ alignSelf: { sm: 'center' } }}>
              Clear filters
            </Button>
          )}
        </Stack>
        {datasets.isError ? (
          <Stack sx={{ p: 2 }}>
            <InlineError
              title="Could not load the datasets"
              error={datasets.error}
              onRetry={() => datasets.refetch()}
            />
          </Stack>
        ) : datasets.data && datasets.data.total === 0 ? (
          filtered ? (
            <EmptyState
              title="No datasets match these filters"
              description="Try another name or class."
              action={<Button onClick={clearFilters}>Clear filters</Button>}
            />
          ) : (
            <EmptyState
              title="No datasets in this sandbox yet"
              description="Create a dataset, then upload JSON or NDJSON records into it."
              action={
                <Button variant="contained" startIcon={<AddIcon />} onClick={() => setCreateOpen(true)}>
                  Create dataset
                </Button>
              }
            />
          )
        ) : (
          <DatasetsTable
            rows={datasets.data?.items ?? []}
            total={datasets.data?.total ?? 0}
            loading={datasets.isPending || (datasets.isFetching && datasets.isPlaceholderData)}
            state={state}
            stats={stats.data}
            showCounts={config.mode === 'local' && !stats.isError}
            compact={compact}
            onOpen={(id) => navigate(id)}
          />
        )}
        {stats.isError && (
          <Typography variant="caption" color="text.secondary" sx={{ display: 'block', px: 2, pb: 1 }}>
            Fragment and event counts are unavailable: {stats.error.message}
          </Typography>
        )}
      </Paper>
      <CreateDatasetDialog
        open={createOpen}
        tenant={tenant}
        onClose={() => setCreateOpen(false)}
        onCreated={(id) => navigate(id)}
      />
    </>
  );
}

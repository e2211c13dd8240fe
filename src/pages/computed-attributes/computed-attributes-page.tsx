// /:sandbox/computed-attributes — the sandbox's computed attributes, server-paged, with paging,
// sort and filters in the URL (page, size, sort, q = name contains, status).
import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import Button from '@mui/material/Button';
import InputAdornment from '@mui/material/InputAdornment';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import useMediaQuery from '@mui/material/useMediaQuery';
import type { Theme } from '@mui/material/styles';
import AddIcon from '@mui/icons-material/Add';
import FunctionsIcon from '@mui/icons-material/Functions';
import SearchIcon from '@mui/icons-material/Search';
import { CA_SORT_FIELDS, type CaSortField } from '../../../contracts/computed-attributes.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { InlineError } from '../../components/inline-error.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { caQueries } from '../../features/computed-attributes/api/queries.ts';
import { STATUS_FILTERS, type StatusFilter } from '../../features/computed-attributes/api/requests.ts';
import { AttributesTable } from '../../features/computed-attributes/components/attributes-table.tsx';
import { useGridUrlState } from '../../hooks/use-grid-url-state.ts';
import { useTenant } from '../../hooks/use-tenant.ts';
import { plural } from '../../lib/format.ts';

const DEFAULT_SORT = { field: 'updateEpoch', order: 'desc' } as const;
const STATUS_LABELS: Record<StatusFilter, string> = { draft: 'Draft', published: 'Published', failed: 'Failed', disabled: 'Disabled' };

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return debounced;
}

export function ComputedAttributesPage() {
  const tenant = useTenant();
  const navigate = useNavigate();
  const compact = useMediaQuery((theme: Theme) => theme.breakpoints.down('md'), { noSsr: true });
  const [params, setParams] = useSearchParams();
  const state = useGridUrlState({ defaultPageSize: 20, pageSizeOptions: PAGE_SIZES, defaultSort: DEFAULT_SORT, sortFields: CA_SORT_FIELDS });

  const nameFilter = params.get('q') ?? '';
  const rawStatus = params.get('status');
  const statusFilter = rawStatus && rawStatus in STATUS_FILTERS ? (rawStatus as StatusFilter) : undefined;

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

  const setStatus = (value: string) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (value) next.set('status', value);
      else next.delete('status');
      next.delete('page');
      return next;
    });
  const clearFilters = () => {
    setNameInput('');
    setParams((current) => {
      const next = new URLSearchParams(current);
      for (const key of ['q', 'status', 'page']) next.delete(key);
      return next;
    });
  };

  const sort = state.sort ?? DEFAULT_SORT;
  const list = useQuery(
    caQueries.list(tenant, {
      page: state.page,
      pageSize: state.pageSize,
      sort: { field: sort.field as CaSortField, order: sort.order },
      name: nameFilter || undefined,
      status: statusFilter,
    }),
  );
  const filtered = Boolean(nameFilter || statusFilter);
  const total = list.data?.total;
  const create = (
    <Button variant="contained" startIcon={<AddIcon />} onClick={() => navigate('new')}>
      Create computed attribute
    </Button>
  );

  return (
    <>
      <PageHeader
        title="Computed attributes"
        subtitle={
          <>
            Profile attributes aggregated from experience events, refreshed on the cadence of their lookback
            {total !== undefined && ` · ${plural(total, filtered ? 'matching attribute' : 'attribute')}`}
          </>
        }
        actions={create}
      />
      <Paper variant="outlined">
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ p: 2, borderBottom: 1, borderColor: 'divider' }}>
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
            label="Status"
            size="small"
            value={statusFilter ?? ''}
            onChange={(e) => setStatus(e.target.value)}
            sx={{ minWidth: 180 }}
            slotProps={{ inputLabel: { shrink: true }, select: { displayEmpty: true } }}
          >
            <MenuItem value="">All statuses</MenuItem>
            {(Object.keys(STATUS_LABELS) as StatusFilter[]).map((s) => (
              <MenuItem key={s} value={s}>
                {STATUS_LABELS[s]}
              </MenuItem>
            ))}
          </TextField>
          {filtered && (
            <Button onClick={clearFilters} sx={{ alignSelf: { sm: 'center' } }}>
              Clear filters
            </Button>
          )}
        </Stack>
        {list.isError ? (
          <Stack sx={{ p: 2 }}>
            <InlineError title="Could not load the computed attributes" error={list.error} onRetry={() => list.refetch()} />
          </Stack>
        ) : list.data && list.data.total === 0 ? (
          filtered ? (
            <EmptyState
              title="No computed attributes match these filters"
              description="Try another name or status."
              action={<Button onClick={clearFilters}>Clear filters</Button>}
            />
          ) : (
            <EmptyState
              icon={<FunctionsIcon />}
              title="No computed attributes in this sandbox yet"
              description="Aggregate experience events into a profile attribute: a sum of order totals, a count of visits, the most recent product viewed."
              action={create}
            />
          )
        ) : (
          <AttributesTable
            rows={list.data?.items ?? []}
            total={list.data?.total ?? 0}
            loading={list.isPending || (list.isFetching && list.isPlaceholderData)}
            state={state}
            compact={compact}
            onOpen={(id) => navigate(id)}
          />
        )}
      </Paper>
    </>
  );
}

const PAGE_SIZES = [10, 20, 40];

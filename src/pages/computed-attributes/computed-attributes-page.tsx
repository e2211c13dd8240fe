// /:sandbox/computed-attributes — the sandbox's computed attributes, server-paged, with paging,
// sort and filters in the URL (page, size, sort, q = name contains, status).
import { useNavigate } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import useMediaQuery from '@mui/material/useMediaQuery';
import type { Theme } from '@mui/material/styles';
import AddIcon from '@mui/icons-material/Add';
import FunctionsIcon from '@mui/icons-material/Functions';
import { CA_SORT_FIELDS, type CaSortField } from '../../../contracts/computed-attributes.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { FilterBar, NameFilterField, SelectFilterField } from '../../components/list-filters.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { ServerListBody } from '../../components/server-list-body.tsx';
import { caQueries } from '../../features/computed-attributes/api/queries.ts';
import { STATUS_FILTERS, type StatusFilter } from '../../features/computed-attributes/api/requests.ts';
import { AttributesTable } from '../../features/computed-attributes/components/attributes-table.tsx';
import { useGridUrlState } from '../../hooks/use-grid-url-state.ts';
import { useTenant } from '../../hooks/use-tenant.ts';
import { useUrlFilters, useUrlTextFilter } from '../../hooks/use-url-filters.ts';
import { plural } from '../../lib/format.ts';

const DEFAULT_SORT = { field: 'updateEpoch', order: 'desc' } as const;
const STATUS_LABELS: Record<StatusFilter, string> = { draft: 'Draft', published: 'Published', failed: 'Failed', disabled: 'Disabled' };

export function ComputedAttributesPage() {
  const tenant = useTenant();
  const navigate = useNavigate();
  const compact = useMediaQuery((theme: Theme) => theme.breakpoints.down('md'), { noSsr: true });
  const state = useGridUrlState({ defaultPageSize: 20, pageSizeOptions: PAGE_SIZES, defaultSort: DEFAULT_SORT, sortFields: CA_SORT_FIELDS });
  const { params, setFilter, clearFilters: clearUrlFilters } = useUrlFilters();
  const name = useUrlTextFilter('q');

  const nameFilter = name.value;
  const rawStatus = params.get('status');
  const statusFilter = rawStatus && rawStatus in STATUS_FILTERS ? (rawStatus as StatusFilter) : undefined;

  const clearFilters = () => {
    name.setInput('');
    clearUrlFilters(['q', 'status']);
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
        <FilterBar>
          <NameFilterField value={name.input} onChange={name.setInput} />
          <SelectFilterField
            label="Status"
            value={statusFilter ?? ''}
            onChange={(value) => setFilter('status', value)}
            allLabel="All statuses"
            options={STATUS_LABELS}
            minWidth={180}
          />
          {filtered && (
            <Button onClick={clearFilters} sx={{ alignSelf: { sm: 'center' } }}>
              Clear filters
            </Button>
          )}
        </FilterBar>
        <ServerListBody
          query={list}
          errorTitle="Could not load the computed attributes"
          empty={
            list.data && list.data.total === 0 ? (
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
            ) : undefined
          }
        >
          <AttributesTable
            rows={list.data?.items ?? []}
            total={list.data?.total ?? 0}
            loading={list.isPending || (list.isFetching && list.isPlaceholderData)}
            state={state}
            compact={compact}
            onOpen={(id) => navigate(id)}
          />
        </ServerListBody>
      </Paper>
    </>
  );
}

const PAGE_SIZES = [10, 20, 40];

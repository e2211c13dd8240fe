// /:sandbox/datasets — the sandbox's datasets, server-paged, with paging, sort and filters in the
// URL (page, size, sort, q = name contains, class).
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import type { Theme } from '@mui/material/styles';
import AddIcon from '@mui/icons-material/Add';
import { DatasetClassSchema, type DatasetClass } from '../../../contracts/common.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { FilterBar, NameFilterField, SelectFilterField } from '../../components/list-filters.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { ServerListBody } from '../../components/server-list-body.tsx';
import { useConsoleConfig } from '../../config/console-config.ts';
import { datasetQueries } from '../../features/datasets/api/queries.ts';
import { DATASET_SORTS, type DatasetSort } from '../../features/datasets/api/requests.ts';
import { CreateDatasetDialog } from '../../features/datasets/components/create-dataset-dialog.tsx';
import { CLASS_LABELS } from '../../features/datasets/components/dataset-class.ts';
import { DatasetsTable } from '../../features/datasets/components/datasets-table.tsx';
import { sandboxQueries } from '../../features/sandboxes/api/queries.ts';
import { formatSort, useGridUrlState } from '../../hooks/use-grid-url-state.ts';
import { useTenant } from '../../hooks/use-tenant.ts';
import { useUrlFilters, useUrlTextFilter } from '../../hooks/use-url-filters.ts';
import { plural } from '../../lib/format.ts';

const DEFAULT_SORT = { field: 'created', order: 'desc' } as const;
const SORT_FIELDS = ['name', 'created'] as const;

export function DatasetsPage() {
  const tenant = useTenant();
  const config = useConsoleConfig();
  const navigate = useNavigate();
  const compact = useMediaQuery((theme: Theme) => theme.breakpoints.down('md'), { noSsr: true });
  const state = useGridUrlState({ defaultPageSize: 25, defaultSort: DEFAULT_SORT, sortFields: SORT_FIELDS });
  const [createOpen, setCreateOpen] = useState(false);
  const { params, setFilter, clearFilters: clearUrlFilters } = useUrlFilters();
  const name = useUrlTextFilter('q');

  const nameFilter = name.value;
  const parsedClass = DatasetClassSchema.safeParse(params.get('class'));
  const classFilter: DatasetClass | undefined = parsedClass.success ? parsedClass.data : undefined;

  const clearFilters = () => {
    name.setInput('');
    clearUrlFilters(['q', 'class']);
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
        <FilterBar>
          <NameFilterField value={name.input} onChange={name.setInput} />
          <SelectFilterField
            label="Class"
            value={classFilter ?? ''}
            onChange={(value) => setFilter('class', value)}
            allLabel="All classes"
            options={CLASS_LABELS}
            minWidth={190}
          />
          {filtered && (
            <Button onClick={clearFilters} sx={{ alignSelf: { sm: 'center' } }}>
              Clear filters
            </Button>
          )}
        </FilterBar>
        <ServerListBody
          query={datasets}
          errorTitle="Could not load the datasets"
          empty={
            datasets.data && datasets.data.total === 0 ? (
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
            ) : undefined
          }
        >
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
        </ServerListBody>
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

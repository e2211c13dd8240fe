// /:sandbox/export-jobs — the sandbox's export jobs, newest first, server-paged, with paging and the
// status filter in the URL (page, size, status), live progress while any runs, and New export.
import { useMemo } from 'react';
import { Link as RouterLink, useNavigate } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import useMediaQuery from '@mui/material/useMediaQuery';
import type { Theme } from '@mui/material/styles';
import AddIcon from '@mui/icons-material/Add';
import IosShareOutlinedIcon from '@mui/icons-material/IosShareOutlined';
import { ExportJobStatusSchema, type ExportJobStatus } from '../../../contracts/export-jobs.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { FilterBar, SelectFilterField } from '../../components/list-filters.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { ServerListBody } from '../../components/server-list-body.tsx';
import { useConsoleConfig } from '../../config/console-config.ts';
import { datasetQueries } from '../../features/datasets/api/queries.ts';
import { exportJobQueries } from '../../features/export-jobs/api/queries.ts';
import { ExportJobsTable } from '../../features/export-jobs/components/export-jobs-table.tsx';
import { mergePolicyQueries } from '../../features/merge-policies/api/queries.ts';
import { sandboxQueries } from '../../features/sandboxes/api/queries.ts';
import { useGridUrlState } from '../../hooks/use-grid-url-state.ts';
import { useTenant } from '../../hooks/use-tenant.ts';
import { useUrlFilters } from '../../hooks/use-url-filters.ts';
import { plural } from '../../lib/format.ts';

const STATUS_LABELS: Record<ExportJobStatus, string> = { NEW: 'New', PROCESSING: 'Processing', SUCCEEDED: 'Succeeded', FAILED: 'Failed' };

export function ExportJobsPage() {
  const tenant = useTenant();
  const config = useConsoleConfig();
  const navigate = useNavigate();
  const compact = useMediaQuery((theme: Theme) => theme.breakpoints.down('md'), { noSsr: true });
  const { params, setFilter } = useUrlFilters();
  const state = useGridUrlState({ defaultPageSize: 25 });
  const parsedStatus = ExportJobStatusSchema.safeParse(params.get('status'));
  const status = parsedStatus.success ? parsedStatus.data : undefined;

  const jobs = useQuery(exportJobQueries.list(tenant, { page: state.page, pageSize: state.pageSize, status }));
  const policies = useQuery(mergePolicyQueries.all(tenant));
  const datasets = useQuery(datasetQueries.list(tenant, { page: 0, pageSize: 100, sort: 'asc:name' }));
  const sandboxes = useQuery(sandboxQueries.list(config.orgId));
  const sandboxTitle = sandboxes.data?.find((s) => s.name === tenant.sandbox)?.title ?? tenant.sandbox;
  const policyNames = useMemo(() => new Map((policies.data ?? []).map((p) => [p.id, p.name])), [policies.data]);
  const datasetNames = useMemo(() => new Map((datasets.data?.items ?? []).map((d) => [d.id, d.name])), [datasets.data]);

  const setStatus = (value: string) => setFilter('status', value);

  const data = jobs.data;
  // Without a total (AEP answers none), offer one more page while the service says there is one.
  const total = data ? (data.total ?? state.page * state.pageSize + data.items.length + (data.hasNext ? 1 : 0)) : 0;
  const newButton = (
    <Button variant="contained" startIcon={<AddIcon />} component={RouterLink} to="new">
      New export
    </Button>
  );

  return (
    <>
      <PageHeader
        title="Export jobs"
        subtitle={
          <>
            Merged profiles written as batches of a dataset, in sandbox {sandboxTitle}
            {data?.total !== undefined && ` · ${plural(data.total, status ? `${STATUS_LABELS[status].toLowerCase()} job` : 'job')}`}
          </>
        }
        actions={newButton}
      />
      <Paper variant="outlined">
        <FilterBar alignCenter>
          <SelectFilterField
            label="Status"
            value={status ?? ''}
            onChange={setStatus}
            allLabel="All statuses"
            options={STATUS_LABELS}
            minWidth={190}
          />
          {status && <Button onClick={() => setStatus('')}>Clear filter</Button>}
        </FilterBar>
        <ServerListBody
          query={jobs}
          errorTitle="Could not load the export jobs"
          empty={
            data && data.items.length === 0 && state.page === 0 ? (
              status ? (
                <EmptyState
                  title={`No ${STATUS_LABELS[status].toLowerCase()} export jobs`}
                  description="Try another status."
                  action={<Button onClick={() => setStatus('')}>Show all jobs</Button>}
                />
              ) : (
                <EmptyState
                  icon={<IosShareOutlinedIcon />}
                  title="No export jobs in this sandbox yet"
                  description="An export writes every merged profile — the attributes you pick, and their events if you ask — into a new batch of a dataset, as NDJSON you can download or read through the Data Access API."
                  action={newButton}
                />
              )
            ) : undefined
          }
        >
          <ExportJobsTable
            rows={data?.items ?? []}
            total={total}
            loading={jobs.isPending || (jobs.isFetching && jobs.isPlaceholderData)}
            state={state}
            policyNames={policyNames}
            datasetNames={datasetNames}
            sandbox={tenant.sandbox}
            compact={compact}
            onOpen={(id) => navigate(String(id))}
          />
        </ServerListBody>
      </Paper>
    </>
  );
}

// Query-options factories for export jobs. Every key starts with the sandbox. Lists and jobs that
// are NEW or PROCESSING are polled (live progress); polling stops once nothing runs.
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { ExportJob } from '../../../../contracts/export-jobs.ts';
import type { SandboxTenant } from '../../../hooks/use-tenant.ts';
import { fetchAttributePaths, fetchBatchFiles, fetchExportJob, fetchExportJobs, type ExportJobListParams } from './requests.ts';

/** How often running jobs are polled. */
export const EXPORT_POLL_MS = 1000;

export const isRunningExport = (job: Pick<ExportJob, 'status'>) => job.status === 'NEW' || job.status === 'PROCESSING';

export const exportJobKeys = {
  all: (sandbox: string) => [sandbox, 'export-jobs'] as const,
  lists: (sandbox: string) => [sandbox, 'export-jobs', 'list'] as const,
  list: (sandbox: string, params: ExportJobListParams) => [sandbox, 'export-jobs', 'list', params] as const,
  detail: (sandbox: string, id: number) => [sandbox, 'export-jobs', 'detail', id] as const,
  files: (sandbox: string, batchId: string) => [sandbox, 'export-jobs', 'files', batchId] as const,
  attributePaths: (sandbox: string) => [sandbox, 'export-jobs', 'attribute-paths'] as const,
};

export const exportJobQueries = {
  list: (tenant: SandboxTenant, params: ExportJobListParams) =>
    queryOptions({
      queryKey: exportJobKeys.list(tenant.sandbox, params),
      queryFn: ({ signal }) => fetchExportJobs(tenant, params, signal),
      placeholderData: keepPreviousData,
      refetchInterval: (query) => (query.state.data?.items.some(isRunningExport) ? EXPORT_POLL_MS : false),
    }),
  detail: (tenant: SandboxTenant, id: number) =>
    queryOptions({
      queryKey: exportJobKeys.detail(tenant.sandbox, id),
      queryFn: ({ signal }) => fetchExportJob(tenant, id, signal),
      refetchInterval: (query) => (query.state.data && isRunningExport(query.state.data) ? EXPORT_POLL_MS : false),
    }),
  /** The output batch's files (Data Access): only once the job SUCCEEDED. */
  files: (tenant: SandboxTenant, batchId: string | undefined) =>
    queryOptions({
      queryKey: exportJobKeys.files(tenant.sandbox, batchId ?? ''),
      queryFn: ({ signal }) => fetchBatchFiles(tenant, batchId!, signal),
      enabled: Boolean(batchId),
      staleTime: Infinity,
    }),
  /** Paths present in the sandbox's data (local mode only), for the field pickers. */
  attributePaths: (tenant: SandboxTenant, enabled = true) =>
    queryOptions({
      queryKey: exportJobKeys.attributePaths(tenant.sandbox),
      queryFn: ({ signal }) => fetchAttributePaths(tenant, signal),
      staleTime: 60_000,
      enabled,
    }),
};

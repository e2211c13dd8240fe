// Query-options factories for the preview sample and its reports. Keys start with the sandbox; a
// day's report never changes once the day is over, the latest one changes with every sample.
import { queryOptions } from '@tanstack/react-query';
import type { SampleJob } from '../../../../contracts/preview-sample.ts';
import type { SandboxTenant } from '../../../hooks/use-tenant.ts';
import { fetchReport, fetchReportDays, fetchSampleJobs, fetchSampleStatus, type ReportKind } from './requests.ts';

/** How often a running sample is polled. */
export const SAMPLE_POLL_MS = 1000;

export const isActiveJob = (job: Pick<SampleJob, 'status'> | undefined) => job?.status === 'queued' || job?.status === 'running';

export const reportKeys = {
  all: (sandbox: string) => [sandbox, 'reports'] as const,
  status: (sandbox: string) => [sandbox, 'reports', 'status'] as const,
  jobs: (sandbox: string) => [sandbox, 'reports', 'jobs'] as const,
  days: (sandbox: string) => [sandbox, 'reports', 'days'] as const,
  reports: (sandbox: string) => [sandbox, 'reports', 'report'] as const,
  report: (sandbox: string, kind: ReportKind, date: string | undefined) => [sandbox, 'reports', 'report', kind, date ?? 'latest'] as const,
};

export const reportQueries = {
  status: (tenant: SandboxTenant) =>
    queryOptions({
      queryKey: reportKeys.status(tenant.sandbox),
      queryFn: ({ signal }) => fetchSampleStatus(tenant, signal),
      refetchInterval: (query) => (query.state.data?.sampleJobRunning.status ? SAMPLE_POLL_MS : false),
    }),
  /** Recent sample jobs (local mode): live progress while one runs. */
  jobs: (tenant: SandboxTenant, options: { enabled?: boolean; awaiting?: string } = {}) =>
    queryOptions({
      queryKey: reportKeys.jobs(tenant.sandbox),
      queryFn: ({ signal }) => fetchSampleJobs(tenant, signal),
      enabled: options.enabled ?? true,
      // Poll while a job runs, and until the one just started shows up finished.
      refetchInterval: (query) => {
        const jobs = query.state.data;
        const awaited = options.awaiting === undefined ? undefined : jobs?.find((j) => j.id === options.awaiting);
        return isActiveJob(jobs?.[0]) || (options.awaiting !== undefined && (!awaited || isActiveJob(awaited))) ? SAMPLE_POLL_MS : false;
      },
    }),
  days: (tenant: SandboxTenant, enabled = true) =>
    queryOptions({
      queryKey: reportKeys.days(tenant.sandbox),
      queryFn: ({ signal }) => fetchReportDays(tenant, signal),
      enabled,
    }),
  report: <K extends ReportKind>(tenant: SandboxTenant, kind: K, date: string | undefined, enabled = true) =>
    queryOptions({
      queryKey: reportKeys.report(tenant.sandbox, kind, date),
      queryFn: ({ signal }) => fetchReport(tenant, kind, date, signal),
      enabled,
      // A missing report (404) is an answer, not a failure to retry.
      retry: false,
    }),
};

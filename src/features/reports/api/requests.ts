// Request functions for the preview sample and its reports: contract endpoints in, plain data out.
import {
  getDatasetOverlapReport,
  getDatasetReport,
  getNamespaceOverlapReport,
  getNamespaceReport,
  getPreviewSampleStatus,
  getUnstitchedProfilesReport,
  listPreviewReports,
  listPreviewSampleJobs,
  runPreviewSample,
  type DatasetReport,
  type NamespaceReport,
  type OverlapReport,
  type PreviewSampleStatus,
  type ReportDayList,
  type SampleJob,
  type UnstitchedProfilesReport,
} from '../../../../contracts/preview-sample.ts';
import { apiRequest } from '../../../lib/api-client.ts';
import type { SandboxTenant } from '../../../hooks/use-tenant.ts';

export type ReportKind = 'dataset' | 'namespace' | 'datasetOverlap' | 'namespaceOverlap' | 'unstitched';

export interface ReportData {
  dataset: DatasetReport;
  namespace: NamespaceReport;
  datasetOverlap: OverlapReport;
  namespaceOverlap: OverlapReport;
  unstitched: UnstitchedProfilesReport;
}

type Query = { date?: string };
const FETCHERS: { [K in ReportKind]: (tenant: SandboxTenant, query: Query, signal?: AbortSignal) => Promise<ReportData[K]> } = {
  dataset: async (tenant, query, signal) => (await apiRequest(getDatasetReport, { tenant, query, signal })).data,
  namespace: async (tenant, query, signal) => (await apiRequest(getNamespaceReport, { tenant, query, signal })).data,
  datasetOverlap: async (tenant, query, signal) => (await apiRequest(getDatasetOverlapReport, { tenant, query, signal })).data,
  namespaceOverlap: async (tenant, query, signal) => (await apiRequest(getNamespaceOverlapReport, { tenant, query, signal })).data,
  unstitched: async (tenant, query, signal) => (await apiRequest(getUnstitchedProfilesReport, { tenant, query, signal })).data,
};

export async function fetchSampleStatus(tenant: SandboxTenant, signal?: AbortSignal): Promise<PreviewSampleStatus> {
  return (await apiRequest(getPreviewSampleStatus, { tenant, signal })).data;
}

/** One report of a day (UTC), or the latest without a day. */
export function fetchReport<K extends ReportKind>(tenant: SandboxTenant, kind: K, date: string | undefined, signal?: AbortSignal): Promise<ReportData[K]> {
  return FETCHERS[kind](tenant, date ? { date } : {}, signal);
}

/** Days with a report, newest first (local mode). */
export async function fetchReportDays(tenant: SandboxTenant, signal?: AbortSignal): Promise<ReportDayList['reports']> {
  return (await apiRequest(listPreviewReports, { tenant, signal })).data.reports;
}

export async function fetchSampleJobs(tenant: SandboxTenant, signal?: AbortSignal): Promise<SampleJob[]> {
  return (await apiRequest(listPreviewSampleJobs, { tenant, query: { limit: 5 }, signal })).data.jobs;
}

/** Starts a sample; a running one is returned instead (`alreadyRunning`). */
export async function startSample(tenant: SandboxTenant): Promise<{ job: SampleJob; alreadyRunning: boolean }> {
  const res = await apiRequest(runPreviewSample, { tenant });
  return { job: res.data, alreadyRunning: res.status === 200 };
}

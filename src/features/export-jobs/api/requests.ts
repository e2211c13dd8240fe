// Request functions for export jobs, their output (Data Access) and the attribute paths a field
// picker offers: contract endpoints in, plain data out. No React here.
import {
  cancelExportJob,
  createExportJob,
  downloadExportJob,
  getExportJob,
  listAttributePaths,
  listBatchFiles,
  listExportJobs,
  type AttributePaths,
  type CreateExportJobBody,
  type DataSetFile,
  type ExportDownloadFormat,
  type ExportJob,
  type ExportJobStatus,
} from '../../../../contracts/export-jobs.ts';
import { apiDownload, apiRequest, type DownloadedFile } from '../../../lib/api-client.ts';
import type { SandboxTenant } from '../../../hooks/use-tenant.ts';

export interface ExportJobListParams {
  page: number;
  pageSize: number;
  status?: ExportJobStatus;
}

export interface ExportJobPage {
  items: ExportJob[];
  /** All jobs matching the filter; undefined when the service does not say (AEP). */
  total: number | undefined;
  hasNext: boolean;
}

export async function fetchExportJobs(tenant: SandboxTenant, params: ExportJobListParams, signal?: AbortSignal): Promise<ExportJobPage> {
  const { data } = await apiRequest(listExportJobs, {
    tenant,
    signal,
    // A row offset (local extension) keeps page numbers in the URL meaningful after a reload.
    query: { limit: params.pageSize, offset: params.page > 0 ? String(params.page * params.pageSize) : undefined, status: params.status },
  });
  return { items: data.records, total: data.page.totalCount, hasNext: data.link.next !== '' };
}

export async function fetchExportJob(tenant: SandboxTenant, id: number, signal?: AbortSignal): Promise<ExportJob> {
  return (await apiRequest(getExportJob, { tenant, signal, params: { exportJobId: String(id) } })).data;
}

export async function createExportJobRequest(tenant: SandboxTenant, body: CreateExportJobBody): Promise<ExportJob> {
  return (await apiRequest(createExportJob, { tenant, body })).data;
}

export async function cancelExportJobRequest(tenant: SandboxTenant, id: number): Promise<void> {
  await apiRequest(cancelExportJob, { tenant, params: { exportJobId: String(id) } });
}

export async function fetchAttributePaths(tenant: SandboxTenant, signal?: AbortSignal): Promise<AttributePaths> {
  return (await apiRequest(listAttributePaths, { tenant, signal })).data;
}

export async function fetchBatchFiles(tenant: SandboxTenant, batchId: string, signal?: AbortSignal): Promise<DataSetFile[]> {
  return (await apiRequest(listBatchFiles, { tenant, signal, params: { batchId } })).data.data;
}

export async function downloadExportRequest(tenant: SandboxTenant, id: number, format: ExportDownloadFormat): Promise<DownloadedFile> {
  return apiDownload(downloadExportJob, { tenant, params: { exportJobId: String(id) }, query: { format } });
}

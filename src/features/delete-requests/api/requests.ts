// Request functions for delete requests (profile system jobs), their impact preview, and the
// datasets and batches a request can target: contract endpoints in, plain data out.
import { listBatches, listDatasets, type Batch } from '../../../../contracts/catalog.ts';
import { EVENT_SCHEMA_ID, PROFILE_SCHEMA_ID, type DatasetClass } from '../../../../contracts/common.ts';
import {
  createSystemJob,
  deleteSystemJob,
  getSystemJob,
  isLegacySystemJob,
  listSystemJobs,
  parseDeleteMetrics,
  previewDeleteImpact,
  type AnySystemJob,
  type DeleteImpact,
  type DeleteMetrics,
  type LegacySystemJob,
} from '../../../../contracts/system-jobs.ts';
import type { SandboxTenant } from '../../../hooks/use-tenant.ts';
import { apiRequest } from '../../../lib/api-client.ts';

/** A delete request as the console shows it: the legacy job with its metrics decoded. */
export interface DeleteRequest extends LegacySystemJob {
  /** The targeted dataset (dataSetId for dataset deletes, datasetId for batch deletes). */
  targetDatasetId: string | undefined;
  decodedMetrics: DeleteMetrics | undefined;
}

export interface Page<T> {
  items: T[];
  total: number;
}

/** Grid sort fields → the API's sort fields. */
export const DELETE_REQUEST_SORTS = { created: 'createEpoch', status: 'status', updated: 'updateEpoch' } as const;
export type DeleteRequestSortField = keyof typeof DELETE_REQUEST_SORTS;

export interface DeleteRequestListParams {
  page: number;
  pageSize: number;
  sort: { field: DeleteRequestSortField; order: 'asc' | 'desc' };
}

/** A target: a whole dataset, or one batch of an experience-event dataset. */
export interface DeleteTarget {
  datasetId: string;
  batchId?: string;
}

function toDeleteRequest(job: AnySystemJob): DeleteRequest {
  // The console never sends x-sandbox-id, so the service answers in the legacy format.
  if (!isLegacySystemJob(job)) throw new Error('The service answered a delete request in the new (AWS) format; the console reads the legacy one');
  return { ...job, targetDatasetId: job.dataSetId ?? job.datasetId, decodedMetrics: parseDeleteMetrics(job.metrics) };
}

export async function fetchDeleteRequests(tenant: SandboxTenant, params: DeleteRequestListParams, signal?: AbortSignal): Promise<Page<DeleteRequest>> {
  const { data } = await apiRequest(listSystemJobs, {
    tenant,
    signal,
    query: { start: params.page * params.pageSize, limit: params.pageSize, sort: `${DELETE_REQUEST_SORTS[params.sort.field]}:${params.sort.order}` },
  });
  if (!('count' in data._page)) throw new Error('The service answered the delete request list in the new (AWS) format');
  return { items: data.children.map(toDeleteRequest), total: data._page.count };
}

export async function fetchDeleteRequest(tenant: SandboxTenant, id: string, signal?: AbortSignal): Promise<DeleteRequest> {
  return toDeleteRequest((await apiRequest(getSystemJob, { tenant, signal, params: { id } })).data);
}

export async function createDeleteRequest(tenant: SandboxTenant, target: DeleteTarget): Promise<DeleteRequest> {
  // AEP's bodies: {"dataSetId"} for a dataset, {"datasetId", "batchId"} for a batch.
  const body = target.batchId ? { datasetId: target.datasetId, batchId: target.batchId } : { dataSetId: target.datasetId };
  return toDeleteRequest((await apiRequest(createSystemJob, { tenant, body })).data);
}

export async function removeDeleteRequest(tenant: SandboxTenant, id: string): Promise<void> {
  await apiRequest(deleteSystemJob, { tenant, params: { id } });
}

export async function fetchDeleteImpact(tenant: SandboxTenant, target: DeleteTarget, signal?: AbortSignal): Promise<DeleteImpact> {
  return (await apiRequest(previewDeleteImpact, { tenant, signal, body: target })).data;
}

export interface TargetDataset {
  id: string;
  name: string;
  datasetClass: DatasetClass | undefined;
}

/** The sandbox's datasets (the first 100 by name: what a picker can show). */
export async function fetchTargetDatasets(tenant: SandboxTenant, signal?: AbortSignal): Promise<TargetDataset[]> {
  const { data } = await apiRequest(listDatasets, { tenant, signal, query: { limit: 100, orderBy: 'asc:name' } });
  return Object.entries(data).map(([id, d]) => ({
    id,
    name: d.name,
    datasetClass: d.schemaRef.id === PROFILE_SCHEMA_ID ? 'profile' : d.schemaRef.id === EVENT_SCHEMA_ID ? 'experienceevent' : undefined,
  }));
}

/** The successful batches of a dataset, newest first (the ones a batch delete can target). */
export async function fetchTargetBatches(tenant: SandboxTenant, datasetId: string, signal?: AbortSignal): Promise<Batch[]> {
  const { data } = await apiRequest(listBatches, { tenant, signal, query: { dataSet: datasetId, status: 'success', limit: 100, orderBy: 'desc:created' } });
  return Object.values(data);
}

// Request functions for datasets, their batches and batch ingestion: contract endpoints in, plain
// data out. No React here; queries.ts and mutations.ts wrap these for React Query.
import {
  createDataset,
  getBatch,
  getDataset,
  listBatches,
  listDatasets,
  patchDataset,
  type Batch,
  type CreateDatasetBody,
  type Dataset,
  type PatchDatasetBody,
} from '../../../../contracts/catalog.ts';
import {
  batchAction,
  createBatch,
  listFailedRecords,
  uploadBatchFile,
  type FailedRecords,
} from '../../../../contracts/ingestion.ts';
import { getDatasetStats, type DatasetStats } from '../../../../contracts/local.ts';
import { EVENT_SCHEMA_ID, PROFILE_SCHEMA_ID, type DatasetClass } from '../../../../contracts/common.ts';
import { apiRequest, apiUpload } from '../../../lib/api-client.ts';
import type { SandboxTenant } from '../../../hooks/use-tenant.ts';

export type DatasetRow = Dataset & { id: string };
export type BatchRow = Batch;

export interface Page<T> {
  items: T[];
  /** Unpaged total (Catalog's x-total-count header). */
  total: number;
}

export const DATASET_SORTS = [
  'desc:created',
  'asc:created',
  'asc:name',
  'desc:name',
  'desc:updated',
  'asc:updated',
] as const;
export type DatasetSort = (typeof DATASET_SORTS)[number];

export const SCHEMA_OF_CLASS: Record<DatasetClass, string> = {
  profile: PROFILE_SCHEMA_ID,
  experienceevent: EVENT_SCHEMA_ID,
};

export function classOfDataset(dataset: Pick<Dataset, 'schemaRef'>): DatasetClass | undefined {
  if (dataset.schemaRef.id === PROFILE_SCHEMA_ID) return 'profile';
  if (dataset.schemaRef.id === EVENT_SCHEMA_ID) return 'experienceevent';
  return undefined;
}

export interface DatasetListParams {
  page: number;
  pageSize: number;
  sort: DatasetSort;
  /** Name contains (case-insensitive). */
  name?: string;
  datasetClass?: DatasetClass;
}

function total(headers: Headers, fallback: number): number {
  const n = Number(headers.get('x-total-count'));
  return Number.isFinite(n) && headers.has('x-total-count') ? n : fallback;
}

export async function fetchDatasets(
  tenant: SandboxTenant,
  params: DatasetListParams,
  signal?: AbortSignal,
): Promise<Page<DatasetRow>> {
  const property: string[] = [];
  if (params.name) property.push(`name~${params.name}`);
  if (params.datasetClass) property.push(`schemaRef.id==${SCHEMA_OF_CLASS[params.datasetClass]}`);
  const { data, headers } = await apiRequest(listDatasets, {
    tenant,
    signal,
    query: {
      limit: params.pageSize,
      start: params.page * params.pageSize,
      orderBy: params.sort,
      property: property.length ? property : undefined,
    },
  });
  const items = Object.entries(data).map(([id, dataset]) => ({ ...dataset, id }));
  return { items, total: total(headers, items.length) };
}

export async function fetchDataset(
  tenant: SandboxTenant,
  datasetId: string,
  signal?: AbortSignal,
): Promise<DatasetRow> {
  const { data } = await apiRequest(getDataset, { tenant, signal, params: { datasetId } });
  const [id, dataset] = Object.entries(data)[0] ?? [];
  if (!id || !dataset) throw new Error(`The service answered no dataset for ${datasetId}`);
  return { ...dataset, id };
}

export async function fetchDatasetStats(tenant: SandboxTenant, signal?: AbortSignal): Promise<DatasetStats> {
  return (await apiRequest(getDatasetStats, { tenant, signal })).data;
}

/** Creates a dataset and answers its id (Catalog answers `["@/dataSets/<id>"]`). */
export async function createDatasetRequest(tenant: SandboxTenant, body: CreateDatasetBody): Promise<string> {
  const { data } = await apiRequest(createDataset, { tenant, body });
  const ref = data[0] ?? '';
  return ref.slice(ref.lastIndexOf('/') + 1);
}

export async function patchDatasetRequest(
  tenant: SandboxTenant,
  datasetId: string,
  body: PatchDatasetBody,
): Promise<void> {
  await apiRequest(patchDataset, { tenant, params: { datasetId }, body });
}

export interface BatchListParams {
  datasetId: string;
  page: number;
  pageSize: number;
}

export async function fetchBatches(
  tenant: SandboxTenant,
  params: BatchListParams,
  signal?: AbortSignal,
): Promise<Page<BatchRow>> {
  const { data, headers } = await apiRequest(listBatches, {
    tenant,
    signal,
    query: {
      dataSet: params.datasetId,
      limit: params.pageSize,
      start: params.page * params.pageSize,
      orderBy: 'desc:created',
    },
  });
  const items = Object.values(data);
  return { items, total: total(headers, items.length) };
}

export async function fetchBatch(
  tenant: SandboxTenant,
  batchId: string,
  signal?: AbortSignal,
): Promise<BatchRow> {
  const { data } = await apiRequest(getBatch, { tenant, signal, params: { batchId } });
  const batch = data[batchId] ?? Object.values(data)[0];
  if (!batch) throw new Error(`The service answered no batch for ${batchId}`);
  return batch;
}

export async function fetchFailedRecords(
  tenant: SandboxTenant,
  batchId: string,
  page: { start: number; limit: number },
  signal?: AbortSignal,
): Promise<FailedRecords> {
  return (await apiRequest(listFailedRecords, { tenant, signal, params: { batchId }, query: page })).data;
}

export async function createBatchRequest(tenant: SandboxTenant, datasetId: string): Promise<BatchRow> {
  return (await apiRequest(createBatch, { tenant, body: { datasetId, inputFormat: { format: 'json' } } }))
    .data;
}

/**
 * The name the file is stored under in the batch: the browser's file name with anything the
 * contract refuses (slashes, control characters) replaced. The service never uses it as a path.
 */
export function uploadFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = name.replace(/[/\\\u0000-\u001f]/g, '_').slice(0, 255);
  return clean === '' || clean === '.' || clean === '..' ? 'upload.json' : clean;
}

export async function uploadBatchFileRequest(
  tenant: SandboxTenant,
  input: {
    batchId: string;
    datasetId: string;
    file: File;
    signal?: AbortSignal;
    onProgress?: (p: { loaded: number; total: number }) => void;
  },
): Promise<void> {
  await apiUpload(uploadBatchFile, {
    tenant,
    params: { batchId: input.batchId, datasetId: input.datasetId, fileName: uploadFileName(input.file.name) },
    body: input.file,
    signal: input.signal,
    onProgress: input.onProgress,
  });
}

export async function completeBatchRequest(tenant: SandboxTenant, batchId: string): Promise<void> {
  await apiRequest(batchAction, { tenant, params: { batchId }, query: { action: 'COMPLETE' } });
}

export async function abortBatchRequest(tenant: SandboxTenant, batchId: string): Promise<void> {
  await apiRequest(batchAction, { tenant, params: { batchId }, query: { action: 'ABORT' } });
}

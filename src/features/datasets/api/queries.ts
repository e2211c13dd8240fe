// Query-options factories for datasets and batches. Every key starts with the sandbox, so data of
// one sandbox can never be shown in another and a sandbox's cache can be dropped as a whole.
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { BatchStatus } from '../../../../contracts/catalog.ts';
import type { SandboxTenant } from '../../../hooks/use-tenant.ts';
import {
  fetchBatch,
  fetchBatches,
  fetchDataset,
  fetchDatasets,
  fetchDatasetStats,
  fetchFailedRecords,
  type BatchListParams,
  type DatasetListParams,
} from './requests.ts';

export const TERMINAL_BATCH_STATUSES: readonly BatchStatus[] = ['success', 'failed', 'aborted'];
export const isTerminalBatch = (status: BatchStatus) => TERMINAL_BATCH_STATUSES.includes(status);

/** How often running batches are polled. */
export const BATCH_POLL_MS = 1000;

export const datasetKeys = {
  all: (sandbox: string) => [sandbox, 'datasets'] as const,
  lists: (sandbox: string) => [sandbox, 'datasets', 'list'] as const,
  list: (sandbox: string, params: DatasetListParams) => [sandbox, 'datasets', 'list', params] as const,
  details: (sandbox: string) => [sandbox, 'datasets', 'detail'] as const,
  detail: (sandbox: string, datasetId: string) => [sandbox, 'datasets', 'detail', datasetId] as const,
  stats: (sandbox: string) => [sandbox, 'datasets', 'stats'] as const,
};

export const batchKeys = {
  all: (sandbox: string) => [sandbox, 'batches'] as const,
  lists: (sandbox: string, datasetId: string) => [sandbox, 'batches', 'list', datasetId] as const,
  list: (sandbox: string, params: BatchListParams) =>
    [sandbox, 'batches', 'list', params.datasetId, params] as const,
  detail: (sandbox: string, batchId: string) => [sandbox, 'batches', 'detail', batchId] as const,
  failed: (sandbox: string, batchId: string, page: { start: number; limit: number }) =>
    [sandbox, 'batches', 'detail', batchId, 'failed', page] as const,
};

export const datasetQueries = {
  list: (tenant: SandboxTenant, params: DatasetListParams) =>
    queryOptions({
      queryKey: datasetKeys.list(tenant.sandbox, params),
      queryFn: ({ signal }) => fetchDatasets(tenant, params, signal),
      placeholderData: keepPreviousData,
      // Keep "last batch" current while a batch of a listed dataset is running.
      refetchInterval: (query) =>
        query.state.data?.items.some(
          (d) => d.lastBatchStatus === 'loading' || d.lastBatchStatus === 'processing',
        )
          ? BATCH_POLL_MS * 2
          : false,
    }),
  detail: (tenant: SandboxTenant, datasetId: string) =>
    queryOptions({
      queryKey: datasetKeys.detail(tenant.sandbox, datasetId),
      queryFn: ({ signal }) => fetchDataset(tenant, datasetId, signal),
    }),
  /** Fragment/event/batch counts per dataset: local mode only (AEP has no such endpoint). */
  stats: (tenant: SandboxTenant, enabled = true) =>
    queryOptions({
      queryKey: datasetKeys.stats(tenant.sandbox),
      queryFn: ({ signal }) => fetchDatasetStats(tenant, signal),
      enabled,
    }),
};

export const batchQueries = {
  list: (tenant: SandboxTenant, params: BatchListParams) =>
    queryOptions({
      queryKey: batchKeys.list(tenant.sandbox, params),
      queryFn: ({ signal }) => fetchBatches(tenant, params, signal),
      placeholderData: keepPreviousData,
      refetchInterval: (query) =>
        query.state.data?.items.some((b) => !isTerminalBatch(b.status)) ? BATCH_POLL_MS * 2 : false,
    }),
  detail: (tenant: SandboxTenant, batchId: string) =>
    queryOptions({
      queryKey: batchKeys.detail(tenant.sandbox, batchId),
      queryFn: ({ signal }) => fetchBatch(tenant, batchId, signal),
      refetchInterval: (query) =>
        query.state.data && !isTerminalBatch(query.state.data.status) ? BATCH_POLL_MS : false,
    }),
  failed: (tenant: SandboxTenant, batchId: string, page: { start: number; limit: number }) =>
    queryOptions({
      queryKey: batchKeys.failed(tenant.sandbox, batchId, page),
      queryFn: ({ signal }) => fetchFailedRecords(tenant, batchId, page, signal),
      placeholderData: keepPreviousData,
    }),
};

// Mutation hooks for datasets and ingestion. Each hook owns the cache invalidation its change
// causes, so components never need to know which queries a change touches.
import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { CreateDatasetBody, Dataset } from '../../../../contracts/catalog.ts';
import type { SandboxTenant } from '../../../hooks/use-tenant.ts';
import { withProfileFlags, type ProfileFlags } from '../profile-flags.ts';
import { checkUploadFile } from '../upload-check.ts';
import { BATCH_POLL_MS, batchKeys, batchQueries, datasetKeys, isTerminalBatch } from './queries.ts';
import {
  abortBatchRequest,
  completeBatchRequest,
  createBatchRequest,
  createDatasetRequest,
  patchDatasetRequest,
  uploadBatchFileRequest,
  type BatchRow,
} from './requests.ts';

function invalidateDatasets(queryClient: QueryClient, sandbox: string, datasetId?: string) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: datasetKeys.lists(sandbox) }),
    queryClient.invalidateQueries({ queryKey: datasetKeys.stats(sandbox) }),
    datasetId
      ? queryClient.invalidateQueries({ queryKey: datasetKeys.detail(sandbox, datasetId) })
      : undefined,
    datasetId ? queryClient.invalidateQueries({ queryKey: batchKeys.lists(sandbox, datasetId) }) : undefined,
  ]);
}

/** Creates a dataset; resolves with its id. */
export function useCreateDataset(tenant: SandboxTenant) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateDatasetBody) => createDatasetRequest(tenant, body),
    onSuccess: () => invalidateDatasets(queryClient, tenant.sandbox),
  });
}

/** Turns Profile and upsert on or off (the `unifiedProfile` catalog tags). */
export function useUpdateProfileFlags(
  tenant: SandboxTenant,
  dataset: Pick<Dataset, 'tags'> & { id: string },
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (flags: ProfileFlags) =>
      patchDatasetRequest(tenant, dataset.id, { tags: withProfileFlags(dataset.tags, flags) }),
    onSuccess: () => invalidateDatasets(queryClient, tenant.sandbox, dataset.id),
  });
}

/** A file the browser refused before sending anything (empty, too large, not JSON). */
export class UploadRefusedError extends Error {
  override readonly name = 'UploadRefusedError';
}

export type UploadPhase =
  | { step: 'uploading'; batchId: string; loaded: number; total: number }
  | { step: 'processing'; batchId: string; batch?: BatchRow };

export interface UploadInput {
  file: File;
  signal?: AbortSignal;
  onPhase?: (phase: UploadPhase) => void;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Ingests one JSON/NDJSON file into a dataset through the public batch ingestion API:
 * create batch → upload (with progress) → COMPLETE → poll until the batch succeeds or fails.
 * A failed upload aborts the batch, so nothing is half-ingested. Resolves with the final batch.
 */
export function useUploadDataFile(tenant: SandboxTenant, datasetId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ file, signal, onPhase }: UploadInput): Promise<BatchRow> => {
      const refused = await checkUploadFile(file);
      if (refused) throw new UploadRefusedError(refused);
      const created = await createBatchRequest(tenant, datasetId);
      const batchId = created.id;
      onPhase?.({ step: 'uploading', batchId, loaded: 0, total: file.size });
      try {
        await uploadBatchFileRequest(tenant, {
          batchId,
          datasetId,
          file,
          signal,
          onProgress: (p) => onPhase?.({ step: 'uploading', batchId, ...p }),
        });
        await completeBatchRequest(tenant, batchId);
      } catch (e) {
        await abortBatchRequest(tenant, batchId).catch(() => undefined);
        throw e;
      }
      onPhase?.({ step: 'processing', batchId });
      for (let attempt = 0; ; attempt++) {
        const batch = await queryClient.fetchQuery({ ...batchQueries.detail(tenant, batchId), staleTime: 0 });
        onPhase?.({ step: 'processing', batchId, batch });
        if (isTerminalBatch(batch.status)) return batch;
        await sleep(attempt < 10 ? BATCH_POLL_MS / 2 : BATCH_POLL_MS, signal);
      }
    },
    onSettled: () => invalidateDatasets(queryClient, tenant.sandbox, datasetId),
  });
}

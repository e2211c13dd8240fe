import { Worker, workerData, type TransferListItem } from 'node:worker_threads';

/** Starts a worker thread running a TypeScript module; it reads `data` with `typescriptWorkerData()`. */
export function startTypescriptWorker(module: URL, data: unknown, transferList?: TransferListItem[]): Worker {
  return new Worker(new URL('./typescript-worker.mjs', import.meta.url), { workerData: { module: module.href, data }, transferList });
}

/** Inside such a worker: the `data` it was started with. */
export function typescriptWorkerData<T>(): T {
  return (workerData as { data: T }).data;
}

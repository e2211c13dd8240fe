// Background WAL checkpoints. Every store runs in WAL mode; left to SQLite, the connection that
// commits copies the WAL back into the database (and syncs it) whenever the WAL passes a threshold —
// on the event loop, stalling every request for as long as that takes (tens of ms for jobs that
// rewrite scattered pages, such as deletes). Instead one worker thread checkpoints every watched
// store a few times a second (checkpoint-worker.mjs), and SQLite's own checkpoint runs only at a far
// larger WAL (open-database.ts). Under a steady stream of commits the thread's passive checkpoints
// never quite catch up, so the WAL is not started over until that large checkpoint: it then takes
// tens of ms on the event loop, but rarely.
import { Worker } from 'node:worker_threads';

/** How often the worker looks at each store's WAL, and the size worth a checkpoint. */
const INTERVAL_MS = 200;
const MIN_WAL_BYTES = 4 * 1024 * 1024;

let worker: Worker | undefined;

function checkpointWorker(): Worker {
  if (!worker) {
    worker = new Worker(new URL('./checkpoint-worker.mjs', import.meta.url), { workerData: { intervalMs: INTERVAL_MS, minWalBytes: MIN_WAL_BYTES } });
    worker.unref(); // never keeps the process alive
    worker.on('error', () => (worker = undefined)); // SQLite's own checkpoints take over; a new worker starts on the next watch
    worker.on('exit', () => (worker = undefined));
  }
  return worker;
}

/** Starts checkpointing the database file in the background. */
export function watchForCheckpoints(file: string): void {
  checkpointWorker().postMessage({ watch: file });
}

/** Stops it (before the service's own connection closes). */
export function unwatchForCheckpoints(file: string): void {
  worker?.postMessage({ unwatch: file });
}

// Background WAL checkpoints. Every store runs in WAL mode; left to SQLite, the connection that
// commits copies the WAL back into the database (and syncs it) whenever the WAL passes a threshold —
// on the event loop, stalling every request for as long as that takes (hundreds of ms for jobs that
// rewrite scattered pages, such as deletes). Instead one worker thread checkpoints every watched
// store a few times a second (checkpoint-worker.mjs), and SQLite's own checkpoint runs only at a far
// larger WAL (open-database.ts).
//
// Passive checkpoints never block the service, but under a steady stream of commits (a job's
// steps) they never quite catch up either, and SQLite starts a WAL over only after a checkpoint
// that did. So once a WAL passes RESTART_WAL_BYTES the thread asks for a quiet moment: background
// jobs hold their next step (the runner waits on `backgroundWritesPaused`) while it copies the last
// frames, so the next commit starts the WAL over. Requests are never held.
import { Worker } from 'node:worker_threads';

/** How often the worker looks at each store's WAL, the size worth a checkpoint, and the size worth starting over. */
const INTERVAL_MS = 200;
const MIN_WAL_BYTES = 4 * 1024 * 1024;
const RESTART_WAL_BYTES = 64 * 1024 * 1024;
const MAX_HOLD_MS = 2000;

let worker: Worker | undefined;
/** Stores whose checkpoint thread asked background jobs to hold their writes; settled when it is done. */
const pauses = new Map<string, { held: Promise<void>; release: () => void }>();

/** Lets background jobs write to this store again. */
function release(file: string): void {
  pauses.get(file)?.release();
  pauses.delete(file);
}

const releaseAll = () => [...pauses.keys()].forEach(release);

function checkpointWorker(): Worker {
  if (!worker) {
    worker = new Worker(new URL('./checkpoint-worker.mjs', import.meta.url), {
      workerData: { intervalMs: INTERVAL_MS, minWalBytes: MIN_WAL_BYTES, restartWalBytes: RESTART_WAL_BYTES },
    });
    worker.on('message', (m: { hold?: string; release?: string }) => {
      if (m.hold && !pauses.has(m.hold)) {
        let settle!: () => void;
        const held = new Promise<void>((r) => (settle = r));
        pauses.set(m.hold, { held, release: settle });
        // never longer than this, whatever happens to the thread
        const file = m.hold;
        setTimeout(() => pauses.get(file)?.held === held && release(file), MAX_HOLD_MS).unref();
      } else if (m.release) {
        release(m.release);
      }
    });
    // SQLite's own checkpoints take over; a new worker starts on the next watch
    worker.on('error', () => ((worker = undefined), releaseAll()));
    worker.on('exit', () => ((worker = undefined), releaseAll()));
    worker.unref(); // never keeps the process alive (after the listeners: adding a 'message' one refs it again)
  }
  return worker;
}

/** Settles when background jobs may write to this store again; undefined when they may now. */
export function backgroundWritesPaused(file: string): Promise<void> | undefined {
  return pauses.get(file)?.held;
}

/** Starts checkpointing the database file in the background. */
export function watchForCheckpoints(file: string): void {
  checkpointWorker().postMessage({ watch: file });
}

/** Stops it (before the service's own connection closes). */
export function unwatchForCheckpoints(file: string): void {
  worker?.postMessage({ unwatch: file });
  release(file);
}

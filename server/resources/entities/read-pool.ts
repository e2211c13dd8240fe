// Profile and event lookups (GET /access/entities) off the event loop: worker threads, each with its
// own read-only connection per store, run the same reads (entity-reads.ts) and hand back the answer
// as JSON text, so the event loop only validates requests and writes answers. One worker per core
// beyond the first, started on the first read; with one core, or once a worker has failed, the
// reads run on the event loop as before.
//
// Consistency: a worker starts a read transaction when it takes the request, after every commit
// made before the request was handed over, so a lookup sees the writes answered before it. A store
// about to close is forgotten first; that message reaches each worker before any later read, so a
// sandbox removed and created again is never read through a connection to the old file.
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import { ApiError } from '../../http/api-error.ts';
import { startTypescriptWorker } from '../../lib/typescript-worker.ts';
import { onDatabaseClose } from '../../store/open-database.ts';
import type { EntityRead } from './entity-reads.ts';
import type { ReadReply, ReadRequest } from './read-worker.ts';

interface Pending {
  resolve: (text: string) => void;
  reject: (e: Error) => void;
}

interface ReadWorker {
  worker: Worker;
  pending: Map<number, Pending>;
}

export interface ReadPool {
  /** Whether reads of this store go to the workers (a file-backed store, workers not failed). */
  available(db: Database): boolean;
  /** The read's answer as JSON text; rejects with the entities error the read threw. */
  run(db: Database, read: EntityRead): Promise<string>;
  close(): Promise<void>;
}

export function createReadPool(size = availableParallelism() - 1): ReadPool {
  const workers: ReadWorker[] = [];
  let failed = size < 1;
  let seq = 0;

  const fail = (w: ReadWorker, reason: string) => {
    failed = true;
    for (const p of w.pending.values()) p.reject(new Error(`read worker stopped: ${reason}`));
    w.pending.clear();
  };

  function start(): void {
    for (let i = 0; i < size; i++) {
      const w: ReadWorker = { worker: startTypescriptWorker(new URL('./read-worker.ts', import.meta.url), null), pending: new Map() };
      w.worker.on('message', (reply: ReadReply) => {
        const p = w.pending.get(reply.seq);
        if (!p) return;
        w.pending.delete(reply.seq);
        if ('text' in reply) p.resolve(reply.text);
        else if ('error' in reply) p.reject(new ApiError(reply.error.status, reply.error.body, reply.error.contentType));
        else p.reject(new Error(reply.failure));
      });
      w.worker.on('error', (e) => fail(w, e.message));
      w.worker.on('exit', (code) => fail(w, `exit code ${code}`));
      w.worker.unref(); // after the listeners: adding a 'message' one refs it again
      workers.push(w);
    }
  }

  const post = (w: ReadWorker, m: ReadRequest) => w.worker.postMessage(m);
  const stopListening = onDatabaseClose((file) => {
    for (const w of workers) post(w, { forget: file });
  });

  return {
    available: (db) => !failed && db.name !== '' && db.name !== ':memory:',

    run(db, read) {
      if (failed) return Promise.reject(new Error('the read workers stopped')); // callers check available() first
      if (workers.length === 0) start();
      const w = workers.reduce((a, b) => (b.pending.size < a.pending.size ? b : a)); // the least busy
      const id = seq++;
      return new Promise<string>((resolve, reject) => {
        w.pending.set(id, { resolve, reject });
        post(w, { seq: id, file: db.name, read });
      });
    },

    async close() {
      stopListening();
      failed = true;
      await Promise.all(workers.splice(0).map((w) => w.worker.terminate()));
    },
  };
}

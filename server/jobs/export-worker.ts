// An export worker thread: computes export chunks (export-chunk.ts — the profile reader and merge
// engine, read-only, on its own connection to the sandbox's store) for ranges of keys the export
// job hands it, and posts each chunk back on its port. It never writes: the job writes the chunks
// in order in its steps, which stay the only commit point.
import { setPriority } from 'node:os';
import { parentPort, type MessagePort } from 'node:worker_threads';
import { openReadOnly } from '../store/open-database.ts';
import { typescriptWorkerData } from '../lib/typescript-worker.ts';
import { ColumnTracker, exportChunk, namespaceCodes, scanOptionsOf } from './export-chunk.ts';
import type { ExportJobParams } from './export-job.ts';

export interface ExportWorkerInit {
  dbPath: string;
  params: ExportJobParams;
  /** Columns the job has seen so far. */
  columns: string[];
  /** Bumped (and notified) after every answer, so the job can wait for one. */
  signal: SharedArrayBuffer;
  port: MessagePort;
}

export type ExportWorkerRequest = { seq: number; after: number; until: number } | { close: true };

const init = typescriptWorkerData<ExportWorkerInit>();
// Background work yields to requests: on Linux a nice value belongs to the thread that sets it, so
// this thread runs below the event loop's (elsewhere it would lower the whole process: left alone).
if (process.platform === 'linux') setPriority(10);
const db = openReadOnly(init.dbPath);
const context = { tracker: new ColumnTracker(init.columns), canonical: namespaceCodes(db), scan: scanOptionsOf(init.params) };
const signal = new Int32Array(init.signal);

parentPort!.on('message', (m: ExportWorkerRequest) => {
  if ('close' in m) {
    db.close();
    init.port.close();
    parentPort!.close();
    return;
  }
  let reply;
  try {
    reply = { seq: m.seq, chunk: exportChunk(db, init.params, m.after, { maxKeys: Number.MAX_SAFE_INTEGER, until: m.until }, context) };
  } catch (e) {
    reply = { seq: m.seq, error: (e as Error).message || String(e) };
  }
  init.port.postMessage(reply);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
});

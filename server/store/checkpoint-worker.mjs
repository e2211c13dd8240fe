// The checkpoint thread (checkpointer.ts): copies the WAL of every watched store back into its
// database file with PASSIVE checkpoints — which never wait for, nor block, the service's own
// connection — so that this I/O and its fsync never run on the event loop. Plain JavaScript: it
// needs no TypeScript loader, so it starts in milliseconds.
import { statSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { intervalMs, minWalBytes } = workerData;
/** file → connection (opened on the first checkpoint) */
const watched = new Map();

function walBytes(file) {
  try {
    return statSync(`${file}-wal`).size;
  } catch {
    return 0;
  }
}

function checkpoint(file) {
  if (walBytes(file) < minWalBytes) return;
  let db = watched.get(file);
  try {
    if (!db) {
      db = new Database(file, { fileMustExist: true });
      db.pragma('busy_timeout = 0');
      watched.set(file, db);
    }
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // the store was closed or removed meanwhile (its unwatch message follows), or it is busy: next time
  }
}

parentPort.on('message', (m) => {
  if (m.watch) {
    if (!watched.has(m.watch)) watched.set(m.watch, undefined);
  } else if (m.unwatch) {
    watched.get(m.unwatch)?.close();
    watched.delete(m.unwatch);
  }
});

setInterval(() => {
  for (const file of watched.keys()) checkpoint(file);
}, intervalMs);

// The checkpoint thread (checkpointer.ts): copies the WAL of every watched store back into its
// database file with PASSIVE checkpoints — which never wait for, nor block, the service's own
// connection — so that this I/O and its fsync never run on the event loop. A large WAL gets a
// checkpoint that catches up with the last commit while background jobs hold their writes, so the
// next commit starts the WAL over. Plain JavaScript: it needs no TypeScript loader, so it starts in
// milliseconds.
import { statSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { intervalMs, minWalBytes, restartWalBytes } = workerData;
/** Passive checkpoints tried while the jobs hold: the first copies what they committed before holding. */
const CATCH_UP_TRIES = 5;
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
  const bytes = walBytes(file);
  if (bytes < minWalBytes) return;
  let db = watched.get(file);
  try {
    if (!db) {
      db = new Database(file, { fileMustExist: true });
      db.pragma('busy_timeout = 0');
      watched.set(file, db);
    }
    if (bytes < restartWalBytes) {
      db.pragma('wal_checkpoint(PASSIVE)');
      return;
    }
    parentPort.postMessage({ hold: file });
    try {
      for (let i = 0; i < CATCH_UP_TRIES; i++) {
        const [r] = db.pragma('wal_checkpoint(PASSIVE)');
        if (r.busy === 0 && r.log === r.checkpointed) break;
      }
    } finally {
      parentPort.postMessage({ release: file });
    }
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

// A read worker thread (read-pool.ts): answers GET /access/entities reads with entity-reads.ts on
// its own read-only connection to each store, every read in one read transaction (one snapshot),
// and posts the answer back as JSON text — or the entities error the read threw.
import { parentPort } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import { ApiError } from '../../http/api-error.ts';
import { openReadOnly } from '../../store/open-database.ts';
import { readEntity, type EntityRead } from './entity-reads.ts';

export type ReadRequest = { seq: number; file: string; read: EntityRead } | { forget: string };
export type ReadReply =
  | { seq: number; text: string }
  | { seq: number; error: { status: number; body: unknown; contentType: string } }
  | { seq: number; failure: string };

const stores = new Map<string, { db: Database; answer: (read: EntityRead) => string }>();

function store(file: string) {
  let s = stores.get(file);
  if (!s) {
    const db = openReadOnly(file);
    s = { db, answer: db.transaction((read: EntityRead) => JSON.stringify(readEntity(db, read))) };
    stores.set(file, s);
  }
  return s;
}

parentPort!.on('message', (m: ReadRequest) => {
  if ('forget' in m) {
    stores.get(m.forget)?.db.close();
    stores.delete(m.forget);
    return;
  }
  let reply: ReadReply;
  try {
    reply = { seq: m.seq, text: store(m.file).answer(m.read) };
  } catch (e) {
    reply =
      e instanceof ApiError
        ? { seq: m.seq, error: { status: e.status, body: e.body, contentType: e.contentType } }
        : { seq: m.seq, failure: (e as Error).message || String(e) };
  }
  parentPort!.postMessage(reply);
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../../store/open-database.ts';
import { resolveMergePolicy } from '../merge-policies/repository.ts';
import { readEntity, type ProfileRead } from './entity-reads.ts';
import { createReadPool, type ReadPool } from './read-pool.ts';

/** A store with one profile: a@example.com with the given first name. */
function storeWith(file: string, firstName: string): Database {
  const db = openDatabase(file, 'sandbox');
  const ns = db.prepare("SELECT id FROM namespaces WHERE code = 'Email'").pluck().get() as number;
  db.prepare('INSERT INTO identities (id, namespace_id, value, graph_id, created_ms) VALUES (1, ?, ?, 1, 0)').run(ns, 'a@example.com');
  db.prepare("INSERT INTO fragments (identity_id, dataset_id, batch_id, ingested_ms, record) VALUES (1, 'ds', 'b', 1000, ?)").run(
    JSON.stringify({ person: { name: { firstName } } }),
  );
  return db;
}

const profileRead = (db: Database, entityId = 'a@example.com'): ProfileRead => ({
  kind: 'profile',
  entityId,
  namespace: 'Email',
  policy: resolveMergePolicy(db, undefined)!,
  withCA: false,
  provenance: false,
});

const firstName = async (pool: ReadPool, db: Database) =>
  Object.values(JSON.parse(await pool.run(db, profileRead(db))) as Record<string, { entity: { person: { name: { firstName: string } } } }>)[0].entity.person.name
    .firstName;

describe('read pool', () => {
  let dir: string;
  let pool: ReadPool;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'read-pool-'));
    pool = createReadPool(1);
  });
  afterAll(async () => {
    await pool.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers as the event loop would, sees every commit made before the read, and rejects with the entities error', async () => {
    const db = storeWith(join(dir, 'one.sqlite'), 'Ann');
    expect(pool.available(db)).toBe(true);
    expect(JSON.parse(await pool.run(db, profileRead(db)))).toEqual(JSON.parse(JSON.stringify(readEntity(db, profileRead(db)))));
    db.prepare('UPDATE fragments SET record = ?').run(JSON.stringify({ person: { name: { firstName: 'Bea' } } }));
    expect(await firstName(pool, db)).toBe('Bea');
    await expect(pool.run(db, profileRead(db, 'nobody@example.com'))).rejects.toMatchObject({ status: 404, body: { statusCode: '404' } });
    closeDatabase(db);
  });

  it('never reads a closed store through an old connection, even when a new store takes its file', async () => {
    const file = join(dir, 'two.sqlite');
    const old = storeWith(file, 'Old');
    expect(await firstName(pool, old)).toBe('Old');
    closeDatabase(old);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
    const renewed = storeWith(file, 'New');
    expect(await firstName(pool, renewed)).toBe('New');
    closeDatabase(renewed);
  });
});

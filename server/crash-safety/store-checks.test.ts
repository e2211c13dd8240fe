// The crash-safety checks must be able to fail: a consistent store passes them, and each kind of
// damage a crash could leave is reported.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { createDataset, createTestApp, ingest, type TestApp } from '../testing/test-app.ts';
import { checkStores } from './store-checks.ts';

describe('store checks', () => {
  let t: TestApp;
  let db: Database;
  let batchId: string;
  const check = () => checkStores(t.dataDir, { graphs: true, backedLinks: true });

  beforeAll(async () => {
    t = await createTestApp();
    const ds = await createDataset(t, 'prod', { name: 'CRM' });
    const records = ['a', 'b', 'c'].map((k, i) => ({
      _id: k,
      identityMap: { Email: [{ id: `${k}@example.com`, primary: true }], ECID: [{ id: `ecid-${i >> 1}` }] },
    }));
    batchId = (await ingest(t, 'prod', ds, [...records, '{"broken'])).id;
    db = t.store.org(t.orgId).context('prod', false)!.db;
  });
  afterAll(() => t.close());

  it('passes a consistent store', () => {
    expect(check()).toEqual([]);
  });

  // The checks read through their own connection: each damage is committed, then undone.
  it('reports a batch left processing, and records of a batch that did not succeed', () => {
    db.prepare("UPDATE batches SET status = 'processing' WHERE id = ?").run(batchId);
    try {
      expect(check().join('\n')).toMatch(/still processing[\s\S]*is processing but has 3 records/);
    } finally {
      db.prepare("UPDATE batches SET status = 'success' WHERE id = ?").run(batchId);
    }
  });

  it('reports a graph split apart by its labels, and a record whose links are gone', () => {
    const [a, b] = db.prepare('SELECT a, b FROM identity_links ORDER BY a LIMIT 1').raw().get() as [number, number];
    db.prepare('UPDATE identities SET graph_id = ? WHERE id = ?').run(b, b);
    try {
      expect(check().join('\n')).toMatch(/linked but labelled apart[\s\S]*records or links connect it/);
    } finally {
      db.prepare('UPDATE identities SET graph_id = (SELECT graph_id FROM identities WHERE id = ?) WHERE id = ?').run(a, b);
    }
    expect(check()).toEqual([]);
  });

  it('reports links no record backs and failed jobs without a reason', () => {
    const fragment = db.prepare('SELECT * FROM fragments ORDER BY id LIMIT 1').get() as Record<string, unknown>;
    db.prepare('DELETE FROM fragments WHERE id = ?').run(fragment.id);
    db.prepare("INSERT INTO jobs (kind, status, params, created_ms, updated_ms) VALUES ('delete', 'failed', '{}', 0, 0)").run();
    try {
      const problems = check().join('\n');
      expect(problems).toMatch(/is backed by no record/);
      expect(problems).toMatch(/delete job \d+ is failed without a reason/);
    } finally {
      db.prepare('INSERT INTO fragments (id, identity_id, dataset_id, batch_id, ingested_ms, record) VALUES (@id, @identity_id, @dataset_id, @batch_id, @ingested_ms, @record)').run(fragment);
      db.prepare("DELETE FROM jobs WHERE kind = 'delete'").run();
    }
    expect(check()).toEqual([]);
  });
});

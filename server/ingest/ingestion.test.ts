import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createDataset, createTestApp, ingest, profileRecord, waitForBatch, type TestApp } from '../testing/test-app.ts';
import { createBatchService } from './batch-service.ts';

const IMPORT = '/data/foundation/import/batches';

describe('batch ingestion', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ maxUploadBytes: 256 * 1024 });
  });
  afterAll(() => t.close());

  const db = (sandbox: string) => t.store.org(t.orgId).context(sandbox, true)!.db;
  const count = (sandbox: string, table: string) => (db(sandbox).prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

  async function newBatch(sandbox: string, datasetId: string) {
    const res = await t.app.inject({ method: 'POST', url: IMPORT, headers: t.headers(sandbox), payload: { datasetId, inputFormat: { format: 'json' } } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ status: 'loading', relatedObjects: [{ type: 'dataSet', id: datasetId }] });
    return res.json().id as string;
  }
  const upload = (sandbox: string, batchId: string, datasetId: string, body: string | Buffer, name = 'f.ndjson') =>
    t.app.inject({
      method: 'PUT',
      url: `${IMPORT}/${batchId}/datasets/${datasetId}/files/${encodeURIComponent(name)}`,
      headers: { ...t.headers(sandbox), 'content-type': 'application/octet-stream' },
      payload: body,
    });
  const complete = (sandbox: string, batchId: string) =>
    t.app.inject({ method: 'POST', url: `${IMPORT}/${batchId}?action=COMPLETE`, headers: t.headers(sandbox) });

  it('lands good records, reports each bad one with its reason, and counts them in metrics', async () => {
    const sb = 'ing-mixed';
    const ds = await createDataset(t, sb, { name: 'CRM' });
    const batch = await ingest(t, sb, ds, [
      profileRecord('a@example.com', { person: { name: { firstName: 'Ann' } } }),
      '{"broken json',
      { _id: 'x', person: {} },
      { identityMap: { Nope: [{ id: '1' }] } },
      { identityMap: { Email: [{ id: '' }] } },
      profileRecord('b@example.com', { big: 'x'.repeat(101 * 1024) }),
      { timestamp: '2026-01-01T00:00:00Z', eventType: 'web.webpagedetails.pageViews', identityMap: { Email: [{ id: 'c@example.com' }] } },
      '[1,2]',
      profileRecord('d@example.com'),
    ]);
    expect(batch.status).toBe('success');
    expect(batch.metrics).toMatchObject({ inputRecordCount: 9, outputRecordCount: 2, failedRecordCount: 7 });
    const failed = await t.app.inject({ url: `/data/foundation/export/batches/${batch.id}/failed`, headers: t.headers(sb) });
    expect(failed.json()._page.totalCount).toBe(7);
    expect(failed.json().data.map((f: { line: number; code: string }) => [f.line, f.code])).toEqual([
      [2, 'INVALID_JSON'],
      [3, 'NO_IDENTITY'],
      [4, 'UNKNOWN_NAMESPACE'],
      [5, 'INVALID_IDENTITY'],
      [6, 'RECORD_TOO_LARGE'],
      [7, 'WRONG_CLASS'],
      [8, 'NOT_AN_OBJECT'],
    ]);
    expect(failed.json().data[2].message).toContain('"Nope"');
    expect(count(sb, 'fragments')).toBe(2);
    expect(batch.errors.find((e: { code: string }) => e.code === 'INVALID_JSON').recordCount).toBe(1);
  });

  it('validates experience events: timestamp, _id, size, class', async () => {
    const sb = 'ing-events';
    const ds = await createDataset(t, sb, { name: 'Web', kind: 'event' });
    const ev = (id: string, extra: object = {}) => ({
      _id: id,
      timestamp: '2026-03-01T10:00:00Z',
      eventType: 'web.webpagedetails.pageViews',
      identityMap: { ECID: [{ id: '123', primary: true }] },
      ...extra,
    });
    const batch = await ingest(t, sb, ds, [
      ev('e1'),
      ev('e2', { timestamp: 'yesterday' }),
      ev('', {}),
      ev('e4', { pad: 'x'.repeat(11 * 1024) }),
      profileRecord('p@example.com'),
      ev('e1', { eventType: 'commerce.purchases' }),
    ]);
    expect(batch.metrics).toMatchObject({ inputRecordCount: 6, outputRecordCount: 2, failedRecordCount: 4 });
    expect(batch.errors.map((e: { code: string }) => e.code).sort()).toEqual(['MISSING_ID', 'MISSING_TIMESTAMP', 'RECORD_TOO_LARGE', 'WRONG_CLASS']);
    // The same _id within a dataset is one event: the later record replaces it.
    const rows = db(sb).prepare('SELECT event_id, ts_ms, record FROM events').all() as { event_id: string; ts_ms: number; record: string }[];
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0].record).eventType).toBe('commerce.purchases');
    expect(rows[0].ts_ms).toBe(Date.parse('2026-03-01T10:00:00Z'));
  });

  it('accepts a JSON array file and namespace codes in any casing', async () => {
    const sb = 'ing-array';
    const ds = await createDataset(t, sb, { name: 'CRM' });
    const id = await newBatch(sb, ds);
    const records = [profileRecord('x@example.com'), { identityMap: { email: [{ id: 'y@example.com' }], PHONE: [{ id: '+15551234567' }] } }];
    expect((await upload(sb, id, ds, `\uFEFF  ${JSON.stringify(records)}`, 'data.json')).statusCode).toBe(200);
    expect((await complete(sb, id)).statusCode).toBe(200);
    const batch = await waitForBatch(t, sb, id);
    expect(batch.metrics).toMatchObject({ inputRecordCount: 2, outputRecordCount: 2 });
  });

  it('links identities into graphs across records and datasets, keeping link history', async () => {
    const sb = 'ing-graph';
    const crm = await createDataset(t, sb, { name: 'CRM' });
    const web = await createDataset(t, sb, { name: 'Web', kind: 'event' });
    await ingest(t, sb, crm, [
      { identityMap: { Email: [{ id: 'ann@example.com', primary: true }], Phone: [{ id: '+1555' }] } },
      { identityMap: { Email: [{ id: 'bob@example.com', primary: true }] } },
    ]);
    const ev = (n: number, ecid: string, email?: string) => ({
      _id: `e${n}`,
      timestamp: '2026-03-01T10:00:00Z',
      eventType: 'web.webpagedetails.pageViews',
      identityMap: { ECID: [{ id: ecid, primary: true }], ...(email ? { Email: [{ id: email }] } : {}) },
    });
    await ingest(t, sb, web, [ev(1, 'ecid-1'), ev(2, 'ecid-1', 'ann@example.com'), ev(3, 'ecid-2'), ev(4, 'ecid-3', 'bob@example.com')]);
    const graphOf = (value: string) => (db(sb).prepare('SELECT graph_id AS g FROM identities WHERE value = ?').get(value) as { g: number }).g;
    expect(graphOf('ecid-1')).toBe(graphOf('ann@example.com'));
    expect(graphOf('+1555')).toBe(graphOf('ann@example.com'));
    expect(graphOf('ecid-3')).toBe(graphOf('bob@example.com'));
    expect(graphOf('ecid-2')).not.toBe(graphOf('ecid-1'));
    expect(graphOf('bob@example.com')).not.toBe(graphOf('ann@example.com'));
    // A later record joining two existing graphs merges them.
    await ingest(t, sb, crm, [{ identityMap: { Email: [{ id: 'bob@example.com', primary: true }, { id: 'ann@example.com' }] } }]);
    expect(graphOf('bob@example.com')).toBe(graphOf('ecid-1'));
    const links = db(sb).prepare('SELECT COUNT(*) AS n FROM identity_links WHERE dataset_id = ?').get(web) as { n: number };
    expect(links.n).toBe(2);
  });

  it('replaces a fragment on re-ingest, and patches it in an upsert dataset', async () => {
    const sb = 'ing-upsert';
    const plain = await createDataset(t, sb, { name: 'Plain' });
    const upsert = await createDataset(t, sb, { name: 'Upsert', upsert: true });
    const first = profileRecord('u@example.com', { person: { name: { firstName: 'Una', lastName: 'Ulm' } }, loyalty: { points: 5 } });
    const second = profileRecord('u@example.com', { person: { name: { firstName: 'Uma' } }, loyalty: null });
    for (const ds of [plain, upsert]) {
      await ingest(t, sb, ds, [first]);
      await ingest(t, sb, ds, [second]);
    }
    const record = (ds: string) => JSON.parse((db(sb).prepare('SELECT record FROM fragments WHERE dataset_id = ?').get(ds) as { record: string }).record);
    expect(record(plain).person.name).toEqual({ firstName: 'Uma' });
    expect(record(plain).loyalty).toBeNull();
    expect(record(upsert).person.name).toEqual({ firstName: 'Uma', lastName: 'Ulm' });
    expect(record(upsert).loyalty).toEqual({ points: 5 });
    expect(count(sb, 'fragments')).toBe(2);
  });

  it('validates but does not store records of a dataset not enabled for Profile', async () => {
    const sb = 'ing-off';
    const ds = await createDataset(t, sb, { name: 'Lake only', profile: false });
    const batch = await ingest(t, sb, ds, [profileRecord('z@example.com')]);
    expect(batch.metrics.outputRecordCount).toBe(1);
    expect(count(sb, 'fragments')).toBe(0);
    expect(count(sb, 'identities')).toBe(0);
  });

  it('marks a batch failed when every record fails, and stores nothing', async () => {
    const sb = 'ing-allbad';
    const ds = await createDataset(t, sb, { name: 'CRM' });
    const batch = await ingest(t, sb, ds, ['{"a":', '{"b":']);
    expect(batch.status).toBe('failed');
    expect(count(sb, 'fragments')).toBe(0);
    const datasets = await t.app.inject({ url: `/data/foundation/catalog/dataSets/${ds}`, headers: t.headers(sb) });
    expect(datasets.json()[ds]).toMatchObject({ lastBatchId: batch.id, lastBatchStatus: 'failed' });
  });

  describe('refuses bad requests with a clear 4xx and changes nothing', () => {
    const sb = 'ing-errors';
    let ds: string;
    beforeAll(async () => {
      ds = await createDataset(t, sb, { name: 'CRM' });
    });

    it('unknown dataset on create, bad format', async () => {
      const unknown = await t.app.inject({ method: 'POST', url: IMPORT, headers: t.headers(sb), payload: { datasetId: '0123456789abcdef01234567', inputFormat: { format: 'json' } } });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().detail).toContain('does not exist');
      const format = await t.app.inject({ method: 'POST', url: IMPORT, headers: t.headers(sb), payload: { datasetId: ds, inputFormat: { format: 'parquet' } } });
      expect(format.statusCode).toBe(400);
      expect(format.json().detail).toContain('inputFormat.format');
    });

    it('a file for an unknown batch or the wrong dataset', async () => {
      expect((await upload(sb, '0123456789abcdef0123456789abcdef', ds, '{}')).statusCode).toBe(404);
      const id = await newBatch(sb, ds);
      const other = await createDataset(t, sb, { name: 'Other' });
      const wrong = await upload(sb, id, other, '{}');
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().detail).toContain('belongs to dataset');
    });

    it('empty, non-JSON and oversized files', async () => {
      const id = await newBatch(sb, ds);
      const empty = await upload(sb, id, ds, '  \n');
      expect(empty.statusCode).toBe(400);
      expect(empty.json().detail).toContain('empty');
      const csv = await upload(sb, id, ds, 'email,name\na@example.com,Ann\n', 'people.csv');
      expect(csv.statusCode).toBe(400);
      expect(csv.json().detail).toContain('not JSON');
      const big = await upload(sb, id, ds, `${JSON.stringify(profileRecord('big@example.com'))}\n`.repeat(5000));
      expect(big.statusCode).toBe(413);
      const files = db(sb).prepare('SELECT COUNT(*) AS n FROM batch_files WHERE batch_id = ?').get(id) as { n: number };
      expect(files.n).toBe(0);
      const noFiles = await complete(sb, id);
      expect(noFiles.statusCode).toBe(400);
      expect(noFiles.json().detail).toContain('no files');
    });

    it('file names with path separators never reach the disk', async () => {
      const id = await newBatch(sb, ds);
      const res = await upload(sb, id, ds, '{}', '../../etc/passwd');
      expect(res.statusCode).toBe(400);
    });

    it('completing twice, uploading after completion, bad actions', async () => {
      const id = await newBatch(sb, ds);
      expect((await upload(sb, id, ds, JSON.stringify(profileRecord('q@example.com')))).statusCode).toBe(200);
      expect((await complete(sb, id)).statusCode).toBe(200);
      await waitForBatch(t, sb, id);
      const again = await complete(sb, id);
      expect(again.statusCode).toBe(400);
      expect(again.json().detail).toContain('is success');
      expect((await upload(sb, id, ds, '{}')).statusCode).toBe(400);
      const bad = await t.app.inject({ method: 'POST', url: `${IMPORT}/${id}?action=EXPLODE`, headers: t.headers(sb) });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().detail).toContain('action');
      const unknown = await complete(sb, '0123456789abcdef0123456789abcdef');
      expect(unknown.statusCode).toBe(404);
    });

    it('abort discards the staged files', async () => {
      const id = await newBatch(sb, ds);
      await upload(sb, id, ds, JSON.stringify(profileRecord('ab@example.com')));
      const res = await t.app.inject({ method: 'POST', url: `${IMPORT}/${id}?action=ABORT`, headers: t.headers(sb) });
      expect(res.statusCode).toBe(200);
      const batch = (await t.app.inject({ url: `/data/foundation/catalog/batches/${id}`, headers: t.headers(sb) })).json()[id];
      expect(batch.status).toBe('aborted');
      expect((await complete(sb, id)).statusCode).toBe(400);
    });
  });

  it('re-applies a batch interrupted mid-processing (crash before commit) exactly once', async () => {
    const sb = 'ing-recover';
    const ds = await createDataset(t, sb, { name: 'CRM' });
    const id = await newBatch(sb, ds);
    await upload(sb, id, ds, [profileRecord('r1@example.com'), profileRecord('r2@example.com')].map((r) => JSON.stringify(r)).join('\n'));
    // Simulate a crash after COMPLETE was accepted but before the batch transaction committed.
    db(sb).prepare("UPDATE batches SET status = 'processing' WHERE id = ?").run(id);
    const ctx = t.store.org(t.orgId).context(sb, false)!;
    expect(createBatchService(ctx).recover()).toEqual([id]);
    const batch = await waitForBatch(t, sb, id);
    expect(batch.metrics.outputRecordCount).toBe(2);
    expect(createBatchService(ctx).recover()).toEqual([]);
    expect(count(sb, 'fragments')).toBe(2);
  });

  it('fails a batch that cannot be applied with the reason, instead of leaving it processing (recovery must not throw on it)', async () => {
    const sb = 'ing-unappliable';
    const ds = await createDataset(t, sb, { name: 'CRM' });
    const ctx = t.store.org(t.orgId).context(sb, false)!;
    // A staged file lost behind the store's back (e.g. a crash between removing a replaced file and committing).
    const id = await newBatch(sb, ds);
    await upload(sb, id, ds, JSON.stringify(profileRecord('u1@example.com')));
    for (const f of readdirSync(join(ctx.uploadsDir, id))) rmSync(join(ctx.uploadsDir, id, f));
    expect((await complete(sb, id)).statusCode).toBe(200);
    const batch = await waitForBatch(t, sb, id);
    expect(batch.status).toBe('failed');
    expect(batch.errors[0].description).toBe('the batch could not be applied: a staged file could not be read (ENOENT)');

    // The same found processing at start-up: recovery fails it and goes on.
    const again = await newBatch(sb, ds);
    await upload(sb, again, ds, JSON.stringify(profileRecord('u2@example.com')));
    db(sb).prepare("UPDATE batches SET status = 'processing' WHERE id = ?").run(again);
    rmSync(join(ctx.uploadsDir, again), { recursive: true });
    expect(createBatchService(ctx).recover()).toEqual([again]);
    expect((await waitForBatch(t, sb, again)).status).toBe('failed');
    expect(count(sb, 'fragments')).toBe(0);
  });

  it('lists batches of a dataset, newest first, with a total', async () => {
    const sb = 'ing-list';
    const ds = await createDataset(t, sb, { name: 'CRM' });
    await ingest(t, sb, ds, [profileRecord('l1@example.com')]);
    await ingest(t, sb, ds, [profileRecord('l2@example.com')]);
    const res = await t.app.inject({ url: `/data/foundation/catalog/batches?dataSet=${ds}&limit=1`, headers: t.headers(sb) });
    expect(res.headers['x-total-count']).toBe('2');
    expect(Object.keys(res.json())).toHaveLength(1);
    const stats = await t.app.inject({ url: '/_local/datasets/stats', headers: t.headers(sb) });
    expect(stats.json()[ds]).toEqual({ fragments: 2, events: 0, batches: 2 });
  });
});

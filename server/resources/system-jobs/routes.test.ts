import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, ORG, type TestApp } from '../../testing/test-app.ts';
import { buildDeleteFixture, type DeleteFixture } from '../../testing/delete-fixture.ts';
import { graphViolations } from '../../testing/graph-invariants.ts';
import { LegacySystemJobListSchema, LegacySystemJobSchema, SystemJobListSchema, SystemJobSchema, parseDeleteMetrics } from '../../../contracts/index.ts';

const JOBS = '/data/core/ups/system/jobs';
const IMPACT = '/_local/delete-requests/impact';

describe('system jobs (delete requests) API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const ctx = (sandbox: string) => t.store.org(t.orgId).context(sandbox, false)!;
  const count = (sandbox: string, sql: string, ...args: unknown[]) => ctx(sandbox).db.prepare(sql).pluck().get(...args) as number;
  /** Headers of the new (AWS) format: the sandbox named by id. */
  const awsHeaders = (sandbox: string) => ({ 'x-gw-ims-org-id': ORG, 'x-sandbox-id': ctx(sandbox).sandbox.id });
  const post = (sandbox: string, payload: object, headers: Record<string, string> = t.headers(sandbox)) => t.app.inject({ method: 'POST', url: JOBS, headers, payload });
  const get = (sandbox: string, path = '', headers: Record<string, string> = t.headers(sandbox)) => t.app.inject({ url: `${JOBS}${path}`, headers });

  async function fixture(sandbox: string): Promise<DeleteFixture> {
    return buildDeleteFixture(t, sandbox);
  }

  function expectLegacyError(res: { statusCode: number; json: () => unknown }, status: number, message: RegExp, code = String(status)) {
    expect(res.statusCode).toBe(status);
    const body = res.json() as { requestId: string; errors: Record<string, { code: string; message: string }[]> };
    expect(body.requestId).toMatch(/./);
    expect(Object.keys(body.errors)).toEqual([String(status)]);
    expect(body.errors[String(status)][0].code).toBe(code);
    expect(body.errors[String(status)][0].message).toMatch(message);
  }

  it('deletes a dataset: NEW on creation, COMPLETED with metrics as a JSON string, the data gone and the graphs repaired', async () => {
    const sb = 'sj-dataset';
    const f = await fixture(sb);
    const created = await post(sb, { dataSetId: f.loyalty });
    expect(created.statusCode).toBe(200);
    const job = LegacySystemJobSchema.parse(created.json());
    expect(job).toMatchObject({ imsOrgId: ORG, dataSetId: f.loyalty, jobType: 'DELETE', status: 'NEW' });
    expect(job.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(job.metrics).toBeUndefined();
    expect(job.createEpoch).toBeGreaterThan(1_700_000_000);
    expect(job.createEpoch).toBeLessThan(10_000_000_000);
    await t.jobs.whenIdle();
    const done = LegacySystemJobSchema.parse((await get(sb, `/${job.id}`)).json());
    expect(done.status).toBe('COMPLETED');
    expect(typeof done.metrics).toBe('string');
    const metrics = parseDeleteMetrics(done.metrics)!;
    expect(metrics).toMatchObject({ recordsProcessed: 4, fragmentsDeleted: 4, graphsSplit: 2, identitiesDeleted: 4, phase: 'done' });
    expect(metrics.timeTakenInSec).toBeGreaterThanOrEqual(0);
    expect(count(sb, 'SELECT COUNT(*) FROM fragments WHERE dataset_id = ?', f.loyalty)).toBe(0);
    expect(count(sb, 'SELECT COUNT(*) FROM datasets WHERE id = ?', f.loyalty)).toBe(1);
    expect(graphViolations(ctx(sb).db)).toEqual([]);
  });

  it('shows the loss in profile lookups: loyalty attributes go, CRM ones stay, a loyalty-only profile stops existing', async () => {
    const sb = 'sj-lookup';
    const f = await fixture(sb);
    const lookup = (ns: string, id: string) =>
      t.app.inject({ url: `/data/core/ups/access/entities?schema.name=_xdm.context.profile&entityIdNS=${ns}&entityId=${id}`, headers: t.headers(sb) });
    const entity = async (ns: string, id: string) => Object.values((await lookup(ns, id)).json() as Record<string, { entity: Record<string, unknown> }>)[0].entity;
    expect(await entity('CRMID', 'c1')).toMatchObject({ loyalty: { tier: 'gold' }, crm: { since: '2020' } });
    expect((await lookup('loyaltyId', 'l4')).statusCode).toBe(200);
    await post(sb, { dataSetId: f.loyalty });
    await t.jobs.whenIdle();
    const after = await entity('CRMID', 'c1');
    expect(after.loyalty).toBeUndefined();
    expect(after).toMatchObject({ crm: { since: '2020' }, person: { name: { firstName: 'Robert' } } });
    expect((await lookup('loyaltyId', 'l4')).statusCode).toBe(404);
    expect((await lookup('Email', 'e4')).statusCode).toBe(404);
  });

  it('deletes one batch of an experience-event dataset ({datasetId, batchId}, or the legacy {batchId})', async () => {
    const sb = 'sj-batch';
    const f = await fixture(sb);
    const res = await post(sb, { datasetId: f.web, batchId: f.w1 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ datasetId: f.web, batchId: f.w1, jobType: 'DELETE', status: 'NEW' });
    expect(res.json().dataSetId).toBeUndefined();
    await t.jobs.whenIdle();
    expect(parseDeleteMetrics((await get(sb, `/${res.json().id}`)).json().metrics)).toMatchObject({ recordsProcessed: 3, eventsDeleted: 3 });
    expect(count(sb, 'SELECT COUNT(*) FROM events WHERE dataset_id = ?', f.web)).toBe(2);
    const alone = await post(sb, { batchId: f.w2 });
    expect(alone.json()).toMatchObject({ datasetId: f.web, batchId: f.w2 });
    await t.jobs.whenIdle();
    expect(count(sb, 'SELECT COUNT(*) FROM events WHERE dataset_id = ?', f.web)).toBe(0);
  });

  it('answers in the new format when the request carries x-sandbox-id (with or without x-sandbox-name)', async () => {
    const sb = 'sj-aws';
    const f = await fixture(sb);
    const created = await post(sb, { dataSetId: f.crm }, awsHeaders(sb));
    expect(created.statusCode).toBe(200);
    const job = SystemJobSchema.parse(created.json());
    expect(job).toMatchObject({
      requestType: 'TRUNCATE_DATASET',
      imsOrgId: ORG,
      sandbox: { sandboxName: sb, sandboxId: ctx(sb).sandbox.id },
      status: 'NEW',
      properties: { datasetId: f.crm },
    });
    expect(job.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    await t.jobs.whenIdle();
    const both = { ...t.headers(sb), 'x-sandbox-id': ctx(sb).sandbox.id };
    expect((await get(sb, `/${job.requestId}`, both)).json()).toMatchObject({ requestId: job.requestId, status: 'SUCCESS' });
    const batch = SystemJobSchema.parse((await post(sb, { datasetId: f.web, batchId: f.w1 }, awsHeaders(sb))).json());
    expect(batch).toMatchObject({ requestType: 'DELETE_EE_BATCH', properties: { datasetId: f.web, batchId: f.w1 } });
    await t.jobs.whenIdle();
    const list = SystemJobListSchema.parse((await get(sb, '?limit=1', awsHeaders(sb))).json());
    expect(list._page).toEqual({ pageSize: 1, start: '0', totalCount: 2, next: 1 });
    expect(list.children[0].requestId).toBe(batch.requestId); // newest first
    const page1 = SystemJobListSchema.parse((await get(sb, '?limit=1&start=1', awsHeaders(sb))).json());
    expect(page1._page).toEqual({ pageSize: 1, start: '1', totalCount: 2 });
    expect(page1.children[0].requestId).toBe(job.requestId);
    // The legacy view of the same jobs.
    expect(LegacySystemJobListSchema.parse((await get(sb)).json()).children.map((c) => c.status)).toEqual(['COMPLETED', 'COMPLETED']);
  });

  it('refuses bad create bodies in the legacy envelope, changing nothing', async () => {
    const sb = 'sj-bad';
    const f = await fixture(sb);
    const unknownDataset = 'aaaaaaaaaaaaaaaaaaaaaaaa';
    const unknownBatch = 'b'.repeat(32);
    expectLegacyError(await post(sb, {}), 400, /Name what to delete/);
    expectLegacyError(await post(sb, { dataSetId: f.crm, datasetId: f.crm }), 400, /not both/);
    expectLegacyError(await post(sb, { dataSetId: unknownDataset }), 400, /Dataset not found: aaaa/);
    expectLegacyError(await post(sb, { dataSetId: 'nope' }), 400, /Invalid dataset id "nope"/);
    expectLegacyError(await post(sb, { datasetId: f.web, batchId: unknownBatch }), 400, new RegExp(`Batch not found for dataset '${f.web}'`));
    expectLegacyError(await post(sb, { batchId: unknownBatch }), 400, /Batch not found/);
    expectLegacyError(await post(sb, { batchId: 'xyz' }), 400, /Invalid batch id/);
    expectLegacyError(await post(sb, { datasetId: f.store, batchId: f.w1 }), 400, new RegExp(`Batch not found for dataset '${f.store}'`));
    // A batch of a record dataset: the documented body, code "500".
    const crmBatch = ctx(sb).db.prepare('SELECT id FROM batches WHERE dataset_id = ?').pluck().get(f.crm) as string;
    expectLegacyError(await post(sb, { datasetId: f.crm, batchId: crmBatch }), 400, new RegExp(`^Batch can only be specified for EE type '${f.crm}'$`), '500');
    expectLegacyError(await post(sb, { dataSetId: 42 }), 400, /dataSetId/);
    const text = await t.app.inject({ method: 'POST', url: JOBS, headers: { ...t.headers(sb), 'content-type': 'application/json' }, payload: '{"dataSetId":' });
    expectLegacyError(text, 400, /not valid JSON/);
    expect(count(sb, "SELECT COUNT(*) FROM jobs WHERE kind = 'delete'")).toBe(0);
  });

  it('refuses bad bodies in the new format as RFC 7807 422 "Invalid system job payload."', async () => {
    const sb = 'sj-bad-aws';
    const f = await fixture(sb);
    const crmBatch = ctx(sb).db.prepare('SELECT id FROM batches WHERE dataset_id = ?').pluck().get(f.crm) as string;
    for (const payload of [{}, { datasetId: f.crm, batchId: crmBatch }, { dataSetId: 'aaaaaaaaaaaaaaaaaaaaaaaa' }]) {
      const res = await post(sb, payload, awsHeaders(sb));
      expect(res.statusCode).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ type: expect.stringContaining('UPAPI-036002-422'), title: 'Invalid system job payload.', status: 422 });
      expect(res.json().requestId).toMatch(/./);
      expect(res.json().detail).toMatch(/./);
    }
    expect((await get(sb, '/nope', awsHeaders(sb))).json()).toMatchObject({ status: 404, type: expect.stringContaining('UPAPI-036002-404') });
    const unknownSandbox = await get(sb, '', { 'x-gw-ims-org-id': ORG, 'x-sandbox-id': '00000000-0000-4000-8000-000000000000' });
    expect(unknownSandbox.statusCode).toBe(400);
    expect(unknownSandbox.json().detail).toContain('x-sandbox-id');
    const mismatch = await get(sb, '', { ...t.headers(sb), 'x-sandbox-id': ctx('prod').sandbox.id });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.json().detail).toContain('not the id of sandbox sj-bad-aws');
    expect(count(sb, "SELECT COUNT(*) FROM jobs WHERE kind = 'delete'")).toBe(0);
  });

  describe('while requests are pending', () => {
    let held: TestApp;
    beforeAll(async () => {
      held = await createTestApp();
      held.jobs.stop(); // nothing runs: requests stay NEW
    });
    afterAll(() => held.close());

    it('refuses a second request for the same target (422) and one covered by a pending dataset delete', async () => {
      const sb = 'sj-dup';
      const f = await buildDeleteFixture(held, sb);
      const first = await held.app.inject({ method: 'POST', url: JOBS, headers: held.headers(sb), payload: { dataSetId: f.web } });
      expect(first.statusCode).toBe(200);
      for (const payload of [{ dataSetId: f.web }, { datasetId: f.web }, { datasetId: f.web, batchId: f.w1 }]) {
        const res = await held.app.inject({ method: 'POST', url: JOBS, headers: held.headers(sb), payload });
        expectLegacyError(res, 422, new RegExp(`Delete request for .*already exists: ${first.json().id} is NEW`));
      }
      // Another target is fine.
      expect((await held.app.inject({ method: 'POST', url: JOBS, headers: held.headers(sb), payload: { dataSetId: f.crm } })).statusCode).toBe(200);
    });

    it('refuses to remove a PROCESSING request (409), withdraws a NEW one, removes a finished one', async () => {
      const sb = 'sj-remove';
      const f = await buildDeleteFixture(held, sb);
      const db = held.store.org(held.orgId).context(sb, false)!.db;
      const create = async (payload: object) => (await held.app.inject({ method: 'POST', url: JOBS, headers: held.headers(sb), payload })).json().id as string;
      const del = (id: string) => held.app.inject({ method: 'DELETE', url: `${JOBS}/${id}`, headers: held.headers(sb) });
      const running = await create({ dataSetId: f.loyalty });
      const state = { phase: 'fragments', round: 1, cursor: null, linkEnd: 9, found: 4, startedMs: Date.now(), counts: { fragments: 1, events: 0, links: 2, identities: 1, graphs: 1, graphsSplit: 0, profilesRemoved: 0, profilesReduced: 0 } };
      db.prepare("UPDATE jobs SET status = 'running', started_ms = ?, state = ? WHERE public_id = ?").run(Date.now(), JSON.stringify(state), running);
      expectLegacyError(await del(running), 409, /still PROCESSING/);
      const processing = (await held.app.inject({ url: `${JOBS}/${running}`, headers: held.headers(sb) })).json();
      expect(processing.status).toBe('PROCESSING');
      expect(parseDeleteMetrics(processing.metrics)).toMatchObject({ recordsProcessed: 1, recordsToProcess: 4, phase: 'records' });

      const fresh = await create({ dataSetId: f.crm });
      const withdrawn = await del(fresh);
      expect(withdrawn.statusCode).toBe(200);
      expect(withdrawn.body).toBe('');
      expectLegacyError(await held.app.inject({ url: `${JOBS}/${fresh}`, headers: held.headers(sb) }), 404, /not found/);

      db.prepare("UPDATE jobs SET status = 'succeeded', result = '{}' WHERE public_id = ?").run(running);
      expect((await del(running)).statusCode).toBe(200);
      expectLegacyError(await del(running), 404, /not found/);
      expect(db.prepare("SELECT COUNT(*) FROM jobs WHERE kind = 'delete'").pluck().get()).toBe(0);
    });
  });

  it('lists requests newest first with start/limit/page paging and sort', async () => {
    const sb = 'sj-list';
    const f = await fixture(sb);
    const ids: string[] = [];
    for (const dataSetId of [f.crm, f.loyalty, f.store]) {
      ids.push((await post(sb, { dataSetId })).json().id);
      await t.jobs.whenIdle();
    }
    // Distinct creation times, oldest first: crm, loyalty, store.
    ctx(sb).db.prepare("UPDATE jobs SET created_ms = created_ms - (3 - id) * 1000 WHERE kind = 'delete'").run();
    const all = LegacySystemJobListSchema.parse((await get(sb)).json());
    expect(all._page).toEqual({ count: 3 });
    expect(all.children.map((c) => c.id)).toEqual([...ids].reverse());
    const first = LegacySystemJobListSchema.parse((await get(sb, '?limit=2')).json());
    expect(first._page).toEqual({ count: 3, next: '2' });
    expect(LegacySystemJobListSchema.parse((await get(sb, '?limit=2&start=2')).json()).children.map((c) => c.id)).toEqual([ids[0]]);
    expect(LegacySystemJobListSchema.parse((await get(sb, '?limit=2&page=1')).json()).children.map((c) => c.id)).toEqual([ids[0]]);
    const sorted = LegacySystemJobListSchema.parse((await get(sb, '?sort=createEpoch:asc')).json());
    expect(sorted.children.map((c) => c.id)).toEqual(ids);
    const byDataset = LegacySystemJobListSchema.parse((await get(sb, '?sort=dataSetId:asc')).json());
    expect(byDataset.children.map((c) => c.dataSetId)).toEqual([f.crm, f.loyalty, f.store].sort());
    expectLegacyError(await get(sb, '?sort=name:asc'), 400, /sort must look like/);
    expectLegacyError(await get(sb, '?limit=0'), 400, /limit/);
    expectLegacyError(await get(sb, '/not-a-job'), 404, /Delete request not-a-job not found/);
  });

  it('previews the impact: the counts the job then reports, without changing anything', async () => {
    const sb = 'sj-impact';
    const f = await fixture(sb);
    const before = count(sb, 'SELECT COUNT(*) FROM identities');
    const res = await t.app.inject({ method: 'POST', url: IMPACT, headers: t.headers(sb), payload: { datasetId: f.loyalty } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      datasetId: f.loyalty,
      fragments: 4,
      events: 0,
      profilesRemoved: 1,
      profilesReduced: 3,
      graphsAffected: 4,
      graphsSplit: 2,
      identitiesRemoved: 4,
    });
    expect(count(sb, 'SELECT COUNT(*) FROM identities')).toBe(before);
    const batch = await t.app.inject({ method: 'POST', url: IMPACT, headers: t.headers(sb), payload: { datasetId: f.web, batchId: f.w1 } });
    expect(batch.json()).toMatchObject({ events: 3, fragments: 0, profilesRemoved: 1, graphsSplit: 1, identitiesRemoved: 2 });

    const created = await post(sb, { dataSetId: f.loyalty });
    await t.jobs.whenIdle();
    expect(parseDeleteMetrics((await get(sb, `/${created.json().id}`)).json().metrics)).toMatchObject({
      fragmentsDeleted: 4,
      graphsSplit: 2,
      identitiesDeleted: 4,
    });
    const crmBatch = ctx(sb).db.prepare('SELECT id FROM batches WHERE dataset_id = ?').pluck().get(f.crm) as string;
    const bad = await t.app.inject({ method: 'POST', url: IMPACT, headers: t.headers(sb), payload: { datasetId: f.crm, batchId: crmBatch } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ status: 422, detail: `Batch can only be specified for EE type '${f.crm}'` });
    const unknown = await t.app.inject({ method: 'POST', url: IMPACT, headers: t.headers(sb), payload: { datasetId: 'a'.repeat(24) } });
    expect(unknown.statusCode).toBe(404);
    const malformed = await t.app.inject({ method: 'POST', url: IMPACT, headers: t.headers(sb), payload: { datasetId: 'x' } });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().detail).toContain('datasetId');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EXPORT_ERROR_CODES,
  EXPORT_JOBS,
  MERGE_POLICIES,
  exportJobsHrefToPath,
  type ExportJob,
  type ExportJobList,
} from '../../../contracts/index.ts';
import { createDataset, createTestApp, ingest, profileRecord, type TestApp } from '../../testing/test-app.ts';
import { createExportJobHandler, type ExportJobParams } from '../../jobs/export-job.ts';
import type { JobHandler } from '../../jobs/runner.ts';
import { csvCell, csvLine } from './csv.ts';

let t: TestApp;
let counter = 0;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const DEMO_NOW = Date.UTC(2026, 0, 1);

/** A sandbox of its own per test: the demo organisation (300 profiles) and an export dataset. */
async function sandbox(options: { demo?: boolean } = {}) {
  const name = `exp-${++counter}`;
  const headers = t.headers(name);
  const call = async (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown, extra: Record<string, string> = {}) => {
    const res = await t.app.inject({ method, url, headers: { ...headers, ...extra }, ...(payload !== undefined ? { payload: payload as object } : {}) });
    let body: unknown;
    try {
      body = res.body ? JSON.parse(res.body) : undefined;
    } catch {
      body = undefined;
    }
    return { status: res.statusCode, body: body as Record<string, unknown>, raw: res.body, headers: res.headers };
  };
  if (options.demo !== false) {
    const seeded = await call('POST', '/_local/demo', { profiles: 300, seed: 42, now: DEMO_NOW });
    if (seeded.status !== 200) throw new Error(seeded.raw);
  }
  const target = await createDataset(t, name, { name: 'Profile export', profile: false });
  const create = (body: Record<string, unknown>) => call('POST', EXPORT_JOBS, body);
  const job = async (id: number) => (await call('GET', `${EXPORT_JOBS}/${id}`)).body as unknown as ExportJob;
  const finish = async (id: number) => {
    await t.jobs.whenIdle();
    return job(id);
  };
  const jobCount = () => t.store.org(t.orgId).context(name, false)!.db.prepare('SELECT COUNT(*) FROM jobs').pluck().get() as number;
  return { name, headers, call, target, create, job, finish, jobCount };
}

const body = (datasetId: string, extra: Record<string, unknown> = {}) => ({
  destination: { datasetId },
  schema: { name: '_xdm.context.profile' },
  ...extra,
});

/** The export handler, one scan chunk of one profile per step: jobs stay PROCESSING across many turns. */
function slowExports(): void {
  const handler = createExportJobHandler({ chunkKeys: 1 });
  t.jobs.register({ ...handler, step: (ctx, job, state) => handler.step(ctx, job as never, state as never, 0) } as JobHandler<ExportJobParams>);
}
function normalExports(): void {
  t.jobs.register(createExportJobHandler());
}

describe('POST /export/jobs', () => {
  it('creates a NEW job (200, X-Location) that runs to SUCCEEDED with §5.2 metrics and a registered batch', async () => {
    const s = await sandbox();
    const created = await s.create(body(s.target, { fields: 'person.name,personalEmail.address', filter: { emptyProfiles: false } }));
    expect(created.status, created.raw).toBe(200);
    const job = created.body as unknown as ExportJob;
    expect(created.headers['x-location']).toBe(`${EXPORT_JOBS}/${job.id}`);
    expect(job).toMatchObject({
      jobType: 'BATCH',
      status: 'NEW',
      profileInstanceId: 'ups',
      imsOrgId: t.orgId,
      schema: { name: '_xdm.context.profile' },
      fields: 'person.name,personalEmail.address',
      filter: { emptyProfiles: false },
      destination: { datasetId: s.target, segmentPerBatch: false },
      computeGatewayJobId: {},
      metrics: { totalTime: { startTimeInMs: job.creationTime } },
    });
    expect(Number.isInteger(job.id)).toBe(true);
    expect(job.requestId).toBe(created.headers['x-request-id']);
    expect(job.destination.batchId).toMatch(/^[0-9a-f]{32}$/);
    const policies = (await s.call('GET', MERGE_POLICIES)).body as { children: { id: string; version: number; default: boolean }[] };
    const def = policies.children.find((p) => p.default)!;
    expect(job.mergePolicy).toEqual({ id: def.id, version: def.version });

    const done = await s.finish(job.id);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.errors).toBeUndefined();
    const m = done.metrics;
    for (const span of [m.totalTime, m.profileExportTime!, m.aCPDatasetWriteTime!]) {
      expect(span.totalTimeInMs).toBe(span.endTimeInMs! - span.startTimeInMs);
    }
    expect(m.totalTime.endTimeInMs).toBeGreaterThanOrEqual(m.aCPDatasetWriteTime!.endTimeInMs!);
    expect(m.totalExportedProfileCounter).toBeGreaterThan(200);
    expect(m.exportedProfileByNamespaceCounter!.Email).toBe(m.totalExportedProfileCounter);
    expect(done.progress).toMatchObject({ profilesSkipped: 1, files: 1 });
    expect(done.progress!.profilesProcessed).toBe(done.progress!.profilesTotal);
    expect(done.updateTime).toBeGreaterThanOrEqual(done.creationTime);

    const batch = (await s.call('GET', `/data/foundation/catalog/batches/${done.destination.batchId}`)).body[done.destination.batchId] as Record<string, unknown>;
    expect(batch).toMatchObject({
      status: 'success',
      relatedObjects: [{ type: 'dataSet', id: s.target }],
      metrics: { inputRecordCount: m.totalExportedProfileCounter, outputRecordCount: m.totalExportedProfileCounter, failedRecordCount: 0 },
    });
    const dataset = (await s.call('GET', `/data/foundation/catalog/dataSets/${s.target}`)).body[s.target] as Record<string, unknown>;
    expect(dataset).toMatchObject({ lastBatchId: done.destination.batchId, lastBatchStatus: 'success' });
  });

  it('exports each merged profile as a lookup answers it (same reader and merge engine)', async () => {
    const s = await sandbox();
    const created = await s.create(body(s.target));
    const done = await s.finish(created.body.id as number);
    const files = (await s.call('GET', `/data/foundation/export/batches/${done.destination.batchId}/files`)).body.data as { dataSetFileId: string }[];
    const text = (await s.call('GET', `/data/foundation/export/files/${files[0].dataSetFileId}?path=part-00000.ndjson`)).raw;
    const rows = text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { identityMap: Record<string, { id: string; primary?: boolean }[]> });
    expect(rows).toHaveLength(done.metrics.totalExportedProfileCounter!);
    const unflag = (e: Record<string, unknown>) => JSON.parse(JSON.stringify(e, (k, v) => (k === 'primary' ? undefined : v)));
    for (const row of rows.filter((_, i) => i % 23 === 0)) {
      const [ns, list] = Object.entries(row.identityMap)[0];
      const lookup = await s.call('GET', `/data/core/ups/access/entities?schema.name=_xdm.context.profile&entityIdNS=${ns}&entityId=${encodeURIComponent(list[0].id)}`);
      expect(lookup.status).toBe(200);
      const entity = (Object.values(lookup.body)[0] as { entity: Record<string, unknown> }).entity;
      expect(unflag(row)).toEqual(unflag(entity));
    }
  });

  it('accepts dataSetId (§10) and answers datasetId; a named policy and its current version', async () => {
    const s = await sandbox();
    const policies = (await s.call('GET', MERGE_POLICIES)).body as { children: { id: string; name: string; version: number }[] };
    const loyalty = policies.children.find((p) => p.name === 'Loyalty first')!;
    const created = await s.create({ ...body(''), destination: { dataSetId: s.target }, mergePolicy: { id: loyalty.id, version: String(loyalty.version) } });
    expect(created.status, created.raw).toBe(200);
    expect(created.body).toMatchObject({ destination: { datasetId: s.target }, mergePolicy: { id: loyalty.id, version: loyalty.version } });
    expect((await s.finish(created.body.id as number)).status).toBe('SUCCEEDED');
  });

  it('filter.fromIngestTimestamp keeps profiles updated after it; emptyProfiles adds profiles of events only', async () => {
    const s = await sandbox({ demo: false });
    const crm = await createDataset(t, s.name, { name: 'CRM' });
    const web = await createDataset(t, s.name, { name: 'Web', kind: 'event' });
    await ingest(t, s.name, crm, [profileRecord('a@example.com', { person: { name: { firstName: 'Ann' } } }), profileRecord('b@example.com')]);
    await ingest(t, s.name, web, [
      { _id: 'ev-1', timestamp: '2026-01-02T00:00:00Z', eventType: 'web.webpagedetails.pageViews', identityMap: { ECID: [{ id: 'visitor-1', primary: true }] } },
      { _id: 'ev-2', timestamp: '2025-06-01T00:00:00Z', eventType: 'commerce.purchases', identityMap: { Email: [{ id: 'a@example.com', primary: true }] } },
    ]);
    const between = new Date(Date.now() + 5).toISOString();
    await new Promise((r) => setTimeout(r, 20));
    await ingest(t, s.name, crm, [profileRecord('a@example.com', { person: { name: { firstName: 'Anna' } } })]);

    const count = async (extra: Record<string, unknown>) => (await s.finish((await s.create(body(s.target, extra))).body.id as number)).metrics.totalExportedProfileCounter;
    expect(await count({})).toBe(2);
    expect(await count({ filter: { fromIngestTimestamp: between } })).toBe(1);
    expect(await count({ filter: { emptyProfiles: true } })).toBe(3);
    expect(await count({ filter: { emptyProfiles: 'true' } })).toBe(3);

    const withEvents = await s.finish(
      (
        await s.create(
          body(s.target, {
            fields: 'person.name.firstName',
            additionalFields: { eventList: { fields: 'eventType', filter: { fromEventTimestamp: '2025-12-01T00:00:00Z' } } },
            filter: { emptyProfiles: true },
          }),
        )
      ).body.id as number,
    );
    expect(withEvents.additionalFields).toEqual({ eventList: { fields: 'eventType', filter: { fromEventTimestamp: '2025-12-01T00:00:00Z' } } });
    const csv = await s.call('GET', `/_local/export-jobs/${withEvents.id}/download?format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.raw.split('\r\n')).toEqual([
      'person.name.firstName,eventList',
      'Anna,[]',
      ',[]',
      ',"[{""eventType"":""web.webpagedetails.pageViews""}]"',
      '',
    ]);
  });

  it('every bad input answers a 4xx that names the problem, and creates nothing', async () => {
    const s = await sandbox();
    const eventDataset = await createDataset(t, s.name, { name: 'Events', kind: 'event' });
    const enabled = await createDataset(t, s.name, { name: 'Enabled', profile: true });
    const cases: [string, Record<string, unknown>, number, RegExp][] = [
      ['no destination', { schema: { name: '_xdm.context.profile' } }, 400, /destination is required/],
      ['no dataset id', body(s.target, { destination: {} }), 400, /destination.datasetId is required/],
      ['malformed dataset id', body('nope'), 400, /not a dataset id/],
      ['two different dataset ids', body(s.target, { destination: { datasetId: s.target, dataSetId: eventDataset } }), 400, /two datasets/],
      ['unknown dataset', body('0123456789abcdef01234567'), 422, /does not exist/],
      ['event dataset', body(eventDataset), 422, /ExperienceEvent dataset/],
      ['profile-enabled dataset', body(enabled), 422, /enabled for Profile/],
      ['no schema', { destination: { datasetId: s.target } }, 400, /schema is required/],
      ['other schema', body(s.target, { schema: { name: '_xdm.context.experienceevent' } }), 400, /schema.name must be _xdm.context.profile/],
      ['unknown merge policy', body(s.target, { mergePolicy: { id: 'no-such-policy' } }), 422, /merge policy "no-such-policy" does not exist/],
      ['empty merge policy id', body(s.target, { mergePolicy: { id: '', version: 7 } }), 400, /mergePolicy.id must not be empty/],
      ['fields with an empty entry', body(s.target, { fields: 'person.name,,personalEmail' }), 400, /empty entry/],
      ['fields not a path', body(s.target, { fields: 'person name' }), 400, /not a dot path/],
      ['fields with an empty segment', body(s.target, { fields: 'person..name' }), 400, /not a dot path/],
      ['fields not a string', body(s.target, { fields: 42 }), 400, /comma-separated list/],
      ['empty fields', body(s.target, { fields: ' , ' }), 400, /empty entry|at least one field/],
      ['event fields malformed', body(s.target, { additionalFields: { eventList: { fields: 'a.' } } }), 400, /not a dot path/],
      ['timestamp not RFC 3339', body(s.target, { filter: { fromIngestTimestamp: 'yesterday' } }), 400, /RFC 3339/],
      ['timestamp without zone', body(s.target, { filter: { fromIngestTimestamp: '2024-01-01T00:00:00' } }), 400, /RFC 3339/],
      ['impossible date', body(s.target, { filter: { fromIngestTimestamp: '2024-02-30T00:00:00Z' } }), 400, /RFC 3339/],
      ['event timestamp', body(s.target, { additionalFields: { eventList: { filter: { fromIngestTimestamp: 1700000000 } } } }), 400, /RFC 3339/],
      [
        'event window inverted',
        body(s.target, { additionalFields: { eventList: { filter: { fromEventTimestamp: '2025-02-01T00:00:00Z', toEventTimestamp: '2025-01-01T00:00:00Z' } } } }),
        400,
        /fromEventTimestamp must be before toEventTimestamp/,
      ],
      ['emptyProfiles not a boolean', body(s.target, { filter: { emptyProfiles: 'maybe' } }), 400, /true or false/],
      ['audience filter', body(s.target, { filter: { segments: [{ segmentId: '52c26d0d-45f2-47a2-ab30-ed06abc981ff' }] } }), 422, /Audience filters/],
      ['qualification time', body(s.target, { filter: { segmentQualificationTime: { startTime: '2018-01-01T00:00:00Z' } } }), 422, /Audience filters/],
      ['segment per batch', body(s.target, { destination: { datasetId: s.target, segmentPerBatch: true } }), 422, /segmentPerBatch/],
      ['segmentation', body(s.target, { evaluationInfo: { segmentation: true } }), 422, /no audiences/],
    ];
    const policies = (await s.call('GET', MERGE_POLICIES)).body as { children: { id: string; version: number }[] };
    cases.push(['stale policy version', body(s.target, { mergePolicy: { id: policies.children[0].id, version: policies.children[0].version + 1 } }), 422, /only its current version/]);
    const batchesBefore = (await s.call('GET', '/data/foundation/catalog/batches?limit=100')).headers['x-total-count'];
    for (const [what, payload, status, message] of cases) {
      const res = await s.create(payload);
      expect(res.status, `${what}: ${res.raw}`).toBe(status);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(String(res.body.detail), what).toMatch(message);
    }
    const notJson = await t.app.inject({ method: 'POST', url: EXPORT_JOBS, headers: { ...s.headers, 'content-type': 'application/json' }, payload: '{"destination":' });
    expect(notJson.statusCode).toBe(400);
    expect(s.jobCount()).toBe(0);
    expect((await s.call('GET', '/data/foundation/catalog/batches?limit=100')).headers['x-total-count']).toBe(batchesBefore);
  });
});

describe('GET /export/jobs', () => {
  it('lists newest first with limit, the offset cursor, link.next and status', async () => {
    const s = await sandbox({ demo: false });
    await createDataset(t, s.name, { name: 'CRM' });
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push((await s.create(body(s.target))).body.id as number);
    await t.jobs.whenIdle();
    const first = (await s.call('GET', `${EXPORT_JOBS}?limit=2`)).body as unknown as ExportJobList;
    expect(first.records.map((j) => j.id)).toEqual([ids[4], ids[3]]);
    expect(first.page).toMatchObject({ sortField: 'createdTime', sort: 'desc', pageSize: 2, totalCount: 5 });
    expect(first.page.pageOffset).toBe(`${first.records[1].creationTime}_${ids[3]}`);
    expect(first.link.next).toBe(`/export/jobs/?limit=2&offset=${first.page.pageOffset}`);
    const second = (await s.call('GET', exportJobsHrefToPath(first.link.next))).body as unknown as ExportJobList;
    expect(((await s.call('GET', `/data/core/ups${first.link.next}`)).body as unknown as ExportJobList).records).toEqual(second.records); // the link as given
    expect(second.records.map((j) => j.id)).toEqual([ids[2], ids[1]]);
    const third = (await s.call('GET', exportJobsHrefToPath(second.link.next))).body as unknown as ExportJobList;
    expect(third.records.map((j) => j.id)).toEqual([ids[0]]);
    expect(third.link.next).toBe('');
    // A row offset works too (local extension); status filters.
    expect(((await s.call('GET', `${EXPORT_JOBS}?limit=2&offset=4`)).body as unknown as ExportJobList).records.map((j) => j.id)).toEqual([ids[0]]);
    await s.call('DELETE', `${EXPORT_JOBS}/${(await s.create(body(s.target))).body.id}`);
    await t.jobs.whenIdle();
    const failed = (await s.call('GET', `${EXPORT_JOBS}?status=FAILED`)).body as unknown as ExportJobList;
    expect(failed.records).toHaveLength(1);
    expect(failed.page.totalCount).toBe(1);
    expect(((await s.call('GET', `${EXPORT_JOBS}?status=succeeded`)).body as unknown as ExportJobList).records).toHaveLength(5);
    expect((await s.call('GET', `${EXPORT_JOBS}?status=DONE`)).status).toBe(400);
    expect((await s.call('GET', `${EXPORT_JOBS}?offset=yesterday`)).status).toBe(400);
    expect((await s.call('GET', `${EXPORT_JOBS}?limit=0`)).status).toBe(400);
  });

  it('GET one: 404 for an unknown id, 400 for a malformed one', async () => {
    const s = await sandbox({ demo: false });
    const missing = await s.call('GET', `${EXPORT_JOBS}/999`);
    expect(missing.status).toBe(404);
    expect(missing.body.detail).toBe('Export job 999 not found');
    expect((await s.call('GET', `${EXPORT_JOBS}/abc`)).status).toBe(400);
  });
});

describe('DELETE /export/jobs/{id} (cancel) and reading a running job', () => {
  it('cancels a PROCESSING job: 204, then FAILED with a cancellation error and no batch; cancel again → 409', async () => {
    const s = await sandbox();
    slowExports();
    try {
      const id = (await s.create(body(s.target))).body.id as number;
      for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
      const running = await s.job(id);
      expect(running.status).toBe('PROCESSING');
      expect(running.progress!.profilesProcessed).toBeGreaterThan(0);
      expect(running.progress!.profilesTotal).toBeGreaterThan(running.progress!.profilesProcessed);

      // Its output cannot be read yet: clear 409s, nothing changed.
      const listing = await s.call('GET', `/data/foundation/export/batches/${running.destination.batchId}/files`);
      expect(listing.status).toBe(409);
      expect(listing.body.detail).toMatch(/still being written by export job \d+ \(PROCESSING/);
      const download = await s.call('GET', `/_local/export-jobs/${id}/download?format=csv`);
      expect(download.status).toBe(409);
      expect(download.body.detail).toMatch(/is PROCESSING: its output can be downloaded once it has SUCCEEDED/);
      expect((await s.call('GET', `/data/foundation/export/files/${running.destination.batchId}-1?path=part-00000.ndjson`)).status).toBe(409);

      const cancel = await s.call('DELETE', `${EXPORT_JOBS}/${id}`);
      expect(cancel.status).toBe(204);
      expect(cancel.raw).toBe('');
      const done = await s.finish(id);
      expect(done.status).toBe('FAILED');
      expect(done.errors).toEqual([{ code: EXPORT_ERROR_CODES.cancelled, msg: expect.stringMatching(/cancelled on request/), callStack: 'export-job' }]);
      expect(done.destination.batchId).toBe('');
      expect(done.metrics.totalTime.endTimeInMs).toBeGreaterThan(0);
      expect((await s.call('GET', `/data/foundation/catalog/batches/${running.destination.batchId}`)).status).toBe(404);
      expect((await s.call('GET', `/data/foundation/export/batches/${running.destination.batchId}/files`)).body.detail).toMatch(/FAILED and wrote no batch/);

      const again = await s.call('DELETE', `${EXPORT_JOBS}/${id}`);
      expect(again.status).toBe(409);
      expect(again.body.detail).toMatch(/already finished \(FAILED\)/);
      expect((await s.job(id)).errors).toEqual(done.errors);
    } finally {
      normalExports();
    }
  });

  it('cancels a NEW job; a SUCCEEDED job cannot be cancelled; unknown → 404', async () => {
    const s = await sandbox({ demo: false });
    const id = (await s.create(body(s.target))).body.id as number;
    expect((await s.call('DELETE', `${EXPORT_JOBS}/${id}`)).status).toBe(204);
    expect((await s.finish(id)).status).toBe('FAILED');
    const ok = (await s.create(body(s.target))).body.id as number;
    expect((await s.finish(ok)).status).toBe('SUCCEEDED');
    const refused = await s.call('DELETE', `${EXPORT_JOBS}/${ok}`);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/already finished \(SUCCEEDED\)/);
    expect((await s.job(ok)).status).toBe('SUCCEEDED');
    expect((await s.call('DELETE', `${EXPORT_JOBS}/4242`)).status).toBe(404);
  });
});

describe('output: Data Access and downloads', () => {
  it('lists the batch files, the file part, streams NDJSON with Range, and downloads NDJSON and CSV', async () => {
    const s = await sandbox();
    const done = await s.finish((await s.create(body(s.target, { fields: 'person.name.firstName,personalEmail.address' }))).body.id as number);
    const batchId = done.destination.batchId;
    const listing = await s.call('GET', `/data/foundation/export/batches/${batchId}/files`);
    expect(listing.status).toBe(200);
    const [file] = listing.body.data as { dataSetFileId: string; records: string; size: string; dataSetViewId: string; _links: { self: { href: string } } }[];
    expect(file).toMatchObject({ dataSetFileId: `${batchId}-1`, dataSetViewId: s.target, records: String(done.metrics.totalExportedProfileCounter), isValid: true });
    expect(listing.body._page).toEqual({ limit: 100, count: 1 });
    const dir = await s.call('GET', file._links.self.href);
    expect(dir.body).toEqual({
      data: [{ name: 'part-00000.ndjson', length: file.size, _links: { self: { href: `${file._links.self.href}?path=part-00000.ndjson` } } }],
      _page: { limit: 100, count: 1 },
    });
    const content = await s.call('GET', `${file._links.self.href}?path=part-00000.ndjson`);
    expect(content.status).toBe(200);
    expect(content.headers['content-length']).toBe(file.size);
    const rows = content.raw.split('\n').filter(Boolean);
    expect(rows).toHaveLength(done.metrics.totalExportedProfileCounter!);
    const part = await s.call('GET', `${file._links.self.href}?path=part-00000.ndjson`, undefined, { range: 'bytes=10-19' });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 10-19/${file.size}`);
    expect(part.raw).toBe(content.raw.slice(10, 20));
    const outside = await s.call('GET', `${file._links.self.href}?path=part-00000.ndjson`, undefined, { range: `bytes=${file.size}-` });
    expect(outside.status).toBe(416);
    expect(outside.headers['content-range']).toBe(`bytes */${file.size}`);
    expect((await s.call('GET', `${file._links.self.href}?path=other.ndjson`)).status).toBe(404);
    expect((await s.call('GET', `/data/foundation/export/files/${batchId}-2`)).status).toBe(404);
    expect((await s.call('GET', '/data/foundation/export/files/not-a-file')).status).toBe(400);

    const ndjson = await s.call('GET', `/_local/export-jobs/${done.id}/download`);
    expect(ndjson.headers['content-type']).toBe('application/x-ndjson');
    expect(ndjson.headers['content-disposition']).toBe(`attachment; filename="export-${done.id}.ndjson"`);
    expect(ndjson.raw).toBe(content.raw);
    const csv = await s.call('GET', `/_local/export-jobs/${done.id}/download?format=csv`);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = csv.raw.split('\r\n');
    expect(lines[0]).toBe('person.name.firstName,personalEmail.address');
    expect(lines.slice(1, -1)).toHaveLength(done.metrics.totalExportedProfileCounter!);
    expect((await s.call('GET', `/_local/export-jobs/${done.id}/download?format=xlsx`)).status).toBe(400);
    expect((await s.call('GET', '/_local/export-jobs/777/download')).status).toBe(404);
  });

  it('batches that are not export output: ingested → 404 saying why; unknown → 404', async () => {
    const s = await sandbox({ demo: false });
    const crm = await createDataset(t, s.name, { name: 'CRM' });
    const batch = await ingest(t, s.name, crm, [profileRecord('x@example.com')]);
    const ingested = await s.call('GET', `/data/foundation/export/batches/${batch.id}/files`);
    expect(ingested.status).toBe(404);
    expect(ingested.body.detail).toMatch(/it was ingested/);
    expect((await s.call('GET', `/data/foundation/export/batches/${'0'.repeat(32)}/files`)).body.detail).toBe(`Batch ${'0'.repeat(32)} not found`);
  });

  it('lists the attribute paths present in the sandbox', async () => {
    const s = await sandbox();
    const res = await s.call('GET', '/_local/attribute-paths');
    expect(res.status).toBe(200);
    const paths = res.body as { profile: { path: string; kind: string }[]; event: { path: string }[] };
    expect(paths.profile).toEqual(expect.arrayContaining([{ path: 'person.name.firstName', kind: 'value', count: expect.any(Number) }, expect.objectContaining({ path: 'person', kind: 'object' })]));
    expect(paths.profile.some((p) => p.path === '_id')).toBe(false);
    expect(paths.event.map((p) => p.path)).toEqual(expect.arrayContaining(['eventType', 'timestamp']));
  });
});

describe('CSV cells', () => {
  it('neutralises formulas, quotes, flattens objects and keeps arrays as JSON', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    for (const s of ['+1', '-2+3', '@SUM(A1)', '\tx', '\rx']) expect(csvCell(s).replace(/^"/, '')[0]).toBe("'");
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell(' padded')).toBe('" padded"');
    expect(csvCell(true)).toBe('true');
    expect(csvCell(null)).toBe('');
    expect(csvLine({ a: { b: 1, c: '=1+1' }, list: [1, 2], skip: null }, ['a.b', 'a.c', 'list', 'missing'])).toBe(`1,'=1+1,"[1,2]",\r\n`);
  });

  it('column names from the data are neutralised too', async () => {
    const s = await sandbox({ demo: false });
    const crm = await createDataset(t, s.name, { name: 'CRM' });
    await ingest(t, s.name, crm, [profileRecord('f@example.com', { '=cmd': '@risk' })]);
    const done = await s.finish((await s.create(body(s.target))).body.id as number);
    const csv = await s.call('GET', `/_local/export-jobs/${done.id}/download?format=csv`);
    expect(csv.raw).toBe(`'=cmd,identityMap.Email\r\n'@risk,"[{""id"":""f@example.com"",""primary"":true}]"\r\n`);
  });
});


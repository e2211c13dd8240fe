import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DatasetReportSchema,
  NamespaceReportSchema,
  OverlapReportSchema,
  PreviewSampleStatusSchema,
  ReportDayListSchema,
  SampleJobSchema,
  UnknownProfilesReportSchema,
  UnstitchedProfilesReportSchema,
} from '../../../contracts/index.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { buildPreviewFixture, type PreviewFixture } from '../../testing/preview-fixture.ts';

const STATUS = '/data/core/ups/previewsamplestatus';
const REPORT = `${STATUS}/report`;
const JOBS = '/_local/preview-sample/jobs';

describe('preview sample status and reports API', () => {
  let t: TestApp;
  let f: PreviewFixture;
  const sb = 'preview-hand';

  beforeAll(async () => {
    t = await createTestApp();
    f = await buildPreviewFixture(t, sb);
  });
  afterAll(() => t.close());

  const get = (sandbox: string, url: string) => t.app.inject({ url, headers: t.headers(sandbox) });
  const runNow = (sandbox: string) => t.app.inject({ method: 'POST', url: JOBS, headers: t.headers(sandbox) });
  const db = (sandbox: string) => t.store.org(t.orgId).context(sandbox, false)!.db;

  async function sample(sandbox: string) {
    const res = await runNow(sandbox);
    expect(res.statusCode).toBe(202);
    await t.jobs.whenIdle();
    return SampleJobSchema.parse(res.json());
  }

  it('answers the status before the first sample with zero counts, and 404 for every report', async () => {
    const sandbox = 'preview-empty';
    await get(sandbox, '/data/foundation/catalog/dataSets'); // opens the sandbox
    const res = await get(sandbox, STATUS);
    expect(res.statusCode).toBe(200);
    expect(PreviewSampleStatusSchema.parse(res.json())).toEqual({
      numRowsToRead: '0',
      sampleJobRunning: { status: false },
      cosmosDocCount: '"0"',
      totalFragmentCount: 0,
      lastSuccessfulBatchTimestamp: '"null"',
      streamingDriven: '"false"',
      totalRows: '0',
      lastBatchId: '"null"',
      status: 'NOT_STARTED',
      samplingRatio: 0,
      mergeStrategy: 'timestampOrdered_pdg',
      lastSampledTimestamp: '"null"',
    });
    for (const path of ['dataset', 'namespace', 'dataset/overlap', 'namespace/overlap', 'unstitchedProfiles', 'unknownProfiles']) {
      const missing = await get(sandbox, `${REPORT}/${path}`);
      expect(missing.statusCode, path).toBe(404);
      expect(missing.headers['content-type']).toContain('application/problem+json');
      expect(missing.json().detail).toMatch(/no .* report exists yet/i);
    }
  });

  it('runs the sample and files the report under today (UTC)', async () => {
    const job = await sample(sb);
    expect(job).toMatchObject({ status: 'queued', trigger: 'manual', reportDate: null });
    const jobs = (await get(sb, JOBS)).json().jobs;
    expect(jobs[0]).toMatchObject({ id: job.id, status: 'succeeded', phase: 'done', reportDate: new Date().toISOString().slice(0, 10), error: null });
    expect(jobs[0].done).toBe(jobs[0].total);
  });

  it('status: every field, with the string-encoded counts and the space-separated timestamps', async () => {
    const body = PreviewSampleStatusSchema.parse((await get(sb, STATUS)).json());
    expect(body).toMatchObject({
      numRowsToRead: '9',
      totalRows: '9',
      sampleJobRunning: { status: false },
      cosmosDocCount: '"13"',
      totalFragmentCount: 4,
      streamingDriven: '"false"',
      status: 'TASK_FINISHED',
      samplingRatio: 1,
      mergeStrategy: 'timestampOrdered_pdg',
    });
    expect(body.sampleJobRunning.submissionTimestamp).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{1,3}$/);
    expect(body.lastSampledTimestamp).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{1,3}$/);
    expect(body.lastSuccessfulBatchTimestamp).toMatch(/^"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{1,3}"$/);
    const lastBatch = db(sb).prepare("SELECT id FROM batches WHERE dataset_id = ? AND status = 'success'").pluck().get(f.app);
    expect(body.lastBatchId).toBe(`"${lastBatch}"`);
    expect(Object.keys(body)).not.toContain('docCount');
  });

  it('dataset report: profiles per dataset, as counts and fractions of all profiles', async () => {
    const body = DatasetReportSchema.parse((await get(sb, `${REPORT}/dataset`)).json());
    expect(body.reportTimestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/);
    const byName = Object.fromEntries(body.data.map((d) => [d.name, d]));
    expect(body.data.map((d) => d.name).slice(0, 2)).toEqual(['Web', 'App']);
    expect(byName.Web).toEqual({
      sampleCount: 5,
      samplePercentage: 0.555556,
      fullIDsCount: 5,
      fullIDsPercentage: 0.555556,
      name: 'Web',
      description: '',
      value: f.web,
      streamingIngestionEnabled: '',
      createdUser: expect.any(String),
      reportTimestamp: body.reportTimestamp,
    });
    expect(byName.App).toMatchObject({ fullIDsCount: 3, fullIDsPercentage: 0.333333, value: f.app });
    expect(byName.CRM).toMatchObject({ fullIDsCount: 2, fullIDsPercentage: 0.222222, value: f.crm });
    expect(byName.Loyalty).toMatchObject({ fullIDsCount: 2, fullIDsPercentage: 0.222222, value: f.loyalty });
    expect(body.data).toHaveLength(4);
  });

  it('namespace report: profiles per namespace (they overlap), fragments per namespace, numeric ids as strings', async () => {
    const body = NamespaceReportSchema.parse((await get(sb, `${REPORT}/namespace`)).json());
    expect(body.data.map(({ reportTimestamp, ...rest }) => (expect(reportTimestamp).toBe(body.reportTimestamp), rest))).toEqual([
      { code: 'ECID', value: '4', fullIDsCount: 6, fullIDsPercentage: 0.666667, sampleCount: 6, samplePercentage: 0.666667, fullIDsFragmentCount: 0 },
      { code: 'Phone', value: '7', fullIDsCount: 3, fullIDsPercentage: 0.333333, sampleCount: 3, samplePercentage: 0.333333, fullIDsFragmentCount: 1 },
      { code: 'Email', value: '6', fullIDsCount: 2, fullIDsPercentage: 0.222222, sampleCount: 2, samplePercentage: 0.222222, fullIDsFragmentCount: 3 },
    ]);
  });

  it('overlap reports: profiles per exact set, keys sorted and comma-joined, summing to the profile total', async () => {
    const ds = OverlapReportSchema.parse((await get(sb, `${REPORT}/dataset/overlap`)).json());
    const key = (...ids: string[]) => [...ids].sort().join(',');
    expect(ds.data).toEqual({
      [f.web]: 4,
      [f.app]: 2,
      [key(f.crm, f.loyalty, f.web)]: 1,
      [f.crm]: 1,
      [key(f.loyalty, f.app)]: 1,
    });
    const ns = OverlapReportSchema.parse((await get(sb, `${REPORT}/namespace/overlap`)).json());
    expect(ns.data).toEqual({ ECID: 5, Phone: 2, 'ECID,Email,Phone': 1, Email: 1 });
    expect(Object.values(ns.data).reduce((a, b) => a + b, 0)).toBe(9);
  });

  it('unstitched profiles: single-identity, events-only profiles inactive for each period, by namespace', async () => {
    const body = UnstitchedProfilesReportSchema.parse((await get(sb, `${REPORT}/unstitchedProfiles`)).json());
    const p = (count: number, events: number, ns: Record<string, [number, number]>) => ({
      countOfProfiles: count,
      eventsAssociated: events,
      nsDistribution: Object.fromEntries(Object.entries(ns).map(([k, [c, e]]) => [k, { countOfProfiles: c, eventsAssociated: e }])),
    });
    expect(body.data).toEqual({
      totalNumberOfProfiles: 9,
      totalNumberOfEvents: 9,
      unstitchedProfiles: {
        '7days': p(4, 5, { ECID: [3, 4], Phone: [1, 1] }),
        '30days': p(3, 3, { ECID: [2, 2], Phone: [1, 1] }),
        '60days': p(3, 3, { ECID: [2, 2], Phone: [1, 1] }),
        '90days': p(2, 2, { ECID: [2, 2] }),
        '120days': p(1, 1, { ECID: [1, 1] }),
      },
    });
    const legacy = UnknownProfilesReportSchema.parse((await get(sb, `${REPORT}/unknownProfiles`)).json());
    expect(legacy.data.unknownProfiles).toEqual(body.data.unstitchedProfiles);
    expect(Object.keys(legacy.data)).not.toContain('unstitchedProfiles');
  });

  it('date: the report of that day, 404 for a day without one, 400 for a malformed or impossible date', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const ok = await get(sb, `${REPORT}/dataset?date=${today}`);
    expect(ok.statusCode).toBe(200);
    const missing = await get(sb, `${REPORT}/namespace/overlap?date=2001-01-01`);
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ status: 404, detail: `No namespace overlap report exists for 2001-01-01 (the latest report is from ${today})` });
    for (const date of ['2024-02-30', '2024-1-01', 'yesterday', '', '2024-13-01']) {
      for (const path of ['dataset', 'namespace', 'dataset/overlap', 'namespace/overlap', 'unstitchedProfiles', 'unknownProfiles']) {
        const bad = await get(sb, `${REPORT}/${path}?date=${encodeURIComponent(date)}`);
        expect(bad.statusCode, `${path} ${date}`).toBe(400);
        expect(bad.json().detail).toMatch(/date/);
      }
    }
  });

  it('keeps one report per day: history by date, and a later run the same day replaces that day', async () => {
    // File today's report under an older day, then sample again after more data.
    db(sb).prepare("UPDATE preview_reports SET report_date = '2020-01-02'").run();
    const { ingest } = await import('../../testing/test-app.ts');
    await ingest(t, sb, f.crm, [{ _id: 'crm-c', identityMap: { Email: [{ id: 'c@example.com', primary: true }] } }]);
    await sample(sb);
    const days = ReportDayListSchema.parse((await get(sb, '/_local/preview-sample/reports')).json()).reports;
    const today = new Date().toISOString().slice(0, 10);
    expect(days.map((d) => [d.date, d.totalRows, d.fragments, d.identities, d.events])).toEqual([
      [today, 10, 5, 13, 9],
      ['2020-01-02', 9, 4, 12, 9],
    ]);
    const old = DatasetReportSchema.parse((await get(sb, `${REPORT}/dataset?date=2020-01-02`)).json());
    expect(old.data.find((d) => d.value === f.crm)!.fullIDsCount).toBe(2);
    const latest = DatasetReportSchema.parse((await get(sb, `${REPORT}/dataset`)).json());
    expect(latest.data.find((d) => d.value === f.crm)!.fullIDsCount).toBe(3);
    await sample(sb);
    expect(ReportDayListSchema.parse((await get(sb, '/_local/preview-sample/reports')).json()).reports).toHaveLength(2);
  });

  it('run now while a sample is queued or running returns that job (200) and starts no other', async () => {
    const sandbox = 'preview-running';
    const seeded = await t.app.inject({ method: 'POST', url: '/_local/demo', headers: t.headers(sandbox), payload: { profiles: 3000, seed: 7 } });
    expect(seeded.statusCode).toBe(200);
    const first = await runNow(sandbox);
    expect(first.statusCode).toBe(202);
    const second = await runNow(sandbox);
    expect(second.statusCode).toBe(200);
    const job = SampleJobSchema.parse(second.json());
    expect(job.id).toBe(first.json().id);
    expect(['queued', 'running']).toContain(job.status);
    const status = PreviewSampleStatusSchema.parse((await get(sandbox, STATUS)).json());
    expect(status.sampleJobRunning.status).toBe(true);
    await t.jobs.whenIdle();
    const jobs = (await get(sandbox, JOBS)).json().jobs;
    expect(jobs).toHaveLength(1);
    expect(jobs[0].status).toBe('succeeded');
    expect(PreviewSampleStatusSchema.parse((await get(sandbox, STATUS)).json()).sampleJobRunning.status).toBe(false);
  });

  it('answers in the sandbox of the request only', async () => {
    const other = await get('preview-empty', `${REPORT}/dataset`);
    expect(other.statusCode).toBe(404);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import type { MergePolicyRules } from '../engine/merge.ts';
import { createTestApp, ingest, profileRecord, type TestApp } from '../testing/test-app.ts';
import { createPreviewReportRepository } from '../resources/preview-sample/repository.ts';
import type { SandboxContext } from '../store/tenant-store.ts';
import { sampleByEngine } from './sample-by-engine.ts';
import { createSampleJobHandler, SAMPLE_JOB } from './sample-job.ts';
import { createSampleScan } from './sample-scan.ts';
import { createJobRepository, createJobRunner } from './runner.ts';

const tick = () => new Promise<void>((r) => setImmediate(r));

function scanAll(db: Database, rules: MergePolicyRules, now: number) {
  const scan = createSampleScan(db, rules, now);
  let steps = 0;
  while (!scan.step(performance.now())) steps++;
  return { ...scan.result(), steps };
}

describe('sample job', () => {
  let t: TestApp;
  let demo: SandboxContext;
  let datasets: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    const res = await t.app.inject({ method: 'POST', url: '/_local/demo', headers: t.headers('sample-demo'), payload: { profiles: 1500, seed: 11 } });
    expect(res.statusCode).toBe(200);
    datasets = Object.fromEntries((res.json().datasets as { name: string; id: string }[]).map((d) => [d.name, d.id]));
    demo = t.store.org(t.orgId).context('sample-demo', false)!;
  });
  afterAll(() => t.close());

  describe('the set-based scan agrees with merging every profile through the engine', () => {
    const now = Date.now();
    const policies: [string, () => MergePolicyRules][] = [
      ['pdg, timestampOrdered (the default)', () => ({ identityGraph: { type: 'pdg' }, attributeMerge: { type: 'timestampOrdered' } })],
      ['none: one profile per identity with data', () => ({ identityGraph: { type: 'none' }, attributeMerge: { type: 'timestampOrdered' } })],
      [
        'dataSetPrecedence without CRM: CRM fragments are not merged',
        () => ({ identityGraph: { type: 'pdg' }, attributeMerge: { type: 'dataSetPrecedence', order: [datasets['Loyalty Members']] } }),
      ],
      [
        'dataSetPrecedence with some event datasets only',
        () => ({
          identityGraph: { type: 'none' },
          attributeMerge: { type: 'dataSetPrecedence', order: [datasets['CRM Customers'], datasets['Loyalty Members']] },
          eventDatasets: [datasets['Web Events']],
        }),
      ],
    ];
    it.each(policies)('%s', (_name, rulesOf) => {
      const rules = rulesOf();
      const fast = scanAll(demo.db, rules, now);
      const slow = sampleByEngine(demo.db, rules, now);
      expect(fast.figures).toEqual(slow.figures);
      expect(fast.oversizedGraphs).toBe(slow.oversizedGraphs);
      expect(fast.steps).toBeGreaterThan(3); // it really ran in slices
      expect(fast.figures.profiles).toBeGreaterThan(1000);
      expect(Object.values(fast.figures.datasetOverlap).reduce((a, b) => a + b, 0)).toBe(fast.figures.profiles);
      expect(Object.values(fast.figures.namespaceOverlap).reduce((a, b) => a + b, 0)).toBe(fast.figures.profiles);
    });

    it('leaves the oversized graph (over 50 identities) out, as lookups refuse it', () => {
      const rules: MergePolicyRules = { identityGraph: { type: 'pdg' }, attributeMerge: { type: 'timestampOrdered' } };
      expect(scanAll(demo.db, rules, now).oversizedGraphs).toBe(1);
      expect(scanAll(demo.db, { ...rules, identityGraph: { type: 'none' } }, now).oversizedGraphs).toBe(0);
    });

    it('counts the store as it is: totals of every identity, fragment and event', () => {
      const rules: MergePolicyRules = { identityGraph: { type: 'pdg' }, attributeMerge: { type: 'timestampOrdered' } };
      const count = (table: string) => demo.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
      expect(scanAll(demo.db, rules, now).store).toEqual({ identities: count('identities'), fragments: count('fragments'), events: count('events') });
    });
  });

  it('resumes after a restart: the running job scans again and files the same report', async () => {
    const runner = createJobRunner({ sliceMs: 0 });
    runner.register(createSampleJobHandler());
    const id = runner.submit(demo, SAMPLE_JOB, { trigger: 'manual' });
    for (let i = 0; i < 5; i++) await tick();
    runner.stop(); // the process dies mid-scan
    const jobs = createJobRepository(demo.db);
    expect(jobs.get(id)!.status).toBe('running');
    expect(createPreviewReportRepository(demo.db).get()?.jobId).not.toBe(id);

    const restarted = createJobRunner({ sliceMs: 2 });
    restarted.register(createSampleJobHandler());
    expect(restarted.resume(demo)).toEqual([id]);
    await restarted.whenIdle();
    const job = jobs.get(id)!;
    expect(job.status, job.error ?? '').toBe('succeeded');
    const report = createPreviewReportRepository(demo.db).get()!;
    expect(report.jobId).toBe(id);
    const rules: MergePolicyRules = { identityGraph: { type: 'pdg' }, attributeMerge: { type: 'timestampOrdered' } };
    expect(report.report.figures).toEqual(scanAll(demo.db, rules, report.sampledMs).figures);
  });

  it('a data-change job samples when the profile count moved by more than 5 %, and is skipped otherwise', async () => {
    const sb = 'sample-trigger';
    const crm = await (await import('../testing/test-app.ts')).createDataset(t, sb, { name: 'CRM' });
    await ingest(t, sb, crm, Array.from({ length: 100 }, (_, i) => profileRecord(`p${i}@example.com`)));
    const ctx = t.store.org(t.orgId).context(sb, false)!;
    const runDataChange = async (handler = createSampleJobHandler()) => {
      const runner = createJobRunner({ sliceMs: 0 });
      runner.register(handler);
      const id = runner.submit(ctx, SAMPLE_JOB, { trigger: 'data-change' });
      await runner.whenIdle();
      return createJobRepository(ctx.db).get<unknown, unknown, { reportDate: string | null; skipped?: string }>(id)!;
    };
    const reports = createPreviewReportRepository(ctx.db);

    const first = await runDataChange(); // no report yet: samples
    expect(first.result).toMatchObject({ reportDate: expect.any(String) });
    expect(reports.get()!.report.figures.profiles).toBe(100);

    await ingest(t, sb, crm, Array.from({ length: 5 }, (_, i) => profileRecord(`q${i}@example.com`)));
    const skipped = await runDataChange();
    expect(skipped.status).toBe('succeeded');
    expect(skipped.result!.reportDate).toBeNull();
    expect(skipped.result!.skipped).toMatch(/moved by 5\.0 % since the last report \(100 → 105 identity graphs\)/);
    expect(reports.get()!.report.figures.profiles).toBe(100);

    await ingest(t, sb, crm, [profileRecord('r@example.com')]);
    const sampled = await runDataChange(createSampleJobHandler({ checkKeysPerCall: 7 })); // the check spans steps
    expect(sampled.result!.reportDate).not.toBeNull();
    expect(reports.get()!.report.figures.profiles).toBe(106);
  });

  it('run now turns a pending data-change job into a manual one, which samples whatever the count did', async () => {
    const sb = 'sample-promote';
    const crm = await (await import('../testing/test-app.ts')).createDataset(t, sb, { name: 'CRM' });
    await ingest(t, sb, crm, Array.from({ length: 40 }, (_, i) => profileRecord(`p${i}@example.com`)));
    const ctx = t.store.org(t.orgId).context(sb, false)!;
    const runner = createJobRunner({ sliceMs: 0 });
    runner.register(createSampleJobHandler({ checkKeysPerCall: 2 }));
    runner.submit(ctx, SAMPLE_JOB, { trigger: 'manual' });
    await runner.whenIdle();
    const id = runner.submit(ctx, SAMPLE_JOB, { trigger: 'data-change' });
    await tick(); // the check has started (and needs many steps at 2 keys per query)
    expect(createJobRepository(ctx.db).get<{ trigger: string }, { phase: string }, unknown>(id)!.state!.phase).toBe('check');
    const res = await t.app.inject({ method: 'POST', url: '/_local/preview-sample/jobs', headers: t.headers(sb) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: String(id), trigger: 'manual' });
    await runner.whenIdle();
    const job = createJobRepository(ctx.db).get<unknown, unknown, { reportDate: string | null }>(id)!;
    expect(job.result!.reportDate).not.toBeNull();
    expect(createPreviewReportRepository(ctx.db).get()!.jobId).toBe(id);
  });

  it('ingestion queues a data-change sample once the sandbox has been quiet for the debounce time', async () => {
    const auto = await createTestApp({ autoSampleDebounceMs: 30 });
    try {
      const sb = 'sample-auto';
      const { createDataset } = await import('../testing/test-app.ts');
      const crm = await createDataset(auto, sb, { name: 'CRM' });
      await ingest(auto, sb, crm, [profileRecord('a@example.com')]);
      await ingest(auto, sb, crm, [profileRecord('b@example.com')]);
      const jobs = async () => (await auto.app.inject({ url: '/_local/preview-sample/jobs', headers: auto.headers(sb) })).json().jobs as { trigger: string; status: string }[];
      for (let i = 0; i < 100 && (await jobs()).length === 0; i++) await new Promise((r) => setTimeout(r, 10));
      await auto.jobs.whenIdle();
      const list = await jobs();
      expect(list).toHaveLength(1); // two batches, one debounced sample
      expect(list[0]).toMatchObject({ trigger: 'data-change', status: 'succeeded' });
      const status = (await auto.app.inject({ url: '/data/core/ups/previewsamplestatus', headers: auto.headers(sb) })).json();
      expect(status.totalRows).toBe('2');
    } finally {
      await auto.close();
    }
  });
});

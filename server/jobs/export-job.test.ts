import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROFILE_SCHEMA_ID } from '../../contracts/index.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import type { SandboxContext } from '../store/tenant-store.ts';
import { seedDemo } from '../demo/seed.ts';
import { createDatasetRepository } from '../resources/datasets/repository.ts';
import { createMergePolicyRepository, rulesOf } from '../resources/merge-policies/repository.ts';
import { identityByRowId, readProfile, scanProfiles } from '../resources/entities/profile-reader.ts';
import { TooManyIdentitiesError, type MergePolicyRules } from '../engine/merge.ts';
import { newBatchId } from '../lib/ids.ts';
import { exportBatchDir } from './export-files.ts';
import { createExportJobHandler, EXPORT_JOB, type ExportJobOptions, type ExportJobParams, type ExportJobRecord } from './export-job.ts';
import { createJobRepository, createJobRunner, type JobHandler } from './runner.ts';

const tick = () => new Promise<void>((r) => setImmediate(r));

/** One scan chunk per step (deadline already passed), so a test sees every intermediate state. */
function oneChunkPerStep(options: ExportJobOptions): JobHandler<ExportJobParams> {
  const handler = createExportJobHandler(options);
  return { ...handler, step: (ctx, job, state) => handler.step(ctx, job as never, state as never, 0) } as JobHandler<ExportJobParams>;
}

describe('export job', () => {
  let t: TestApp;
  let ctx: SandboxContext;
  let destination: string;
  let rules: MergePolicyRules;
  let policy: ExportJobParams['policy'];

  beforeAll(async () => {
    t = await createTestApp();
    t.jobs.stop(); // these tests drive their own runners
    ctx = t.store.org(t.orgId).context('export-jobs', true)!;
    await seedDemo(ctx, { profiles: 300, seed: 42, now: Date.UTC(2026, 0, 1) });
    destination = createDatasetRepository(ctx.db, { orgId: ctx.orgId, sandboxId: ctx.sandbox.id }).create(
      { name: 'Profile export', schemaRef: { id: PROFILE_SCHEMA_ID } },
      'test',
    );
    const stored = createMergePolicyRepository(ctx.db, { orgId: ctx.orgId, sandbox: ctx.sandbox }).all().find((p) => p.isDefault)!;
    rules = rulesOf(stored, ctx.db);
    policy = { id: stored.id, version: stored.version, rules };
  }, 60_000);
  afterAll(() => t.close());

  const params = (extra: Partial<ExportJobParams> = {}): ExportJobParams => ({
    batchId: newBatchId(),
    datasetId: destination,
    requestId: 'test',
    policy,
    emptyProfiles: false,
    echo: { schemaName: '_xdm.context.profile' },
    ...extra,
  });

  async function run(p: ExportJobParams, handler: JobHandler<ExportJobParams> = createExportJobHandler()) {
    const runner = createJobRunner({ sliceMs: 4 });
    runner.register(handler);
    const id = runner.submit(ctx, EXPORT_JOB, p);
    await runner.whenIdle();
    return createJobRepository(ctx.db).get(id)! as ExportJobRecord;
  }

  const outputOf = (job: ExportJobRecord) =>
    job.result!.files.map((f) => readFileSync(join(exportBatchDir(ctx, job.params.batchId), f.name), 'utf8')).join('');
  const lines = (text: string) => text.split('\n').filter((l) => l !== '');
  const batchRow = (batchId: string) => ctx.db.prepare('SELECT * FROM batches WHERE id = ?').get(batchId) as Record<string, unknown> | undefined;

  it('scans every profile exactly as a lookup of its first identity reads it, under every kind of policy', () => {
    const policies: MergePolicyRules[] = [
      rules,
      { identityGraph: { type: 'none' }, attributeMerge: { type: 'timestampOrdered' } },
      rulesOf(createMergePolicyRepository(ctx.db, { orgId: ctx.orgId, sandbox: ctx.sandbox }).all().find((p) => p.name === 'Loyalty first')!, ctx.db),
    ];
    for (const policyRules of policies) {
      let after = 0;
      let profiles = 0;
      let skipped = 0;
      for (;;) {
        const identities = after % 2 === 0 ? 'all' : 'owners';
        const chunk = scanProfiles(ctx.db, policyRules, after, 37, { emptyProfiles: true, events: { keep: () => true }, identities });
        for (const p of chunk.profiles) {
          const firstRowId =
            policyRules.identityGraph.type === 'pdg'
              ? (ctx.db.prepare('SELECT MIN(id) FROM identities WHERE graph_id = ?').pluck().get(p.key) as number)
              : p.key;
          const identity = identityByRowId(ctx.db, firstRowId)!;
          if (p.kind === 'tooManyIdentities') {
            skipped++;
            expect(() => readProfile(ctx.db, identity, policyRules)).toThrow(TooManyIdentitiesError);
            continue;
          }
          profiles++;
          const lookup = readProfile(ctx.db, identity, policyRules)!;
          expect(p.merged.entity).toEqual(lookup.entity);
          expect(p.merged.sources).toEqual(expect.arrayContaining(lookup.sources)); // plus the event datasets (events were asked for)
          expect(p.merged.fragments.map((f) => f.fragmentId)).toEqual(lookup.fragments.map((f) => f.fragmentId));
          expect(p.merged.entityId).toBe(lookup.entityId);
          // 'all': the whole graph, as the lookup; 'owners': the identities that own data (and the looked-up one).
          if (identities === 'all') expect(p.merged.identities).toEqual(lookup.identities);
          else expect(lookup.identities).toEqual(expect.arrayContaining(p.merged.identities));
          expect(p.identityCount).toBe(lookup.identities.length);
        }
        if (chunk.last === null) break;
        after = chunk.last;
      }
      expect(profiles).toBeGreaterThan(200);
      expect(skipped).toBe(policyRules.identityGraph.type === 'pdg' ? 1 : 0);
    }
  });

  /** On the main thread, and with worker threads computing the chunks (small ranges, so there are many). */
  const MODES: [string, ExportJobOptions][] = [
    ['main thread', { workers: 0 }],
    ['worker threads', { workers: 2, workerThreshold: 0, rangeKeys: 37 }],
  ];

  let reference: { text: string; columns: string[]; byNamespace: Record<string, number> } | undefined;

  it.each(MODES)('exports every profile with record data into files of a new batch, registered with the result (%s)', async (_mode, options) => {
    const job = await run(params(), createExportJobHandler({ ...options, maxRowsPerFile: 100 }));
    expect(job.status, job.error ?? '').toBe('succeeded');
    const r = job.result!;
    const withRecords = ctx.db.prepare('SELECT COUNT(DISTINCT i.graph_id) FROM fragments f JOIN identities i ON i.id = f.identity_id').pluck().get() as number;
    expect(r.exported).toBe(withRecords - 1); // the overflow person's graph is skipped
    expect(r.skipped).toBe(1);
    expect(r.processed).toBe(r.total);
    // A new file starts between chunks once the current one has 100 rows.
    expect(r.files.length).toBeGreaterThan(1);
    r.files.forEach((f, i) => {
      expect(f.name).toBe(`part-${String(i).padStart(5, '0')}.ndjson`);
      if (i < r.files.length - 1) expect(f.rows).toBeGreaterThanOrEqual(100);
    });
    expect(r.files.reduce((n, f) => n + f.rows, 0)).toBe(r.exported);
    const text = outputOf(job);
    const rows = lines(text).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows).toHaveLength(r.exported);
    expect(rows.every((row) => typeof row.identityMap === 'object')).toBe(true);
    expect(r.columns).toEqual(expect.arrayContaining(['person.name.firstName', 'identityMap.Email', 'loyalty.tier']));
    const withEmail = rows.filter((row) => (row.identityMap as Record<string, unknown>).Email !== undefined).length;
    expect(r.byNamespace.Email).toBe(withEmail);
    expect(Object.keys(r.byNamespace).sort()).toEqual(['CRMID', 'Email', 'Phone', 'loyaltyId']);
    expect(batchRow(job.params.batchId)).toMatchObject({ dataset_id: destination, status: 'success', output_count: r.exported, failed_count: 0 });
    for (const f of r.files) expect(readFileSync(join(exportBatchDir(ctx, job.params.batchId), f.name)).length).toBe(f.bytes);
    // Both ways write the same rows in the same order, with the same columns and counts.
    if (reference) expect({ text, columns: r.columns, byNamespace: r.byNamespace }).toEqual(reference);
    else reference = { text, columns: r.columns, byNamespace: r.byNamespace };
  });

  it('projects fields, adds filtered events, and can include profiles of events only', async () => {
    const job = await run(
      params({
        fields: ['person.name.firstName'],
        emptyProfiles: true,
        events: { fields: ['eventType'], fromTs: Date.UTC(2025, 11, 2) },
      }),
    );
    expect(job.status, job.error ?? '').toBe('succeeded');
    const rows = lines(outputOf(job)).map((l) => JSON.parse(l) as { person?: unknown; eventList: { eventType?: string }[] });
    const recordOnly = (await run(params())).result!.exported;
    expect(rows.length).toBeGreaterThan(recordOnly); // visitors with events only
    for (const row of rows) {
      expect(Object.keys(row).sort()).toEqual(row.person ? ['eventList', 'person'] : ['eventList']);
      for (const e of row.eventList) expect(Object.keys(e)).toEqual(['eventType']);
    }
    expect(rows.some((row) => row.eventList.length > 0)).toBe(true);
    expect(job.result!.columns).toEqual(['person.name.firstName', 'eventList']);
  });

  it('exports one profile per identity under identityGraph none', async () => {
    const none: MergePolicyRules = { identityGraph: { type: 'none' }, attributeMerge: { type: 'timestampOrdered' } };
    const job = await run(params({ policy: { ...policy, rules: none } }));
    const fragmentIdentities = ctx.db.prepare('SELECT COUNT(DISTINCT identity_id) FROM fragments').pluck().get() as number;
    expect(job.result).toMatchObject({ exported: fragmentIdentities, skipped: 0 });
  });

  it.each(MODES)('resumes after a restart mid-export: the crashed step is undone and the output is exactly the uninterrupted one (%s)', async (_mode, mode) => {
    const options = { ...mode, chunkKeys: 5, maxRowsPerFile: 40 };
    const uninterrupted = outputOf(await run(params(), createExportJobHandler(options)));

    const p = params();
    const first = createJobRunner({ sliceMs: 4 });
    first.register(oneChunkPerStep(options));
    const id = first.submit(ctx, EXPORT_JOB, p);
    const exported = () => (createJobRepository(ctx.db).get(id) as ExportJobRecord).state?.exported ?? 0;
    for (let i = 0; i < 2000 && exported() <= 45; i++) await (mode.workers ? new Promise((r) => setTimeout(r, 2)) : tick());
    first.stop(); // the process dies between two steps
    const before = createJobRepository(ctx.db).get(id)! as ExportJobRecord;
    expect(before.status).toBe('running');
    expect(before.state!.phase).toBe('export');
    expect(before.state!.exported).toBeGreaterThan(40); // past the first file
    expect(before.state!.exported).toBeLessThan(uninterrupted.split('\n').length - 1);
    expect(batchRow(p.batchId)).toBeUndefined(); // never half-registered
    // What a step that wrote but never committed leaves behind: a tail and a next file.
    const dir = exportBatchDir(ctx, p.batchId);
    const last = before.state!.files[before.state!.files.length - 1];
    appendFileSync(join(dir, last.name), '{"half": "a row of an uncommitted step"}\n');
    writeFileSync(join(dir, 'part-00099.ndjson'), '{"stray": true}\n');

    const second = createJobRunner({ sliceMs: 4 });
    second.register(createExportJobHandler(options));
    expect(second.resume(ctx)).toEqual([id]);
    await second.whenIdle();
    const job = createJobRepository(ctx.db).get(id)! as ExportJobRecord;
    expect(job.status, job.error ?? '').toBe('succeeded');
    expect(outputOf(job)).toBe(uninterrupted);
    expect(readdirSync(dir).sort()).toEqual(job.result!.files.map((f) => f.name));
    expect(batchRow(p.batchId)).toMatchObject({ status: 'success', output_count: job.result!.exported });
  });

  it('cancel with worker threads: ends cancelled, deletes its files and registers no batch', async () => {
    const p = params();
    const runner = createJobRunner({ sliceMs: 4 });
    runner.register(oneChunkPerStep({ workers: 2, workerThreshold: 0, rangeKeys: 5 }));
    const id = runner.submit(ctx, EXPORT_JOB, p);
    for (let i = 0; i < 2000 && ((createJobRepository(ctx.db).get(id) as ExportJobRecord).state?.exported ?? 0) === 0; i++) await new Promise((r) => setTimeout(r, 2));
    expect(runner.cancel(ctx, id)).toBe(true);
    await runner.whenIdle();
    expect(createJobRepository(ctx.db).get(id)).toMatchObject({ status: 'cancelled', result: null });
    expect(existsSync(exportBatchDir(ctx, p.batchId))).toBe(false);
    expect(batchRow(p.batchId)).toBeUndefined();
  });

  it('cancel: ends cancelled before its next step, deletes its files and registers no batch', async () => {
    const p = params();
    const runner = createJobRunner({ sliceMs: 4 });
    runner.register(oneChunkPerStep({ chunkKeys: 5 }));
    const id = runner.submit(ctx, EXPORT_JOB, p);
    for (let i = 0; i < 20; i++) await tick();
    expect(existsSync(exportBatchDir(ctx, p.batchId))).toBe(true);
    expect(runner.cancel(ctx, id)).toBe(true);
    await runner.whenIdle();
    const job = createJobRepository(ctx.db).get(id)! as ExportJobRecord;
    expect(job.status).toBe('cancelled');
    expect(job.result).toBeNull();
    expect(existsSync(exportBatchDir(ctx, p.batchId))).toBe(false);
    expect(batchRow(p.batchId)).toBeUndefined();
  });

  it('a failing step fails the job with its reason, leaving no files and no batch', async () => {
    const p = params();
    const handler = createExportJobHandler({ chunkKeys: 5 });
    let steps = 0;
    const failing: JobHandler<ExportJobParams> = {
      ...handler,
      step: (c, job, state) => {
        const out = handler.step(c, job as never, state as never, 0);
        if (++steps === 30) throw new Error('disk full');
        return out;
      },
    } as JobHandler<ExportJobParams>;
    const job = await run(p, failing);
    expect(job).toMatchObject({ status: 'failed', error: 'disk full', result: null });
    expect(existsSync(exportBatchDir(ctx, p.batchId))).toBe(false);
    expect(batchRow(p.batchId)).toBeUndefined();
  });
});

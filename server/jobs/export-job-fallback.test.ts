// When worker threads cannot run an export (they fail to start, or one dies), the job carries on
// from its cursor on the main thread: the output is the same.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PROFILE_SCHEMA_ID } from '../../contracts/index.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import type { SandboxContext } from '../store/tenant-store.ts';
import { seedDemo } from '../demo/seed.ts';
import { createDatasetRepository } from '../resources/datasets/repository.ts';
import { createMergePolicyRepository, rulesOf } from '../resources/merge-policies/repository.ts';
import { newBatchId } from '../lib/ids.ts';
import { exportBatchDir } from './export-files.ts';
import { createExportJobHandler, EXPORT_JOB, type ExportJobOptions, type ExportJobParams, type ExportJobRecord } from './export-job.ts';
import { createJobRepository, createJobRunner } from './runner.ts';

vi.mock('./export-pool.ts', () => ({
  ExportPool: class {
    constructor() {
      throw new Error('worker threads are not available');
    }
  },
}));

describe('export job without worker threads', () => {
  let t: TestApp;
  let ctx: SandboxContext;
  let params: () => ExportJobParams;

  beforeAll(async () => {
    t = await createTestApp();
    t.jobs.stop();
    ctx = t.store.org(t.orgId).context('export-fallback', true)!;
    await seedDemo(ctx, { profiles: 200, seed: 7, now: Date.UTC(2026, 0, 1) });
    const datasetId = createDatasetRepository(ctx.db, { orgId: ctx.orgId, sandboxId: ctx.sandbox.id }).create({ name: 'Out', schemaRef: { id: PROFILE_SCHEMA_ID } }, 'test');
    const policy = createMergePolicyRepository(ctx.db, { orgId: ctx.orgId, sandbox: ctx.sandbox }).all().find((p) => p.isDefault)!;
    params = () => ({
      batchId: newBatchId(),
      datasetId,
      requestId: 'test',
      policy: { id: policy.id, version: policy.version, rules: rulesOf(policy, ctx.db) },
      emptyProfiles: false,
      echo: { schemaName: '_xdm.context.profile' },
    });
  }, 60_000);
  afterAll(() => t.close());

  async function run(options: ExportJobOptions) {
    const runner = createJobRunner({ sliceMs: 4 });
    runner.register(createExportJobHandler(options));
    const id = runner.submit(ctx, EXPORT_JOB, params());
    await runner.whenIdle();
    const job = createJobRepository(ctx.db).get(id)! as ExportJobRecord;
    const text = job.result!.files.map((f) => readFileSync(join(exportBatchDir(ctx, job.params.batchId), f.name), 'utf8')).join('');
    return { job, text };
  }

  it('falls back to the main thread and writes the same output', async () => {
    const parallel = await run({ workers: 2, workerThreshold: 0 });
    expect(parallel.job.status, parallel.job.error ?? '').toBe('succeeded');
    const serial = await run({ workers: 0 });
    expect(parallel.text).toBe(serial.text);
    expect(parallel.job.result!.exported).toBeGreaterThan(100);
  });
});

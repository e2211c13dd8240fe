import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTenantStore } from './server/store/tenant-store.ts';
import { seedDemo } from './server/demo/seed.ts';
import { createDeleteJobHandler, DELETE_JOB, type DeleteJobRecord } from './server/jobs/delete-job.ts';
import { createJobRepository, createJobRunner } from './server/jobs/runner.ts';
const n = Number(process.argv[2] ?? 20000);
const names = (process.argv[3] ?? 'Loyalty Members').split(',');
const dir = mkdtempSync(join(tmpdir(), 'quick-'));
const store = createTenantStore(dir);
const ctx = store.org('BENCH0000000000000000000@AdobeOrg').context('bench', true)!;
await seedDemo(ctx, { profiles: n, seed: 42, now: Date.UTC(2026, 10, 1) });
if (process.env.CKPT) ctx.db.pragma('wal_autocheckpoint = ' + process.env.CKPT);
for (const name of names) {
  const d = ctx.db.prepare('SELECT id, class FROM datasets WHERE name = ?').get(name) as any;
  const runner = createJobRunner();
  runner.register(createDeleteJobHandler());
  const t = performance.now(); const cpu0 = process.cpuUsage();
  const id = runner.submit(ctx, DELETE_JOB, { datasetId: d.id, datasetClass: d.class, datasetName: name });
  await runner.whenIdle();
  const s = (performance.now() - t) / 1000; const cpu = process.cpuUsage(cpu0);
  const job = createJobRepository(ctx.db).get(id) as DeleteJobRecord;
  console.log(name, job.status, job.result?.recordsProcessed, 'in', s.toFixed(2), 's →', Math.round(job.result!.recordsProcessed / s), 'rec/s; cpu', ((cpu.user + cpu.system) / 1e6).toFixed(2), 's; graphs', job.result?.graphsRepaired);
}
store.close(); rmSync(dir, { recursive: true, force: true });

// usage: node --import tsx harness.tmp.ts <profiles> <dataset> [reps]
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createTenantStore } from './server/store/tenant-store.ts';
import { seedDemo } from './server/demo/seed.ts';
import { createDeleteJobHandler, DELETE_JOB, type DeleteJobRecord } from './server/jobs/delete-job.ts';
import { createJobRepository, createJobRunner } from './server/jobs/runner.ts';
const n = Number(process.argv[2] ?? 20000);
const name = process.argv[3] ?? 'Loyalty Members';
const reps = Number(process.argv[4] ?? 3);
const base = `/tmp/scratch/harness-${n}`;
const org = 'BENCH0000000000000000000@AdobeOrg';
const file = join(base, 'orgs', org, 'sandboxes', 'bench.sqlite');
if (!existsSync(file)) {
  const store = createTenantStore(base);
  const ctx = store.org(org).context('bench', true)!;
  await seedDemo(ctx, { profiles: n, seed: 42, now: Date.UTC(2026, 10, 1) });
  ctx.db.pragma('wal_checkpoint(TRUNCATE)');
  store.close();
}
for (let r = 0; r < reps; r++) {
  const dir = `/tmp/scratch/harness-run`;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'orgs', org, 'sandboxes'), { recursive: true });
  copyFileSync(join(base, 'orgs', org, 'org.sqlite'), join(dir, 'orgs', org, 'org.sqlite'));
  copyFileSync(file, join(dir, 'orgs', org, 'sandboxes', 'bench.sqlite'));
  const store = createTenantStore(dir);
  const ctx = store.org(org).context('bench', false)!;
  if (process.env.CKPT) ctx.db.pragma('wal_autocheckpoint = ' + process.env.CKPT);
  let commits = 0; const txn = ctx.db.transaction.bind(ctx.db); (ctx.db as any).transaction = (fn: any) => { const w = txn(fn); const wrapped: any = (...a: any[]) => { commits++; return w(...a); }; wrapped.immediate = w.immediate; return wrapped; };
  const d = ctx.db.prepare('SELECT id, class FROM datasets WHERE name = ?').get(name) as any;
  // raw baseline on a copy
  const raw = new Database(':memory:');
  const runner = createJobRunner();
  runner.register(createDeleteJobHandler());
  const t = performance.now(); const cpu0 = process.cpuUsage();
  const id = runner.submit(ctx, DELETE_JOB, { datasetId: d.id, datasetClass: d.class, datasetName: name });
  await runner.whenIdle();
  const s = (performance.now() - t) / 1000; const cpu = process.cpuUsage(cpu0);
  const job = createJobRepository(ctx.db).get(id) as DeleteJobRecord;
  const walFrames = (ctx.db.pragma('wal_checkpoint(PASSIVE)') as any)[0];
  console.log('commits', commits, 'wal', walFrames);
  // baseline: copy table and delete
  const tbl = d.class === 'profile' ? 'fragments' : 'events';
  ctx.db.exec(`CREATE TABLE copy AS SELECT * FROM ${tbl} WHERE 0`);
  ctx.db.exec(`CREATE INDEX copy_ds ON copy (dataset_id)`);
  const origTbl = ctx.db.prepare(`SELECT COUNT(*) FROM ${tbl}`).pluck().get();
  void origTbl; void raw;
  console.log(name, job.status, job.result?.recordsProcessed, 'wall', s.toFixed(2), 's', Math.round(job.result!.recordsProcessed / s), 'rec/s; cpu', ((cpu.user + cpu.system) / 1e6).toFixed(2), 's →', Math.round(job.result!.recordsProcessed / ((cpu.user + cpu.system) / 1e6)), 'rec/cpu-s');
  store.close();
}

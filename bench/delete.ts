// Delete request, one dataset, graphs repaired: records/s through the real job (runner slices,
// scan, graph-by-graph repair), next to a raw `DELETE FROM` of the same rows in a copy table (the
// table's own DDL and indexes), measured in the same run. Profile lookups keep running between the
// job's slices; their p99 latency (waiting for a slice included) is printed.
//
// The row deletes the largest demo dataset, Web Events (most records; its graph repair splits
// ECIDs off e-mails and drops anonymous visitors). Loyalty Members runs first and is printed too:
// a record dataset where every record has its own graph to repair, the slowest case per record.
import type { SandboxContext } from '../server/store/tenant-store.ts';
import { createDeleteJobHandler, DELETE_JOB, type DeleteJobRecord } from '../server/jobs/delete-job.ts';
import { createJobRepository, createJobRunner } from '../server/jobs/runner.ts';
import { readProfile, resolveIdentity } from '../server/resources/entities/profile-reader.ts';
import { resolveMergePolicy } from '../server/resources/merge-policies/repository.ts';
import type { BenchRow } from './report.ts';

const ROW_DATASET = 'Web Events';
const ALSO = 'Loyalty Members';

/** Raw baseline: the dataset's rows copied (untimed) into a table with the same DDL and indexes, then one timed `DELETE FROM`. */
function rawDeleteRate(ctx: SandboxContext, table: 'fragments' | 'events', datasetId: string): number {
  const db = ctx.db;
  const schema = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(table) as string;
  const indexes = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL").pluck().all(table) as string[];
  db.exec('DROP TABLE IF EXISTS bench_delete_copy');
  db.exec(schema.replace(new RegExp(`^CREATE TABLE ${table}`), 'CREATE TABLE bench_delete_copy'));
  for (const sql of indexes) db.exec(sql.replace(/^CREATE (UNIQUE )?INDEX (\w+) ON \w+/, 'CREATE $1INDEX bench_copy_$2 ON bench_delete_copy'));
  db.prepare(`INSERT INTO bench_delete_copy SELECT * FROM ${table} WHERE dataset_id = ?`).run(datasetId);
  const started = performance.now();
  const { changes } = db.transaction(() => db.prepare('DELETE FROM bench_delete_copy WHERE dataset_id = ?').run(datasetId))();
  const seconds = (performance.now() - started) / 1000;
  db.exec('DROP TABLE bench_delete_copy');
  return changes / seconds;
}

/** Profile lookups (default policy) on the event loop while `running()`; latency includes waiting for a job slice. */
function lookupsWhile(ctx: SandboxContext, running: () => boolean) {
  const identities = ctx.db
    .prepare("SELECT n.code AS ns, i.value FROM identities i JOIN namespaces n ON n.id = i.namespace_id WHERE n.code IN ('CRMID', 'Email') AND i.id % 97 = 0 LIMIT 2000")
    .all() as { ns: string; value: string }[];
  const rules = resolveMergePolicy(ctx.db, undefined)!.rules;
  const latencies: number[] = [];
  const done = (async () => {
    for (let i = 0; running(); i++) {
      const asked = performance.now();
      await new Promise<void>((r) => setImmediate(r));
      const who = identities[i % identities.length];
      const r = who && resolveIdentity(ctx.db, who.value, who.ns);
      if (r?.ok) {
        try {
          readProfile(ctx.db, r.identity, rules);
        } catch {
          // graphs over 50 identities answer 422 in the API: not a latency concern here
        }
      }
      latencies.push(performance.now() - asked);
      await new Promise<void>((r) => setTimeout(r, 1));
    }
  })();
  const p99 = () => [...latencies].sort((a, b) => a - b)[Math.floor(latencies.length * 0.99)] ?? 0;
  return { done, p99, count: () => latencies.length };
}

async function deleteDataset(ctx: SandboxContext, name: string, log: (s: string) => void) {
  const dataset = ctx.db.prepare('SELECT id, class FROM datasets WHERE name = ?').get(name) as { id: string; class: 'profile' | 'experienceevent' } | undefined;
  if (!dataset) throw new Error(`the bench store has no dataset ${name}`);
  const table = dataset.class === 'profile' ? 'fragments' : 'events';
  const rows = ctx.db.prepare(`SELECT COUNT(*) FROM ${table} WHERE dataset_id = ?`).pluck().get(dataset.id) as number;
  const runs = rows > 1_000_000 ? 1 : 3;
  const baseline = Array.from({ length: runs }, () => rawDeleteRate(ctx, table, dataset.id)).sort((a, b) => a - b)[runs >> 1];

  const runner = createJobRunner();
  runner.register(createDeleteJobHandler());
  let running = true;
  const lookups = lookupsWhile(ctx, () => running);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const id = runner.submit(ctx, DELETE_JOB, { datasetId: dataset.id, datasetClass: dataset.class, datasetName: name });
  await runner.whenIdle();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  running = false;
  await lookups.done;
  runner.stop();
  const job = createJobRepository(ctx.db).get(id) as DeleteJobRecord;
  if (job.status !== 'succeeded' || !job.result) throw new Error(`delete job for ${name} ended ${job.status}: ${job.error}`);
  const r = job.result;
  const rate = r.recordsProcessed / seconds;
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  log(
    `  ${name}: ${n(r.recordsProcessed)} records in ${seconds.toFixed(2)} s (process CPU ${cpuSeconds.toFixed(2)} s, lookups included) → ${n(rate)} records/s (raw DELETE FROM a copy: ${n(baseline)}/s, ` +
      `${((rate / baseline) * 100).toFixed(1)} %); ${n(r.identityLinksDeleted)} links and ${n(r.identitiesDeleted)} identities deleted, ` +
      `${n(r.graphsRepaired)} graphs repaired (${n(r.graphsSplit)} split); ${n(lookups.count())} lookups meanwhile, p99 ${lookups.p99().toFixed(1)} ms`,
  );
  return { rate, baseline, result: r, seconds, lookupP99Ms: lookups.p99() };
}

export async function benchDelete(ctx: SandboxContext, log: (s: string) => void) {
  log('delete requests through the delete job (graph repair included), lookups running meanwhile…');
  const also = await deleteDataset(ctx, ALSO, log);
  const main = await deleteDataset(ctx, ROW_DATASET, log);
  const row: BenchRow = {
    name: `Delete request, one dataset (${ROW_DATASET}), graphs repaired`,
    value: main.rate,
    unit: 'records/s',
    baselineName: 'raw DELETE FROM a copy of the rows',
    baseline: main.baseline,
    budget: { kind: 'value-min', min: 50_000 },
  };
  return { row, main, also };
}

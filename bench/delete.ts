// Delete request, one dataset, graphs repaired: records/s through the real job (runner slices,
// scan, graph-by-graph repair), next to a raw `DELETE FROM` of the same rows from a copy of the
// table with the same indexes, in the same run. Lookups keep running between the job's slices;
// their p99 latency (queueing behind slices included) is printed with the row.
import type { SandboxContext } from '../server/store/tenant-store.ts';
import { createDeleteJobHandler, DELETE_JOB, type DeleteJobParams, type DeleteJobRecord } from '../server/jobs/delete-job.ts';
import { createJobRepository, createJobRunner } from '../server/jobs/runner.ts';
import { readProfile, resolveIdentity } from '../server/resources/entities/profile-reader.ts';
import { resolveMergePolicy } from '../server/resources/merge-policies/repository.ts';
import type { BenchRow } from './report.ts';

/** The dataset the row deletes: the record dataset whose links hold graphs together (demo "Loyalty Members"). */
export const DELETE_BENCH_DATASET = 'Loyalty Members';

/** Raw baseline: copy the table (with its indexes, untimed), then time `DELETE FROM copy WHERE dataset_id = ?`. */
function rawDeleteRate(ctx: SandboxContext, table: 'fragments' | 'events', datasetId: string): number {
  const db = ctx.db;
  const indexes = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL").pluck().all(table) as string[];
  const schema = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(table) as string;
  db.exec('DROP TABLE IF EXISTS bench_delete_copy');
  // The table's own DDL (its UNIQUE keys included) under another name, then its explicit indexes.
  db.exec(schema.replace(new RegExp(`^CREATE TABLE ${table}`), 'CREATE TABLE bench_delete_copy'));
  for (const sql of indexes) db.exec(sql.replace(/^CREATE (UNIQUE )?INDEX (\w+) ON \w+/, 'CREATE $1INDEX bench_copy_$2 ON bench_delete_copy'));
  db.exec(`INSERT INTO bench_delete_copy SELECT * FROM ${table}`);
  const started = performance.now();
  const { changes } = db.transaction(() => db.prepare('DELETE FROM bench_delete_copy WHERE dataset_id = ?').run(datasetId))();
  const seconds = (performance.now() - started) / 1000;
  db.exec('DROP TABLE bench_delete_copy');
  return changes / seconds;
}

/** Profile lookups (default policy) on the event loop while the job runs; latency includes waiting for a slice. */
function lookupsWhile(ctx: SandboxContext, identities: { ns: string; value: string }[], running: () => boolean) {
  const latencies: number[] = [];
  const rules = resolveMergePolicy(ctx.db, undefined)!.rules;
  let i = 0;
  const done = (async () => {
    while (running()) {
      const asked = performance.now();
      await new Promise<void>((r) => setImmediate(r));
      const who = identities[i++ % identities.length];
      const r = resolveIdentity(ctx.db, who.value, who.ns);
      if (r.ok) {
        try {
          readProfile(ctx.db, r.identity, rules);
        } catch {
          // graphs over 50 identities answer 422 in the API; not a latency concern here
        }
      }
      latencies.push(performance.now() - asked);
      await new Promise<void>((r) => setTimeout(r, 1));
    }
  })();
  return {
    done,
    p99: () => {
      const sorted = [...latencies].sort((a, b) => a - b);
      return { p99: sorted[Math.floor(sorted.length * 0.99)] ?? 0, count: sorted.length };
    },
  };
}

export async function benchDelete(ctx: SandboxContext, log: (s: string) => void) {
  const dataset = ctx.db.prepare('SELECT id, class FROM datasets WHERE name = ?').get(DELETE_BENCH_DATASET) as { id: string; class: 'profile' } | undefined;
  if (!dataset) throw new Error(`the bench store has no dataset ${DELETE_BENCH_DATASET}`);
  // Lookup targets: CRM identities (their graphs are the ones the delete repairs), sampled across the store.
  const sample = ctx.db
    .prepare("SELECT n.code AS ns, i.value FROM identities i JOIN namespaces n ON n.id = i.namespace_id WHERE n.code = 'CRMID' AND i.id % 97 = 0 LIMIT 2000")
    .all() as { ns: string; value: string }[];

  const runner = createJobRunner();
  runner.register(createDeleteJobHandler());
  const params: DeleteJobParams = { datasetId: dataset.id, datasetClass: 'profile', datasetName: DELETE_BENCH_DATASET };
  // Baseline first (read-only for the store), then ours.
  const baselines = [0, 1, 2].map(() => rawDeleteRate(ctx, 'fragments', dataset.id)).sort((a, b) => a - b);
  log(`deleting dataset ${DELETE_BENCH_DATASET} through the delete job (graph repair included)…`);
  let running = true;
  const lookups = lookupsWhile(ctx, sample, () => running);
  const started = performance.now();
  const id = runner.submit(ctx, DELETE_JOB, params);
  await runner.whenIdle();
  const seconds = (performance.now() - started) / 1000;
  running = false;
  await lookups.done;
  const job = createJobRepository(ctx.db).get(id) as DeleteJobRecord;
  if (job.status !== 'succeeded' || !job.result) throw new Error(`delete job ended ${job.status}: ${job.error}`);
  const r = job.result;
  const { p99, count } = lookups.p99();
  log(
    `  ${r.recordsProcessed.toLocaleString('en-US')} records in ${seconds.toFixed(2)} s: ${r.identityLinksDeleted.toLocaleString('en-US')} links, ` +
      `${r.identitiesDeleted.toLocaleString('en-US')} identities removed, ${r.graphsRepaired.toLocaleString('en-US')} graphs repaired ` +
      `(${r.graphsSplit.toLocaleString('en-US')} split); ${count.toLocaleString('en-US')} lookups meanwhile, p99 ${p99.toFixed(1)} ms`,
  );
  const row: BenchRow = {
    name: `Delete request, one dataset (${DELETE_BENCH_DATASET}), graphs repaired`,
    value: r.recordsProcessed / seconds,
    unit: 'records/s',
    baselineName: 'raw DELETE FROM a copy of the table',
    baseline: baselines[1],
    budget: { kind: 'value-min', min: 50_000 },
  };
  return { row, records: r.recordsProcessed, seconds, lookupP99Ms: p99 };
}

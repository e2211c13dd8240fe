// Ingestion with identity linking vs. a raw single-table better-sqlite3 insert, same run, same rows.
import { Readable } from 'node:stream';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { PROFILE_SCHEMA_ID, EVENT_SCHEMA_ID } from '../contracts/index.ts';
import { planDemo } from '../server/demo/generate.ts';
import { createBatchService } from '../server/ingest/batch-service.ts';
import { createDatasetRepository } from '../server/resources/datasets/repository.ts';
import { withProfileFlags } from '../server/resources/datasets/tags.ts';
import { createNamespaceRepository } from '../server/resources/namespaces/repository.ts';
import type { SandboxContext } from '../server/store/tenant-store.ts';
import type { BenchRow } from './report.ts';

function* ndjson(records: Iterable<Record<string, unknown>>): Generator<string> {
  let buffer = '';
  for (const r of records) {
    buffer += JSON.stringify(r) + '\n';
    if (buffer.length > 1 << 20) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer) yield buffer;
}

/** Raw baseline: the same number of rows into one indexed table, one transaction, prepared statement. */
function rawInsertRate(dir: string, rows: number, run: number): number {
  const db = new Database(join(dir, `baseline-${run}.sqlite`));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE items (id INTEGER PRIMARY KEY, namespace TEXT, value TEXT, payload TEXT); CREATE INDEX items_ns ON items (namespace, value)');
  const insert = db.prepare('INSERT INTO items (namespace, value, payload) VALUES (?, ?, ?)');
  const payload = JSON.stringify({ person: { name: { firstName: 'Robert', lastName: 'Tanaka' } }, homeAddress: { city: 'Portland', countryCode: 'US', postalCode: '97201' }, loyalty: { tier: 'gold', points: 1234 }, pad: 'x'.repeat(150) });
  const started = performance.now();
  db.transaction(() => {
    for (let i = 0; i < rows; i++) insert.run(`ns-${i % 5}`, `value-${i}`, payload);
  })();
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return rows / seconds;
}

export async function benchIngestion(ctx: SandboxContext, dir: string, profiles: number, log: (s: string) => void) {
  const plan = planDemo({ profiles, seed: 42, now: Date.UTC(2026, 10, 1) });
  const namespaces = createNamespaceRepository(ctx.db);
  for (const ns of plan.namespaces) if (!namespaces.byCode(ns.code)) namespaces.create(ns);
  const datasets = createDatasetRepository(ctx.db, { orgId: ctx.orgId, sandboxId: ctx.sandbox.id });
  const batches = createBatchService(ctx);
  const staged: { batchId: string; name: string }[] = [];
  log(`staging ${profiles.toLocaleString('en-US')} demo profiles as NDJSON (not timed)…`);
  for (const d of plan.datasets) {
    const id = datasets.create(
      { name: d.name, schemaRef: { id: d.class === 'profile' ? PROFILE_SCHEMA_ID : EVENT_SCHEMA_ID }, tags: withProfileFlags({}, { profileEnabled: true, upsert: d.upsert }) },
      'bench',
    );
    const batch = batches.create({ datasetId: id, inputFormat: { format: 'json' } });
    await batches.upload(batch.id, id, `${d.key}.ndjson`, Readable.from(ndjson(d.records())));
    staged.push({ batchId: batch.id, name: d.name });
  }
  let records = 0;
  const started = performance.now();
  for (const s of staged) {
    const t0 = performance.now();
    const outcome = await batches.complete(s.batchId);
    records += outcome.output;
    log(`  ${s.name}: ${outcome.output.toLocaleString('en-US')} records in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  }
  const seconds = (performance.now() - started) / 1000;
  const ours = records / seconds;
  // Median of three baseline runs, around ours, on the same machine in the same process.
  const baselineRows = Math.min(records, 1_000_000);
  const runs = [rawInsertRate(dir, baselineRows, 0), rawInsertRate(dir, baselineRows, 1), rawInsertRate(dir, baselineRows, 2)].sort((a, b) => a - b);
  const baseline = runs[1];
  const row: BenchRow = {
    name: 'Batch ingestion with identity linking',
    value: ours,
    unit: 'records/s',
    baselineName: 'raw single-table SQLite insert',
    baseline,
    budget: { kind: 'ratio-min', min: 0.2 },
  };
  return { row, records, seconds };
}

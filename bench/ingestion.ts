// Ingestion with identity linking vs. a raw single-table better-sqlite3 insert, same run.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { stageDemo } from '../server/demo/seed.ts';
import { createBatchService } from '../server/ingest/batch-service.ts';
import type { SandboxContext } from '../server/store/tenant-store.ts';
import type { BenchRow } from './report.ts';

/** Raw baseline: rows into one indexed table, one transaction, prepared statement. */
function rawInsertRate(dir: string, rows: number, run: number): number {
  const db = new Database(join(dir, `baseline-${run}.sqlite`));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE items (id INTEGER PRIMARY KEY, namespace TEXT, value TEXT, payload TEXT); CREATE INDEX items_ns ON items (namespace, value)');
  const insert = db.prepare('INSERT INTO items (namespace, value, payload) VALUES (?, ?, ?)');
  const payload = JSON.stringify({
    person: { name: { firstName: 'Robert', lastName: 'Tanaka' } },
    homeAddress: { city: 'Portland', countryCode: 'US', postalCode: '97201' },
    loyalty: { tier: 'gold', points: 1234 },
    pad: 'x'.repeat(150),
  });
  const started = performance.now();
  db.transaction(() => {
    for (let i = 0; i < rows; i++) insert.run(`ns-${i % 5}`, `value-${i}`, payload);
  })();
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return rows / seconds;
}

export async function benchIngestion(ctx: SandboxContext, dir: string, profiles: number, log: (s: string) => void) {
  log(`staging ${profiles.toLocaleString('en-US')} demo profiles as NDJSON batches (not timed)…`);
  const staged = await stageDemo(ctx, { profiles, seed: 42, now: Date.UTC(2026, 10, 1) });
  const batches = createBatchService(ctx);
  let records = 0;
  const started = performance.now();
  for (const d of staged.datasets) {
    const t0 = performance.now();
    const outcome = await batches.complete(d.batchId);
    records += outcome.output;
    log(`  ${d.name}: ${outcome.output.toLocaleString('en-US')} records in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  }
  const seconds = (performance.now() - started) / 1000;
  // Median of three baseline runs in the same process, right after ours.
  const baselineRows = Math.min(records, 1_000_000);
  const runs = [0, 1, 2].map((run) => rawInsertRate(dir, baselineRows, run)).sort((a, b) => a - b);
  const row: BenchRow = {
    name: 'Batch ingestion with identity linking',
    value: records / seconds,
    unit: 'records/s',
    baselineName: 'raw single-table SQLite insert',
    baseline: runs[1],
    budget: { kind: 'ratio-min', min: 0.2 },
  };
  return { row, records, seconds };
}

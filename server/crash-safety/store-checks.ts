// Read-only checks of every SQLite store under a data directory, for after a crash and restart:
// file integrity, identity graphs recomputed from the records, batches never half-applied, jobs
// never finished without a reason. Each check returns the problems it found (empty: consistent).
import Database from 'better-sqlite3';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { graphViolations, orphanIdentities, recordGraphViolations } from '../testing/graph-invariants.ts';

/** org.sqlite of every org and the store of every sandbox. */
export function storeFiles(dataDir: string): { file: string; kind: 'org' | 'sandbox' }[] {
  const orgs = join(dataDir, 'orgs');
  if (!existsSync(orgs)) return [];
  return readdirSync(orgs).flatMap((org) => {
    const sandboxes = join(orgs, org, 'sandboxes');
    const stores = existsSync(sandboxes) ? readdirSync(sandboxes).filter((f) => f.endsWith('.sqlite')) : [];
    return [{ file: join(orgs, org, 'org.sqlite'), kind: 'org' as const }, ...stores.map((f) => ({ file: join(sandboxes, f), kind: 'sandbox' as const }))];
  });
}

/** Rows per batch id of a table. */
const perBatch = (db: Database.Database, sql: string) => new Map(db.prepare(sql).raw().all() as [string, number][]);

/**
 * A batch is applied whole or not at all: records, links and failed records only of finished
 * batches; counts that add up; nothing left `processing` (the restart re-applies those).
 */
export function batchViolations(db: Database.Database): string[] {
  const problems: string[] = [];
  const records = perBatch(db, 'SELECT batch_id, COUNT(*) FROM (SELECT batch_id FROM fragments UNION ALL SELECT batch_id FROM events) GROUP BY batch_id');
  const links = perBatch(db, 'SELECT batch_id, COUNT(*) FROM identity_links GROUP BY batch_id');
  const failures = perBatch(db, 'SELECT batch_id, COUNT(*) FROM failed_records GROUP BY batch_id');
  const batches = db.prepare('SELECT id, status, input_count, output_count, failed_count FROM batches').all() as {
    id: string;
    status: string;
    input_count: number | null;
    output_count: number | null;
    failed_count: number | null;
  }[];
  const known = new Set(batches.map((b) => b.id));
  for (const b of batches) {
    const r = records.get(b.id) ?? 0;
    const l = links.get(b.id) ?? 0;
    const f = failures.get(b.id) ?? 0;
    if (b.status === 'processing') problems.push(`batch ${b.id} is still processing after the restart`);
    if (b.status !== 'success' && (r > 0 || l > 0)) problems.push(`batch ${b.id} is ${b.status} but has ${r} records and ${l} links in the store`);
    if (b.status === 'success' || b.status === 'failed') {
      if (b.input_count !== (b.output_count ?? 0) + (b.failed_count ?? 0)) {
        problems.push(`batch ${b.id}: input ${b.input_count} != output ${b.output_count} + failed ${b.failed_count}`);
      }
      if (f !== (b.failed_count ?? 0)) problems.push(`batch ${b.id}: ${f} failed records stored, failedRecordCount ${b.failed_count}`);
      if (r > (b.output_count ?? 0)) problems.push(`batch ${b.id}: ${r} records stored, more than its output ${b.output_count}`);
    } else if (f > 0) {
      problems.push(`batch ${b.id} is ${b.status} but has ${f} failed records`);
    }
  }
  for (const id of new Set([...records.keys(), ...links.keys(), ...failures.keys()])) {
    if (!known.has(id)) problems.push(`records, links or failed records of batch ${id}, which the catalog does not know`);
  }
  return problems;
}

/** Finished jobs say why they failed; a succeeded export registered its batch, a failed one did not. */
export function jobViolations(db: Database.Database): string[] {
  const problems: string[] = [];
  const jobs = db.prepare('SELECT id, kind, status, params, result, error FROM jobs').all() as {
    id: number;
    kind: string;
    status: string;
    params: string;
    result: string | null;
    error: string | null;
  }[];
  const batch = db.prepare('SELECT status, output_count FROM batches WHERE id = ?');
  for (const job of jobs) {
    const name = `${job.kind} job ${job.id}`;
    if ((job.status === 'failed' || job.status === 'cancelled') && !job.error?.trim()) problems.push(`${name} is ${job.status} without a reason`);
    if (job.status === 'succeeded' && job.result === null) problems.push(`${name} succeeded without a result`);
    if (job.kind !== 'export') continue;
    const { batchId } = JSON.parse(job.params) as { batchId: string };
    const registered = batch.get(batchId) as { status: string; output_count: number } | undefined;
    if (job.status === 'succeeded') {
      const exported = (JSON.parse(job.result!) as { exported: number }).exported;
      if (registered?.status !== 'success' || registered.output_count !== exported) {
        problems.push(`${name} succeeded with ${exported} profiles, but its batch is ${registered ? `${registered.status} with ${registered.output_count}` : 'not registered'}`);
      }
    } else if (registered) {
      problems.push(`${name} is ${job.status}, but its batch ${batchId} is registered (${registered.status})`);
    }
  }
  return problems;
}

export interface StoreCheckOptions {
  /** Also check the identity graphs, recomputed from every record (the slow part: a second or more on a large store). */
  graphs?: boolean;
  /** With `graphs`, also require every link to be backed by a stored record (holds when no record was replaced). */
  backedLinks?: boolean;
  /** Targets of completed delete requests (not ingested into since): nothing of them may be left. */
  deleted?: { datasetId: string; batchId?: string }[];
}

/** Everything above, over every store of the data directory; problems are prefixed with the file. */
export function checkStores(dataDir: string, options: StoreCheckOptions = {}): string[] {
  const problems: string[] = [];
  for (const { file, kind } of storeFiles(dataDir)) {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    const report = (list: string[]) => problems.push(...list.slice(0, 20).map((p) => `${file.slice(dataDir.length)}: ${p}`));
    // One read transaction: every check sees the same snapshot, whatever the service writes meanwhile.
    db.exec('BEGIN');
    try {
      const integrity = db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
      if (integrity.length !== 1 || integrity[0].integrity_check !== 'ok') report(integrity.map((r) => `integrity_check: ${r.integrity_check}`));
      report((db.pragma('foreign_key_check') as object[]).map((r) => `foreign key: ${JSON.stringify(r)}`));
      if (kind === 'org') continue;
      report(batchViolations(db));
      report(jobViolations(db));
      if (options.graphs) {
        report(graphViolations(db));
        report(orphanIdentities(db).map((id) => `identity ${id} is in no record and no link`));
        report(recordGraphViolations(db, { backedLinks: options.backedLinks }));
      }
      for (const target of options.deleted ?? []) {
        const where = target.batchId ? 'dataset_id = ? AND batch_id = ?' : 'dataset_id = ?';
        const args = target.batchId ? [target.datasetId, target.batchId] : [target.datasetId];
        for (const table of ['fragments', 'events', 'identity_links']) {
          const n = db.prepare(`SELECT COUNT(*) FROM ${table} WHERE ${where}`).pluck().get(...args) as number;
          if (n > 0) report([`${n} ${table} rows of deleted ${target.batchId ? `batch ${target.batchId}` : `dataset ${target.datasetId}`} remain`]);
        }
      }
    } finally {
      db.exec('COMMIT');
      db.close();
    }
  }
  return problems;
}

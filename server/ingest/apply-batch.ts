// Applies a completed batch to the profile store in ONE transaction: every good record lands
// (fragments, events, identities, links), every bad one is recorded with its reason, and the batch
// row gets its final status and metrics. A crash before commit leaves nothing behind, so the batch
// is simply applied again on restart.
import type { Database } from 'better-sqlite3';
import type { DatasetInfo } from '../resources/datasets/repository.ts';
import { createNamespaceRepository } from '../resources/namespaces/repository.ts';
import { deepMerge } from '../engine/deep-merge.ts';
import { IdentityLinker } from './identity-linker.ts';
import { readRecords } from './read-records.ts';
import { validateRecord, type NamespaceLookup } from './validate-record.ts';

export interface StagedFile {
  name: string;
  path: string;
}

export interface BatchOutcome {
  status: 'success' | 'failed';
  input: number;
  output: number;
  failed: number;
  errors: { code: string; description: string; recordCount: number }[];
}

const RECORD_EXCERPT = 2048;

export function applyBatch(db: Database, batchId: string, dataset: DatasetInfo, files: StagedFile[], now = Date.now()): BatchOutcome {
  const namespaceRepo = createNamespaceRepository(db);
  const nsCache = new Map<string, { id: number; code: string } | undefined>();
  const namespaces: NamespaceLookup = (code) => {
    const key = code.toLowerCase();
    if (!nsCache.has(key)) nsCache.set(key, namespaceRepo.byCode(code));
    return nsCache.get(key);
  };

  const insertFailure = db.prepare(
    'INSERT INTO failed_records (batch_id, seq, file, line, code, message, record) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const selectFragment = db.prepare('SELECT record FROM fragments WHERE identity_id = ? AND dataset_id = ?').pluck();
  // OR REPLACE (not ON CONFLICT DO UPDATE): a re-ingested fragment or event replaces the row whole,
  // and the plain-insert path stays ~15 % faster.
  const upsertFragment = db.prepare(
    'INSERT OR REPLACE INTO fragments (identity_id, dataset_id, batch_id, ingested_ms, record) VALUES (?, ?, ?, ?, ?)',
  );
  const upsertEvent = db.prepare(
    'INSERT OR REPLACE INTO events (dataset_id, event_id, identity_id, batch_id, ts_ms, ingested_ms, record) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );

  return db.transaction((): BatchOutcome => {
    const linker = new IdentityLinker(db, now);
    const errors = new Map<string, { code: string; description: string; recordCount: number }>();
    let input = 0;
    let output = 0;
    let failed = 0;
    for (const file of files) {
      for (const raw of readRecords(file.path)) {
        input++;
        const v = validateRecord(raw, dataset.class, namespaces);
        if (!v.ok) {
          insertFailure.run(batchId, failed++, file.name, raw.line, v.code, v.message, raw.text.slice(0, RECORD_EXCERPT));
          const e = errors.get(v.code);
          if (e) e.recordCount++;
          else errors.set(v.code, { code: v.code, description: v.message, recordCount: 1 });
          continue;
        }
        output++;
        // Datasets not enabled for Profile are validated and counted but do not feed the profile store.
        if (!dataset.profileEnabled) continue;
        const identityId = linker.linkRecord(v.identities, v.primary, dataset.id, batchId);
        if (dataset.class === 'profile') {
          let json = v.json;
          if (dataset.upsert) {
            const stored = selectFragment.get(identityId, dataset.id) as string | undefined;
            if (stored) json = JSON.stringify(deepMerge(JSON.parse(stored), v.record));
          }
          upsertFragment.run(identityId, dataset.id, batchId, now, json);
        } else {
          upsertEvent.run(dataset.id, v.eventId, identityId, batchId, v.timestamp, now, v.json);
        }
      }
    }
    linker.finish();
    const status = output > 0 ? 'success' : 'failed';
    const errorList = [...errors.values()];
    if (input === 0) errorList.push({ code: 'EMPTY_BATCH', description: 'the batch files contain no records', recordCount: 0 });
    db.prepare(
      `UPDATE batches SET status = ?, input_count = ?, output_count = ?, failed_count = ?, errors = ?, completed_ms = ?, updated_ms = ?
       WHERE id = ?`,
    ).run(status, input, output, failed, JSON.stringify(errorList), Date.now(), Date.now(), batchId);
    db.prepare('UPDATE datasets SET last_batch_id = ?, last_batch_status = ? WHERE id = ?').run(batchId, status, dataset.id);
    return { status, input, output, failed, errors: errorList };
  })();
}

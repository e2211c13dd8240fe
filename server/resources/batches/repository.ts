import type { Database } from 'better-sqlite3';
import type { Batch, BatchStatus, FailedRecord } from '../../../contracts/index.ts';

export interface BatchRow {
  id: string;
  dataset_id: string;
  status: BatchStatus;
  format: string;
  tags: string;
  created_ms: number;
  updated_ms: number;
  started_ms: number | null;
  completed_ms: number | null;
  input_count: number | null;
  output_count: number | null;
  failed_count: number | null;
  input_bytes: number | null;
  errors: string | null;
}

export interface BatchListOptions {
  limit: number;
  start: number;
  orderBy?: string;
  datasetId?: string;
  status?: BatchStatus;
}

export function createBatchRepository(db: Database, orgId: string) {
  const toBatch = (r: BatchRow): Batch => ({
    id: r.id,
    imsOrg: orgId,
    status: r.status,
    relatedObjects: [{ type: 'dataSet', id: r.dataset_id }],
    inputFormat: { format: r.format },
    ...(r.input_count !== null
      ? {
          metrics: {
            inputRecordCount: r.input_count,
            outputRecordCount: r.output_count ?? 0,
            failedRecordCount: r.failed_count ?? 0,
            ...(r.input_bytes !== null ? { inputByteSize: r.input_bytes } : {}),
          },
        }
      : {}),
    ...(r.errors ? { errors: JSON.parse(r.errors) } : {}),
    created: r.created_ms,
    updated: r.updated_ms,
    ...(r.started_ms !== null ? { started: r.started_ms } : {}),
    ...(r.completed_ms !== null ? { completed: r.completed_ms } : {}),
    version: '1.0.0',
    createdUser: 'profile-console',
    updatedUser: 'profile-console',
    tags: JSON.parse(r.tags),
  });

  const row = (id: string) => db.prepare('SELECT * FROM batches WHERE id = ?').get(id) as BatchRow | undefined;

  return {
    row,
    get: (id: string) => {
      const r = row(id);
      return r && toBatch(r);
    },
    list(options: BatchListOptions): { items: Record<string, Batch>; total: number } {
      const clauses: string[] = [];
      const args: unknown[] = [];
      if (options.datasetId) {
        clauses.push('dataset_id = ?');
        args.push(options.datasetId);
      }
      if (options.status) {
        clauses.push('status = ?');
        args.push(options.status);
      }
      const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
      const [direction, field] = (options.orderBy ?? 'desc:created').split(':');
      const order = `${field === 'updated' ? 'updated_ms' : 'created_ms'} ${direction === 'asc' ? 'ASC' : 'DESC'}, id`;
      const rows = db.prepare(`SELECT * FROM batches ${where} ORDER BY ${order} LIMIT ? OFFSET ?`).all(...args, options.limit, options.start) as BatchRow[];
      const { n } = db.prepare(`SELECT COUNT(*) AS n FROM batches ${where}`).get(...args) as { n: number };
      return { items: Object.fromEntries(rows.map((r) => [r.id, toBatch(r)])), total: n };
    },
    failedRecords(batchId: string, start: number, limit: number): { data: FailedRecord[]; total: number } {
      const data = db
        .prepare('SELECT file, line, code, message, record FROM failed_records WHERE batch_id = ? ORDER BY seq LIMIT ? OFFSET ?')
        .all(batchId, limit, start) as FailedRecord[];
      const { n } = db.prepare('SELECT COUNT(*) AS n FROM failed_records WHERE batch_id = ?').get(batchId) as { n: number };
      return { data, total: n };
    },
  };
}

import type { Database } from 'better-sqlite3';
import {
  EVENT_SCHEMA_ID,
  PROFILE_SCHEMA_ID,
  type CreateDatasetBody,
  type Dataset,
  type DatasetClass,
  type DatasetTags,
  type PatchDatasetBody,
} from '../../../contracts/index.ts';
import { newCatalogId } from '../../lib/ids.ts';
import { readProfileFlags } from './tags.ts';

interface DatasetRow {
  id: string;
  name: string;
  description: string | null;
  class: DatasetClass;
  tags: string;
  profile_enabled: number;
  upsert: number;
  created_ms: number;
  updated_ms: number;
  created_user: string;
  last_batch_id: string | null;
  last_batch_status: string | null;
}

/** The store's view of a dataset, used by ingestion and the other resources. */
export interface DatasetInfo {
  id: string;
  name: string;
  class: DatasetClass;
  profileEnabled: boolean;
  upsert: boolean;
}

const CLASS_BY_SCHEMA: Record<string, DatasetClass> = { [PROFILE_SCHEMA_ID]: 'profile', [EVENT_SCHEMA_ID]: 'experienceevent' };
const SCHEMA_BY_CLASS: Record<DatasetClass, string> = { profile: PROFILE_SCHEMA_ID, experienceevent: EVENT_SCHEMA_ID };
const CONTENT_TYPE = 'application/vnd.adobe.xed+json;version=1';

export interface DatasetFilter {
  name?: string;
  nameContains?: string;
  datasetClass?: DatasetClass;
  excludeClass?: DatasetClass;
}

export interface DatasetListOptions extends DatasetFilter {
  limit: number;
  start: number;
  orderBy?: string;
}

const SORT_COLUMNS: Record<string, string> = { name: 'name COLLATE NOCASE', created: 'created_ms', updated: 'updated_ms' };

export function createDatasetRepository(db: Database, context: { orgId: string; sandboxId: string }) {
  const toDataset = (r: DatasetRow): Dataset => ({
    name: r.name,
    ...(r.description ? { description: r.description } : {}),
    imsOrg: context.orgId,
    sandboxId: context.sandboxId,
    tags: JSON.parse(r.tags) as DatasetTags,
    schemaRef: { id: SCHEMA_BY_CLASS[r.class], contentType: CONTENT_TYPE },
    version: '1.0.0',
    created: r.created_ms,
    updated: r.updated_ms,
    createdClient: 'profile-console',
    createdUser: r.created_user,
    updatedUser: r.created_user,
    ...(r.last_batch_id ? { lastBatchId: r.last_batch_id } : {}),
    ...(r.last_batch_status ? { lastBatchStatus: r.last_batch_status } : {}),
  });

  const row = (id: string) => db.prepare('SELECT * FROM datasets WHERE id = ?').get(id) as DatasetRow | undefined;

  function where(filter: DatasetFilter): { sql: string; args: unknown[] } {
    const clauses: string[] = [];
    const args: unknown[] = [];
    if (filter.name !== undefined) {
      clauses.push('name = ? COLLATE NOCASE');
      args.push(filter.name);
    }
    if (filter.nameContains !== undefined) {
      clauses.push("name LIKE ? ESCAPE '\\'");
      args.push(`%${filter.nameContains.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    }
    if (filter.datasetClass) {
      clauses.push('class = ?');
      args.push(filter.datasetClass);
    }
    if (filter.excludeClass) {
      clauses.push('class != ?');
      args.push(filter.excludeClass);
    }
    return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', args };
  }

  return {
    classOfSchema: (schemaId: string): DatasetClass | undefined => CLASS_BY_SCHEMA[schemaId],

    list(options: DatasetListOptions): { items: Record<string, Dataset>; total: number } {
      const w = where(options);
      const [direction, field] = (options.orderBy ?? 'desc:created').split(':');
      const order = `${SORT_COLUMNS[field]} ${direction === 'asc' ? 'ASC' : 'DESC'}, id`;
      const rows = db
        .prepare(`SELECT * FROM datasets ${w.sql} ORDER BY ${order} LIMIT ? OFFSET ?`)
        .all(...w.args, options.limit, options.start) as DatasetRow[];
      const { n } = db.prepare(`SELECT COUNT(*) AS n FROM datasets ${w.sql}`).get(...w.args) as { n: number };
      return { items: Object.fromEntries(rows.map((r) => [r.id, toDataset(r)])), total: n };
    },

    get(id: string): Dataset | undefined {
      const r = row(id);
      return r && toDataset(r);
    },

    info(id: string): DatasetInfo | undefined {
      const r = row(id);
      return r && { id: r.id, name: r.name, class: r.class, profileEnabled: r.profile_enabled === 1, upsert: r.upsert === 1 };
    },

    allInfo(): DatasetInfo[] {
      return (db.prepare('SELECT * FROM datasets ORDER BY created_ms').all() as DatasetRow[]).map((r) => ({
        id: r.id,
        name: r.name,
        class: r.class,
        profileEnabled: r.profile_enabled === 1,
        upsert: r.upsert === 1,
      }));
    },

    nameTaken(name: string, exceptId?: string): boolean {
      return !!db.prepare('SELECT 1 FROM datasets WHERE name = ? COLLATE NOCASE AND id != ?').get(name, exceptId ?? '');
    },

    create(body: CreateDatasetBody, user: string): string {
      const id = newCatalogId();
      const now = Date.now();
      const tags = body.tags ?? {};
      const flags = readProfileFlags(tags);
      db.prepare(
        `INSERT INTO datasets (id, name, description, class, tags, profile_enabled, upsert, created_ms, updated_ms, created_user)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(id, body.name, body.description ?? null, CLASS_BY_SCHEMA[body.schemaRef.id], JSON.stringify(tags), +flags.profileEnabled, +flags.upsert, now, now, user);
      return id;
    },

    patch(id: string, body: PatchDatasetBody): void {
      const current = row(id)!;
      const tags = body.tags ? { ...(JSON.parse(current.tags) as DatasetTags), ...body.tags } : (JSON.parse(current.tags) as DatasetTags);
      const flags = readProfileFlags(tags);
      db.prepare(
        'UPDATE datasets SET name = ?, description = ?, tags = ?, profile_enabled = ?, upsert = ?, updated_ms = ? WHERE id = ?',
      ).run(body.name ?? current.name, body.description ?? current.description, JSON.stringify(tags), +flags.profileEnabled, +flags.upsert, Date.now(), id);
    },

    recordBatch(id: string, batchId: string, status: string): void {
      db.prepare('UPDATE datasets SET last_batch_id = ?, last_batch_status = ? WHERE id = ?').run(batchId, status, id);
    },

    stats(): Record<string, { fragments: number; events: number; batches: number }> {
      const out: Record<string, { fragments: number; events: number; batches: number }> = {};
      for (const { id } of db.prepare('SELECT id FROM datasets').all() as { id: string }[]) out[id] = { fragments: 0, events: 0, batches: 0 };
      const add = (sql: string, key: 'fragments' | 'events' | 'batches') => {
        for (const r of db.prepare(sql).all() as { dataset_id: string; n: number }[]) if (out[r.dataset_id]) out[r.dataset_id][key] = r.n;
      };
      add('SELECT dataset_id, COUNT(*) AS n FROM fragments GROUP BY dataset_id', 'fragments');
      add('SELECT dataset_id, COUNT(*) AS n FROM events GROUP BY dataset_id', 'events');
      add('SELECT dataset_id, COUNT(*) AS n FROM batches GROUP BY dataset_id', 'batches');
      return out;
    },
  };
}
export type DatasetRepository = ReturnType<typeof createDatasetRepository>;

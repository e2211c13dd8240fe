import type { Database } from 'better-sqlite3';
import type { CreateNamespaceBody, Namespace } from '../../../contracts/index.ts';

interface NamespaceRow {
  id: number;
  code: string;
  name: string;
  description: string;
  id_type: string;
  custom: number;
  created_ms: number;
  updated_ms: number;
}

const toNamespace = (r: NamespaceRow): Namespace => ({
  id: r.id,
  code: r.code,
  name: r.name,
  description: r.description,
  idType: r.id_type,
  custom: r.custom === 1,
  status: 'ACTIVE',
  namespaceType: r.custom === 1 ? 'Custom' : 'Standard',
  createTime: r.created_ms,
  updateTime: r.updated_ms,
});

/** First id handed to custom namespaces, clear of AEP's standard ids. */
const FIRST_CUSTOM_ID = 1_000_000;

export function createNamespaceRepository(db: Database) {
  const byCode = db.prepare('SELECT * FROM namespaces WHERE code = ? COLLATE NOCASE');
  return {
    list: (): Namespace[] => (db.prepare('SELECT * FROM namespaces ORDER BY custom, id').all() as NamespaceRow[]).map(toNamespace),
    get: (id: number): Namespace | undefined => {
      const row = db.prepare('SELECT * FROM namespaces WHERE id = ?').get(id) as NamespaceRow | undefined;
      return row && toNamespace(row);
    },
    /** Case-insensitive, as AEP matches namespace codes. */
    byCode: (code: string): Namespace | undefined => {
      const row = byCode.get(code) as NamespaceRow | undefined;
      return row && toNamespace(row);
    },
    create(body: CreateNamespaceBody): Namespace {
      const now = Date.now();
      const { next } = db.prepare('SELECT MAX(MAX(id) + 1, ?) AS next FROM namespaces').get(FIRST_CUSTOM_ID) as { next: number };
      db.prepare(
        'INSERT INTO namespaces (id, code, name, description, id_type, custom, created_ms, updated_ms) VALUES (?, ?, ?, ?, ?, 1, ?, ?)',
      ).run(next, body.code, body.name, body.description ?? '', body.idType, now, now);
      return this.get(next)!;
    },
  };
}
export type NamespaceRepository = ReturnType<typeof createNamespaceRepository>;

// What "the store did not change" means: the rows of every table of every SQLite database under
// the data directory (read through read-only connections) and every other file's bytes. A cheap
// per-request probe (PRAGMA data_version, which moves when another connection commits, and the
// file list) runs after each fuzzed request; the full hash runs after each endpoint.
import Database, { type Database as Db } from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** SQLite's side files: their bytes change on checkpoints without any change of data. */
const SIDE_FILE = /-(wal|shm|journal)$/;

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

export interface StoreWatcher {
  /** A hash over every table row and every non-database file. */
  hash(): string;
  /** Cheap fingerprint: commit counters of the databases and the file list with sizes. */
  probe(): string;
  close(): void;
}

export function watchStore(dataDir: string): StoreWatcher {
  const open = new Map<string, Db>();
  const db = (file: string) => {
    let conn = open.get(file);
    if (!conn) {
      conn = new Database(file, { readonly: true, fileMustExist: true });
      open.set(file, conn);
    }
    return conn;
  };
  const files = () => listFiles(dataDir).filter((f) => !SIDE_FILE.test(f));

  return {
    hash() {
      const h = createHash('sha256');
      for (const file of files()) {
        h.update(`\n# ${relative(dataDir, file)}\n`);
        if (!file.endsWith('.sqlite')) {
          h.update(readFileSync(file));
          continue;
        }
        const conn = db(file);
        const tables = conn
          .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
          .pluck()
          .all() as string[];
        for (const table of tables) {
          h.update(`\n## ${table}\n`);
          const rows = conn
            .prepare(`SELECT * FROM "${table.replace(/"/g, '""')}"`)
            .raw()
            .all();
          // Row order of a plain SELECT is not guaranteed: hash the sorted serialisations.
          for (const row of rows
            .map((r) =>
              JSON.stringify(r, (_k, v: unknown) =>
                Buffer.isBuffer(v) ? v.toString('base64') : typeof v === 'bigint' ? String(v) : v,
              ),
            )
            .sort()) {
            h.update(row);
            h.update('\n');
          }
        }
      }
      return h.digest('hex');
    },
    probe() {
      return files()
        .map(
          (f) =>
            `${relative(dataDir, f)}:${f.endsWith('.sqlite') ? db(f).pragma('data_version', { simple: true }) : statSync(f).size}`,
        )
        .join('\n');
    },
    close() {
      for (const conn of open.values()) conn.close();
      open.clear();
    },
  };
}

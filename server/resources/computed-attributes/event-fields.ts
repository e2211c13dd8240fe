// The catalog of experience-event field paths present in a sandbox, with the JSON types seen at
// each: what the builder offers and what the expression checker calls "unknown field" or a type
// mismatch. It is kept in the sandbox's store and brought up to date incrementally — the events
// added since the last read (events.id) are read in short slices, on demand and in the background —
// so a large store is read once, not on every keystroke of the builder.
//
// Paths walk plain objects; arrays are leaves (typed "array"); `identityMap` is left out (it holds
// the event's identities, not event data). Fields of events deleted later stay listed: they then
// simply match nothing.
import type { Database, Statement } from 'better-sqlite3';
import { FIELD_TYPES, type EventField, type EventFieldList, type FieldType } from '../../../contracts/index.ts';
import type { FieldLookup } from '../../engine/pql-check.ts';

const SKIP_TOP = new Set(['identityMap']);
/** Events read per chunk; the time budget is checked between chunks. */
const CHUNK = 500;
/** Paths kept at most (a store with unbounded keys must not grow the catalog without limit). */
const MAX_PATHS = 5000;
const MAX_DEPTH = 12;

interface Statements {
  scanState: Statement;
  setScanState: Statement;
  maxEventId: Statement;
  countEvents: Statement;
  eventsAfter: Statement;
  all: Statement;
  one: Statement;
  count: Statement;
  upsert: Statement;
}

const cache = new WeakMap<Database, Statements>();

function statements(db: Database): Statements {
  let s = cache.get(db);
  if (!s) {
    s = {
      scanState: db.prepare('SELECT last_event_id FROM computed_attribute_field_scan WHERE id = 1').pluck(),
      setScanState: db.prepare('UPDATE computed_attribute_field_scan SET last_event_id = ? WHERE id = 1'),
      maxEventId: db.prepare('SELECT COALESCE(MAX(id), 0) FROM events').pluck(),
      countEvents: db.prepare('SELECT COUNT(*) FROM events').pluck(),
      eventsAfter: db.prepare('SELECT id, record FROM events WHERE id > ? ORDER BY id LIMIT ?'),
      all: db.prepare('SELECT path, types, example FROM computed_attribute_fields ORDER BY path'),
      one: db.prepare('SELECT types FROM computed_attribute_fields WHERE path = ?').pluck(),
      count: db.prepare('SELECT COUNT(*) FROM computed_attribute_fields').pluck(),
      upsert: db.prepare(
        `INSERT INTO computed_attribute_fields (path, types, example) VALUES (?, ?, ?)
         ON CONFLICT (path) DO UPDATE SET types = excluded.types, example = COALESCE(computed_attribute_fields.example, excluded.example)`,
      ),
    };
    cache.set(db, s);
  }
  return s;
}

function jsonType(v: unknown): FieldType | null {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return 'array';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'object':
      return 'object';
    default:
      return null;
  }
}

interface Seen {
  types: Set<FieldType>;
  example: string | number | boolean | null;
}

function walk(value: Record<string, unknown>, prefix: string, depth: number, into: Map<string, Seen>): void {
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    if (depth === 0 && SKIP_TOP.has(key)) continue;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) continue; // not addressable in PQL
    const v = value[key];
    const type = jsonType(v);
    if (type === null) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    let seen = into.get(path);
    if (!seen) into.set(path, (seen = { types: new Set(), example: null }));
    seen.types.add(type);
    if (seen.example === null && (type === 'string' || type === 'number' || type === 'boolean')) {
      seen.example = type === 'string' && (v as string).length > 80 ? (v as string).slice(0, 80) : (v as string | number | boolean);
    }
    if (type === 'object' && depth < MAX_DEPTH) walk(v as Record<string, unknown>, path, depth + 1, into);
  }
}

const orderTypes = (types: Iterable<FieldType>) => FIELD_TYPES.filter((t) => [...types].includes(t));

/**
 * Reads events not yet in the catalog for at most `budgetMs` (at least one chunk), in one
 * transaction per call. Returns whether the catalog has caught up.
 */
export function advanceFieldCatalog(db: Database, budgetMs: number): boolean {
  const s = statements(db);
  const deadline = performance.now() + budgetMs;
  return db.transaction(() => {
    let last = s.scanState.get() as number;
    const max = s.maxEventId.get() as number;
    if (max < last) last = max; // the newest events were deleted: new ones will reuse ids above max
    if (last >= max) {
      s.setScanState.run(last);
      return true;
    }
    const seen = new Map<string, Seen>();
    let done = false;
    do {
      const rows = s.eventsAfter.all(last, CHUNK) as { id: number; record: string }[];
      for (const r of rows) {
        try {
          walk(JSON.parse(r.record) as Record<string, unknown>, '', 0, seen);
        } catch {
          // stored records are valid JSON objects; skip anything else
        }
        last = r.id;
      }
      if (rows.length < CHUNK) done = true;
    } while (!done && performance.now() < deadline);
    let size = s.count.get() as number;
    for (const [path, info] of seen) {
      const current = s.one.get(path) as string | undefined;
      if (current === undefined && size >= MAX_PATHS) continue;
      const types = new Set<FieldType>([...(current ? (current.split(',') as FieldType[]) : []), ...info.types]);
      s.upsert.run(path, orderTypes(types).join(','), info.example === null ? null : JSON.stringify(info.example));
      if (current === undefined) size++;
    }
    s.setScanState.run(last);
    return done || last >= max;
  })();
}

/** The catalog as the API shows it. */
export function readFieldCatalog(db: Database): EventFieldList {
  const s = statements(db);
  const rows = s.all.all() as { path: string; types: string; example: string | null }[];
  const fields: EventField[] = rows.map((r) => ({
    path: r.path,
    types: r.types.split(',') as FieldType[],
    example: r.example === null ? null : (JSON.parse(r.example) as string | number | boolean),
  }));
  const last = s.scanState.get() as number;
  const max = s.maxEventId.get() as number;
  const totalEvents = s.countEvents.get() as number;
  const scannedEvents = last >= max ? totalEvents : (db.prepare('SELECT COUNT(*) FROM events WHERE id <= ?').pluck().get(last) as number);
  return { fields, scannedEvents, totalEvents, complete: last >= max };
}

/**
 * Field types for the expression checker. A path not (yet) in the catalog while it is still
 * catching up is looked up directly in the events it has not read, so "unknown field" is exact.
 */
export function fieldLookup(db: Database): FieldLookup {
  const s = statements(db);
  return (path) => {
    const types = s.one.get(path) as string | undefined;
    if (types) return types.split(',') as FieldType[];
    const last = s.scanState.get() as number;
    if (last >= (s.maxEventId.get() as number)) return undefined;
    const found = db
      .prepare(
        `SELECT DISTINCT json_type(record, ?) FROM events WHERE id > ? AND json_type(record, ?) IS NOT NULL AND json_type(record, ?) != 'null'`,
      )
      .pluck()
      .all(`$.${path}`, last, `$.${path}`, `$.${path}`) as string[];
    const mapped = new Set<FieldType>();
    for (const t of found) {
      if (t === 'integer' || t === 'real') mapped.add('number');
      else if (t === 'text') mapped.add('string');
      else if (t === 'true' || t === 'false') mapped.add('boolean');
      else if (t === 'object' || t === 'array') mapped.add(t);
    }
    return mapped.size ? orderTypes(mapped) : undefined;
  };
}

export interface FieldCatalogRunner {
  /** Brings the sandbox's catalog up to date in the background (slices between other work). */
  catchUp(db: Database): void;
  stop(): void;
}

/** Background catch-up: ~10 ms slices on the event loop until every event has been read. */
export function createFieldCatalogRunner(options: { sliceMs?: number } = {}): FieldCatalogRunner {
  const sliceMs = options.sliceMs ?? 10;
  const running = new Set<Database>();
  let stopped = false;
  const slice = (db: Database) => {
    if (stopped || !db.open) {
      running.delete(db);
      return;
    }
    let done: boolean;
    try {
      done = advanceFieldCatalog(db, sliceMs);
    } catch {
      done = true; // a busy or closing store: try again on the next request
    }
    if (done) running.delete(db);
    else setImmediate(() => slice(db));
  };
  return {
    catchUp(db) {
      if (stopped || running.has(db)) return;
      running.add(db);
      setImmediate(() => slice(db));
    },
    stop() {
      stopped = true;
      running.clear();
    },
  };
}

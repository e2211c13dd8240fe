// Set-based reading for the computed-attribute evaluation job: the events of every profile in the
// lookback window, reduced to the values the expression reads, evaluated profile by profile.
//
// A profile is what the profile reader selects under the default merge policy (profile-reader.ts):
// pdg → every identity of an identity graph, keyed by graph_id; none → one identity, keyed by its
// row id (the keys of `scanProfiles`). Instead of one lookup per profile the job works in two
// sequential passes, each sliced by the runner:
// 1. stage: the events table is read in rowid order (sequential I/O, whatever the store size); the
//    events in the window that may match are copied, with their profile key and projected values,
//    into computed_attribute_staging — one INSERT … SELECT per slice, entirely inside SQLite;
// 2. evaluate: the staged rows are read back in (profile key, timestamp, event id) order and each
//    profile's rows go through the evaluator; the staged rows of the profiles evaluated are removed
//    in the same transaction as their values are written.
// `computed-attribute-job.test.ts` proves the values equal those of the per-profile path
// (readEvents + the evaluator on whole records) for every demo profile.
//
// Two things keep it fast without changing semantics:
// * Projection: SQLite extracts only the fields the plan reads (`record -> '$.a.b'`), and the
//   evaluator (pql-evaluator.ts) runs on those values exactly as on whole records.
// * Prefilter: a necessary condition on the raw JSON text, derived from the expression, lets SQLite
//   skip events that cannot match without parsing them. It is exact for records without a
//   backslash (then every key and string value appears verbatim in the text); records with one
//   always pass through to the evaluator. Records with duplicate keys (not interoperable JSON,
//   RFC 8259 §4) may resolve to a different duplicate here than in JSON.parse.
// An attribute that reads no field (count() over time conditions) needs neither: SQLite counts
// each profile's events from the (identity_id, ts_ms) index alone.
import type { Database, Statement } from 'better-sqlite3';
import type { Condition, PqlExpression } from '../engine/pql-parser.ts';
import { evaluateRows, windowStart, type CompiledPql, type EvalRow, type EvalWindow, type Scalar } from '../engine/pql-evaluator.ts';

export type KeyMode = 'pdg' | 'none';

export interface AttributeScan {
  mode: KeyMode;
  window: EvalWindow;
  expression: Pick<PqlExpression, 'condition' | 'fn' | 'field'>;
  plan: CompiledPql;
  /** Experience-event datasets the policy includes (dataSetPrecedence); undefined = all. */
  eventDatasets?: string[];
}

export interface ScanChunk {
  /** Profiles with a value (count: at least one matching event). */
  results: { key: number; value: Scalar }[];
  /** The last key fully evaluated; the next chunk starts after it. Null when nothing was read. */
  lastKey: number | null;
  /** No profile is left after `lastKey`. */
  complete: boolean;
}

// --------------------------------------------------------------------------------- prefilter

type Formula = { kind: 'true' } | { kind: 'token'; text: string } | { kind: 'and' | 'or'; parts: Formula[] };
const TRUE: Formula = { kind: 'true' };

/** Strings that appear verbatim in a backslash-free JSON text when they are a key or value. */
const verbatim = (s: string) => {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // JSON must escape quotes, backslashes and control characters; surrogates may be written escaped
    if (c === 0x22 || c === 0x5c || c < 0x20 || (c >= 0xd800 && c <= 0xdfff)) return false;
  }
  return true;
};
const keyToken = (path: string[]): Formula => (verbatim(path[path.length - 1]) ? { kind: 'token', text: `"${path[path.length - 1]}"` } : TRUE);

/** Tests that rule out most events first: SQLite stops at the first false term of an AND. */
const selectivity = (f: Formula) => (f.kind === 'token' ? -f.text.length : 0);

function and(parts: Formula[]): Formula {
  const kept = parts.flatMap((p) => (p.kind === 'true' ? [] : p.kind === 'and' ? p.parts : [p]));
  // a longer token (a string value, a long key) is rarer in event texts than a short key
  kept.sort((a, b) => selectivity(a) - selectivity(b));
  return kept.length === 0 ? TRUE : kept.length === 1 ? kept[0] : { kind: 'and', parts: kept };
}
function or(parts: Formula[]): Formula {
  return parts.some((p) => p.kind === 'true') ? TRUE : { kind: 'or', parts };
}

/** A condition every matching event's text satisfies. */
function necessary(c: Condition): Formula {
  switch (c.type) {
    case 'and':
      return and([necessary(c.left), necessary(c.right)]);
    case 'or':
      return or([necessary(c.left), necessary(c.right)]);
    case 'not':
    case 'occurs':
      return TRUE;
    case 'exists':
      return keyToken(c.field.path);
    case 'compare':
      // a comparison is false without a value of the literal's type: the key must be there; an
      // equal string value appears verbatim
      if (c.op === '=' && c.literal.kind === 'string' && verbatim(c.literal.value)) {
        return and([keyToken(c.field.path), { kind: 'token', text: `"${c.literal.value}"` }]);
      }
      return keyToken(c.field.path);
    case 'contains':
      return and([keyToken(c.field.path), c.literal.value && verbatim(c.literal.value) ? { kind: 'token', text: c.literal.value } : TRUE]);
    case 'startsWith':
      return and([keyToken(c.field.path), c.literal.value && verbatim(c.literal.value) ? { kind: 'token', text: `"${c.literal.value}` } : TRUE]);
  }
}

/** SQL for the prefilter over `e.record`, or null when every event may match. Exported for tests. */
export function prefilterOf(e: Pick<PqlExpression, 'condition' | 'fn' | 'field'>): { sql: string; params: string[] } | null {
  const parts: Formula[] = [];
  if (e.condition) parts.push(necessary(e.condition));
  if (e.field) parts.push(keyToken(e.field.path)); // no value, nothing to aggregate (count(f) counts values too)
  const formula = and(parts);
  if (formula.kind === 'true') return null;
  const params: string[] = [];
  const render = (f: Formula): string => {
    switch (f.kind) {
      case 'true':
        return '1';
      case 'token':
        params.push(f.text);
        return 'instr(e.record, ?) > 0';
      case 'and':
      case 'or':
        return `(${f.parts.map(render).join(f.kind === 'and' ? ' AND ' : ' OR ')})`;
    }
  };
  const body = render(formula);
  return { sql: `(instr(e.record, '\\') > 0 OR ${body})`, params };
}

// ------------------------------------------------------------------------------------- scan

const statementCache = new WeakMap<Database, Map<string, Statement>>();

function prepared(db: Database, sql: string): Statement {
  let m = statementCache.get(db);
  if (!m) statementCache.set(db, (m = new Map()));
  let s = m.get(sql);
  if (!s) {
    if (m.size > 200) m.clear();
    s = db.prepare(sql);
    m.set(sql, s);
  }
  return s;
}

const FROM: Record<KeyMode, { key: string; from: string }> = {
  pdg: { key: 'i.graph_id', from: 'identities i JOIN events e ON e.identity_id = i.id' },
  none: { key: 'e.identity_id', from: 'events e' },
};

function datasetsClause(scan: Pick<AttributeScan, 'eventDatasets'>, params: unknown[]): string {
  if (!scan.eventDatasets) return '';
  params.push(JSON.stringify(scan.eventDatasets));
  return ' AND e.dataset_id IN (SELECT value FROM json_each(?))';
}

/** Reads no event field: evaluated by `countByTime`, without staging. */
export const isTimeOnly = (scan: Pick<AttributeScan, 'plan'>) => scan.plan.fields.length === 0;

/** Events (rowids) copied per statement while staging. */
const STAGE_ROWS = 2000;

/**
 * Stage pass: copies the window's events with rowid in (after, end] that may match into the
 * staging rows of `stagingKey`, a few thousand rowids per statement, until `deadline`
 * (performance.now()). Returns the last rowid covered.
 */
export function stageChunk(db: Database, stagingKey: number, scan: AttributeScan, after: number, end: number, deadline: number): { last: number; complete: boolean } {
  const paths = scan.plan.fields.map((p) => `$.${p.join('.')}`);
  const params: unknown[] = [stagingKey, ...paths];
  // events in rowid order (outer loop); pdg: the identity's graph by primary key (an event whose
  // identity was removed meanwhile belongs to no profile)
  const { key, from } = FROM[scan.mode];
  let sql = `INSERT INTO computed_attribute_staging (job_id, profile_key, ts_ms, event_id, dataset_id, vals)
    SELECT ?, ${key}, e.ts_ms, e.event_id, e.dataset_id, json_array(${paths.map(() => 'e.record -> ?').join(', ')})
    FROM ${from} WHERE e.id > ? AND e.id <= ? AND e.ts_ms >= ? AND e.ts_ms <= ?`;
  const tail: unknown[] = [];
  sql += datasetsClause(scan, tail);
  const prefilter = prefilterOf(scan.expression);
  if (prefilter) {
    sql += ` AND ${prefilter.sql}`;
    tail.push(...prefilter.params);
  }
  sql += ' ON CONFLICT DO NOTHING';
  const stmt = prepared(db, sql);
  let last = after;
  do {
    const upTo = Math.min(last + STAGE_ROWS, end);
    stmt.run(...params, last, upTo, scan.window.from, scan.window.to, ...tail);
    last = upTo;
  } while (last < end && performance.now() < deadline);
  return { last, complete: last >= end };
}

/**
 * Evaluate pass: reads the staged rows of profiles after key `after`, profile by profile, until
 * `deadline`, always finishing the profile in hand; removes the staged rows of the profiles it
 * evaluated. Call inside the transaction that stores the results.
 */
export function evaluateStagedChunk(db: Database, stagingKey: number, scan: AttributeScan, after: number, deadline: number): ScanChunk {
  const read = prepared(db, 'SELECT profile_key, ts_ms, event_id, dataset_id, vals FROM computed_attribute_staging WHERE job_id = ? AND profile_key > ? ORDER BY profile_key, ts_ms, event_id, dataset_id');
  const results: ScanChunk['results'] = [];
  let current: number | null = null;
  let rows: EvalRow[] = [];
  let lastKey: number | null = null;
  let complete = true;
  const flush = () => {
    if (current === null) return;
    const { value } = evaluateRows(scan.plan, rows, scan.window);
    if (value !== null && !(scan.plan.fn === 'count' && value === 0)) results.push({ key: current, value });
    lastKey = current;
  };
  for (const r of read.raw().iterate(stagingKey, after) as IterableIterator<[number, number, string, string, string]>) {
    if (r[0] !== current) {
      flush();
      if (current !== null && performance.now() >= deadline) {
        complete = false;
        break;
      }
      current = r[0];
      rows = [];
    }
    rows.push({ timestamp: r[1], eventId: r[2], datasetId: r[3], values: JSON.parse(r[4]) as unknown[] });
  }
  if (complete) flush();
  if (lastKey !== null) {
    prepared(db, 'DELETE FROM computed_attribute_staging WHERE job_id = ? AND profile_key > ? AND profile_key <= ?').run(stagingKey, after, lastKey);
  }
  return { results, lastKey, complete };
}

/** Removes every staged row of a job (it failed or was cancelled). */
export function clearStaging(db: Database, stagingKey: number): void {
  prepared(db, 'DELETE FROM computed_attribute_staging WHERE job_id = ?').run(stagingKey);
}

/** A condition that reads no field (only `timestamp occurs`) as exact SQL over e.ts_ms. */
function timeCondition(c: Condition, asOf: number, params: unknown[]): string {
  switch (c.type) {
    case 'and':
    case 'or':
      return `(${timeCondition(c.left, asOf, params)} ${c.type.toUpperCase()} ${timeCondition(c.right, asOf, params)})`;
    case 'not':
      return `(NOT ${timeCondition(c.operand, asOf, params)})`;
    case 'occurs':
      params.push(windowStart(c.count, c.unit, asOf), asOf);
      return '(e.ts_ms >= ? AND e.ts_ms <= ?)';
    default:
      throw new Error(`condition ${c.type} reads a field`);
  }
}

/**
 * count() with no field and a condition on time only: counted per profile by SQLite from the
 * (identity_id, ts_ms) index alone — the same numbers `evaluateRows` gives, one row per profile —
 * for profiles after key `after`, until `deadline`.
 */
export function countByTime(db: Database, scan: AttributeScan, after: number, deadline: number): ScanChunk {
  const { key, from } = FROM[scan.mode];
  const params: unknown[] = [after, scan.window.from, scan.window.to];
  let sql = `SELECT ${key}, COUNT(*) FROM ${from} WHERE ${key} > ? AND e.ts_ms >= ? AND e.ts_ms <= ?`;
  sql += datasetsClause(scan, params);
  if (scan.expression.condition) sql += ` AND ${timeCondition(scan.expression.condition, scan.window.to, params)}`;
  sql += ` GROUP BY ${key} ORDER BY ${key}`;
  const results: ScanChunk['results'] = [];
  let lastKey: number | null = null;
  let complete = true;
  for (const [k, n] of prepared(db, sql).raw().iterate(...params) as IterableIterator<[number, number]>) {
    if (lastKey !== null && performance.now() >= deadline) {
      complete = false;
      break;
    }
    results.push({ key: k, value: n });
    lastKey = k;
  }
  return { results, lastKey, complete };
}

/** The highest event rowid: the stage pass covers events up to it. */
export const maxEventRowId = (db: Database) => prepared(db, 'SELECT COALESCE(MAX(id), 0) FROM events').pluck().get() as number;

/**
 * Every profile's value in one go (tests; small stores): the same passes the job runs in slices,
 * with staging rows under `stagingKey` (removed again). `sliceMs` bounds each pass's chunks.
 */
export function evaluateAll(db: Database, scan: AttributeScan, options: { stagingKey?: number; sliceMs?: number } = {}): { values: Map<number, Scalar>; chunks: number } {
  const stagingKey = options.stagingKey ?? -1;
  const slice = () => performance.now() + (options.sliceMs ?? 1e9);
  const values = new Map<number, Scalar>();
  let chunks = 0;
  let after = Number.MIN_SAFE_INTEGER;
  if (isTimeOnly(scan)) {
    for (;;) {
      const c = countByTime(db, scan, after, slice());
      chunks++;
      for (const r of c.results) values.set(r.key, r.value);
      if (c.complete) break;
      after = c.lastKey!;
    }
    return { values, chunks };
  }
  return db.transaction(() => {
    clearStaging(db, stagingKey);
    const end = maxEventRowId(db);
    let last = 0;
    for (;;) {
      const s = stageChunk(db, stagingKey, scan, last, end, slice());
      chunks++;
      last = s.last;
      if (s.complete) break;
    }
    for (;;) {
      const c = evaluateStagedChunk(db, stagingKey, scan, after, slice());
      chunks++;
      for (const r of c.results) values.set(r.key, r.value);
      if (c.complete) break;
      after = c.lastKey!;
    }
    return { values, chunks };
  })();
}

/** Events in the window (of the datasets the policy includes): the run's "events evaluated". */
export function countEventsInWindow(db: Database, scan: Pick<AttributeScan, 'window' | 'eventDatasets'>): number {
  const params: unknown[] = [scan.window.from, scan.window.to];
  // the (identity_id, ts_ms) index covers it: no record is read
  const sql = `SELECT COUNT(*) FROM events e INDEXED BY events_by_identity WHERE e.ts_ms >= ? AND e.ts_ms <= ?${datasetsClause(scan, params)}`;
  return prepared(db, scan.eventDatasets ? sql.replace(' INDEXED BY events_by_identity', '') : sql).pluck().get(...params) as number;
}

// The one place that reads a profile from SQLite — its identity, identity graph, fragments and
// events — and hands them to the merge engine. Lookups, exports, previews and reports all come
// through here, so they can never disagree. Hot path: statements are prepared once per database
// (WeakMap) and a lookup is three indexed queries plus one JSON.parse per fragment.
//
// Selection rules (the engine's, applied in SQL where it saves work):
// * pdg: every identity with the looked-up identity's graph_id (more than 50 → TooManyIdentitiesError,
//   detected from at most 51 rows); none: the looked-up identity alone.
// * Profile lookups merge record fragments only; a profile with no record fragment under the policy
//   but with events still exists, and is merged from its events (entity without attributes; the
//   event datasets become its `sources`). Those events are read without their records.
// * Experience events are paged in SQL in (timestamp, _id, dataset) order — the engine's event order
//   — over the same identity selection; under dataSetPrecedence with `eventDatasets` only those
//   datasets are included.
import type { Database, Statement } from 'better-sqlite3';
import {
  MAX_GRAPH_IDENTITIES,
  TooManyIdentitiesError,
  mergeProfile,
  type Fragment,
  type GraphIdentity,
  type MergedProfile,
  type MergePolicyRules,
  type ProfileEvent,
} from '../../engine/merge.ts';
import { parseXid, xidOf } from '../../engine/identity-graph.ts';

/** An identity row of the store. */
export interface StoredIdentity extends GraphIdentity {
  rowId: number;
  graphId: number;
}

export type IdentityResolution =
  | { ok: true; identity: StoredIdentity }
  /** `xid`: the XID the identity would have (stub entries are keyed by it). */
  | { ok: false; reason: 'notFound'; xid: string }
  | { ok: false; reason: 'unknownNamespace' }
  /** No namespace given and the value is neither a known XID nor shaped like one. */
  | { ok: false; reason: 'namespaceRequired' };

interface IdentityRow {
  rowId: number;
  id: string;
  namespace: string;
  graphId: number;
}

interface FragmentRow {
  fragmentId: number;
  identityId: number;
  datasetId: string;
  batchId: string;
  ingestedAt: number;
  record: string;
}

interface EventRow {
  eventId: string;
  identityId: number;
  datasetId: string;
  batchId: string;
  timestamp: number;
  ingestedAt: number;
  record: string;
}

interface Statements {
  byValue: Statement;
  byRowId: Statement;
  namespace: Statement;
  graph: Statement;
  graphSize: Statement;
  fragmentsOfGraph: Statement;
  fragmentsOfIdentity: Statement;
  eventMetaOfGraph: Statement;
  eventMetaOfIdentity: Statement;
  cursorInGraph: Statement;
  cursorOfIdentity: Statement;
  linksOfGraph: Statement;
  deleteFragmentsOfGraph: Statement;
  deleteEventsOfGraph: Statement;
  deleteFragmentsOfIdentity: Statement;
  deleteEventsOfIdentity: Statement;
  /** Event page queries by shape (selection, bounds, cursor, direction). */
  pages: Map<string, Statement>;
}

const IDENTITY_COLUMNS = 'i.id AS rowId, i.value AS id, n.code AS namespace, i.graph_id AS graphId';
const FRAGMENT_COLUMNS =
  'f.id AS fragmentId, f.identity_id AS identityId, f.dataset_id AS datasetId, f.batch_id AS batchId, f.ingested_ms AS ingestedAt, f.record';
const EVENT_COLUMNS =
  'e.event_id AS eventId, e.identity_id AS identityId, e.dataset_id AS datasetId, e.batch_id AS batchId, e.ts_ms AS timestamp, e.ingested_ms AS ingestedAt, e.record';
/** Everything of an event but its record: enough for the engine to decide whether it is selected. */
const EVENT_META_COLUMNS = `${EVENT_COLUMNS.slice(0, EVENT_COLUMNS.lastIndexOf(','))}, NULL AS record`;
const IN_GRAPH = 'e.identity_id IN (SELECT id FROM identities WHERE graph_id = @selection)';
const OF_IDENTITY = 'e.identity_id = @selection';

const cache = new WeakMap<Database, Statements>();

function statements(db: Database): Statements {
  let s = cache.get(db);
  if (s) return s;
  s = {
    // namespaces.code is COLLATE NOCASE: codes match case-insensitively, through its unique index.
    byValue: db.prepare(`SELECT ${IDENTITY_COLUMNS} FROM namespaces n JOIN identities i ON i.namespace_id = n.id WHERE n.code = ? AND i.value = ?`),
    byRowId: db.prepare(`SELECT ${IDENTITY_COLUMNS} FROM identities i JOIN namespaces n ON n.id = i.namespace_id WHERE i.id = ?`),
    namespace: db.prepare('SELECT code FROM namespaces WHERE code = ?').pluck(),
    graph: db.prepare(
      `SELECT ${IDENTITY_COLUMNS} FROM identities i JOIN namespaces n ON n.id = i.namespace_id WHERE i.graph_id = ? ORDER BY i.id LIMIT ${MAX_GRAPH_IDENTITIES + 1}`,
    ),
    graphSize: db.prepare('SELECT COUNT(*) FROM identities WHERE graph_id = ?').pluck(),
    fragmentsOfGraph: db.prepare(`SELECT ${FRAGMENT_COLUMNS} FROM identities i JOIN fragments f ON f.identity_id = i.id WHERE i.graph_id = ?`),
    fragmentsOfIdentity: db.prepare(`SELECT ${FRAGMENT_COLUMNS} FROM fragments f WHERE f.identity_id = ?`),
    eventMetaOfGraph: db.prepare(`SELECT ${EVENT_META_COLUMNS} FROM events e WHERE ${IN_GRAPH}`),
    eventMetaOfIdentity: db.prepare(`SELECT ${EVENT_META_COLUMNS} FROM events e WHERE ${OF_IDENTITY}`),
    cursorInGraph: db.prepare(
      `SELECT e.ts_ms AS ts, e.event_id AS eventId, e.dataset_id AS datasetId FROM events e WHERE ${IN_GRAPH} AND e.event_id = @eventId ORDER BY e.ts_ms, e.dataset_id LIMIT 1`,
    ),
    cursorOfIdentity: db.prepare(
      `SELECT e.ts_ms AS ts, e.event_id AS eventId, e.dataset_id AS datasetId FROM events e WHERE ${OF_IDENTITY} AND e.event_id = @eventId ORDER BY e.ts_ms, e.dataset_id LIMIT 1`,
    ),
    linksOfGraph: db.prepare(
      'SELECT l.a, l.b, l.dataset_id AS datasetId, l.batch_id AS batchId, l.created_ms AS createdAt FROM identity_links l WHERE l.a IN (SELECT id FROM identities WHERE graph_id = ?) ORDER BY l.created_ms, l.a, l.b',
    ),
    deleteFragmentsOfGraph: db.prepare('DELETE FROM fragments WHERE identity_id IN (SELECT id FROM identities WHERE graph_id = ?)'),
    deleteEventsOfGraph: db.prepare('DELETE FROM events WHERE identity_id IN (SELECT id FROM identities WHERE graph_id = ?)'),
    deleteFragmentsOfIdentity: db.prepare('DELETE FROM fragments WHERE identity_id = ?'),
    deleteEventsOfIdentity: db.prepare('DELETE FROM events WHERE identity_id = ?'),
    pages: new Map(),
  };
  cache.set(db, s);
  return s;
}

// XIDs are not stored: they encode (namespace code, value) reversibly (engine/identity-graph.ts).
const toIdentity = (r: IdentityRow): StoredIdentity => ({ xid: xidOf(r.namespace, r.id), namespace: r.namespace, id: r.id, rowId: r.rowId, graphId: r.graphId });

/**
 * Finds an identity by value + namespace code (any case), or by XID when no namespace is given.
 */
export function resolveIdentity(db: Database, entityId: string, namespace?: string): IdentityResolution {
  const s = statements(db);
  if (namespace !== undefined) {
    const row = s.byValue.get(namespace, entityId) as IdentityRow | undefined;
    if (row) return { ok: true, identity: toIdentity(row) };
    const code = s.namespace.get(namespace) as string | undefined;
    return code === undefined ? { ok: false, reason: 'unknownNamespace' } : { ok: false, reason: 'notFound', xid: xidOf(code, entityId) };
  }
  const parsed = parseXid(entityId);
  if (!parsed) return { ok: false, reason: 'namespaceRequired' };
  const row = s.byValue.get(parsed.namespaceCode, parsed.value) as IdentityRow | undefined;
  return row ? { ok: true, identity: toIdentity(row) } : { ok: false, reason: 'notFound', xid: entityId };
}

/** An identity by its row id (for jobs that walk the store). */
export function identityByRowId(db: Database, rowId: number): StoredIdentity | undefined {
  const row = statements(db).byRowId.get(rowId) as IdentityRow | undefined;
  return row && toIdentity(row);
}

interface Selection {
  pdg: boolean;
  /** graph_id (pdg) or identity row id (none): the @selection parameter. */
  key: number;
  identities: GraphIdentity[];
  byRowId: Map<number, GraphIdentity>;
}

/** The identities a policy merges for this identity; throws TooManyIdentitiesError above 50 (pdg). */
export function selectIdentities(db: Database, identity: StoredIdentity, rules: MergePolicyRules): Selection {
  const lookedUp: GraphIdentity = { xid: identity.xid, namespace: identity.namespace, id: identity.id };
  if (rules.identityGraph.type !== 'pdg') {
    return { pdg: false, key: identity.rowId, identities: [lookedUp], byRowId: new Map([[identity.rowId, lookedUp]]) };
  }
  const s = statements(db);
  const rows = s.graph.all(identity.graphId) as IdentityRow[];
  if (rows.length > MAX_GRAPH_IDENTITIES) throw new TooManyIdentitiesError(s.graphSize.get(identity.graphId) as number);
  const byRowId = new Map<number, GraphIdentity>();
  const identities: GraphIdentity[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const g = r.rowId === identity.rowId ? lookedUp : { xid: xidOf(r.namespace, r.id), namespace: r.namespace, id: r.id };
    identities[i] = g;
    byRowId.set(r.rowId, g);
  }
  return { pdg: true, key: identity.graphId, identities, byRowId };
}

/** The record fragments of a selection's identities, records parsed. */
function recordFragments(s: Statements, sel: Selection): Fragment[] {
  const rows = (sel.pdg ? s.fragmentsOfGraph.all(sel.key) : s.fragmentsOfIdentity.all(sel.key)) as FragmentRow[];
  const fragments: Fragment[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    fragments[i] = {
      fragmentId: r.fragmentId,
      datasetId: r.datasetId,
      batchId: r.batchId,
      identity: sel.byRowId.get(r.identityId)!,
      ingestedAt: r.ingestedAt,
      record: JSON.parse(r.record) as Record<string, unknown>,
    };
  }
  return fragments;
}

const NO_RECORD: Record<string, unknown> = Object.freeze({});

/**
 * The events of a selection without their records (frozen `{}`): profile lookups only need to know
 * which events the policy selects (sources, tags, lastModifiedAt); event pages come from readEvents.
 */
function eventMetadata(s: Statements, sel: Selection): ProfileEvent[] {
  const rows = (sel.pdg ? s.eventMetaOfGraph.all({ selection: sel.key }) : s.eventMetaOfIdentity.all({ selection: sel.key })) as EventRow[];
  return rows.map((r) => toEvent(r, sel.byRowId, NO_RECORD));
}

function toEvent(r: EventRow, byRowId: Map<number, GraphIdentity>, record?: Record<string, unknown>): ProfileEvent {
  return {
    eventId: r.eventId,
    datasetId: r.datasetId,
    batchId: r.batchId,
    identity: byRowId.get(r.identityId)!,
    timestamp: r.timestamp,
    ingestedAt: r.ingestedAt,
    record: record ?? (JSON.parse(r.record) as Record<string, unknown>),
  };
}

/**
 * The merged profile of an identity under a policy, or undefined when the policy selects no data
 * for it (no fragment and no event). Throws TooManyIdentitiesError (pdg, graph above 50).
 * `provenance` (default false) asks the engine for per-attribute provenance.
 */
export function readProfile(
  db: Database,
  identity: StoredIdentity,
  rules: MergePolicyRules,
  options: { provenance?: boolean } = {},
): MergedProfile | undefined {
  const provenance = options.provenance === true;
  const s = statements(db);
  const sel = selectIdentities(db, identity, rules);
  const fragments = recordFragments(s, sel);
  const lookedUp = sel.byRowId.get(identity.rowId)!;
  let merged = mergeProfile({ lookedUp, graph: sel.identities, fragments, policy: rules, provenance });
  if (merged.fragments.length > 0) return merged;
  // No record data under this policy: the profile exists only if it has events.
  const events = eventMetadata(s, sel);
  if (events.length === 0) return undefined;
  merged = mergeProfile({ lookedUp, graph: sel.identities, fragments: [], events, policy: rules, provenance });
  return merged.events.length > 0 ? merged : undefined;
}

/**
 * One identity's profile under several policies at once (merge policy what-if previews): the
 * identity graph, its record fragments and — only when a policy selects no record data — its
 * events are read once, then each policy goes through the same engine call as `readProfile`, which
 * selects the fragments of its own identities (`none`: the looked-up one). Entry i equals
 * `readProfile(db, identity, rules[i], options)`, or is the TooManyIdentitiesError it would throw.
 */
export function readProfileUnder(
  db: Database,
  identity: StoredIdentity,
  rules: MergePolicyRules[],
  options: { provenance?: boolean } = {},
): (MergedProfile | undefined | TooManyIdentitiesError)[] {
  const provenance = options.provenance === true;
  const s = statements(db);
  let wide: Selection | TooManyIdentitiesError;
  try {
    wide = selectIdentities(db, identity, { identityGraph: { type: 'pdg' }, attributeMerge: { type: 'timestampOrdered' } });
  } catch (e) {
    if (!(e instanceof TooManyIdentitiesError)) throw e;
    wide = e;
  }
  // pdg policies of a graph over 50 identities fail; `none` policies then read the identity alone.
  const sel = wide instanceof TooManyIdentitiesError ? selectIdentities(db, identity, { identityGraph: { type: 'none' }, attributeMerge: { type: 'timestampOrdered' } }) : wide;
  const fragments = recordFragments(s, sel);
  const lookedUp = sel.byRowId.get(identity.rowId)!;
  let events: ProfileEvent[] | undefined;
  return rules.map((policy) => {
    if (policy.identityGraph.type === 'pdg' && wide instanceof TooManyIdentitiesError) return wide;
    const merged = mergeProfile({ lookedUp, graph: sel.identities, fragments, policy, provenance });
    if (merged.fragments.length > 0) return merged;
    events ??= eventMetadata(s, sel);
    if (events.length === 0) return undefined;
    const withEvents = mergeProfile({ lookedUp, graph: sel.identities, fragments: [], events, policy, provenance });
    return withEvents.events.length > 0 ? withEvents : undefined;
  });
}

export interface ProfileGraphDetail {
  identities: GraphIdentity[];
  links: { from: string; to: string; datasetId: string; batchId: string; createdAt: number }[];
}

/** The identities a policy merges for this identity and the links between them (pdg; none: no links). */
export function readProfileGraph(db: Database, identity: StoredIdentity, rules: MergePolicyRules): ProfileGraphDetail {
  const sel = selectIdentities(db, identity, rules);
  if (!sel.pdg) return { identities: sel.identities, links: [] };
  const rows = statements(db).linksOfGraph.all(sel.key) as { a: number; b: number; datasetId: string; batchId: string; createdAt: number }[];
  const links: ProfileGraphDetail['links'] = [];
  for (const r of rows) {
    const from = sel.byRowId.get(r.a);
    const to = sel.byRowId.get(r.b);
    if (from && to) links.push({ from: from.xid, to: to.xid, datasetId: r.datasetId, batchId: r.batchId, createdAt: r.createdAt });
  }
  return { identities: sel.identities, links };
}

export interface EventQuery {
  /** ms, inclusive */
  startTime?: number;
  /** ms, exclusive */
  endTime?: number;
  descending: boolean;
  limit: number;
  /** `_id` of the first event to return (from a previous page's `next`). */
  start?: string;
  /** Keeps only events whose record passes (property filters). */
  filter?: (record: Record<string, unknown>) => boolean;
}

export type EventPageResult = { ok: true; events: ProfileEvent[]; next: string } | { ok: false; reason: 'unknownCursor' };

function pageStatement(db: Database, s: Statements, pdg: boolean, q: EventQuery): Statement {
  const key = `${+pdg}${+(q.startTime !== undefined)}${+(q.endTime !== undefined)}${+(q.start !== undefined)}${+q.descending}`;
  let stmt = s.pages.get(key);
  if (!stmt) {
    const where = [pdg ? IN_GRAPH : OF_IDENTITY];
    if (q.startTime !== undefined) where.push('e.ts_ms >= @startTime');
    if (q.endTime !== undefined) where.push('e.ts_ms < @endTime');
    if (q.start !== undefined) where.push(`(e.ts_ms, e.event_id, e.dataset_id) ${q.descending ? '<=' : '>='} (@cursorTs, @cursorId, @cursorDataset)`);
    const dir = q.descending ? 'DESC' : 'ASC';
    stmt = db.prepare(
      `SELECT ${EVENT_COLUMNS} FROM events e WHERE ${where.join(' AND ')} ORDER BY e.ts_ms ${dir}, e.event_id ${dir}, e.dataset_id ${dir}`,
    );
    s.pages.set(key, stmt);
  }
  return stmt;
}

/**
 * One page of the experience events a policy selects for this identity, in timestamp order.
 * `next` is the `_id` of the first event of the next page ("" on the last page).
 * Throws TooManyIdentitiesError (pdg, graph above 50).
 */
export function readEvents(db: Database, identity: StoredIdentity, rules: MergePolicyRules, q: EventQuery): EventPageResult {
  const s = statements(db);
  const sel = selectIdentities(db, identity, rules);
  const params: Record<string, number | string> = { selection: sel.key };
  if (q.startTime !== undefined) params.startTime = q.startTime;
  if (q.endTime !== undefined) params.endTime = q.endTime;
  if (q.start !== undefined) {
    const c = (sel.pdg ? s.cursorInGraph : s.cursorOfIdentity).get({ selection: sel.key, eventId: q.start }) as
      | { ts: number; eventId: string; datasetId: string }
      | undefined;
    if (!c) return { ok: false, reason: 'unknownCursor' };
    params.cursorTs = c.ts;
    params.cursorId = c.eventId;
    params.cursorDataset = c.datasetId;
  }
  const datasets =
    rules.attributeMerge.type === 'dataSetPrecedence' && rules.eventDatasets ? new Set(rules.eventDatasets) : undefined;
  const events: ProfileEvent[] = [];
  let next = '';
  for (const row of pageStatement(db, s, sel.pdg, q).iterate(params) as IterableIterator<EventRow>) {
    if (datasets && !datasets.has(row.datasetId)) continue;
    const event = toEvent(row, sel.byRowId);
    if (q.filter && !q.filter(event.record)) continue;
    if (events.length === q.limit) {
      next = event.eventId;
      break;
    }
    events.push(event);
  }
  return { ok: true, events, next };
}

/**
 * Deletes the profile's data — the fragments and events of every identity the policy merges — in
 * one transaction. Identities and identity links stay: the graph is not re-split, so it remains
 * exactly the union of the recorded links (consistent), and identities without data simply resolve
 * to nothing until new data arrives. Throws TooManyIdentitiesError (pdg, graph above 50).
 */
export function deleteProfileData(db: Database, identity: StoredIdentity, rules: MergePolicyRules): { fragments: number; events: number } {
  const s = statements(db);
  return db
    .transaction(() => {
      const sel = selectIdentities(db, identity, rules);
      const fragments = (sel.pdg ? s.deleteFragmentsOfGraph : s.deleteFragmentsOfIdentity).run(sel.key).changes;
      const events = (sel.pdg ? s.deleteEventsOfGraph : s.deleteEventsOfIdentity).run(sel.key).changes;
      return { fragments, events };
    })
    .immediate();
}

// ---------------------------------------------------------------------------------------------
// Scans: every profile of the store under a policy, in key order, a chunk at a time (exports).
// A profile's key is its graph_id (pdg: one profile per identity graph) or its identity row id
// (none: one profile per identity). A chunk costs a few range queries over its keys, whatever its
// size, and reads only the identities that own data: the graph sizes and first identities come
// from the covering graph index, fragments and events are found from it and carry their owner's
// identity. Every profile then goes through the same engine call as `readProfile`, with the
// graph's first identity (lowest row id) as the looked-up one, so its merged entity, sources and
// fragments are those of a lookup of that identity, and (by default) its identities too. With
// `identities: 'owners'` (exports) the engine is given only the identities that own data and the
// looked-up one: the entity is the same (identities without data change nothing in the merge; the
// graph's size, which decides the 50-identity guardrail, comes from the index), and the chunk skips
// reading every other identity row.

export interface ProfileScanOptions {
  /**
   * Merge experience events into the profiles: those `keep` accepts (by timestamp and ingestion
   * time, ms) are selected by the engine as in an event lookup and end up in `merged.events`.
   */
  events?: { keep: (timestamp: number, ingestedAt: number) => boolean };
  /**
   * Also yield profiles without record data under the policy that have events (merged from their
   * events, exactly as `readProfile` answers them). Otherwise those keys yield nothing.
   */
  emptyProfiles?: boolean;
  /**
   * Which identities the engine gets (and `merged.identities` lists): 'all' (default) the whole
   * graph, as a lookup; 'owners' the identities that own data plus the looked-up one (faster).
   */
  identities?: 'all' | 'owners';
  /** Only keys up to this one (inclusive): a scan split into ranges, e.g. between workers. */
  until?: number;
}

export type ScannedProfile =
  | {
      kind: 'profile';
      key: number;
      merged: MergedProfile;
      /** ms: latest ingestion of the selected record fragments (0 for a profile of events only). */
      recordsModifiedAt: number;
      /** Identities in the profile's graph (1 under identityGraph none). */
      identityCount: number;
    }
  /** pdg: the identity graph links more than 50 identities (lookups answer 422 for it). */
  | { kind: 'tooManyIdentities'; key: number; identityCount: number };

export interface ProfileScanChunk {
  profiles: ScannedProfile[];
  /** Keys (candidate profiles) read in this chunk. */
  keys: number;
  /** The last key read: the cursor for the next chunk; null when the scan is complete. */
  last: number | null;
}

interface ScanStatements {
  /** [key, identity count, first identity row id] per key, in key order. */
  keys: Statement;
  /** The same, for keys up to a bound. */
  keysUntil: Statement;
  countKeys: Statement;
  /** [key, fragment id, identity id, dataset, batch, ingested ms, record, identity value, namespace id] */
  fragments: Statement;
  /** [key, event id, identity id, dataset, batch, ts ms, ingested ms, record, identity value, namespace id] */
  events: Statement;
  /** [key, identity row id, value, namespace id] of every identity of a key range, in key then row-id order. */
  members: Statement;
  identity: Statement;
  namespaces: Statement;
}

type KeyRow = [number, number, number];
type MemberRow = [number, number, string, number];
type FragmentScanRow = [number, number, number, string, string, number, string, string, number];
type EventScanRow = [number, string, number, string, string, number, number, string, string, number];

const scanCache = new WeakMap<Database, { pdg: ScanStatements; none: ScanStatements; codes: Map<number, string> }>();

function scanState(db: Database) {
  let s = scanCache.get(db);
  if (!s) {
    const identity = db.prepare('SELECT value, namespace_id FROM identities WHERE id = ?').raw();
    const namespaces = db.prepare('SELECT id, code FROM namespaces').raw();
    const frag = 'f.id, f.identity_id, f.dataset_id, f.batch_id, f.ingested_ms, f.record, o.value, o.namespace_id';
    const ev = 'e.event_id, e.identity_id, e.dataset_id, e.batch_id, e.ts_ms, e.ingested_ms, e.record, o.value, o.namespace_id';
    s = {
      codes: new Map(),
      pdg: {
        keys: db.prepare('SELECT graph_id, COUNT(*), MIN(id) FROM identities WHERE graph_id > ? GROUP BY graph_id ORDER BY graph_id LIMIT ?').raw(),
        keysUntil: db
          .prepare('SELECT graph_id, COUNT(*), MIN(id) FROM identities WHERE graph_id > ? AND graph_id <= ? GROUP BY graph_id ORDER BY graph_id LIMIT ?')
          .raw(),
        countKeys: db.prepare(
          'SELECT COUNT(*) AS n, MAX(graph_id) AS last FROM (SELECT DISTINCT graph_id FROM identities WHERE graph_id > ? ORDER BY graph_id LIMIT ?)',
        ),
        // `g` walks the covering graph index; `o` (the owner's row) is read only for identities with
        // data: CROSS JOIN keeps that order (the planner would otherwise read `o` for every `g`).
        fragments: db
          .prepare(
            `SELECT g.graph_id, ${frag} FROM identities g CROSS JOIN fragments f ON f.identity_id = g.id CROSS JOIN identities o ON o.id = f.identity_id WHERE g.graph_id > ? AND g.graph_id <= ?`,
          )
          .raw(),
        events: db
          .prepare(
            `SELECT g.graph_id, ${ev} FROM identities g CROSS JOIN events e ON e.identity_id = g.id CROSS JOIN identities o ON o.id = e.identity_id WHERE g.graph_id > ? AND g.graph_id <= ?`,
          )
          .raw(),
        members: db.prepare('SELECT graph_id, id, value, namespace_id FROM identities WHERE graph_id > ? AND graph_id <= ? ORDER BY graph_id, id').raw(),
        identity,
        namespaces,
      },
      none: {
        keys: db.prepare('SELECT id, 1, id FROM identities WHERE id > ? ORDER BY id LIMIT ?').raw(),
        keysUntil: db.prepare('SELECT id, 1, id FROM identities WHERE id > ? AND id <= ? ORDER BY id LIMIT ?').raw(),
        countKeys: db.prepare('SELECT COUNT(*) AS n, MAX(id) AS last FROM (SELECT id FROM identities WHERE id > ? ORDER BY id LIMIT ?)'),
        fragments: db
          .prepare(`SELECT f.identity_id, ${frag} FROM fragments f JOIN identities o ON o.id = f.identity_id WHERE f.identity_id > ? AND f.identity_id <= ?`)
          .raw(),
        events: db
          .prepare(`SELECT e.identity_id, ${ev} FROM events e JOIN identities o ON o.id = e.identity_id WHERE e.identity_id > ? AND e.identity_id <= ?`)
          .raw(),
        members: db.prepare('SELECT id, id, value, namespace_id FROM identities WHERE id > ? AND id <= ? ORDER BY id').raw(),
        identity,
        namespaces,
      },
    };
    scanCache.set(db, s);
  }
  return s;
}

/** Namespace code of a namespace row id (cached per database; reloaded when a new one appears). */
function codeOf(db: Database, id: number): string {
  const s = scanState(db);
  let code = s.codes.get(id);
  if (code === undefined) {
    for (const [nid, c] of s.pdg.namespaces.all() as [number, string][]) s.codes.set(nid, c);
    code = s.codes.get(id) ?? String(id);
  }
  return code;
}

/**
 * Counts the candidate profiles (keys) after `after`, at most `limit` of them per call, so a
 * caller can count a large store in short slices. `last` is null when there are no more.
 */
export function countProfileKeys(db: Database, rules: MergePolicyRules, after: number, limit: number): { count: number; last: number | null } {
  const s = scanState(db)[rules.identityGraph.type === 'pdg' ? 'pdg' : 'none'];
  const r = s.countKeys.get(after, limit) as { n: number; last: number | null };
  return { count: r.n, last: r.n < limit ? null : r.last };
}

function addIdentity(db: Database, byRowId: Map<number, GraphIdentity>, rowId: number, value: string, namespaceId: number): void {
  if (byRowId.has(rowId)) return;
  const namespace = codeOf(db, namespaceId);
  byRowId.set(rowId, { xid: xidOf(namespace, value), namespace, id: value });
}

function sortedIdentities(byRowId: Map<number, GraphIdentity>): GraphIdentity[] {
  const ids = [...byRowId.keys()].sort((a, b) => a - b);
  const out: GraphIdentity[] = new Array(ids.length);
  for (let i = 0; i < ids.length; i++) out[i] = byRowId.get(ids[i])!;
  return out;
}

function scanFragment(r: FragmentScanRow, byRowId: Map<number, GraphIdentity>): Fragment {
  return { fragmentId: r[1], datasetId: r[3], batchId: r[4], identity: byRowId.get(r[2])!, ingestedAt: r[5], record: JSON.parse(r[6]) as Record<string, unknown> };
}

function scanEvent(r: EventScanRow, byRowId: Map<number, GraphIdentity>): ProfileEvent {
  return { eventId: r[1], datasetId: r[3], batchId: r[4], identity: byRowId.get(r[2])!, timestamp: r[5], ingestedAt: r[6], record: JSON.parse(r[7]) as Record<string, unknown> };
}

/**
 * The next range of at most `limit` keys after `after`: how many there are and the last one (null
 * when there are none), so a scan can be split into ranges `(after, last]`.
 */
export function nextKeyRange(db: Database, rules: MergePolicyRules, after: number, limit: number): { count: number; last: number | null } {
  const s = scanState(db)[rules.identityGraph.type === 'pdg' ? 'pdg' : 'none'];
  const r = s.countKeys.get(after, limit) as { n: number; last: number | null };
  return { count: r.n, last: r.n === 0 ? null : r.last };
}

/** Rows grouped by their first column (the key). */
function groupByKey<R extends [number, ...unknown[]]>(rows: R[]): Map<number, R[]> {
  const groups = new Map<number, R[]>();
  for (const r of rows) {
    const g = groups.get(r[0]);
    if (g) g.push(r);
    else groups.set(r[0], [r]);
  }
  return groups;
}

/**
 * The next chunk of profiles after key `after`: at most `maxKeys` keys, in key order. Keys with no
 * data under the policy (and, without `emptyProfiles`, keys with events only) yield nothing.
 */
export function scanProfiles(db: Database, rules: MergePolicyRules, after: number, maxKeys: number, options: ProfileScanOptions = {}): ProfileScanChunk {
  const pdg = rules.identityGraph.type === 'pdg';
  const s = scanState(db)[pdg ? 'pdg' : 'none'];
  const keys = (options.until === undefined ? s.keys.all(after, maxKeys) : s.keysUntil.all(after, options.until, maxKeys)) as KeyRow[];
  if (keys.length === 0) return { profiles: [], keys: 0, last: null };
  const hi = keys[keys.length - 1][0];
  const fragmentRows = groupByKey(s.fragments.all(after, hi) as FragmentScanRow[]);
  const wantEvents = options.events !== undefined || options.emptyProfiles === true;
  const eventRows = wantEvents ? groupByKey(s.events.all(after, hi) as EventScanRow[]) : undefined;
  const keep = options.events?.keep;
  const members = options.identities === 'owners' ? undefined : groupByKey(s.members.all(after, hi) as MemberRow[]);

  const profiles: ScannedProfile[] = [];
  for (const [key, identityCount, firstId] of keys) {
    const frows = fragmentRows.get(key);
    const erows = eventRows?.get(key);
    if (!frows && !erows) continue;
    if (pdg && identityCount > MAX_GRAPH_IDENTITIES) {
      profiles.push({ kind: 'tooManyIdentities', key, identityCount });
      continue;
    }
    // The whole graph, or the identities that own data plus the looked-up one; in row-id order.
    const byRowId = new Map<number, GraphIdentity>();
    const all = members?.get(key);
    if (all) {
      for (const r of all) addIdentity(db, byRowId, r[1], r[2], r[3]);
    } else {
      if (frows) for (const r of frows) addIdentity(db, byRowId, r[2], r[7], r[8]);
      if (erows) for (const r of erows) addIdentity(db, byRowId, r[2], r[8], r[9]);
      if (!byRowId.has(firstId)) {
        const [value, namespaceId] = s.identity.get(firstId) as [string, number];
        addIdentity(db, byRowId, firstId, value, namespaceId);
      }
    }
    const lookedUp = byRowId.get(firstId)!;
    const graph = all ? [...byRowId.values()] : byRowId.size === 1 ? [lookedUp] : sortedIdentities(byRowId);

    const fragments: Fragment[] = [];
    if (frows) for (const r of frows) fragments.push(scanFragment(r, byRowId));
    const kept: ProfileEvent[] = [];
    if (keep && erows) for (const r of erows) if (keep(r[5], r[6])) kept.push(scanEvent(r, byRowId));
    let merged = mergeProfile({ lookedUp, graph, fragments, events: kept, policy: rules, provenance: false });
    if (merged.fragments.length > 0) {
      let recordsModifiedAt = 0;
      for (const f of merged.fragments) if (f.ingestedAt > recordsModifiedAt) recordsModifiedAt = f.ingestedAt;
      profiles.push({ kind: 'profile', key, merged, recordsModifiedAt, identityCount });
      continue;
    }
    // No record data under this policy: like readProfile, the profile exists only if it has events.
    if (!options.emptyProfiles || !erows) continue;
    const events: ProfileEvent[] = [];
    for (const r of erows) events.push(scanEvent(r, byRowId));
    const fromEvents = mergeProfile({ lookedUp, graph, fragments: [], events, policy: rules, provenance: false });
    if (fromEvents.events.length === 0) continue;
    merged = { ...fromEvents, events: keep ? fromEvents.events.filter((e) => keep(e.timestamp, e.ingestedAt)) : [] };
    profiles.push({ kind: 'profile', key, merged, recordsModifiedAt: 0, identityCount });
  }
  return { profiles, keys: keys.length, last: keys.length < maxKeys ? null : hi };
}

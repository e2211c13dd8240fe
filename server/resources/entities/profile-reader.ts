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
//   event datasets become its `sources`).
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
  eventsOfGraph: Statement;
  eventsOfIdentity: Statement;
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
    eventsOfGraph: db.prepare(`SELECT ${EVENT_COLUMNS} FROM events e WHERE ${IN_GRAPH}`),
    eventsOfIdentity: db.prepare(`SELECT ${EVENT_COLUMNS} FROM events e WHERE ${OF_IDENTITY}`),
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

function toEvent(r: EventRow, byRowId: Map<number, GraphIdentity>): ProfileEvent {
  return {
    eventId: r.eventId,
    datasetId: r.datasetId,
    batchId: r.batchId,
    identity: byRowId.get(r.identityId)!,
    timestamp: r.timestamp,
    ingestedAt: r.ingestedAt,
    record: JSON.parse(r.record) as Record<string, unknown>,
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
  const lookedUp = sel.byRowId.get(identity.rowId)!;
  let merged = mergeProfile({ lookedUp, graph: sel.identities, fragments, policy: rules, provenance });
  if (merged.fragments.length > 0) return merged;
  // No record data under this policy: the profile exists only if it has events.
  const eventRows = (sel.pdg ? s.eventsOfGraph.all({ selection: sel.key }) : s.eventsOfIdentity.all({ selection: sel.key })) as EventRow[];
  if (eventRows.length === 0) return undefined;
  const events = eventRows.map((r) => toEvent(r, sel.byRowId));
  merged = mergeProfile({ lookedUp, graph: sel.identities, fragments: [], events, policy: rules, provenance });
  return merged.events.length > 0 ? merged : undefined;
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

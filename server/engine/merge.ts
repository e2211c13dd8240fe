// Merge engine: combines the profile fragments (and experience events) of one identity graph into a
// merged profile under a merge policy (api-contract §4.9, guardrails: 50 identities per graph).
//
// Pure: no I/O, no clock, no imports. Called on every lookup, export and report, so it avoids JSON
// round-trips and deep clones: the merged entity is built from fresh objects for every nested
// *object* level, but leaf values (primitives and arrays, including arrays of objects) are shared by
// reference with the input records. Treat both the inputs and the result as read-only.
//
// Rules chosen where AEP does not document behaviour:
// * Granularity: attribute-level overlay. Plain objects are walked recursively; every primitive or
//   array is a leaf resolved on its own, so one merged object can take leaves from several fragments.
// * Arrays are leaves: the array of the winning fragment replaces lower-precedence arrays whole, it is
//   never concatenated or merged element-wise. An empty array `[]` is a value and wins like any other.
// * null (and undefined) is "no value": it never overrides a lower-precedence value (AEP ignores
//   nulls on upsert). A leaf that is null in every fragment is absent from the merged entity. An
//   object that ends up with no leaves (e.g. `{}` or only nulls) is absent too.
// * Shape conflicts: the higher-precedence shape wins. A lower-precedence object where the merged
//   entity already has a leaf is recorded as a loser at that leaf's path (its value is the object);
//   a lower-precedence leaf where the merged entity already has an object is dropped (that path is not
//   a leaf, so it has no provenance entry).
// * Tie-break (timestampOrdered, and within one dataset under dataSetPrecedence): later timestamp
//   first; on equal timestamps the higher `ingestedAt` wins, then the higher `fragmentId` — i.e. the
//   later-stored write wins. The order is total, so the result never depends on input order.
// * Top-level `identityMap` and `_id` are not overlaid and get no provenance: the merged
//   `identityMap` is the union of the selected fragments' identityMaps (see unionIdentityMaps) and
//   `_id` is omitted. A `__proto__` key is ignored at every level.
// * Paths are dotted (`person.name.firstName`); keys that themselves contain dots are ambiguous in
//   provenance keys (the merged entity is still correct).

export interface GraphIdentity {
  xid: string;
  /** canonical namespace code, e.g. 'Email' */
  namespace: string;
  id: string;
}

export interface Fragment {
  /** store row id */
  fragmentId: number;
  datasetId: string;
  batchId: string;
  /** the fragment's primary identity */
  identity: GraphIdentity;
  /** ms, system ingestion time */
  ingestedAt: number;
  /** the stored XDM record */
  record: Record<string, unknown>;
}

export interface ProfileEvent {
  eventId: string;
  datasetId: string;
  batchId: string;
  identity: GraphIdentity;
  timestamp: number;
  ingestedAt: number;
  record: Record<string, unknown>;
}

export interface MergePolicyRules {
  identityGraph: { type: 'none' | 'pdg' };
  attributeMerge: { type: 'timestampOrdered' } | { type: 'dataSetPrecedence'; order: string[] };
  /** experience-event datasets to include under dataSetPrecedence (undefined = all) */
  eventDatasets?: string[];
}

export interface MergeInput {
  /** the identity the caller asked for */
  lookedUp: GraphIdentity;
  /** every identity of its connected identity graph (includes lookedUp) */
  graph: GraphIdentity[];
  /** fragments of all identities in `graph`; the engine selects */
  fragments: Fragment[];
  /** events of all identities in `graph`; selected the same way */
  events?: ProfileEvent[];
  policy: MergePolicyRules;
  /**
   * Build `provenance` (default true). Callers that do not show it (plain lookups, exports) pass
   * false: the merged entity is identical and no per-leaf candidates or reasons are allocated.
   */
  provenance?: boolean;
}

export interface Candidate {
  fragmentId: number;
  datasetId: string;
  batchId: string;
  identity: GraphIdentity;
  timestamp: number;
  timestampSource: 'ingestion' | 'lastUpdatedDate';
  value: unknown;
}

export interface Provenance {
  path: string;
  winner: Candidate;
  reason: string;
  /** other fragments with a value at this path, in precedence order (runner-up first) */
  losers: Candidate[];
}

export interface MergedProfile {
  /**
   * XID of the merged entity. Always the looked-up identity's XID: with `pdg` the graph has no
   * single canonical XID, and echoing the requested one keeps the response key stable for the caller.
   */
  entityId: string;
  /** merged XDM object */
  entity: Record<string, unknown>;
  /** identities used (pdg: whole graph; none: just lookedUp) */
  identities: GraphIdentity[];
  /** dataset ids that contributed at least one fragment or event, sorted */
  sources: string[];
  /** batch ids that contributed, sorted */
  tags: string[];
  /** ms, max ingestedAt over contributing fragments/events (0 when none) */
  lastModifiedAt: number;
  /** keyed by dotted path of each leaf value; empty when the input asked for no provenance */
  provenance: Record<string, Provenance>;
  /** the selected fragments, in precedence order (winner first) */
  fragments: Fragment[];
  /** selected events, sorted by timestamp ascending then eventId */
  events: ProfileEvent[];
}

export const MAX_GRAPH_IDENTITIES = 50;

export class TooManyIdentitiesError extends Error {
  identityCount: number;
  constructor(identityCount: number) {
    super('Too many related identities');
    this.name = 'TooManyIdentitiesError';
    this.identityCount = identityCount;
  }
}

type Obj = Record<string, unknown>;

/** A selected fragment with its precomputed precedence keys. */
interface Ranked {
  f: Fragment;
  ts: number;
  src: 'ingestion' | 'lastUpdatedDate';
  /** position of the dataset in the dataSetPrecedence order (0 under timestampOrdered) */
  rank: number;
}

const hasOwn = Object.hasOwn;

function isPlainObject(v: unknown): v is Obj {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function isEmpty(o: Obj): boolean {
  for (const _ in o) return false;
  return true;
}

/** `extSourceSystemAudit.lastUpdatedDate` in ms when it is a parseable date string, else NaN. */
function lastUpdatedDate(record: Obj): number {
  const audit = record.extSourceSystemAudit;
  if (audit === null || typeof audit !== 'object') return NaN;
  const d = (audit as Obj).lastUpdatedDate;
  return typeof d === 'string' && d !== '' ? Date.parse(d) : NaN;
}

function rankFragment(f: Fragment, rank: number): Ranked {
  const rec = f.record;
  const lud = rec !== null && typeof rec === 'object' ? lastUpdatedDate(rec) : NaN;
  return Number.isNaN(lud)
    ? { f, ts: f.ingestedAt, src: 'ingestion', rank }
    : { f, ts: lud, src: 'lastUpdatedDate', rank };
}

/** Precedence order: dataset rank, then later timestamp, then later ingestion, then higher fragment id. */
function comparePrecedence(a: Ranked, b: Ranked): number {
  return a.rank - b.rank || b.ts - a.ts || b.f.ingestedAt - a.f.ingestedAt || b.f.fragmentId - a.f.fragmentId;
}

function candidate(m: Ranked, value: unknown): Candidate {
  const f = m.f;
  return {
    fragmentId: f.fragmentId,
    datasetId: f.datasetId,
    batchId: f.batchId,
    identity: f.identity,
    timestamp: m.ts,
    timestampSource: m.src,
    value,
  };
}

/**
 * Overlays `src` (a lower-precedence fragment than everything already in `target`) onto `target`:
 * only paths without a value yet are filled; conflicting values become losers in provenance.
 */
function overlay(target: Obj, src: Obj, prefix: string, m: Ranked, prov: Record<string, Provenance>): void {
  for (const key in src) {
    if (!hasOwn(src, key) || key === '__proto__') continue;
    if (prefix === '' && (key === 'identityMap' || key === '_id')) continue;
    const v = src[key];
    if (v === null || v === undefined) continue; // null = no value
    const path = prefix === '' ? key : prefix + '.' + key;
    const has = hasOwn(target, key);
    if (isPlainObject(v)) {
      if (!has) {
        const child: Obj = {};
        overlay(child, v, path, m, prov);
        if (!isEmpty(child)) target[key] = child;
      } else {
        const cur = target[key];
        if (isPlainObject(cur)) overlay(cur, v, path, m, prov);
        else prov[path]?.losers.push(candidate(m, v)); // object vs. existing leaf
      }
    } else if (!has) {
      target[key] = v;
      prov[path] = { path, winner: candidate(m, v), reason: '', losers: [] };
    } else if (!isPlainObject(target[key])) {
      prov[path]?.losers.push(candidate(m, v));
    }
    // else: a leaf where the merged entity already has an object -> dropped
  }
}

/** `overlay` without provenance: the same merged entity, no paths, candidates or losers. */
function overlayValues(target: Obj, src: Obj, top: boolean): void {
  for (const key in src) {
    if (!hasOwn(src, key) || key === '__proto__') continue;
    if (top && (key === 'identityMap' || key === '_id')) continue;
    const v = src[key];
    if (v === null || v === undefined) continue;
    const has = hasOwn(target, key);
    if (isPlainObject(v)) {
      if (!has) {
        const child: Obj = {};
        overlayValues(child, v, false);
        if (!isEmpty(child)) target[key] = child;
      } else {
        const cur = target[key];
        if (isPlainObject(cur)) overlayValues(cur, v, false);
      }
    } else if (!has) {
      target[key] = v;
    }
    // else: a leaf where the merged entity already has an object -> dropped
  }
}

/**
 * Union of the selected fragments' identityMaps, in precedence order. Entries are deduplicated by
 * namespace (case-insensitive; the first spelling seen is kept as the key) + id; the first
 * (highest-precedence) occurrence supplies the other entry fields (e.g. authenticatedState).
 * `primary` is dropped from every entry except the looked-up identity's, which gets `primary: true`.
 * An identity is never invented: if no identityMap lists the looked-up identity, no entry is primary.
 */
function unionIdentityMaps(ranked: Ranked[], lookedUp: GraphIdentity): Record<string, Obj[]> | undefined {
  let out: Record<string, Obj[]> | undefined;
  let keys: Map<string, string> | undefined;
  let seen: Set<string> | undefined;
  const lookedNs = lookedUp.namespace.toLowerCase();
  for (const m of ranked) {
    const im = m.f.record?.identityMap;
    if (!isPlainObject(im)) continue;
    for (const ns in im) {
      const list = im[ns];
      if (!hasOwn(im, ns) || ns === '__proto__' || !Array.isArray(list)) continue;
      const lns = ns.toLowerCase();
      for (const e of list) {
        if (!isPlainObject(e)) continue;
        const id = e.id;
        if (typeof id !== 'string' && typeof id !== 'number') continue;
        const sid = String(id);
        const dedupKey = lns + '\u0000' + sid;
        seen ??= new Set();
        if (seen.has(dedupKey)) continue;
        seen.add(dedupKey);
        keys ??= new Map();
        let key = keys.get(lns);
        if (key === undefined) {
          key = ns;
          keys.set(lns, ns);
        }
        const entry: Obj = {};
        for (const k in e) if (k !== 'primary' && k !== '__proto__' && hasOwn(e, k)) entry[k] = e[k];
        if (lns === lookedNs && sid === lookedUp.id) entry.primary = true;
        out ??= {};
        if (hasOwn(out, key)) out[key].push(entry);
        else out[key] = [entry];
      }
    }
  }
  return out;
}

function iso(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : String(ms);
}

function recency(c: Candidate): string {
  return (
    (c.timestampSource === 'lastUpdatedDate' ? 'lastUpdatedDate ' : 'ingestion time ') + iso(c.timestamp)
  );
}

function tieSuffix(w: Candidate, w0: Fragment, r0: Fragment, r: Candidate): string {
  if (r.timestamp !== w.timestamp) return '';
  return w0.ingestedAt !== r0.ingestedAt
    ? '; tied on timestamp, the later ingestion wins'
    : '; tied on timestamp and ingestion time, the higher fragment id wins';
}

function hasXid(identities: GraphIdentity[], xid: string): boolean {
  for (const g of identities) if (g.xid === xid) return true;
  return false;
}

/** Whether an identity is among the selected ones: the looked-up one, or any of `xids` (pdg). */
function selected(xid: string, lookedUpXid: string, xids: Set<string> | undefined): boolean {
  return xids ? xids.has(xid) : xid === lookedUpXid;
}

/** Events in time order, then by id. */
function compareEvents(a: ProfileEvent, b: ProfileEvent): number {
  return a.timestamp - b.timestamp || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0);
}

export function mergeProfile(input: MergeInput): MergedProfile {
  const { lookedUp, policy } = input;
  const pdg = policy.identityGraph.type === 'pdg';

  // 1. identity selection (no closures here: this runs for every profile read)
  let identities: GraphIdentity[];
  /** XIDs of the selected identities when more than the looked-up one. */
  let xids: Set<string> | undefined;
  if (pdg) {
    const graph = input.graph;
    identities = hasXid(graph, lookedUp.xid) ? graph.slice() : [lookedUp, ...graph];
    if (identities.length > MAX_GRAPH_IDENTITIES) throw new TooManyIdentitiesError(identities.length);
    if (identities.length > 1) {
      xids = new Set<string>();
      for (const g of identities) xids.add(g.xid);
    }
  } else {
    identities = [lookedUp];
  }
  const lookedUpXid = lookedUp.xid;

  // 2. fragment selection and precedence order
  const am = policy.attributeMerge;
  let datasetRank: Map<string, number> | undefined;
  if (am.type === 'dataSetPrecedence') {
    datasetRank = new Map();
    for (let i = 0; i < am.order.length; i++) if (!datasetRank.has(am.order[i])) datasetRank.set(am.order[i], i);
  }
  const ranked: Ranked[] = [];
  for (const f of input.fragments) {
    if (!selected(f.identity.xid, lookedUpXid, xids)) continue;
    let rank = 0;
    if (datasetRank) {
      const r = datasetRank.get(f.datasetId);
      if (r === undefined) continue; // datasets missing from `order` are not merged at all
      rank = r;
    }
    ranked.push(rankFragment(f, rank));
  }
  ranked.sort(comparePrecedence);

  // 3. attribute overlay, winner first
  const entity: Obj = {};
  const provenance: Record<string, Provenance> = {};
  const withProvenance = input.provenance !== false;
  const sourceSet = new Set<string>();
  const tagSet = new Set<string>();
  let lastModifiedAt = 0;
  const fragments: Fragment[] = new Array(ranked.length);
  const byId = new Map<number, Ranked>();
  for (let i = 0; i < ranked.length; i++) {
    const m = ranked[i];
    const f = m.f;
    fragments[i] = f;
    byId.set(f.fragmentId, m);
    sourceSet.add(f.datasetId);
    tagSet.add(f.batchId);
    if (f.ingestedAt > lastModifiedAt) lastModifiedAt = f.ingestedAt;
    if (f.record !== null && typeof f.record === 'object') {
      if (withProvenance) overlay(entity, f.record, '', m, provenance);
      else overlayValues(entity, f.record, true);
    }
  }
  const identityMap = unionIdentityMaps(ranked, lookedUp);
  if (identityMap) entity.identityMap = identityMap;

  // 4. reasons
  const orderLength = am.type === 'dataSetPrecedence' ? am.order.length : 0;
  for (const path in provenance) {
    const p = provenance[path];
    if (p.losers.length === 0) {
      p.reason = 'only source';
      continue;
    }
    const w = p.winner;
    const r = p.losers[0]; // runner-up (losers are pushed in precedence order)
    const w0 = byId.get(w.fragmentId)!.f;
    const r0 = byId.get(r.fragmentId)!.f;
    const n = p.losers.length + 1;
    if (datasetRank) {
      const rank = byId.get(w.fragmentId)!.rank + 1;
      p.reason = `dataset ranked ${rank} of ${orderLength} in the merge policy order`;
      if (r.datasetId === w.datasetId) {
        p.reason += `; most recent update within that dataset (${recency(w)})${tieSuffix(w, w0, r0, r)}`;
      }
    } else {
      p.reason = `most recent update (${recency(w)}) among ${n} candidates${tieSuffix(w, w0, r0, r)}`;
    }
  }

  // 5. events: never conflict-resolved, appended in time order
  const events: ProfileEvent[] = [];
  if (input.events && input.events.length > 0) {
    const eventDatasets =
      am.type === 'dataSetPrecedence' && policy.eventDatasets ? new Set(policy.eventDatasets) : undefined;
    for (const e of input.events) {
      if (!selected(e.identity.xid, lookedUpXid, xids)) continue;
      if (eventDatasets && !eventDatasets.has(e.datasetId)) continue;
      events.push(e);
      sourceSet.add(e.datasetId);
      tagSet.add(e.batchId);
      if (e.ingestedAt > lastModifiedAt) lastModifiedAt = e.ingestedAt;
    }
    events.sort(compareEvents);
  }

  return {
    entityId: lookedUp.xid,
    entity,
    identities,
    sources: Array.from(sourceSet).sort(),
    tags: Array.from(tagSet).sort(),
    lastModifiedAt,
    provenance,
    fragments,
    events,
  };
}

/**
 * The entities API `fields` parameter: keeps only the subtrees at the given dot paths
 * (`person.name,workEmail`). Unknown paths are simply absent; paths only descend through plain
 * objects (an array is a leaf, so `items.0` finds nothing). Overlapping paths are fine
 * (`person` + `person.name` keeps all of `person`). Selected subtrees are shared by reference with
 * `entity`, not cloned. Empty entries are ignored; an empty list yields `{}` — callers should skip
 * projection when the parameter is absent.
 */
export function projectFields(entity: Record<string, unknown>, fields: string[]): Record<string, unknown> {
  const out: Obj = {};
  for (const raw of fields) {
    const field = raw.trim();
    if (field === '') continue;
    const parts = field.split('.');
    // find the value
    let value: unknown = entity;
    let found = true;
    for (const part of parts) {
      if (!isPlainObject(value) || part === '__proto__' || !hasOwn(value, part)) {
        found = false;
        break;
      }
      value = value[part];
    }
    if (!found || value === undefined) continue;
    // copy it to the same path in `out`
    let dst = out;
    let src: unknown = entity;
    let covered = false;
    const last = parts.length - 1;
    for (let i = 0; i < last; i++) {
      const part = parts[i];
      src = (src as Obj)[part];
      const next = hasOwn(dst, part) ? dst[part] : undefined;
      if (next === src) {
        covered = true; // an ancestor subtree was already selected whole
        break;
      }
      if (next === undefined) {
        const child: Obj = {};
        dst[part] = child;
        dst = child;
      } else {
        dst = next as Obj;
      }
    }
    if (!covered) dst[parts[last]] = value;
  }
  return out;
}

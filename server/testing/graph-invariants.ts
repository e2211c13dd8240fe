// Test helpers for the identity graph: its invariants, the graphs recomputed from the stored records,
// and a label-free snapshot of a store for comparing two runs.
import type { Database } from 'better-sqlite3';
import { UnionFind } from '../engine/identity-graph.ts';

/**
 * Violations of the graph invariants (empty when the store is consistent):
 * * graphs are exactly the connected components of identity_links (singletons for unlinked identities);
 * * a graph's label is the id of one of its members;
 * * every link joins two existing identities.
 */
export function graphViolations(db: Database): string[] {
  const problems: string[] = [];
  const identities = db.prepare('SELECT id, graph_id FROM identities').raw().all() as [number, number][];
  const graphOf = new Map(identities);
  const uf = new UnionFind<number>();
  for (const [id] of identities) uf.add(id);
  for (const [a, b] of db.prepare('SELECT a, b FROM identity_links').raw().all() as [number, number][]) {
    if (!graphOf.has(a) || !graphOf.has(b)) problems.push(`link ${a}-${b} names a missing identity`);
    else uf.union(a, b);
  }
  const labelOfRoot = new Map<number, number>();
  const rootOfLabel = new Map<number, number>();
  for (const [id, label] of identities) {
    const root = uf.find(id);
    const seen = labelOfRoot.get(root);
    if (seen === undefined) labelOfRoot.set(root, label);
    else if (seen !== label) problems.push(`identities ${id} (graph ${label}) and graph ${seen} are linked but labelled apart`);
    const other = rootOfLabel.get(label);
    if (other === undefined) rootOfLabel.set(label, root);
    else if (other !== root) problems.push(`graph label ${label} covers identities that are not linked (identity ${id})`);
  }
  for (const label of rootOfLabel.keys()) {
    if (graphOf.get(label) !== label) problems.push(`graph label ${label} is not the id of one of its members`);
  }
  return problems;
}

/** Identities in no record and no link (none should be left in graphs a delete repaired). */
export function orphanIdentities(db: Database): number[] {
  return db
    .prepare(
      `SELECT id FROM identities i WHERE NOT EXISTS (SELECT 1 FROM fragments f WHERE f.identity_id = i.id)
       AND NOT EXISTS (SELECT 1 FROM events e WHERE e.identity_id = i.id)
       AND NOT EXISTS (SELECT 1 FROM identity_links l WHERE l.a = i.id) AND NOT EXISTS (SELECT 1 FROM identity_links l WHERE l.b = i.id)`,
    )
    .pluck()
    .all() as number[];
}

/** The store's content without row ids or graph labels: graphs as sorted identity lists, records, links. */
export function storeSnapshot(db: Database) {
  const key = (ns: string, value: string) => `${ns}:${value}`;
  const names = new Map(
    (db.prepare('SELECT i.id, n.code, i.value, i.graph_id FROM identities i JOIN namespaces n ON n.id = i.namespace_id').raw().all() as [
      number,
      string,
      string,
      number,
    ][]).map(([id, code, value, graph]) => [id, { name: key(code, value), graph }]),
  );
  const graphs = new Map<number, string[]>();
  for (const { name, graph } of names.values()) {
    let g = graphs.get(graph);
    if (!g) graphs.set(graph, (g = []));
    g.push(name);
  }
  const sorted = <T>(list: T[]) => list.map((x) => JSON.stringify(x)).sort();
  // Dataset and batch ids differ between stores: name them by dataset name and batch order.
  const datasetName = new Map(db.prepare('SELECT id, name FROM datasets').raw().all() as [string, string][]);
  const batchName = new Map(
    (db.prepare('SELECT id, dataset_id FROM batches ORDER BY created_ms, rowid').raw().all() as [string, string][]).map(([id, d], i) => [
      id,
      `${datasetName.get(d)}#${i}`,
    ]),
  );
  const ds = (id: string) => datasetName.get(id) ?? id;
  const bt = (id: string) => batchName.get(id) ?? id;
  return {
    graphs: sorted([...graphs.values()].map((g) => g.sort())),
    links: sorted(
      (db.prepare('SELECT a, b, dataset_id, batch_id FROM identity_links').raw().all() as [number, number, string, string][]).map(([a, b, d, b2]) => [
        names.get(a)?.name,
        names.get(b)?.name,
        ds(d),
        bt(b2),
      ]),
    ),
    fragments: sorted(
      (db.prepare('SELECT identity_id, dataset_id, record FROM fragments').raw().all() as [number, string, string][]).map(([id, d, r]) => [names.get(id)?.name, ds(d), r]),
    ),
    events: sorted(
      (db.prepare('SELECT identity_id, dataset_id, event_id, batch_id FROM events').raw().all() as [number, string, string, string][]).map(([id, d, e, b]) => [
        names.get(id)?.name,
        ds(d),
        e,
        bt(b),
      ]),
    ),
  };
}

interface RecordIdentities {
  where: string;
  datasetId: string;
  /** The identity the record is stored under. */
  keyId: number;
  /** Its identityMap's identities; id null when the store has no such identity. */
  members: { id: number | null; primary: boolean; code: string; value: string }[];
}

/** Every stored record (fragments and events) with the identities its identityMap names, resolved to rows. */
function* recordIdentities(db: Database): Generator<RecordIdentities> {
  const namespaceId = new Map((db.prepare('SELECT lower(code), id FROM namespaces').raw().all() as [string, number][]).map(([c, id]) => [c, id]));
  const identityId = new Map(
    (db.prepare('SELECT namespace_id, value, id FROM identities').raw().all() as [number, string, number][]).map(([ns, v, id]) => [`${ns}\u0000${v}`, id]),
  );
  for (const table of ['fragments', 'events']) {
    // json_extract in SQLite reads the record far faster than JSON.parse of the whole record here.
    const rows = db.prepare(`SELECT id, dataset_id, identity_id, json_extract(record, '$.identityMap') FROM ${table}`).raw().iterate();
    for (const [rowId, datasetId, keyId, text] of rows as Iterable<[number, string, number, string | null]>) {
      const map = (text === null ? {} : JSON.parse(text)) as Record<string, { id: string; primary?: boolean }[]>;
      const members: RecordIdentities['members'] = [];
      for (const code in map) {
        const ns = namespaceId.get(code.toLowerCase());
        for (const e of map[code]) members.push({ id: identityId.get(`${ns}\u0000${e.id}`) ?? null, primary: e.primary === true, code, value: e.id });
      }
      yield { where: `${table} row ${rowId}`, datasetId, keyId, members };
    }
  }
}

/**
 * Recomputes the identity graphs from scratch — every stored record's identityMap (each record joins
 * its identities) plus the link history — and lists where the store disagrees (empty when it is
 * consistent):
 * * every identity a record names exists, and the record is keyed by its primary identity;
 * * the recomputed components are exactly the stored graphs (same members, nothing split or merged);
 * * every link comes from a batch that succeeded, of the link's own dataset;
 * * with `backedLinks`, every link is backed by a stored record of its dataset naming both identities.
 *   That holds only where no record was replaced or patched with other identities (the link history
 *   keeps those links, as AEP does); it shows, e.g., that a delete request removed its target's links.
 */
export function recordGraphViolations(db: Database, options: { backedLinks?: boolean } = {}): string[] {
  const problems: string[] = [];
  const graphOf = new Map(db.prepare('SELECT id, graph_id FROM identities').raw().all() as [number, number][]);
  const uf = new UnionFind<number>();
  for (const id of graphOf.keys()) uf.add(id);
  const backed = new Set<string>();

  for (const { where, datasetId, keyId, members } of recordIdentities(db)) {
    const missing = members.filter((m) => m.id === null);
    if (missing.length) problems.push(`${where} names identities missing from the store: ${missing.map((m) => `${m.code}:${m.value}`).join(', ')}`);
    const primary = members.find((m) => m.primary) ?? members[0];
    if (primary?.id !== keyId) problems.push(`${where} is keyed by identity ${keyId}, not its primary identity ${primary?.code}:${primary?.value}`);
    if (!graphOf.has(keyId)) problems.push(`${where} is keyed by identity ${keyId}, which does not exist`);
    else for (const m of members) if (m.id !== null) uf.union(keyId, m.id);
    if (options.backedLinks) {
      for (const x of members) for (const y of members) if (x.id !== null && y.id !== null && x.id < y.id) backed.add(`${x.id}:${y.id}:${datasetId}`);
    }
  }

  const batchOf = new Map(
    (db.prepare('SELECT id, dataset_id, status FROM batches').raw().all() as [string, string, string][]).map(([id, d, s]) => [id, { datasetId: d, status: s }]),
  );
  for (const [a, b, datasetId, batchId] of db.prepare('SELECT a, b, dataset_id, batch_id FROM identity_links').raw().iterate() as Iterable<
    [number, number, string, string]
  >) {
    const batch = batchOf.get(batchId);
    if (batch?.status !== 'success' || batch.datasetId !== datasetId) {
      problems.push(`link ${a}-${b} comes from batch ${batchId} (${batch ? `${batch.status}, dataset ${batch.datasetId}` : 'unknown'}), not a successful batch of ${datasetId}`);
    }
    if (options.backedLinks && !backed.has(`${a}:${b}:${datasetId}`)) problems.push(`link ${a}-${b} of dataset ${datasetId} is backed by no record of the dataset`);
    if (graphOf.has(a) && graphOf.has(b)) uf.union(a, b);
  }

  // The recomputed components against the stored labels, both ways.
  const labelOfRoot = new Map<number, number>();
  const rootOfLabel = new Map<number, number>();
  for (const [id, label] of graphOf) {
    const root = uf.find(id);
    const seen = labelOfRoot.get(root);
    if (seen === undefined) labelOfRoot.set(root, label);
    else if (seen !== label) problems.push(`identity ${id} is in graph ${label}, but records or links connect it to graph ${seen}`);
    const other = rootOfLabel.get(label);
    if (other === undefined) rootOfLabel.set(label, root);
    else if (other !== root) problems.push(`graph ${label} holds identity ${id}, which no record or link connects to the rest of it`);
  }
  return problems;
}

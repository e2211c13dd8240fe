// Test helpers for the identity graph: its invariants, and a label-free snapshot of a store for
// comparing two runs.
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

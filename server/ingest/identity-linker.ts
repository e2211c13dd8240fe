// Keeps the identity graph current while a batch is applied (inside its transaction): resolves
// identities to rows (creating them), records link history, and merges the graphs a record
// connects. New identities are born into the graph of the record's existing identities, so most
// records need no merge at all; real merges (a record joining two existing graphs) are collected
// in memory and written once at `finish`, relabelling the smaller graphs into the largest. A batch
// never rebuilds the whole graph.
import type { Database, Statement } from 'better-sqlite3';
import { UnionFind } from '../engine/identity-graph.ts';
import type { NormalizedIdentity } from './validate-record.ts';

interface Resolved {
  id: number;
  /** Graph label at resolution time; merges of this batch live in `merges` until `finish`. */
  graphId: number;
}

export class IdentityLinker {
  private readonly cache = new Map<string, Resolved>();
  private readonly seenLinks = new Set<string>();
  private readonly merges = new UnionFind<number>();
  private nextId: number;
  /** Graph labels at or above this were created by this batch; their sizes are counted here. */
  private readonly firstNewId: number;
  private readonly newGraphSizes = new Map<number, number>();
  private readonly select: Statement;
  private readonly insert: Statement;
  private readonly insertLink: Statement;

  constructor(
    private readonly db: Database,
    private readonly now: number,
  ) {
    this.nextId = ((db.prepare('SELECT MAX(id) AS m FROM identities').get() as { m: number | null }).m ?? 0) + 1;
    this.firstNewId = this.nextId;
    this.select = db.prepare('SELECT id, graph_id AS graphId FROM identities WHERE namespace_id = ? AND value = ?');
    this.insert = db.prepare('INSERT INTO identities (id, namespace_id, value, graph_id, created_ms) VALUES (?, ?, ?, ?, ?)');
    this.insertLink = db.prepare('INSERT OR IGNORE INTO identity_links (a, b, dataset_id, batch_id, created_ms) VALUES (?, ?, ?, ?, ?)');
  }

  private key(identity: NormalizedIdentity) {
    return `${identity.namespaceId}\u0000${identity.value}`;
  }

  private lookup(identity: NormalizedIdentity): Resolved | undefined {
    const key = this.key(identity);
    let r = this.cache.get(key);
    if (!r) {
      r = this.select.get(identity.namespaceId, identity.value) as Resolved | undefined;
      if (r) this.cache.set(key, r);
    }
    return r;
  }

  private create(identity: NormalizedIdentity, graphId: number | undefined): Resolved {
    const id = this.nextId++;
    const graph = graphId ?? id;
    this.insert.run(id, identity.namespaceId, identity.value, graph, this.now);
    if (graph >= this.firstNewId) this.newGraphSizes.set(graph, (this.newGraphSizes.get(graph) ?? 0) + 1);
    const r = { id, graphId: graph };
    this.cache.set(this.key(identity), r);
    return r;
  }

  /** Resolves a record's identities, links them to its primary one; returns the primary's row id. */
  linkRecord(identities: NormalizedIdentity[], primary: NormalizedIdentity, datasetId: string, batchId: string): number {
    if (identities.length === 1) return (this.lookup(primary) ?? this.create(primary, undefined)).id;
    const known = identities.map((i) => this.lookup(i));
    const label = known.find((r) => r !== undefined)?.graphId;
    let graph = label;
    const resolved = identities.map((identity, i) => {
      const r = known[i] ?? this.create(identity, graph);
      graph ??= r.graphId;
      if (r.graphId !== graph) this.merges.union(graph, r.graphId);
      return r;
    });
    const p = resolved[identities.indexOf(primary)];
    for (const o of resolved) {
      if (o.id === p.id) continue;
      const [a, b] = p.id < o.id ? [p.id, o.id] : [o.id, p.id];
      const key = `${a}:${b}`;
      if (!this.seenLinks.has(key)) {
        this.seenLinks.add(key);
        this.insertLink.run(a, b, datasetId, batchId, this.now);
      }
    }
    return p.id;
  }

  /** Writes the merges of this batch: each merged set takes the label of its largest graph. */
  finish(): void {
    const count = this.db.prepare('SELECT COUNT(*) AS n FROM identities WHERE graph_id = ?');
    const relabel = this.db.prepare('UPDATE identities SET graph_id = ? WHERE graph_id = ?');
    for (const group of this.merges.groups(true)) {
      const sizeOf = (g: number) => (g >= this.firstNewId ? this.newGraphSizes.get(g)! : (count.get(g) as { n: number }).n);
      const sized = group.map((g) => ({ g, n: sizeOf(g) })).sort((x, y) => y.n - x.n || x.g - y.g);
      for (const { g } of sized.slice(1)) relabel.run(sized[0].g, g);
    }
  }
}

// Keeps the identity graph current while a batch is applied (inside its transaction): resolves
// identities to rows (creating them), records link history, and unions the graphs
// that a record connects. Unions happen in memory over graph ids and are written once at `finish`,
// relabelling the smaller graphs into the largest, so a batch never rebuilds the whole graph.
import type { Database, Statement } from 'better-sqlite3';
import { UnionFind } from '../engine/identity-graph.ts';
import type { NormalizedIdentity } from './validate-record.ts';

interface Resolved {
  id: number;
  graphId: number;
}

export class IdentityLinker {
  private readonly cache = new Map<string, Resolved>();
  private readonly seenLinks = new Set<string>();
  private readonly graphs = new UnionFind<number>();
  private nextId: number;
  /** Ids below this existed before the batch; graphs at or above it are new, of known size. */
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
    this.insert = db.prepare(
      'INSERT OR IGNORE INTO identities (id, namespace_id, value, graph_id, created_ms) VALUES (?, ?, ?, ?, ?)',
    );
    this.insertLink = db.prepare(
      'INSERT OR IGNORE INTO identity_links (a, b, dataset_id, batch_id, created_ms) VALUES (?, ?, ?, ?, ?)',
    );
  }

  resolve(identity: NormalizedIdentity): Resolved {
    const key = `${identity.namespaceId}\u0000${identity.value}`;
    let r = this.cache.get(key);
    if (!r) {
      // Insert first: on a growing store most identities are new, so this saves a lookup each.
      const id = this.nextId;
      if (this.insert.run(id, identity.namespaceId, identity.value, id, this.now).changes === 1) {
        this.nextId++;
        r = { id, graphId: id };
        this.newGraphSizes.set(id, 1);
      } else {
        r = this.select.get(identity.namespaceId, identity.value) as Resolved;
      }
      this.cache.set(key, r);
    }
    return r;
  }

  /** Links every identity of a record to its primary one; returns the primary's identity row id. */
  linkRecord(identities: NormalizedIdentity[], primary: NormalizedIdentity, datasetId: string, batchId: string): number {
    const p = this.resolve(primary);
    for (const identity of identities) {
      if (identity === primary) continue;
      const o = this.resolve(identity);
      if (o.id === p.id) continue;
      const [a, b] = p.id < o.id ? [p.id, o.id] : [o.id, p.id];
      const key = `${a}:${b}`;
      if (!this.seenLinks.has(key)) {
        this.seenLinks.add(key);
        this.insertLink.run(a, b, datasetId, batchId, this.now);
      }
      if (o.graphId !== p.graphId) this.graphs.union(p.graphId, o.graphId);
    }
    return p.id;
  }

  /** Writes the graph unions of this batch: each merged set takes the id of its largest graph. */
  finish(): void {
    const count = this.db.prepare('SELECT COUNT(*) AS n FROM identities WHERE graph_id = ?');
    const relabel = this.db.prepare('UPDATE identities SET graph_id = ? WHERE graph_id = ?');
    for (const group of this.graphs.groups(true)) {
      const sizeOf = (g: number) => (g >= this.firstNewId ? this.newGraphSizes.get(g)! : (count.get(g) as { n: number }).n);
      const sized = group.map((g) => ({ g, n: sizeOf(g) })).sort((x, y) => y.n - x.n || x.g - y.g);
      const target = sized[0].g;
      for (const { g } of sized.slice(1)) relabel.run(target, g);
    }
  }
}

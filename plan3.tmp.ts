import Database from 'better-sqlite3';
import { mergeProfile } from './server/engine/merge.ts';
import { xidOf } from './server/engine/identity-graph.ts';
const db = new Database('/tmp/exp/prof20k/orgs/PROF0000000000000000000@AdobeOrg/sandboxes/p.sqlite', { readonly: true });
db.pragma('cache_size = -65536');
const keys = db.prepare('SELECT graph_id, COUNT(*), MIN(id) FROM identities WHERE graph_id > ? GROUP BY graph_id ORDER BY graph_id LIMIT ?').raw();
const frag = 'f.id, f.identity_id, f.dataset_id, f.batch_id, f.ingested_ms, f.record, o.value, o.namespace_id';
const fq = db.prepare(`SELECT g.graph_id, ${frag} FROM identities g CROSS JOIN fragments f ON f.identity_id = g.id CROSS JOIN identities o ON o.id = f.identity_id WHERE g.graph_id > ? AND g.graph_id <= ?`).raw();
const ident = db.prepare('SELECT value, namespace_id FROM identities WHERE id = ?').raw();
const codes = new Map((db.prepare('SELECT id, code FROM namespaces').raw().all() as [number, string][]));
const policy = { identityGraph: { type: 'pdg' as const }, attributeMerge: { type: 'timestampOrdered' as const } };
function pass(level: number) {
  const c0 = process.cpuUsage();
  let after = 0; let n = 0;
  for (;;) {
    const k = keys.all(after, 64) as [number, number, number][]; if (!k.length) break; const hi = k[k.length - 1][0];
    const rows = fq.all(after, hi) as any[];
    after = hi;
    if (level < 1) continue;
    const groups = new Map<number, any[]>();
    for (const r of rows) { const g = groups.get(r[0]); if (g) g.push(r); else groups.set(r[0], [r]); }
    for (const [key, count, first] of k) {
      const fr = groups.get(key); if (!fr) continue;
      if (count > 50) continue;
      const recs = fr.map((r) => JSON.parse(r[6]));
      if (level < 2) continue;
      const byRow = new Map<number, any>();
      for (const r of fr) if (!byRow.has(r[2])) { const ns = codes.get(r[8])!; byRow.set(r[2], { xid: xidOf(ns, r[7]), namespace: ns, id: r[7] }); }
      if (!byRow.has(first)) { const [v, nsid] = ident.get(first) as any; const ns = codes.get(nsid)!; byRow.set(first, { xid: xidOf(ns, v), namespace: ns, id: v }); }
      const graph = [...byRow.keys()].sort((a, b) => a - b).map((id) => byRow.get(id));
      const fragments = fr.map((r, i) => ({ fragmentId: r[1], datasetId: r[3], batchId: r[4], identity: byRow.get(r[2]), ingestedAt: r[5], record: recs[i] }));
      if (level < 3) continue;
      const m = mergeProfile({ lookedUp: byRow.get(first), graph, fragments, events: [], policy, provenance: false });
      n += m.fragments.length;
      if (level < 4) continue;
      JSON.stringify(m.entity);
    }
  }
  return Math.round(process.cpuUsage(c0).user / 1000);
}
for (let rep = 0; rep < 6; rep++) console.log([0, 1, 2, 3, 4].map((l) => `L${l}=${pass(l)}`).join(' '));

import Database from 'better-sqlite3';
const db = new Database('/tmp/exp/prof20k/orgs/PROF0000000000000000000@AdobeOrg/sandboxes/p.sqlite', { readonly: true });
db.pragma('cache_size = -65536');
const keys = db.prepare('SELECT graph_id, COUNT(*), MIN(id) FROM identities WHERE graph_id > ? GROUP BY graph_id ORDER BY graph_id LIMIT ?').raw();
const frag = 'f.id, f.identity_id, f.dataset_id, f.batch_id, f.ingested_ms, f.record, o.value, o.namespace_id';
const variants: Record<string, any> = {
  keysOnly: null,
  join: db.prepare(`SELECT g.graph_id, ${frag} FROM identities g JOIN fragments f ON f.identity_id = g.id JOIN identities o ON o.id = f.identity_id WHERE g.graph_id > ? AND g.graph_id <= ?`).raw(),
  cross: db.prepare(`SELECT g.graph_id, ${frag} FROM identities g CROSS JOIN fragments f ON f.identity_id = g.id CROSS JOIN identities o ON o.id = f.identity_id WHERE g.graph_id > ? AND g.graph_id <= ?`).raw(),
  crossNoRecord: db.prepare(`SELECT g.graph_id, f.id, o.value FROM identities g CROSS JOIN fragments f ON f.identity_id = g.id CROSS JOIN identities o ON o.id = f.identity_id WHERE g.graph_id > ? AND g.graph_id <= ?`).raw(),
  old: db.prepare('SELECT i.graph_id AS key, f.id AS fragmentId, f.identity_id AS identityId, f.dataset_id AS datasetId, f.batch_id AS batchId, f.ingested_ms AS ingestedAt, f.record FROM identities i JOIN fragments f ON f.identity_id = i.id WHERE i.graph_id > ? AND i.graph_id <= ?'),
};
for (const chunk of [64, 256]) {
  const tm: Record<string, number> = {};
  for (let rep = 0; rep < 2; rep++)
  for (const name of Object.keys(variants)) {
    let after = 0; let rows = 0;
    const c0 = process.cpuUsage();
    for (;;) { const k = keys.all(after, chunk) as any[]; if (!k.length) break; const hi = k[k.length - 1][0]; if (variants[name]) rows += variants[name].all(after, hi).length; after = hi; }
    tm[name] = Math.round(process.cpuUsage(c0).user / 1000);
  }
  console.log(chunk, tm);
}

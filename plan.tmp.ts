import Database from 'better-sqlite3';
const db = new Database('/tmp/exp/prof20k/orgs/PROF0000000000000000000@AdobeOrg/sandboxes/p.sqlite', { readonly: true });
const q = [
 'SELECT graph_id, COUNT(*), MIN(id) FROM identities WHERE graph_id > 5 GROUP BY graph_id ORDER BY graph_id LIMIT 64',
 'SELECT g.graph_id, f.id, f.record, o.value, o.namespace_id FROM identities g CROSS JOIN fragments f ON f.identity_id = g.id CROSS JOIN identities o ON o.id = f.identity_id WHERE g.graph_id > 5 AND g.graph_id <= 500',
 'SELECT f.identity_id, f.id, o.value FROM fragments f JOIN identities o ON o.id = f.identity_id WHERE f.identity_id > 5 AND f.identity_id <= 500',
];
for (const s of q) { console.log(s); console.log(db.prepare('EXPLAIN QUERY PLAN ' + s).all().map((r: any) => '  ' + r.detail).join('\n')); }

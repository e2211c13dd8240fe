import { createTenantStore } from './server/store/tenant-store.ts';
import { resolveMergePolicy } from './server/resources/merge-policies/repository.ts';
import { scanProfiles } from './server/resources/entities/profile-reader.ts';
const store = createTenantStore('/tmp/exp/prof20k');
const ctx = store.org('PROF0000000000000000000@AdobeOrg').context('p', false)!;
const policy = resolveMergePolicy(ctx.db, undefined)!;
const db = ctx.db;
const qs = {
 keys: db.prepare('SELECT DISTINCT graph_id FROM identities WHERE graph_id > ? ORDER BY graph_id LIMIT ?').pluck(),
 ids: db.prepare('SELECT i.graph_id AS key, i.id AS rowId, i.value AS id, n.code AS namespace, i.graph_id AS graphId FROM identities i JOIN namespaces n ON n.id = i.namespace_id WHERE i.graph_id > ? AND i.graph_id <= ? ORDER BY i.graph_id, i.id'),
 fr: db.prepare('SELECT i.graph_id AS key, f.id AS fragmentId, f.identity_id AS identityId, f.dataset_id AS datasetId, f.batch_id AS batchId, f.ingested_ms AS ingestedAt, f.record FROM identities i JOIN fragments f ON f.identity_id = i.id WHERE i.graph_id > ? AND i.graph_id <= ?'),
};
const tm: Record<string, number> = { keys: 0, ids: 0, fr: 0 };
let after = 0;
for (;;) {
  let t = performance.now(); const k = qs.keys.all(after, 64) as number[]; tm.keys += performance.now() - t;
  if (!k.length) break; const hi = k[k.length - 1];
  t = performance.now(); qs.ids.all(after, hi); tm.ids += performance.now() - t;
  t = performance.now(); qs.fr.all(after, hi); tm.fr += performance.now() - t;
  after = hi;
}
console.log(tm);
let t = performance.now(); let n = 0; after = 0;
for (;;) { const c = scanProfiles(db, policy.rules, after, 64, {}); n += c.profiles.length; if (c.last === null) break; after = c.last; }
console.log('scan', n, performance.now() - t);
store.close();

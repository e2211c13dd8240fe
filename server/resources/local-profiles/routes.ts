// `GET /_local/profiles/sample`: the console's Browse panel (see contracts/local-profiles.ts for why
// it exists). Picks fragments at seeded random positions of the fragment table (an indexed seek
// each, so it stays fast on a million profiles), merges each one's profile through the profile
// reader under the policy, and keeps one entry per profile.
import type { FastifyInstance } from 'fastify';
import type { Database } from 'better-sqlite3';
import { listSampleProfiles, type SampleProfile } from '../../../contracts/index.ts';
import { route } from '../../http/route.ts';
import { problem } from '../../http/api-error.ts';
import { TooManyIdentitiesError } from '../../engine/merge.ts';
import { createRng } from '../../demo/prng.ts';
import { resolveMergePolicy } from '../merge-policies/repository.ts';
import { identityByRowId, readProfile } from '../entities/profile-reader.ts';
import { rfc3339 } from '../entities/entity-reads.ts';

const MAX_IDENTITIES_SHOWN = 10;

function displayName(entity: Record<string, unknown>): string | undefined {
  const name = (entity.person as { name?: { firstName?: unknown; lastName?: unknown } } | undefined)?.name;
  const parts = [name?.firstName, name?.lastName].filter((p): p is string => typeof p === 'string' && p.length > 0);
  return parts.length ? parts.join(' ') : undefined;
}

export function sampleProfiles(db: Database, policyId: string | undefined, limit: number, seed: number) {
  const policy = resolveMergePolicy(db, policyId);
  if (!policy) return undefined;
  const { maxId } = db.prepare('SELECT COALESCE(MAX(id), 0) AS maxId FROM fragments').get() as { maxId: number };
  const seek = db.prepare('SELECT identity_id AS identityId FROM fragments WHERE id >= ? ORDER BY id LIMIT 1').pluck();
  const rng = createRng(seed);
  const seen = new Set<string>();
  const children: SampleProfile[] = [];
  // A few more tries than wanted: picks can land on the same profile or on excluded data.
  for (let attempt = 0; attempt < limit * 4 && children.length < limit && maxId > 0; attempt++) {
    const identityId = seek.get(1 + Math.floor(rng.next() * maxId)) as number | undefined;
    const identity = identityId === undefined ? undefined : identityByRowId(db, identityId);
    if (!identity) continue;
    const key = policy.rules.identityGraph.type === 'pdg' ? `g${identity.graphId}` : `i${identity.rowId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    let merged;
    try {
      merged = readProfile(db, identity, policy.rules);
    } catch (e) {
      if (e instanceof TooManyIdentitiesError) continue;
      throw e;
    }
    if (!merged) continue;
    const others = merged.identities.filter((i) => i.xid !== identity.xid);
    children.push({
      entityId: identity.xid,
      identity: { namespace: identity.namespace, id: identity.id },
      identities: [identity, ...others].slice(0, MAX_IDENTITIES_SHOWN).map((i) => ({ namespace: i.namespace, id: i.id })),
      identityCount: merged.identities.length,
      ...(displayName(merged.entity) ? { displayName: displayName(merged.entity) } : {}),
      sources: merged.sources,
      lastModifiedAt: rfc3339(merged.lastModifiedAt),
    });
  }
  return { children, _page: { count: children.length, seed }, mergePolicy: { id: policy.id ?? 'none' } };
}

export function registerLocalProfileRoutes(app: FastifyInstance): void {
  route(app, listSampleProfiles, ({ tenant, query, requestId }) => {
    const result = sampleProfiles(tenant.db, query.mergePolicyId, query.limit, query.seed);
    if (!result) throw problem(422, `mergePolicyId: merge policy "${query.mergePolicyId}" does not exist in this sandbox`, { requestId });
    return result;
  });
}

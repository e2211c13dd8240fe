// Computed attribute values in profile lookups (`withCA=true`): every evaluated attribute (not
// DRAFT or DISABLED) adds its value for the profile at `<tenant>.ComputedAttributes.<name>`
// (api-contract §8: path `{TENANT_ID}/ComputedAttributes`). The profile is keyed as the evaluation
// keyed it — the looked-up identity's graph (default policy pdg) or the identity itself (none) —
// whatever merge policy the lookup uses, since attributes are computed under the default policy.
// A count with no matching event is 0; other functions without a value are absent.
import type { Database, Statement } from 'better-sqlite3';
import { CA_CONTAINER, LOCAL_TENANT_ID } from '../../../contracts/index.ts';
import { resolveMergePolicy } from '../merge-policies/repository.ts';
import type { StoredIdentity } from '../entities/profile-reader.ts';

const cache = new WeakMap<Database, Statement>();

function statement(db: Database): Statement {
  let s = cache.get(db);
  if (!s) {
    s = db.prepare(
      `SELECT a.name, a.merge_function AS fn, v.value FROM computed_attributes a
       LEFT JOIN computed_attribute_values v ON v.attribute_id = a.id AND v.profile_key = (CASE a.eval_key WHEN 'pdg' THEN @graph ELSE @identity END)
       WHERE a.last_eval_ms IS NOT NULL AND a.status NOT IN ('DRAFT', 'DISABLED') AND a.eval_key = @mode ORDER BY a.name`,
    );
    cache.set(db, s);
  }
  return s;
}

/** The profile's computed attribute values by name (empty when none is evaluated). */
export function computedAttributeValues(db: Database, identity: Pick<StoredIdentity, 'graphId' | 'rowId'>): Record<string, string | number | boolean> {
  const mode = resolveMergePolicy(db, undefined)?.rules.identityGraph.type === 'pdg' ? 'pdg' : 'none';
  const rows = statement(db).all({ graph: identity.graphId, identity: identity.rowId, mode }) as { name: string; fn: string; value: string | null }[];
  const values: Record<string, string | number | boolean> = {};
  for (const r of rows) {
    if (r.value !== null) values[r.name] = JSON.parse(r.value) as string | number | boolean;
    else if (r.fn === 'COUNT') values[r.name] = 0;
  }
  return values;
}

/** A copy of `entity` with the profile's computed attributes under `<tenant>.ComputedAttributes`. */
export function withComputedAttributes(db: Database, identity: Pick<StoredIdentity, 'graphId' | 'rowId'>, entity: Record<string, unknown>): Record<string, unknown> {
  const values = computedAttributeValues(db, identity);
  if (Object.keys(values).length === 0) return entity;
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const tenant = isObject(entity[LOCAL_TENANT_ID]) ? entity[LOCAL_TENANT_ID] : {};
  const container = isObject(tenant[CA_CONTAINER]) ? tenant[CA_CONTAINER] : {};
  return { ...entity, [LOCAL_TENANT_ID]: { ...tenant, [CA_CONTAINER]: { ...container, ...values } } };
}

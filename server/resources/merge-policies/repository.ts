// Merge policies of one sandbox. Every change runs in one IMMEDIATE transaction that reads the
// current policies, checks the rules (rules.ts) and writes, so concurrent writers cannot both pass a
// check (e.g. both create a sixth policy or both become the default).
import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import { PROFILE_CLASS, type DatasetClass, type MergePolicy } from '../../../contracts/index.ts';
import type { MergePolicyRules } from '../../engine/merge.ts';
import { engineRules, type DatasetClassOf } from '../../engine/policy-rules.ts';
import type { SandboxRecord } from '../../store/tenant-store.ts';
import { ApiError, problem } from '../../http/api-error.ts';
import { createDatasetRepository } from '../datasets/repository.ts';
import { checkDelete, checkDraft, type PolicyDraft, type StoredPolicy } from './rules.ts';

interface PolicyRow {
  id: string;
  name: string;
  schema_name: string;
  identity_graph: 'none' | 'pdg';
  attribute_merge: 'timestampOrdered' | 'dataSetPrecedence';
  attribute_order: string | null;
  is_active_on_edge: number;
  is_default: number;
  version: number;
  created_ms: number;
  updated_ms: number;
}

const toStored = (r: PolicyRow): StoredPolicy => ({
  id: r.id,
  name: r.name,
  schemaName: r.schema_name,
  identityGraph: r.identity_graph,
  attributeMerge: r.attribute_merge,
  order: r.attribute_order === null ? null : (JSON.parse(r.attribute_order) as string[]),
  isActiveOnEdge: r.is_active_on_edge === 1,
  isDefault: r.is_default === 1,
  version: r.version,
  createdMs: r.created_ms,
  updatedMs: r.updated_ms,
});

const classStatements = new WeakMap<Database, Statement>();

/** The class of a dataset of this store (undefined when unknown). */
function datasetClassOf(db: Database): DatasetClassOf {
  let stmt = classStatements.get(db);
  if (!stmt) classStatements.set(db, (stmt = db.prepare('SELECT class FROM datasets WHERE id = ?').pluck()));
  const s = stmt;
  return (id) => s.get(id) as DatasetClass | undefined;
}

/**
 * The engine's view of a policy (engine/policy-rules.ts: record precedence, and the event datasets
 * an order selects). A dataset's class never changes and datasets are not deleted, so rules
 * derived once stay valid until the policy changes (the lookup cache below relies on it).
 */
export const rulesOf = (p: Pick<StoredPolicy, 'identityGraph' | 'attributeMerge' | 'order'>, db: Database): MergePolicyRules =>
  engineRules(p, datasetClassOf(db));

export interface MergePolicyContext {
  orgId: string;
  sandbox: SandboxRecord;
}

export interface MergePolicyFilter {
  schemaName?: string;
  isDefault?: boolean;
  isActiveOnEdge?: boolean;
  identityGraph?: string;
  attributeMerge?: string;
  version?: number;
}

export type MergePolicySortField = 'name' | 'id' | 'version' | 'updateEpoch';

export function createMergePolicyRepository(db: Database, context: MergePolicyContext) {
  /** Runs a write transaction and drops the lookup cache of this database afterwards. */
  const writeTx = <T>(fn: () => T): T => {
    try {
      return db.transaction(fn).immediate();
    } finally {
      resolvedCache.delete(db);
    }
  };
  const datasets = createDatasetRepository(db, { orgId: context.orgId, sandboxId: context.sandbox.id });
  const datasetLookup = (id: string) => datasets.info(id);

  const all = (): StoredPolicy[] => (db.prepare('SELECT * FROM merge_policies ORDER BY created_ms, id').all() as PolicyRow[]).map(toStored);
  const stored = (id: string): StoredPolicy | undefined => {
    const row = db.prepare('SELECT * FROM merge_policies WHERE id = ?').get(id) as PolicyRow | undefined;
    return row && toStored(row);
  };

  const toApi = (p: StoredPolicy): MergePolicy => ({
    id: p.id,
    name: p.name,
    imsOrgId: context.orgId,
    sandbox: {
      sandboxId: context.sandbox.id,
      sandboxName: context.sandbox.name,
      type: context.sandbox.type,
      default: context.sandbox.isDefault,
    },
    schema: { name: p.schemaName },
    version: p.version,
    identityGraph: { type: p.identityGraph },
    attributeMerge: p.attributeMerge === 'dataSetPrecedence' ? { type: p.attributeMerge, order: p.order ?? [] } : { type: p.attributeMerge },
    isActiveOnEdge: p.isActiveOnEdge,
    default: p.isDefault,
    updateEpoch: Math.floor(p.updatedMs / 1000),
  });

  function demote(ids: string[], now: number): void {
    const stmt = db.prepare('UPDATE merge_policies SET is_default = 0, version = version + 1, updated_ms = ? WHERE id = ?');
    for (const id of ids) stmt.run(now, id);
  }

  const write = (draft: PolicyDraft) => [
    draft.name,
    draft.schemaName,
    draft.identityGraph,
    draft.attributeMerge,
    draft.order === null ? null : JSON.stringify(draft.order),
    +draft.isActiveOnEdge,
    +draft.isDefault,
  ];

  return {
    toApi,
    all,
    stored,

    get(id: string): MergePolicy | undefined {
      const p = stored(id);
      return p && toApi(p);
    },

    list(filter: MergePolicyFilter, sort: { field: MergePolicySortField; descending: boolean }): MergePolicy[] {
      // At most 5 policies per sandbox: filtering and sorting in memory is simplest and exact.
      const matches = all().filter(
        (p) =>
          (filter.schemaName === undefined || p.schemaName === filter.schemaName) &&
          (filter.isDefault === undefined || p.isDefault === filter.isDefault) &&
          (filter.isActiveOnEdge === undefined || p.isActiveOnEdge === filter.isActiveOnEdge) &&
          (filter.identityGraph === undefined || p.identityGraph === filter.identityGraph) &&
          (filter.attributeMerge === undefined || p.attributeMerge === filter.attributeMerge) &&
          (filter.version === undefined || p.version === filter.version),
      );
      const key = (p: StoredPolicy): string | number =>
        sort.field === 'name' ? p.name.toLowerCase() : sort.field === 'id' ? p.id : sort.field === 'version' ? p.version : p.updatedMs;
      matches.sort((a, b) => {
        const ka = key(a);
        const kb = key(b);
        const c = ka < kb ? -1 : ka > kb ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
        return sort.descending ? -c : c;
      });
      return matches.map(toApi);
    },

    create(draft: PolicyDraft, requestId?: string): MergePolicy {
      return writeTx((): MergePolicy => {
          const { demote: ids } = checkDraft(draft, all(), datasetLookup, undefined, requestId);
          const now = Date.now();
          demote(ids, now);
          const id = randomUUID();
          db.prepare(
            `INSERT INTO merge_policies (name, schema_name, identity_graph, attribute_merge, attribute_order, is_active_on_edge, is_default, id, version, created_ms, updated_ms)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
          ).run(...write(draft), id, now, now);
          return toApi(stored(id)!);
        });
    },

    /** Replaces a policy with the draft `build` makes of its current state; undefined when unknown. */
    update(id: string, build: (current: StoredPolicy) => PolicyDraft, requestId?: string): MergePolicy | undefined {
      return writeTx((): MergePolicy | undefined => {
          const current = stored(id);
          if (!current) return undefined;
          const draft = build(current);
          const { demote: ids } = checkDraft(draft, all(), datasetLookup, id, requestId);
          const now = Date.now();
          demote(ids, now);
          db.prepare(
            `UPDATE merge_policies SET name = ?, schema_name = ?, identity_graph = ?, attribute_merge = ?, attribute_order = ?,
               is_active_on_edge = ?, is_default = ?, version = version + 1, updated_ms = ? WHERE id = ?`,
          ).run(...write(draft), Math.max(now, current.updatedMs), id);
          return toApi(stored(id)!);
        });
    },

    /** false when unknown; throws when the rules forbid it. */
    remove(id: string, requestId?: string): boolean {
      return writeTx((): boolean => {
          const current = stored(id);
          if (!current) return false;
          checkDelete(current, requestId);
          db.prepare('DELETE FROM merge_policies WHERE id = ?').run(id);
          return true;
        });
    },
  };
}
export type MergePolicyRepository = ReturnType<typeof createMergePolicyRepository>;

// ---------------------------------------------------------------------------------------------
// Lookups: the policy a profile read uses. Hot path: resolved policies are cached per database and
// the cache is dropped by every write above (all policy writes go through this repository, in this
// process: the store is opened by one service process).

const resolvedCache = new WeakMap<Database, Map<string, ResolvedMergePolicy | null>>();
const DEFAULT_KEY = '\u0000default:';

const lookupStatements = new WeakMap<Database, { byId: Statement; byDefault: Statement }>();

function statementsFor(db: Database) {
  let s = lookupStatements.get(db);
  if (!s) {
    s = {
      byId: db.prepare('SELECT id, identity_graph, attribute_merge, attribute_order FROM merge_policies WHERE id = ?'),
      byDefault: db.prepare('SELECT id, identity_graph, attribute_merge, attribute_order FROM merge_policies WHERE schema_name = ? AND is_default = 1'),
    };
    lookupStatements.set(db, s);
  }
  return s;
}

export interface ResolvedMergePolicy {
  /** null when the schema class has no default policy (then: no stitching, timestamp order). */
  id: string | null;
  rules: MergePolicyRules;
}

/**
 * The policy to apply: `mergePolicyId` when given (undefined if it does not exist), else the default
 * of the schema class. Without a default, AEP's older rule applies (api-contract §10: no merge and
 * no stitching) — unreachable in practice, since every sandbox keeps a default.
 */
export function resolveMergePolicy(db: Database, mergePolicyId: string | undefined, schemaName = PROFILE_CLASS): ResolvedMergePolicy | undefined {
  let cache = resolvedCache.get(db);
  if (!cache) resolvedCache.set(db, (cache = new Map()));
  const key = mergePolicyId ?? DEFAULT_KEY + schemaName;
  const hit = cache.get(key);
  if (hit !== undefined) return hit ?? undefined;
  const resolved = loadMergePolicy(db, mergePolicyId, schemaName);
  if (cache.size > 1000) cache.clear(); // unknown ids are cached too; keep the map bounded
  cache.set(key, resolved ?? null);
  return resolved;
}

function loadMergePolicy(db: Database, mergePolicyId: string | undefined, schemaName: string): ResolvedMergePolicy | undefined {
  const s = statementsFor(db);
  const row = (mergePolicyId === undefined ? s.byDefault.get(schemaName) : s.byId.get(mergePolicyId)) as
    | Pick<PolicyRow, 'id' | 'identity_graph' | 'attribute_merge' | 'attribute_order'>
    | undefined;
  if (!row) {
    if (mergePolicyId !== undefined) return undefined;
    return { id: null, rules: { identityGraph: { type: 'none' }, attributeMerge: { type: 'timestampOrdered' } } };
  }
  return {
    id: row.id,
    rules: rulesOf(
      {
        identityGraph: row.identity_graph,
        attributeMerge: row.attribute_merge,
        order: row.attribute_order === null ? null : (JSON.parse(row.attribute_order) as string[]),
      },
      db,
    ),
  };
}

/**
 * The demo organisation's second policy: "Loyalty first", dataSetPrecedence with Loyalty Members
 * ahead of CRM Customers. Skipped when the sandbox already has one of that name or is at the limit.
 */
export function createDemoMergePolicies(db: Database, context: MergePolicyContext, datasets: { id: string; name: string }[]): void {
  const loyalty = datasets.find((d) => d.name === 'Loyalty Members');
  const crm = datasets.find((d) => d.name === 'CRM Customers');
  if (!loyalty || !crm) return;
  const repo = createMergePolicyRepository(db, context);
  if (repo.all().some((p) => p.name.toLowerCase() === 'loyalty first')) return;
  try {
    repo.create({
      name: 'Loyalty first',
      schemaName: PROFILE_CLASS,
      identityGraph: 'pdg',
      attributeMerge: 'dataSetPrecedence',
      order: [loyalty.id, crm.id],
      isActiveOnEdge: false,
      isDefault: false,
    });
  } catch (e) {
    // A sandbox already at the policy limit keeps its own policies; the demo data is still usable.
    if (!(e instanceof ApiError && e.status === 422)) throw e;
  }
}

export const mergePolicyNotFound = (id: string, requestId?: string) =>
  problem(404, `Merge policy ${id} not found`, { code: 'UPS-MRG', requestId });

// What-if preview and impact summary of a merge policy (issue 5). Every profile is read and merged by
// the profile reader (`readProfile`: the same code and the same engine call as a lookup), once under
// the policy and once under the baseline; this module only picks identities and compares results.
//
// Sampling: identities, not profiles — "the profile you get when you look this identity up" is the
// one unit both policies share (stitching changes what a profile is). A sample of up to 10,000
// identity rows is spread evenly over the row-id range with seeded jitter (reproducible; no scan of
// the whole table). Profile totals are estimated from it: under `none` each identity with data is one
// profile; under `pdg` an identity in a graph of g identities counts 1/g (each graph then sums to one
// when every identity is looked up, and to its expected share in a sample). Exact when the sample
// holds every identity.
import type { Database, Statement } from 'better-sqlite3';
import {
  PROFILE_CLASS,
  type MergePolicyImpact,
  type MergePolicyPreview,
  type PolicyRef,
  type PreviewProfile,
  type PreviewSide,
  type ResolvedPolicy,
} from '../../../contracts/index.ts';
import { TooManyIdentitiesError, type MergedProfile, type MergePolicyRules } from '../../engine/merge.ts';
import { Rng } from '../../demo/prng.ts';
import { ApiError, problem } from '../../http/api-error.ts';
import type { SandboxContext } from '../../store/tenant-store.ts';
import { createDatasetRepository } from '../datasets/repository.ts';
import {
  identityByRowId,
  readProfileUnder,
  resolveIdentity,
  type StoredIdentity,
} from '../entities/profile-reader.ts';
import { createMergePolicyRepository, mergePolicyNotFound, rulesOf } from '../merge-policies/repository.ts';
import { checkDraft } from '../merge-policies/rules.ts';
import { changedPaths } from './diff.ts';

const CODE = 'PCON-MPP';
const SAMPLE_SEED = 0x5eed;
/** Identities examined to pick a preview sample (those whose attributes change come first). */
const PREVIEW_CANDIDATES = 2000;
const TOP_ATTRIBUTES = 10;
const EXAMPLES = 20;

export interface ResolvedRef {
  resolved: ResolvedPolicy;
  rules: MergePolicyRules;
}

const toResolved = (
  mergePolicyId: string | null,
  name: string | null,
  rules: MergePolicyRules,
): ResolvedRef => ({
  rules,
  resolved: {
    mergePolicyId,
    name,
    identityGraph: { type: rules.identityGraph.type },
    attributeMerge:
      rules.attributeMerge.type === 'dataSetPrecedence'
        ? {
            type: 'dataSetPrecedence',
            order: [...rules.attributeMerge.order, ...(rules.eventDatasets ?? [])],
          }
        : { type: 'timestampOrdered' },
  },
});

/**
 * The policy a reference names: a saved policy (404 when unknown), the default policy (no reference),
 * or a draft checked against the sandbox's datasets exactly as a create would check it (400).
 */
export function resolvePolicyRef(
  tenant: SandboxContext,
  ref: PolicyRef | undefined,
  field: 'policy' | 'baseline',
  requestId?: string,
): ResolvedRef {
  const repo = createMergePolicyRepository(tenant.db, { orgId: tenant.orgId, sandbox: tenant.sandbox });
  if (ref === undefined) {
    const fallback = repo.all().find((p) => p.isDefault && p.schemaName === PROFILE_CLASS);
    return fallback
      ? toResolved(fallback.id, fallback.name, rulesOf(fallback, tenant.db))
      : toResolved(null, null, {
          identityGraph: { type: 'none' },
          attributeMerge: { type: 'timestampOrdered' },
        });
  }
  if (ref.mergePolicyId !== undefined) {
    const saved = repo.stored(ref.mergePolicyId);
    if (!saved) throw mergePolicyNotFound(ref.mergePolicyId, requestId);
    return toResolved(saved.id, saved.name, rulesOf(saved, tenant.db));
  }
  const type = ref.attributeMerge!.type;
  const draft = {
    name: 'draft',
    schemaName: PROFILE_CLASS,
    identityGraph: ref.identityGraph!.type,
    attributeMerge: type,
    order: type === 'dataSetPrecedence' ? [...(ref.attributeMerge!.order ?? [])] : null,
    isActiveOnEdge: false,
    isDefault: false,
  };
  // The create rules, against no other policy: only the dataset checks can fail.
  const datasets = createDatasetRepository(tenant.db, { orgId: tenant.orgId, sandboxId: tenant.sandbox.id });
  try {
    checkDraft(draft, [], (id) => datasets.info(id), undefined, requestId);
  } catch (e) {
    if (e instanceof ApiError && e.status === 400) {
      const detail = (e.body as { detail?: string }).detail ?? 'invalid draft policy';
      throw problem(400, `Invalid ${field}: ${detail}`, { code: CODE, requestId });
    }
    throw e;
  }
  return toResolved(null, null, rulesOf(draft, tenant.db));
}

// ------------------------------------------------------------------------------------ reading

type Side =
  { kind: 'profile'; merged: MergedProfile } | { kind: 'none' } | { kind: 'tooMany'; identityCount: number };

const toKind = (r: MergedProfile | undefined | TooManyIdentitiesError): Side =>
  r instanceof TooManyIdentitiesError
    ? { kind: 'tooMany', identityCount: r.identityCount }
    : r
      ? { kind: 'profile', merged: r }
      : { kind: 'none' };

interface Comparison {
  a: Side;
  b: Side;
  paths: string[];
  changed: boolean;
  identitiesChanged: boolean;
}

function compare(
  db: Database,
  identity: StoredIdentity,
  a: MergePolicyRules,
  b: MergePolicyRules,
  provenance: boolean,
): Comparison {
  // One read of the identity's data, merged under both policies (the reader's engine call).
  const [ra, rb] = readProfileUnder(db, identity, [a, b], { provenance });
  const sa = toKind(ra);
  const sb = toKind(rb);
  if (sa.kind === 'profile' && sb.kind === 'profile') {
    const paths = changedPaths(sa.merged.entity, sb.merged.entity);
    return {
      a: sa,
      b: sb,
      paths,
      changed: paths.length > 0,
      identitiesChanged: sa.merged.identities.length !== sb.merged.identities.length,
    };
  }
  const changed = sa.kind === 'profile' || sb.kind === 'profile';
  return { a: sa, b: sb, paths: [], changed, identitiesChanged: false };
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

// ----------------------------------------------------------------------------------- sampling

interface IdentitySample {
  identities: StoredIdentity[];
  total: number;
  complete: boolean;
}

const sampleStatements = new WeakMap<Database, { range: Statement; firstFrom: Statement; all: Statement }>();

function statementsFor(db: Database) {
  let s = sampleStatements.get(db);
  if (!s) {
    s = {
      range: db.prepare('SELECT COUNT(*) AS n, MIN(id) AS lo, MAX(id) AS hi FROM identities'),
      firstFrom: db
        .prepare('SELECT id FROM identities WHERE id >= ? AND id <= ? ORDER BY id LIMIT 1')
        .pluck(),
      all: db.prepare('SELECT id FROM identities ORDER BY id').pluck(),
    };
    sampleStatements.set(db, s);
  }
  return s;
}

/** Up to `size` identities spread over the store (every identity when there are no more than `size`). */
export function sampleIdentities(db: Database, size: number, seed = SAMPLE_SEED): IdentitySample {
  const s = statementsFor(db);
  const { n, lo, hi } = s.range.get() as { n: number; lo: number | null; hi: number | null };
  if (n === 0 || lo === null || hi === null) return { identities: [], total: 0, complete: true };
  const identities: StoredIdentity[] = [];
  if (n <= size) {
    for (const rowId of s.all.all() as number[]) {
      const identity = identityByRowId(db, rowId);
      if (identity) identities.push(identity);
    }
    return { identities, total: n, complete: true };
  }
  const rng = new Rng(seed);
  const step = (hi - lo + 1) / size;
  for (let k = 0; k < size; k++) {
    const start = lo + Math.floor(k * step);
    const end = Math.max(start, lo + Math.floor((k + 1) * step) - 1);
    const pick = start + Math.floor(rng.next() * (end - start + 1));
    let identity = identityByRowId(db, pick);
    if (!identity) {
      const next = s.firstFrom.get(start, end) as number | undefined;
      identity = next === undefined ? undefined : identityByRowId(db, next);
    }
    if (identity) identities.push(identity);
  }
  return { identities, total: n, complete: false };
}

// ------------------------------------------------------------------------------------ preview

function toSide(side: Side): PreviewSide {
  if (side.kind === 'none') return { state: 'noProfile' };
  if (side.kind === 'tooMany') return { state: 'tooManyIdentities', identityCount: side.identityCount };
  const m = side.merged;
  return {
    state: 'profile',
    entity: m.entity,
    identities: m.identities.map((g) => ({ xid: g.xid, namespace: g.namespace, id: g.id })),
    sources: m.sources,
    provenance: m.provenance,
  };
}

function datasetNames(tenant: SandboxContext): Record<string, string> {
  const repo = createDatasetRepository(tenant.db, { orgId: tenant.orgId, sandboxId: tenant.sandbox.id });
  return Object.fromEntries(repo.allInfo().map((d) => [d.id, d.name]));
}

/** The identities of a preview sample: profiles whose attributes change first, one per profile. */
function pickSample(db: Database, size: number, a: MergePolicyRules, b: MergePolicyRules): StoredIdentity[] {
  const pdg = a.identityGraph.type === 'pdg' || b.identityGraph.type === 'pdg';
  const seen = new Set<number>();
  const changed: StoredIdentity[] = [];
  const unchanged: StoredIdentity[] = [];
  for (const identity of sampleIdentities(db, PREVIEW_CANDIDATES).identities) {
    const key = pdg ? identity.graphId : identity.rowId;
    if (seen.has(key)) continue;
    const c = compare(db, identity, a, b, false);
    if (c.a.kind !== 'profile' && c.b.kind !== 'profile') continue;
    seen.add(key);
    if (c.changed || c.identitiesChanged) {
      changed.push(identity);
      if (changed.length >= size) break;
    } else if (unchanged.length < size) unchanged.push(identity);
  }
  return [...changed, ...unchanged].slice(0, size);
}

export interface PreviewInput {
  policy: PolicyRef;
  baseline?: PolicyRef;
  identities?: { namespace: string; id: string }[];
  sample?: number;
}

export function previewProfiles(
  tenant: SandboxContext,
  input: PreviewInput,
  requestId?: string,
): MergePolicyPreview {
  const db = tenant.db;
  const policy = resolvePolicyRef(tenant, input.policy, 'policy', requestId);
  const baseline = resolvePolicyRef(tenant, input.baseline, 'baseline', requestId);
  const profiles: PreviewProfile[] = [];
  const entry = (identity: StoredIdentity): PreviewProfile => {
    const c = compare(db, identity, policy.rules, baseline.rules, true);
    return {
      identity: { namespace: identity.namespace, id: identity.id, xid: identity.xid },
      status: 'found',
      policy: toSide(c.a),
      baseline: toSide(c.b),
      changedPaths: c.paths,
      identitiesChanged: c.identitiesChanged,
    };
  };
  if (input.sample !== undefined) {
    for (const identity of pickSample(db, input.sample, policy.rules, baseline.rules))
      profiles.push(entry(identity));
  } else {
    for (const { namespace, id } of input.identities ?? []) {
      const found = resolveIdentity(db, id, namespace);
      if (found.ok) {
        profiles.push(entry(found.identity));
      } else {
        const status = found.reason === 'unknownNamespace' ? 'unknownNamespace' : 'notFound';
        profiles.push({
          identity: { namespace, id, ...(found.reason === 'notFound' ? { xid: found.xid } : {}) },
          status,
          changedPaths: [],
          identitiesChanged: false,
        });
      }
    }
  }
  return {
    policy: policy.resolved,
    baseline: baseline.resolved,
    profiles,
    datasets: datasetNames(tenant),
    computedAt: Date.now(),
  };
}

// ------------------------------------------------------------------------------------- impact

export interface ImpactInput {
  policy: PolicyRef;
  baseline?: PolicyRef;
  sampleSize: number;
}

interface Tally {
  /** pdg: graph ids with a profile; none: counted in `n`. */
  graphs: Set<number>;
  n: number;
  /** Σ 1/g (pdg) or Σ 1 (none) over sampled identities with a profile. */
  weight: number;
  tooMany: number;
}

const newTally = (): Tally => ({ graphs: new Set(), n: 0, weight: 0, tooMany: 0 });

function count(t: Tally, side: Side, identity: StoredIdentity, pdg: boolean): void {
  if (side.kind === 'tooMany') t.tooMany++;
  if (side.kind !== 'profile') return;
  if (pdg) {
    t.graphs.add(identity.graphId);
    t.weight += 1 / side.merged.identities.length;
  } else {
    t.n++;
    t.weight += 1;
  }
}

/**
 * The impact of `policy` against `baseline` over a sample of identities. Works in slices of
 * `sliceMs` and yields to the event loop between them, so a summary never holds up lookups.
 */
export async function impactSummary(
  tenant: SandboxContext,
  input: ImpactInput,
  requestId?: string,
  sliceMs = 25,
): Promise<MergePolicyImpact> {
  const started = performance.now();
  const db = tenant.db;
  const policy = resolvePolicyRef(tenant, input.policy, 'policy', requestId);
  const baseline = resolvePolicyRef(tenant, input.baseline, 'baseline', requestId);
  const pdgA = policy.rules.identityGraph.type === 'pdg';
  const pdgB = baseline.rules.identityGraph.type === 'pdg';
  const sample = sampleIdentities(db, input.sampleSize);

  const ta = newTally();
  const tb = newTally();
  const byPath = new Map<string, number>();
  const examples: { namespace: string; id: string }[] = [];
  const exampleKeys = new Set<number>();
  let compared = 0;
  let changed = 0;
  let onlyA = 0;
  let onlyB = 0;
  let identitiesChanged = 0;

  let sliceEnd = performance.now() + sliceMs;
  for (const identity of sample.identities) {
    if (performance.now() >= sliceEnd) {
      await yieldToLoop();
      sliceEnd = performance.now() + sliceMs;
    }
    const c = compare(db, identity, policy.rules, baseline.rules, false);
    count(ta, c.a, identity, pdgA);
    count(tb, c.b, identity, pdgB);
    const hasA = c.a.kind === 'profile';
    const hasB = c.b.kind === 'profile';
    if (!hasA && !hasB) continue;
    compared++;
    if (hasA && !hasB) onlyA++;
    if (hasB && !hasA) onlyB++;
    if (c.identitiesChanged) identitiesChanged++;
    if (!c.changed) continue;
    changed++;
    for (const path of c.paths) byPath.set(path, (byPath.get(path) ?? 0) + 1);
    const key = pdgA || pdgB ? identity.graphId : identity.rowId;
    if (examples.length < EXAMPLES && !exampleKeys.has(key)) {
      exampleKeys.add(key);
      examples.push({ namespace: identity.namespace, id: identity.id });
    }
  }

  const scale = sample.identities.length > 0 ? sample.total / sample.identities.length : 0;
  const counts = (t: Tally, pdg: boolean) => ({
    inSample: pdg ? t.graphs.size : t.n,
    estimatedTotal: Math.round(t.weight * scale),
    tooManyIdentities: t.tooMany,
  });
  const topAttributes = [...byPath.entries()]
    .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
    .slice(0, TOP_ATTRIBUTES)
    .map(([path, profiles]) => ({ path, profiles }));
  return {
    policy: policy.resolved,
    baseline: baseline.resolved,
    sample: {
      identities: sample.identities.length,
      totalIdentities: sample.total,
      complete: sample.complete,
    },
    counts: { policy: counts(ta, pdgA), baseline: counts(tb, pdgB) },
    compared,
    changed,
    changedShare: compared > 0 ? changed / compared : 0,
    onlyUnderPolicy: onlyA,
    onlyUnderBaseline: onlyB,
    identitiesChanged,
    topAttributes,
    examples,
    durationMs: Math.round((performance.now() - started) * 10) / 10,
    computedAt: Date.now(),
  };
}

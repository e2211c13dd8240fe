// Merge policy rules (api-contract §4.1, guardrails §3, issue 4). No I/O: the repository hands in the
// sandbox's current policies and a dataset lookup, inside the transaction that will write.
//
// Decisions where Adobe's sources disagree or are silent:
// * Limits are per sandbox (each sandbox is its own store): at most 5 policies, one active on edge.
// * A new default silently demotes the previous default of its schema class (AEP); the demoted
//   policy's version and updateEpoch change too. A default cannot be un-set or deleted directly —
//   make another policy the default — so lookups without `mergePolicyId` always have one.
// * A second active-on-edge policy is refused (not silently swapped): the active-on-edge policy
//   decides edge audiences, so changing it must be an explicit PATCH of the current one first.
// * `attributeMerge.order` (dataSetPrecedence) lists Profile-enabled datasets: Profile-class ones,
//   highest priority first (at least 1, at most 50), and — as in AEP — ExperienceEvent ones (at
//   most 50, position irrelevant) that select which event datasets the profile's events come from.
//   An order without event datasets keeps every Profile-enabled event dataset; timestampOrdered
//   always does. The engine reads it through engine/policy-rules.ts.
import type { z } from 'zod';
import {
  CreateMergePolicyBodySchema,
  MAX_MERGE_POLICIES,
  MAX_PRECEDENCE_DATASETS,
  MAX_PRECEDENCE_EVENT_DATASETS,
  type AttributeMergeType,
  type IdentityGraphType,
  type MergePolicyPatchOperation,
} from '../../../contracts/index.ts';
import { problem } from '../../http/api-error.ts';
import type { DatasetInfo } from '../datasets/repository.ts';

export interface PolicyDraft {
  name: string;
  schemaName: string;
  identityGraph: IdentityGraphType;
  attributeMerge: AttributeMergeType;
  /** dataSetPrecedence only; null otherwise. */
  order: string[] | null;
  isActiveOnEdge: boolean;
  isDefault: boolean;
}

export interface StoredPolicy extends PolicyDraft {
  id: string;
  version: number;
  createdMs: number;
  updatedMs: number;
}

export type DatasetLookup = (id: string) => DatasetInfo | undefined;

const CODE = 'UPS-MRG';
const bad = (status: number, detail: string, requestId?: string) => problem(status, detail, { code: CODE, requestId });

/** Zod issues as one message naming each field, like the error handler does for route schemas. */
export function describeIssues(error: z.ZodError, context = 'request body'): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const path = issue.path.map(String).join('.');
      return path ? `Invalid ${context} ${path}: ${issue.message}` : `Invalid ${context}: ${issue.message}`;
    })
    .join('; ');
}

/** The draft a parsed create/replace body describes. */
export function draftFromBody(
  body: z.output<typeof CreateMergePolicyBodySchema> | (Omit<z.output<typeof CreateMergePolicyBodySchema>, 'default' | 'isActiveOnEdge'> & { default?: boolean; isActiveOnEdge?: boolean }),
  current?: PolicyDraft,
): PolicyDraft {
  const type = body.attributeMerge.type;
  return {
    name: body.name,
    schemaName: body.schema.name,
    identityGraph: body.identityGraph.type,
    attributeMerge: type,
    order: type === 'dataSetPrecedence' ? [...(body.attributeMerge.order ?? [])] : null,
    isActiveOnEdge: body.isActiveOnEdge ?? current?.isActiveOnEdge ?? false,
    isDefault: body.default ?? current?.isDefault ?? false,
  };
}

function checkDatasets(draft: PolicyDraft, datasets: DatasetLookup, requestId?: string): void {
  if (draft.attributeMerge !== 'dataSetPrecedence') return;
  let records = 0;
  let events = 0;
  (draft.order ?? []).forEach((id, i) => {
    const ds = datasets(id);
    const where = `attributeMerge.order[${i}]`;
    if (!ds) throw bad(400, `${where}: dataset ${id} does not exist in this sandbox`, requestId);
    if (!ds.profileEnabled) {
      throw bad(400, `${where}: dataset ${id} ("${ds.name}") is not enabled for Profile (tags.unifiedProfile enabled:true)`, requestId);
    }
    if (ds.class === 'experienceevent') events++;
    else records++;
  });
  if (records === 0) {
    throw bad(400, 'attributeMerge.order must rank at least one Profile-class dataset for dataSetPrecedence (it lists only ExperienceEvent datasets)', requestId);
  }
  if (records > MAX_PRECEDENCE_DATASETS) {
    throw bad(400, `attributeMerge.order ranks ${records} Profile-class datasets; at most ${MAX_PRECEDENCE_DATASETS} can be ranked`, requestId);
  }
  if (events > MAX_PRECEDENCE_EVENT_DATASETS) {
    throw bad(400, `attributeMerge.order selects ${events} ExperienceEvent datasets; at most ${MAX_PRECEDENCE_EVENT_DATASETS} can be selected`, requestId);
  }
}

/**
 * Checks a draft against the sandbox's other policies. `selfId` is the policy being replaced
 * (undefined on create). Returns the ids of policies to demote from default.
 */
export function checkDraft(
  draft: PolicyDraft,
  policies: StoredPolicy[],
  datasets: DatasetLookup,
  selfId: string | undefined,
  requestId?: string,
): { demote: string[] } {
  const self = selfId === undefined ? undefined : policies.find((p) => p.id === selfId);
  const others = policies.filter((p) => p.id !== selfId);
  if (selfId === undefined && policies.length >= MAX_MERGE_POLICIES) {
    throw bad(
      422,
      `This sandbox already has ${policies.length} merge policies, the maximum is ${MAX_MERGE_POLICIES}: delete one before creating another`,
      requestId,
    );
  }
  const sameName = others.find((p) => p.name.toLowerCase() === draft.name.toLowerCase());
  if (sameName) throw bad(409, `A merge policy named "${sameName.name}" already exists in this sandbox (id ${sameName.id})`, requestId);
  checkDatasets(draft, datasets, requestId);
  if (draft.isActiveOnEdge) {
    const onEdge = others.find((p) => p.isActiveOnEdge);
    if (onEdge) {
      throw bad(
        422,
        `Merge policy "${onEdge.name}" (${onEdge.id}) is already active on edge and a sandbox has only one: set its isActiveOnEdge to false first`,
        requestId,
      );
    }
  }
  if (self?.isDefault && !draft.isDefault) {
    throw bad(
      422,
      `Merge policy "${self.name}" is the default for ${self.schemaName}: make another policy the default instead of un-setting it`,
      requestId,
    );
  }
  if (self && self.schemaName !== draft.schemaName && self.isDefault) {
    throw bad(422, `Merge policy "${self.name}" is the default for ${self.schemaName}; its schema class cannot change`, requestId);
  }
  const demote = draft.isDefault ? others.filter((p) => p.isDefault && p.schemaName === draft.schemaName).map((p) => p.id) : [];
  return { demote };
}

export function checkDelete(policy: StoredPolicy, requestId?: string): void {
  if (policy.isActiveOnEdge) {
    throw bad(
      422,
      `Merge policy "${policy.name}" is active on edge and cannot be deleted: set isActiveOnEdge to false (PATCH) first`,
      requestId,
    );
  }
  if (policy.isDefault) {
    throw bad(
      422,
      `Merge policy "${policy.name}" is the default for ${policy.schemaName} and cannot be deleted: make another policy the default first`,
      requestId,
    );
  }
}

/** The spec's typo for /isActiveOnEdge. */
const PATH_ALIASES: Record<string, string> = { idActiveOnEdge: 'isActiveOnEdge' };

function normalisePath(path: string): string {
  const p = path.replace(/^\//, '').replace(/\//g, '.');
  return PATH_ALIASES[p] ?? p;
}

function orderValue(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (text.startsWith('[')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return value;
    }
  }
  return text === '' ? [] : text.split(',').map((s) => s.trim());
}

/**
 * Applies PATCH operations to a policy and returns the resulting draft. Values may be strings
 * ("true", "pdg", "[\"id1\",\"id2\"]" or "id1,id2") or native JSON; the result is validated like
 * a create body. `/version` is a precondition on the current version.
 */
export function applyPatch(current: StoredPolicy, ops: MergePolicyPatchOperation[], requestId?: string): PolicyDraft {
  const body: {
    name: unknown;
    schema: { name: unknown };
    identityGraph: { type: unknown };
    attributeMerge: { type: unknown; order?: unknown };
    isActiveOnEdge: unknown;
    default: unknown;
  } = {
    name: current.name,
    schema: { name: current.schemaName },
    identityGraph: { type: current.identityGraph },
    attributeMerge: { type: current.attributeMerge, ...(current.order ? { order: current.order } : {}) },
    isActiveOnEdge: current.isActiveOnEdge,
    default: current.isDefault,
  };
  ops.forEach((op, i) => {
    const path = normalisePath(op.path);
    const v = op.value;
    switch (path) {
      case 'name':
        body.name = v;
        break;
      case 'schema.name':
        body.schema = { name: v };
        break;
      case 'schema':
        body.schema = v as { name: unknown };
        break;
      case 'identityGraph.type':
        body.identityGraph = { type: v };
        break;
      case 'identityGraph':
        body.identityGraph = v as { type: unknown };
        break;
      case 'attributeMerge.type':
        body.attributeMerge = { ...body.attributeMerge, type: v };
        break;
      case 'attributeMerge.order':
        body.attributeMerge = { ...body.attributeMerge, order: orderValue(v) };
        break;
      case 'attributeMerge':
        body.attributeMerge = typeof v === 'object' && v !== null ? { ...(v as { type: unknown }), order: orderValue((v as { order?: unknown }).order) } : (v as never);
        break;
      case 'default':
        body.default = v;
        break;
      case 'isActiveOnEdge':
        body.isActiveOnEdge = v;
        break;
      case 'version': {
        const expected = typeof v === 'string' ? Number(v) : v;
        if (expected !== current.version) {
          throw bad(409, `Operation ${i}: version ${String(v)} does not match the current version ${current.version} (the policy changed meanwhile)`, requestId);
        }
        break;
      }
      default:
        throw bad(
          400,
          `Operation ${i}: unsupported path "${op.path.slice(0, 100)}"; use /name, /identityGraph.type, /attributeMerge.type, /attributeMerge.order, /schema.name, /version, /default or /isActiveOnEdge`,
          requestId,
        );
    }
  });
  if (body.attributeMerge.type === 'timestampOrdered') delete body.attributeMerge.order;
  const parsed = CreateMergePolicyBodySchema.safeParse(body);
  if (!parsed.success) throw bad(400, describeIssues(parsed.error, 'patched merge policy'), requestId);
  return draftFromBody(parsed.data);
}

// The editor's draft of a merge policy, its validation (the API's rules, checked before sending),
// and what is sent: a create body, or PATCH operations with the version read as a precondition.
import { PROFILE_CLASS } from '../../../contracts/common.ts';
import {
  CreateMergePolicyBodySchema,
  MAX_MERGE_POLICIES,
  MAX_PRECEDENCE_DATASETS,
  MAX_PRECEDENCE_EVENT_DATASETS,
  splitPrecedenceOrder,
  type AttributeMergeType,
  type CreateMergePolicyBody,
  type IdentityGraphType,
  type MergePolicy,
  type MergePolicyPatchOperation,
} from '../../../contracts/merge-policies.ts';
import type { PolicyRef } from '../../../contracts/merge-policy-preview.ts';
import type { PolicyDataset } from './api/requests.ts';

export interface PolicyDraft {
  name: string;
  schemaName: string;
  identityGraph: IdentityGraphType;
  attributeMerge: AttributeMergeType;
  /**
   * `attributeMerge.order` as sent: Profile datasets in precedence order (highest first), then the
   * experience event datasets whose events are included (none listed: every event dataset). Kept
   * while timestampOrdered is chosen.
   */
  order: string[];
  isDefault: boolean;
  isActiveOnEdge: boolean;
}

export const IDENTITY_GRAPH_LABELS: Record<IdentityGraphType, string> = {
  none: 'None',
  pdg: 'Private graph',
};
export const ATTRIBUTE_MERGE_LABELS: Record<AttributeMergeType, string> = {
  timestampOrdered: 'Timestamp ordered',
  dataSetPrecedence: 'Dataset precedence',
};
export const SCHEMA_CLASS_LABELS: Record<string, string> = { [PROFILE_CLASS]: 'XDM Individual Profile' };

export const emptyDraft = (): PolicyDraft => ({
  name: '',
  schemaName: PROFILE_CLASS,
  identityGraph: 'pdg',
  attributeMerge: 'timestampOrdered',
  order: [],
  isDefault: false,
  isActiveOnEdge: false,
});

export const draftOf = (p: MergePolicy): PolicyDraft => ({
  name: p.name,
  schemaName: p.schema.name,
  identityGraph: p.identityGraph.type,
  attributeMerge: p.attributeMerge.type,
  order: p.attributeMerge.order ?? [],
  isDefault: p.default,
  isActiveOnEdge: p.isActiveOnEdge,
});

/** A copy to start a new policy from: not default, not on edge (only one policy may be either). */
export function duplicateOf(p: MergePolicy, existing: readonly MergePolicy[]): PolicyDraft {
  const taken = new Set(existing.map((e) => e.name.toLowerCase()));
  let name = `${p.name} (copy)`;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${p.name} (copy ${n})`;
  return { ...draftOf(p), name: name.slice(0, 256), isDefault: false, isActiveOnEdge: false };
}

/** What the engine reads, in AEP's shapes: what the preview sends for a draft. */
export function draftRef(d: PolicyDraft): PolicyRef {
  return {
    identityGraph: { type: d.identityGraph },
    attributeMerge:
      d.attributeMerge === 'dataSetPrecedence'
        ? { type: 'dataSetPrecedence', order: d.order }
        : { type: 'timestampOrdered' },
  };
}

export function createBody(d: PolicyDraft): CreateMergePolicyBody {
  return {
    name: d.name.trim(),
    schema: { name: PROFILE_CLASS },
    identityGraph: { type: d.identityGraph },
    attributeMerge:
      d.attributeMerge === 'dataSetPrecedence'
        ? { type: 'dataSetPrecedence', order: d.order }
        : { type: 'timestampOrdered' },
    isActiveOnEdge: d.isActiveOnEdge,
    default: d.isDefault,
  };
}

const sameOrder = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((v, i) => v === b[i]);

/** The PATCH operations that turn `saved` into the draft (the `/version` precondition is added on send). */
export function patchOps(saved: MergePolicy, d: PolicyDraft): MergePolicyPatchOperation[] {
  const ops: MergePolicyPatchOperation[] = [];
  const add = (path: string, value: unknown) => ops.push({ op: 'add', path, value });
  if (d.name.trim() !== saved.name) add('/name', d.name.trim());
  if (d.identityGraph !== saved.identityGraph.type) add('/identityGraph.type', d.identityGraph);
  const typeChanged = d.attributeMerge !== saved.attributeMerge.type;
  // Order before type: switching to dataset precedence needs the order in the same request.
  if (
    d.attributeMerge === 'dataSetPrecedence' &&
    (typeChanged || !sameOrder(d.order, saved.attributeMerge.order ?? []))
  )
    add('/attributeMerge.order', d.order);
  if (typeChanged) add('/attributeMerge.type', d.attributeMerge);
  if (d.isActiveOnEdge !== saved.isActiveOnEdge) add('/isActiveOnEdge', d.isActiveOnEdge);
  if (d.isDefault !== saved.default) add('/default', d.isDefault);
  return ops;
}

export type DraftField = 'name' | 'order' | 'eventDatasets' | 'isDefault' | 'isActiveOnEdge' | 'limit';
export type DraftErrors = Partial<Record<DraftField, string>>;

export interface ValidationContext {
  /** The policy being edited (undefined when creating). */
  saved?: MergePolicy;
  /** Every policy of the sandbox. */
  policies: readonly MergePolicy[];
  /** The sandbox's datasets (undefined while loading: dataset checks wait). */
  datasets?: readonly PolicyDataset[];
}

/**
 * The order's Profile datasets (ranked) and event datasets (included), as the service reads it
 * (contracts `splitPrecedenceOrder`). Unknown ids, and every id while datasets load, count as
 * Profile datasets.
 */
export function splitOrder(
  order: readonly string[],
  datasets: readonly PolicyDataset[] | undefined,
): { records: string[]; events: string[] } {
  return splitPrecedenceOrder(order, (id) => datasets?.find((d) => d.id === id)?.datasetClass);
}

/** Why a dataset cannot be in the order, or undefined when it can. */
export function datasetProblem(
  id: string,
  datasets: readonly PolicyDataset[] | undefined,
): string | undefined {
  if (!datasets) return undefined;
  const ds = datasets.find((d) => d.id === id);
  if (!ds) return 'This dataset no longer exists in the sandbox';
  if (!ds.profileEnabled) return 'This dataset is no longer enabled for Profile';
  return undefined;
}

const firstProblem = (ids: readonly string[], datasets: readonly PolicyDataset[] | undefined) =>
  ids.map((id) => [id, datasetProblem(id, datasets)] as const).find(([, problem]) => problem);

/** The API's rules (contract schema + rules.ts), checked before sending. Empty when the draft can be saved. */
export function validateDraft(d: PolicyDraft, ctx: ValidationContext): DraftErrors {
  const errors: DraftErrors = {};
  const others = ctx.policies.filter((p) => p.id !== ctx.saved?.id);
  const name = d.name.trim();
  if (name === '') errors.name = 'Give the policy a name';
  else if (name.length > 256) errors.name = 'A name has at most 256 characters';
  else {
    const same = others.find((p) => p.name.toLowerCase() === name.toLowerCase());
    if (same) errors.name = `A merge policy named "${same.name}" already exists in this sandbox`;
  }
  if (!ctx.saved && ctx.policies.length >= MAX_MERGE_POLICIES) {
    errors.limit = `This sandbox already has ${ctx.policies.length} of ${MAX_MERGE_POLICIES} merge policies: delete one before creating another`;
  }
  if (d.attributeMerge === 'dataSetPrecedence') {
    const { records, events } = splitOrder(d.order, ctx.datasets);
    const badRecord = firstProblem(records, ctx.datasets);
    const badEvent = firstProblem(events, ctx.datasets);
    if (records.length === 0) errors.order = 'Dataset precedence needs at least one Profile dataset';
    else if (records.length > MAX_PRECEDENCE_DATASETS)
      errors.order = `At most ${MAX_PRECEDENCE_DATASETS} Profile datasets can be ordered`;
    else if (badRecord)
      errors.order = `${datasetName(badRecord[0], ctx.datasets)}: ${badRecord[1]}. Remove it from the order.`;
    if (events.length > MAX_PRECEDENCE_EVENT_DATASETS)
      errors.eventDatasets = `At most ${MAX_PRECEDENCE_EVENT_DATASETS} event datasets can be included`;
    else if (badEvent)
      errors.eventDatasets = `${datasetName(badEvent[0], ctx.datasets)}: ${badEvent[1]}. Exclude it.`;
  }
  if (d.isActiveOnEdge) {
    const onEdge = others.find((p) => p.isActiveOnEdge);
    if (onEdge)
      errors.isActiveOnEdge = `"${onEdge.name}" is already active on edge, and a sandbox has only one: turn it off there first`;
  }
  if (ctx.saved?.default && !d.isDefault) {
    errors.isDefault =
      'This is the default policy: make another policy the default instead of turning this off';
  }
  // Anything else the contract refuses (kept in step with the API's own schema).
  if (Object.keys(errors).length === 0) {
    const parsed = CreateMergePolicyBodySchema.safeParse(createBody(d));
    if (!parsed.success) errors.name = parsed.error.issues[0]?.message ?? 'The policy is not valid';
  }
  return errors;
}

export function datasetName(id: string, datasets: readonly PolicyDataset[] | undefined): string {
  return datasets?.find((d) => d.id === id)?.name ?? id;
}

export interface ConfigRow {
  label: string;
  a: string;
  b: string;
  changed: boolean;
}

/** Field-by-field comparison of two policies (or a saved one and a draft), for people. */
export function configRows(
  a: PolicyDraft,
  b: PolicyDraft,
  datasets: readonly PolicyDataset[] | undefined,
): ConfigRow[] {
  const yesNo = (v: boolean) => (v ? 'Yes' : 'No');
  const precedence = (d: PolicyDraft) => splitOrder(d.order, datasets);
  const order = (d: PolicyDraft) =>
    d.attributeMerge === 'dataSetPrecedence'
      ? precedence(d)
          .records.map((id, i) => `${i + 1}. ${datasetName(id, datasets)}`)
          .join('\n') || '(none)'
      : 'All Profile datasets (most recent wins)';
  const events = (d: PolicyDraft) => {
    const included = d.attributeMerge === 'dataSetPrecedence' ? precedence(d).events : [];
    return included.length > 0
      ? included.map((id) => datasetName(id, datasets)).join('\n')
      : 'All Profile-enabled event datasets';
  };
  const row = (label: string, va: string, vb: string): ConfigRow => ({
    label,
    a: va,
    b: vb,
    changed: va !== vb,
  });
  return [
    row('Name', a.name.trim(), b.name.trim()),
    row(
      'Schema class',
      SCHEMA_CLASS_LABELS[a.schemaName] ?? a.schemaName,
      SCHEMA_CLASS_LABELS[b.schemaName] ?? b.schemaName,
    ),
    row('Identity stitching', IDENTITY_GRAPH_LABELS[a.identityGraph], IDENTITY_GRAPH_LABELS[b.identityGraph]),
    row(
      'Attribute merge',
      ATTRIBUTE_MERGE_LABELS[a.attributeMerge],
      ATTRIBUTE_MERGE_LABELS[b.attributeMerge],
    ),
    row('Profile datasets', order(a), order(b)),
    row('Event datasets', events(a), events(b)),
    row('Default policy', yesNo(a.isDefault), yesNo(b.isDefault)),
    row('Active on edge', yesNo(a.isActiveOnEdge), yesNo(b.isActiveOnEdge)),
  ];
}

/** The draft differs from what it started from (unsaved changes). */
export function isDirty(d: PolicyDraft, start: PolicyDraft): boolean {
  return (
    d.name !== start.name ||
    d.identityGraph !== start.identityGraph ||
    d.attributeMerge !== start.attributeMerge ||
    d.isDefault !== start.isDefault ||
    d.isActiveOnEdge !== start.isActiveOnEdge ||
    (d.attributeMerge === 'dataSetPrecedence' && !sameOrder(d.order, start.order))
  );
}

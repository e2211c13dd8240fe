// Merge policies (AEP `/data/core/ups/config/mergePolicies`, api-contract §4). Where Adobe's sources
// disagree (§10) every documented form is accepted and the first one is emitted:
// `orderBy`/`orderby`, PATCH as one op object or an array of ops, `value` as string or native.
import { z } from 'zod';
import { defineEndpoint } from './endpoint.ts';
import { PROFILE_CLASS, QueryBooleanSchema, queryInt, type DatasetClass } from './common.ts';

export const UPS = '/data/core/ups';
export const MERGE_POLICIES = `${UPS}/config/mergePolicies`;

/**
 * Hard limits: merge policies per sandbox (guardrails §3); datasets of each class in a precedence
 * order (api-contract §4.1: the UI picks up to 50 Profile and up to 50 ExperienceEvent datasets).
 */
export const MAX_MERGE_POLICIES = 5;
export const MAX_PRECEDENCE_DATASETS = 50;
export const MAX_PRECEDENCE_EVENT_DATASETS = 50;

/**
 * How `attributeMerge.order` of a dataSetPrecedence policy reads (api-contract §4.9.2–3): its
 * Profile-class ids rank the record datasets (index 0 wins; other record datasets are not merged);
 * its ExperienceEvent ids select the event datasets whose events the profile gets, in no order.
 * An order with no event dataset selects every Profile-enabled event dataset (so a policy that only
 * orders record datasets keeps all events). Ids of unknown class count as record datasets.
 */
export function splitPrecedenceOrder(
  order: readonly string[],
  classOf: (datasetId: string) => DatasetClass | undefined,
): { records: string[]; events: string[] } {
  const records: string[] = [];
  const events: string[] = [];
  for (const id of order) (classOf(id) === 'experienceevent' ? events : records).push(id);
  return { records, events };
}

export const IDENTITY_GRAPH_TYPES = ['none', 'pdg'] as const;
export const ATTRIBUTE_MERGE_TYPES = ['timestampOrdered', 'dataSetPrecedence'] as const;

export const IdentityGraphTypeSchema = z.enum(IDENTITY_GRAPH_TYPES, { error: 'identityGraph.type must be none or pdg' });
export type IdentityGraphType = z.infer<typeof IdentityGraphTypeSchema>;
export const AttributeMergeTypeSchema = z.enum(ATTRIBUTE_MERGE_TYPES, {
  error: 'attributeMerge.type must be timestampOrdered or dataSetPrecedence',
});
export type AttributeMergeType = z.infer<typeof AttributeMergeTypeSchema>;

/** The XDM classes a merge policy may be defined for (only XDM Individual Profile is stored here). */
export const MergePolicySchemaNameSchema = z.literal(PROFILE_CLASS, {
  error: `schema.name must be ${PROFILE_CLASS} (the only record class this profile store holds)`,
});

export const MergePolicySandboxSchema = z.object({
  sandboxId: z.string(),
  sandboxName: z.string(),
  type: z.string(),
  default: z.boolean(),
});

export const MergePolicySchema = z.object({
  id: z.string(),
  name: z.string(),
  imsOrgId: z.string(),
  sandbox: MergePolicySandboxSchema,
  schema: z.object({ name: z.string() }),
  version: z.number().int(),
  identityGraph: z.object({ type: IdentityGraphTypeSchema }),
  attributeMerge: z.object({ type: AttributeMergeTypeSchema, order: z.array(z.string()).optional() }),
  isActiveOnEdge: z.boolean(),
  default: z.boolean(),
  /** Epoch seconds of the last change. */
  updateEpoch: z.number().int(),
});
export type MergePolicy = z.infer<typeof MergePolicySchema>;

const PolicyNameSchema = z
  .string({ error: 'name is required' })
  .trim()
  .min(1, 'name must not be empty')
  .max(256, 'name must be at most 256 characters');

/** Booleans in bodies: native, or the strings "true"/"false" (one doc example sends strings). */
export const LenientBooleanSchema = z.preprocess(
  (v) => (v === 'true' ? true : v === 'false' ? false : v),
  z.boolean({ error: 'expected true or false' }),
);

export const AttributeMergeBodySchema = z
  .object({
    type: AttributeMergeTypeSchema,
    order: z
      .array(z.string().min(1, 'dataset ids must not be empty'), { error: 'attributeMerge.order must be an array of dataset ids' })
      .max(
        MAX_PRECEDENCE_DATASETS + MAX_PRECEDENCE_EVENT_DATASETS,
        `attributeMerge.order may list at most ${MAX_PRECEDENCE_DATASETS} Profile and ${MAX_PRECEDENCE_EVENT_DATASETS} ExperienceEvent datasets`,
      )
      .optional(),
  })
  .superRefine((value, ctx) => {
    if (value.type !== 'dataSetPrecedence') return;
    if (!value.order || value.order.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['order'], message: 'attributeMerge.order is required and must list at least one dataset id for dataSetPrecedence' });
      return;
    }
    const seen = new Set<string>();
    for (const id of value.order) {
      if (seen.has(id)) ctx.addIssue({ code: 'custom', path: ['order'], message: `dataset ${id} appears twice in attributeMerge.order` });
      seen.add(id);
    }
  });

/** `POST /config/mergePolicies` body (spec `PostMergePolicy`; `name` required here, as the UI requires it). */
export const CreateMergePolicyBodySchema = z.object({
  name: PolicyNameSchema,
  schema: z.object({ name: MergePolicySchemaNameSchema }, { error: 'schema is required: {"name": "_xdm.context.profile"}' }),
  identityGraph: z.object({ type: IdentityGraphTypeSchema }, { error: 'identityGraph is required: {"type": "none" | "pdg"}' }),
  attributeMerge: AttributeMergeBodySchema,
  isActiveOnEdge: LenientBooleanSchema.default(false),
  default: LenientBooleanSchema.default(false),
});
export type CreateMergePolicyBody = z.input<typeof CreateMergePolicyBodySchema>;

/**
 * `PUT /config/mergePolicies/{id}`: the complete object. Read-only members the docs' example sends
 * (`id`, `imsOrgId`, `sandbox`, `version`, `updateEpoch`) are accepted and ignored; `default` and
 * `isActiveOnEdge` keep their current values when absent.
 */
export const ReplaceMergePolicyBodySchema = z.object({
  name: PolicyNameSchema,
  schema: CreateMergePolicyBodySchema.shape.schema,
  identityGraph: CreateMergePolicyBodySchema.shape.identityGraph,
  attributeMerge: AttributeMergeBodySchema,
  isActiveOnEdge: LenientBooleanSchema.optional(),
  default: LenientBooleanSchema.optional(),
  id: z.string().optional(),
  imsOrgId: z.string().optional(),
  sandbox: z.unknown().optional(),
  version: z.unknown().optional(),
  updateEpoch: z.unknown().optional(),
});
export type ReplaceMergePolicyBody = z.input<typeof ReplaceMergePolicyBodySchema>;

/**
 * Paths a PATCH may set. The documented dotted form (`/identityGraph.type`) and the JSON-Pointer form
 * (`/identityGraph/type`) are both accepted, as is the spec's `/idActiveOnEdge` typo.
 * `/attributeMerge.order` (not in Adobe's list) is needed to switch a policy to dataSetPrecedence.
 * `/version` is a precondition: the value must equal the current version.
 */
export const MERGE_POLICY_PATCH_PATHS = [
  '/name',
  '/identityGraph.type',
  '/attributeMerge.type',
  '/attributeMerge.order',
  '/schema.name',
  '/version',
  '/default',
  '/isActiveOnEdge',
] as const;

export const MergePolicyPatchOperationSchema = z
  .object({
    op: z.enum(['add', 'replace'], { error: 'op must be "add"' }),
    path: z.string({ error: 'path is required, e.g. "/identityGraph.type"' }),
    value: z.unknown().optional(),
  })
  .refine((o) => o.value !== undefined, { message: 'value is required', path: ['value'] });
export type MergePolicyPatchOperation = z.infer<typeof MergePolicyPatchOperationSchema>;

/** Docs: one operation object; spec: an array of operations. Parsed as an array either way. */
export const PatchMergePolicyBodySchema = z.preprocess(
  (v) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? [v] : v),
  z
    .array(MergePolicyPatchOperationSchema, { error: 'send one operation {"op": "add", "path": "/name", "value": "..."} or an array of them' })
    .min(1, 'send at least one operation')
    .max(20, 'at most 20 operations'),
);
export type PatchMergePolicyBody = z.input<typeof PatchMergePolicyBodySchema>;

export const MERGE_POLICY_SORT_FIELDS = ['name', 'id', 'version', 'updateEpoch'] as const;

/** `name`, `+name` (a `+` may arrive URL-decoded as a space) or `-name`; empty means the default. */
export const MergePolicyOrderBySchema = z
  .string()
  .regex(
    /^$|^[+ -]?(name|id|version|updateEpoch)$/,
    `orderBy must be one of ${MERGE_POLICY_SORT_FIELDS.join(', ')}, optionally prefixed with + or -`,
  );

export const ListMergePoliciesQuerySchema = z.object({
  'schema.name': z.string().optional(),
  default: QueryBooleanSchema.optional(),
  isActiveOnEdge: QueryBooleanSchema.optional(),
  'identityGraph.type': IdentityGraphTypeSchema.optional(),
  'attributeMerge.type': AttributeMergeTypeSchema.optional(),
  version: queryInt(1, 1_000_000_000).optional(),
  limit: queryInt(1, 100).default(20),
  /** Opaque continuation token from `_page.next` / `_links.next.href`; a plain offset is accepted too. */
  start: z.string().max(200).optional(),
  orderBy: MergePolicyOrderBySchema.optional(),
  orderby: MergePolicyOrderBySchema.optional(),
});
export type ListMergePoliciesQuery = z.input<typeof ListMergePoliciesQuerySchema>;

export const MergePolicyListSchema = z.object({
  _page: z.object({
    /** Policies matching the filters. */
    totalCount: z.number().int(),
    /** Policies in this page. */
    pageSize: z.number().int(),
    count: z.number().int(),
    /** Continuation token for the next page, "" on the last page. */
    next: z.string(),
  }),
  children: z.array(MergePolicySchema),
  /** `@/mergePolicies?start=...` (relative to `/data/core/ups/config`), "" on the last page. */
  _links: z.object({ next: z.object({ href: z.string() }) }),
});
export type MergePolicyList = z.infer<typeof MergePolicyListSchema>;

export const MergePolicyParamsSchema = z.object({ mergePolicyId: z.string().min(1).max(128) });

export const BulkGetMergePoliciesBodySchema = z.object({
  ids: z
    .array(z.object({ id: z.string().min(1).max(128) }), { error: 'ids must be an array of {"id": "..."}' })
    .min(1, 'ids must list at least one merge policy')
    .max(100, 'ids may list at most 100 merge policies'),
});
export type BulkGetMergePoliciesBody = z.input<typeof BulkGetMergePoliciesBodySchema>;

/** A per-id failure inside a bulk-get answer: RFC 7807 problem details. */
export const BulkGetErrorEntrySchema = z.object({
  type: z.string(),
  status: z.number().int(),
  title: z.string(),
  detail: z.string().optional(),
});

export const BulkGetMergePoliciesResponseSchema = z.object({
  results: z.record(z.string(), z.union([MergePolicySchema, BulkGetErrorEntrySchema])),
});
export type BulkGetMergePoliciesResponse = z.infer<typeof BulkGetMergePoliciesResponseSchema>;

export const listMergePolicies = defineEndpoint({
  id: 'listMergePolicies',
  method: 'GET',
  path: MERGE_POLICIES,
  summary: 'List merge policies (filters, limit, start cursor, orderBy)',
  tag: 'Merge policies',
  query: ListMergePoliciesQuerySchema,
  responses: { 200: MergePolicyListSchema },
  errorShape: 'problem',
});

export const getMergePolicy = defineEndpoint({
  id: 'getMergePolicy',
  method: 'GET',
  path: `${MERGE_POLICIES}/:mergePolicyId`,
  summary: 'Get one merge policy',
  tag: 'Merge policies',
  params: MergePolicyParamsSchema,
  responses: { 200: MergePolicySchema },
  errorShape: 'problem',
});

export const bulkGetMergePolicies = defineEndpoint({
  id: 'bulkGetMergePolicies',
  method: 'POST',
  path: `${MERGE_POLICIES}/bulk-get`,
  summary: 'Get several merge policies by id (207; unknown ids get a 404 problem entry)',
  tag: 'Merge policies',
  body: BulkGetMergePoliciesBodySchema,
  responses: { 207: BulkGetMergePoliciesResponseSchema },
  errorShape: 'problem',
});

export const createMergePolicy = defineEndpoint({
  id: 'createMergePolicy',
  method: 'POST',
  path: MERGE_POLICIES,
  summary: 'Create a merge policy (at most 5 per sandbox; a new default demotes the old one)',
  tag: 'Merge policies',
  body: CreateMergePolicyBodySchema,
  responses: { 200: MergePolicySchema },
  errorShape: 'problem',
});

export const replaceMergePolicy = defineEndpoint({
  id: 'replaceMergePolicy',
  method: 'PUT',
  path: `${MERGE_POLICIES}/:mergePolicyId`,
  summary: 'Replace a merge policy',
  tag: 'Merge policies',
  params: MergePolicyParamsSchema,
  body: ReplaceMergePolicyBodySchema,
  responses: { 200: MergePolicySchema },
  errorShape: 'problem',
});

export const patchMergePolicy = defineEndpoint({
  id: 'patchMergePolicy',
  method: 'PATCH',
  path: `${MERGE_POLICIES}/:mergePolicyId`,
  summary: 'Update fields of a merge policy ({op:"add", path:"/identityGraph.type", value} or an array of them)',
  tag: 'Merge policies',
  params: MergePolicyParamsSchema,
  body: PatchMergePolicyBodySchema,
  responses: { 200: MergePolicySchema },
  errorShape: 'problem',
});

export const deleteMergePolicy = defineEndpoint({
  id: 'deleteMergePolicy',
  method: 'DELETE',
  path: `${MERGE_POLICIES}/:mergePolicyId`,
  summary: 'Delete a merge policy (refused for the default and the active-on-edge policy)',
  tag: 'Merge policies',
  params: MergePolicyParamsSchema,
  responses: { 200: z.void() },
  errorShape: 'problem',
});

/** Resolves a `_links.next.href` of the list (`@/mergePolicies?...`) to a path on this service. */
export function mergePolicyHrefToPath(href: string): string {
  return href.startsWith('@/mergePolicies') ? `${MERGE_POLICIES}${href.slice('@/mergePolicies'.length)}` : href;
}

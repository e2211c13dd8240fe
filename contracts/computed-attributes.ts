// Computed attributes (AEP `/data/core/ca/attributes`, api-contract §8) and the legacy alpha endpoint
// `/data/core/ups/config/computedAttributes` (§8.6), plus the local builder endpoints under
// `/_local/computed-attributes`. Errors use the simple `{code, message}` envelope (§2.5).
//
// Where Adobe's sources disagree (§10) every documented form is accepted and the first one emitted:
// the list answers `computedAttributes[]` + `_page:{offset,limit,count,totalCount}` + `_links`;
// `status` is the flat string; `sandbox.isDefault`; epochs in ms (legacy: seconds); the spec's
// property-filter typos `createdEpoch` and `mergePolicy.value` are accepted as aliases.
import { z } from 'zod';
import { defineEndpoint } from './endpoint.ts';
import { PROFILE_CLASS, queryInt } from './common.ts';
import { LOCAL } from './local.ts';
import { UPS } from './merge-policies.ts';

export const CA_ATTRIBUTES = '/data/core/ca/attributes';
export const LEGACY_COMPUTED_ATTRIBUTES = `${UPS}/config/computedAttributes`;
export const LOCAL_CA = `${LOCAL}/computed-attributes`;

/**
 * The tenant namespace of the local service's union schema (AEP's `{TENANT_ID}`; the demo
 * organisation's custom fields live under it too). Computed attribute values appear in entity
 * lookups with `withCA=true` at `<tenant>.ComputedAttributes.<name>`.
 */
export const LOCAL_TENANT_ID = '_northwind';
export const CA_CONTAINER = 'ComputedAttributes';
export const CA_PATH = `${LOCAL_TENANT_ID}/${CA_CONTAINER}`;
export const CA_POSITION_PATH = [LOCAL_TENANT_ID, CA_CONTAINER] as const;

export const CA_STATUSES = ['DRAFT', 'NEW', 'INITIALIZING', 'PROCESSING', 'PROCESSED', 'FAILED', 'DISABLED'] as const;
export const CaStatusSchema = z.enum(CA_STATUSES, { error: `status must be one of ${CA_STATUSES.join(', ')}` });
export type CaStatus = z.infer<typeof CaStatusSchema>;

export const CA_FUNCTIONS = ['sum', 'count', 'min', 'max', 'mostRecent'] as const;
export type CaFunction = (typeof CA_FUNCTIONS)[number];
export const MERGE_FUNCTIONS = ['SUM', 'COUNT', 'MIN', 'MAX', 'MOST_RECENT'] as const;
export type MergeFunction = (typeof MERGE_FUNCTIONS)[number];
export const MERGE_FUNCTION_OF: Record<CaFunction, MergeFunction> = { sum: 'SUM', count: 'COUNT', min: 'MIN', max: 'MAX', mostRecent: 'MOST_RECENT' };

export const DURATION_UNITS = ['HOURS', 'DAYS', 'WEEKS', 'MONTHS'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];
/** Lookback bounds per unit (§8.1). */
export const DURATION_BOUNDS: Record<DurationUnit, { min: number; max: number }> = {
  HOURS: { min: 1, max: 24 },
  DAYS: { min: 1, max: 7 },
  WEEKS: { min: 1, max: 4 },
  MONTHS: { min: 1, max: 6 },
};

/** XDM types a computed attribute can return. */
export const XDM_TYPES = ['number', 'integer', 'string', 'boolean'] as const;
export type XdmType = (typeof XDM_TYPES)[number];

/** Names: alphanumeric, no spaces or underscores (§8.1). */
export const CA_NAME_PATTERN = /^[A-Za-z0-9]+$/;
export const MAX_CA_NAME = 64;
export const MAX_EXPRESSION = 4000;
/** `limit` of the list: 1–40 (§8.2). */
export const MAX_CA_LIMIT = 40;

export const DurationUnitSchema = z.preprocess(
  (v) => (typeof v === 'string' ? v.toUpperCase() : v),
  z.enum(DURATION_UNITS, { error: `duration.unit must be one of ${DURATION_UNITS.join(', ')}` }),
);

/** A lookback; `count` must lie within the unit's bounds. Numeric strings are accepted (the spec types count as number). */
export const DurationSchema = z
  .object(
    {
      count: z.coerce.number({ error: 'duration.count must be a number' }).int('duration.count must be a whole number'),
      unit: DurationUnitSchema,
    },
    { error: 'duration is required: {"count": 7, "unit": "DAYS"}' },
  )
  .superRefine((d, ctx) => {
    const b = DURATION_BOUNDS[d.unit];
    if (d.count < b.min || d.count > b.max) {
      ctx.addIssue({ code: 'custom', path: ['count'], message: `duration.count ${d.count} is out of range for ${d.unit}: ${b.min} to ${b.max}` });
    }
  });
export type Duration = z.infer<typeof DurationSchema>;

export const ExpressionSchema = z.object(
  {
    type: z.literal('PQL', { error: 'expression.type must be PQL' }).default('PQL'),
    format: z.literal('pql/text', { error: 'expression.format must be pql/text' }).default('pql/text'),
    value: z
      .string({ error: 'expression.value is required: a PQL expression such as xEvent[eventType = "commerce.purchases"].sum(commerce.order.priceTotal)' })
      .min(1, 'expression.value must not be empty')
      .max(MAX_EXPRESSION, `expression.value must be at most ${MAX_EXPRESSION} characters`),
  },
  { error: 'expression is required: {"type": "PQL", "format": "pql/text", "value": "..."}' },
);
export type Expression = z.infer<typeof ExpressionSchema>;

export const CaNameSchema = z
  .string({ error: 'name is required' })
  .min(1, 'name must not be empty')
  .max(MAX_CA_NAME, `name must be at most ${MAX_CA_NAME} characters`)
  .regex(CA_NAME_PATTERN, 'name may contain only letters and digits (no spaces or underscores)');

// ------------------------------------------------------------------------------------ the object

export const CaSandboxSchema = z.object({ sandboxId: z.string(), sandboxName: z.string(), type: z.string(), isDefault: z.boolean() });

export const DefinedOnSchema = z.object({ 'meta:resourceType': z.string(), 'meta:containerId': z.string(), $ref: z.string() });
export const DEFINED_ON = [{ 'meta:resourceType': 'unions', 'meta:containerId': 'tenant', $ref: 'https://ns.adobe.com/xdm/context/profile__union' }];

/** Local extension: what the evaluation job is doing and did. Absent from AEP's answers. */
export const CaEvaluationSchema = z.object({
  /** The evaluation in flight: queued or running, with progress in events. */
  job: z.object({ status: z.enum(['queued', 'running']), done: z.number(), total: z.number().nullable() }).nullable(),
  /** ms; when the next scheduled refresh is due (null while DRAFT/DISABLED). */
  nextEvaluationEpoch: z.number().nullable(),
  /** Figures of the last finished run. */
  lastRun: z
    .object({
      /** ms: the window of event timestamps considered, [fromEpoch, toEpoch]. */
      fromEpoch: z.number(),
      toEpoch: z.number(),
      eventsEvaluated: z.number(),
      profilesWithValue: z.number(),
      durationMs: z.number(),
    })
    .nullable(),
  /** Why the last run failed (status FAILED). */
  error: z.string().nullable(),
});
export type CaEvaluation = z.infer<typeof CaEvaluationSchema>;

export const ComputedAttributeSchema = z.object({
  id: z.string(),
  type: z.literal('ComputedAttribute'),
  name: z.string(),
  displayName: z.string(),
  description: z.string(),
  imsOrgId: z.string(),
  sandbox: CaSandboxSchema,
  path: z.string(),
  positionPath: z.array(z.string()),
  keepCurrent: z.boolean(),
  expression: z.object({ type: z.string(), format: z.string(), value: z.string() }),
  mergeFunction: z.object({ value: z.string() }),
  status: z.string(),
  schema: z.object({ name: z.string() }),
  duration: z.object({ count: z.number(), unit: z.string() }),
  returnSchema: z.object({ 'meta:xdmType': z.string() }).optional(),
  definedOn: z.array(DefinedOnSchema).optional(),
  /** "" until evaluated, then `2023-08-27T00:14:55.028` (UTC, no zone): events up to then were considered. */
  lastEvaluationTs: z.string(),
  /** ms */
  createEpoch: z.number(),
  updateEpoch: z.number(),
  createdBy: z.string().optional(),
  evaluation: CaEvaluationSchema.optional(),
});
export type ComputedAttribute = z.infer<typeof ComputedAttributeSchema>;

const HrefSchema = z.object({ href: z.string() });
export const ComputedAttributeListSchema = z.object({
  _links: z.object({ self: HrefSchema, next: HrefSchema.optional(), prev: HrefSchema.optional(), last: HrefSchema.optional() }),
  computedAttributes: z.array(ComputedAttributeSchema),
  _page: z.object({ offset: z.number().int(), limit: z.number().int(), count: z.number().int(), totalCount: z.number().int() }),
});
export type ComputedAttributeList = z.infer<typeof ComputedAttributeListSchema>;

// --------------------------------------------------------------------------------------- list

export const CA_SORT_FIELDS = ['name', 'status', 'updateEpoch', 'createEpoch'] as const;
export type CaSortField = (typeof CA_SORT_FIELDS)[number];
/** `name`, `+name` (a `+` may arrive URL-decoded as a space) or `-name`. */
export const CaSortSchema = z
  .string()
  .regex(/^[+ -]?(name|status|updateEpoch|createEpoch)$/, `sortBy must be one of ${CA_SORT_FIELDS.join(', ')}, optionally prefixed with - (descending)`);

export const ListComputedAttributesQuerySchema = z.object({
  limit: queryInt(1, MAX_CA_LIMIT).default(20),
  offset: queryInt(0, 1_000_000).default(0),
  sortBy: CaSortSchema.optional(),
  /**
   * Filters, repeatable: `name=x`, `name!=x`, `status=contains(new,processing)`, `status=!contains(draft)`,
   * `mergeFunction.value=SUM`, `updateEpoch>=1683669114845`, `createEpoch<=…`.
   */
  property: z.union([z.string().max(500), z.array(z.string().max(500)).max(10)]).optional(),
});
export type ListComputedAttributesQuery = z.input<typeof ListComputedAttributesQuerySchema>;

// ------------------------------------------------------------------------------------- create

export const CreateComputedAttributeBodySchema = z.object({
  name: CaNameSchema,
  displayName: z.string({ error: 'displayName is required' }).trim().min(1, 'displayName must not be empty').max(256, 'displayName must be at most 256 characters'),
  description: z.string().max(2000, 'description must be at most 2000 characters').default(''),
  expression: ExpressionSchema,
  keepCurrent: z.boolean({ error: 'keepCurrent must be true or false' }).default(false),
  duration: DurationSchema,
  status: z.enum(['DRAFT', 'NEW'], { error: 'status must be DRAFT (save) or NEW (publish) on create' }).default('DRAFT'),
  schema: z.object({ name: z.literal(PROFILE_CLASS, { error: `schema.name must be ${PROFILE_CLASS}` }) }).optional(),
});
export type CreateComputedAttributeBody = z.input<typeof CreateComputedAttributeBodySchema>;

/**
 * PATCH: a plain partial object (§8.5). Editable members are typed; read-only members of the
 * object (sent back by clients that PATCH what they GET) are accepted when unchanged and refused
 * with a message naming them when changed — checked by the service, so they are `unknown` here.
 */
export const PatchComputedAttributeBodySchema = z
  .object({
    name: CaNameSchema.optional(),
    displayName: z.string().trim().min(1, 'displayName must not be empty').max(256, 'displayName must be at most 256 characters').optional(),
    description: z.string().max(2000, 'description must be at most 2000 characters').optional(),
    expression: ExpressionSchema.optional(),
    keepCurrent: z.boolean({ error: 'keepCurrent must be true or false' }).optional(),
    duration: DurationSchema.optional(),
    status: CaStatusSchema.optional(),
  })
  .catchall(z.unknown());
export type PatchComputedAttributeBody = z.input<typeof PatchComputedAttributeBodySchema>;

export const CaParamsSchema = z.object({ attributeId: z.string().min(1).max(128) });

// ---------------------------------------------------------------------------------- endpoints

export const listComputedAttributes = defineEndpoint({
  id: 'listComputedAttributes',
  method: 'GET',
  path: CA_ATTRIBUTES,
  summary: 'List computed attributes (limit 1–40, offset, sortBy, property filters)',
  tag: 'Computed attributes',
  query: ListComputedAttributesQuerySchema,
  responses: { 200: ComputedAttributeListSchema },
  errorShape: 'simple',
});

export const createComputedAttribute = defineEndpoint({
  id: 'createComputedAttribute',
  method: 'POST',
  path: CA_ATTRIBUTES,
  summary: 'Create a computed attribute as DRAFT, or NEW to publish and evaluate it at once',
  tag: 'Computed attributes',
  body: CreateComputedAttributeBodySchema,
  responses: { 200: ComputedAttributeSchema },
  errorShape: 'simple',
});

export const getComputedAttribute = defineEndpoint({
  id: 'getComputedAttribute',
  method: 'GET',
  path: `${CA_ATTRIBUTES}/:attributeId`,
  summary: 'Get one computed attribute',
  tag: 'Computed attributes',
  params: CaParamsSchema,
  responses: { 200: ComputedAttributeSchema },
  errorShape: 'simple',
});

export const patchComputedAttribute = defineEndpoint({
  id: 'patchComputedAttribute',
  method: 'PATCH',
  path: `${CA_ATTRIBUTES}/:attributeId`,
  summary: 'Update a computed attribute (DRAFT: any editable field and status NEW; published: only status DISABLED)',
  tag: 'Computed attributes',
  params: CaParamsSchema,
  body: PatchComputedAttributeBodySchema,
  responses: { 200: ComputedAttributeSchema },
  errorShape: 'simple',
});

export const deleteComputedAttribute = defineEndpoint({
  id: 'deleteComputedAttribute',
  method: 'DELETE',
  path: `${CA_ATTRIBUTES}/:attributeId`,
  summary: 'Delete a DRAFT computed attribute (202 with the deleted attribute)',
  tag: 'Computed attributes',
  params: CaParamsSchema,
  responses: { 202: ComputedAttributeSchema },
  errorShape: 'simple',
});

// ------------------------------------------------------------------------------ legacy (§8.6)

export const LegacyComputedAttributeSchema = z.object({
  id: z.string(),
  imsOrgId: z.string(),
  sandbox: z.object({ sandboxId: z.string(), sandboxName: z.string(), type: z.string(), default: z.boolean() }),
  name: z.string(),
  path: z.string(),
  positionPath: z.array(z.string()),
  description: z.string(),
  expression: z.object({ type: z.string(), format: z.string(), value: z.string() }),
  schema: z.object({ name: z.string() }),
  returnSchema: z.object({ 'meta:xdmType': z.string() }),
  definedOn: z.array(DefinedOnSchema),
  encodedDefinedOn: z.string(),
  dependencies: z.array(z.string()),
  dependents: z.array(z.string()),
  active: z.boolean(),
  type: z.literal('ComputedAttribute'),
  /** Epoch seconds. */
  createEpoch: z.number().int(),
  updateEpoch: z.number().int(),
});
export type LegacyComputedAttribute = z.infer<typeof LegacyComputedAttributeSchema>;

export const LegacyComputedAttributeListSchema = z.object({
  _page: z.object({ totalCount: z.number().int(), pageSize: z.number().int() }),
  children: z.array(LegacyComputedAttributeSchema),
  _links: z.object({ next: z.object({ href: z.string().optional() }) }),
});
export type LegacyComputedAttributeList = z.infer<typeof LegacyComputedAttributeListSchema>;

export const ListLegacyComputedAttributesQuerySchema = z.object({
  limit: queryInt(1, 100).default(20),
  /** Offset of the first item (from `_links.next.href`). */
  start: queryInt(0, 1_000_000).default(0),
});

/**
 * Legacy create: no lookback field (the alpha API had none). The lookback is the reach of the
 * expression's `timestamp occurs` condition, else the longest allowed (6 months).
 */
export const CreateLegacyComputedAttributeBodySchema = z.object({
  name: CaNameSchema,
  /** The parent path, e.g. `_{TENANT_ID}`; only this service's tenant (see LOCAL_TENANT_ID) is known. */
  path: z.string().max(256).optional(),
  description: z.string().max(2000, 'description must be at most 2000 characters').default(''),
  displayName: z.string().trim().min(1).max(256).optional(),
  expression: ExpressionSchema,
  schema: z.object({ name: z.literal(PROFILE_CLASS, { error: `schema.name must be ${PROFILE_CLASS}` }) }).optional(),
  /** Evaluated at once unless false (then saved as a draft). */
  active: z.boolean({ error: 'active must be true or false' }).default(true),
});
export type CreateLegacyComputedAttributeBody = z.input<typeof CreateLegacyComputedAttributeBodySchema>;

export const LEGACY_PATCH_PATHS = ['/name', '/description', '/displayName', '/expression', '/active'] as const;
export const LegacyPatchBodySchema = z
  .array(
    z.object({
      op: z.enum(['add', 'replace'], { error: 'op must be "add" or "replace"' }),
      path: z.enum(LEGACY_PATCH_PATHS, { error: `path must be one of ${LEGACY_PATCH_PATHS.join(', ')}` }),
      value: z.unknown(),
    }),
    { error: 'send a JSON Patch array: [{"op": "add", "path": "/expression", "value": {...}}]' },
  )
  .min(1, 'send at least one operation')
  .max(20, 'at most 20 operations');
export type LegacyPatchBody = z.input<typeof LegacyPatchBodySchema>;

export const listLegacyComputedAttributes = defineEndpoint({
  id: 'listLegacyComputedAttributes',
  method: 'GET',
  path: LEGACY_COMPUTED_ATTRIBUTES,
  summary: 'List computed attributes (legacy alpha endpoint)',
  tag: 'Computed attributes (legacy)',
  query: ListLegacyComputedAttributesQuerySchema,
  responses: { 200: LegacyComputedAttributeListSchema },
  errorShape: 'simple',
});

export const createLegacyComputedAttribute = defineEndpoint({
  id: 'createLegacyComputedAttribute',
  method: 'POST',
  path: LEGACY_COMPUTED_ATTRIBUTES,
  summary: 'Create a computed attribute (legacy alpha endpoint; active unless "active": false)',
  tag: 'Computed attributes (legacy)',
  body: CreateLegacyComputedAttributeBodySchema,
  responses: { 200: LegacyComputedAttributeSchema },
  errorShape: 'simple',
});

export const getLegacyComputedAttribute = defineEndpoint({
  id: 'getLegacyComputedAttribute',
  method: 'GET',
  path: `${LEGACY_COMPUTED_ATTRIBUTES}/:attributeId`,
  summary: 'Get one computed attribute (legacy alpha endpoint)',
  tag: 'Computed attributes (legacy)',
  params: CaParamsSchema,
  responses: { 200: LegacyComputedAttributeSchema },
  errorShape: 'simple',
});

export const patchLegacyComputedAttribute = defineEndpoint({
  id: 'patchLegacyComputedAttribute',
  method: 'PATCH',
  path: `${LEGACY_COMPUTED_ATTRIBUTES}/:attributeId`,
  summary: 'Update a computed attribute with JSON Patch operations (legacy alpha endpoint; 204)',
  tag: 'Computed attributes (legacy)',
  params: CaParamsSchema,
  body: LegacyPatchBodySchema,
  responses: { 204: z.void() },
  errorShape: 'simple',
});

export const deleteLegacyComputedAttribute = defineEndpoint({
  id: 'deleteLegacyComputedAttribute',
  method: 'DELETE',
  path: `${LEGACY_COMPUTED_ATTRIBUTES}/:attributeId`,
  summary: 'Delete a draft computed attribute (legacy alpha endpoint; 200 empty)',
  tag: 'Computed attributes (legacy)',
  params: CaParamsSchema,
  responses: { 200: z.void() },
  errorShape: 'simple',
});

// ------------------------------------------------------------------------------- local builder

export const PqlPositionSchema = z.object({
  /** 0-based character offset into the expression. */
  offset: z.number().int(),
  /** 1-based. */
  line: z.number().int(),
  column: z.number().int(),
});
export type PqlPosition = z.infer<typeof PqlPositionSchema>;

export const ValidateExpressionBodySchema = z.object({
  expression: z.string().max(MAX_EXPRESSION, `expression must be at most ${MAX_EXPRESSION} characters`),
  /** When given, a `timestamp occurs` condition is checked against it. */
  duration: DurationSchema.optional(),
});
export type ValidateExpressionBody = z.input<typeof ValidateExpressionBodySchema>;

export const ValidationResultSchema = z.discriminatedUnion('valid', [
  z.object({
    valid: z.literal(true),
    function: z.enum(CA_FUNCTIONS),
    mergeFunction: z.enum(MERGE_FUNCTIONS),
    returnSchema: z.object({ 'meta:xdmType': z.enum(XDM_TYPES) }),
    /** Event fields the expression reads. */
    fields: z.array(z.string()),
    /** The expression re-printed in canonical form. */
    canonical: z.string(),
  }),
  z.object({
    valid: z.literal(false),
    /** The message the create endpoint would answer with (400). */
    message: z.string(),
    /** Where the problem starts, when it is in the text. */
    position: PqlPositionSchema.nullable(),
    /** What the parser expected there. */
    expected: z.array(z.string()),
  }),
]);
export type ValidationResult = z.infer<typeof ValidationResultSchema>;

export const validateExpression = defineEndpoint({
  id: 'validateComputedAttributeExpression',
  method: 'POST',
  path: `${LOCAL_CA}/validate`,
  summary: 'Check a PQL expression against the parser and the sandbox event fields (200 with valid true/false)',
  tag: 'Local',
  body: ValidateExpressionBodySchema,
  responses: { 200: ValidationResultSchema },
  errorShape: 'simple',
});

export const FIELD_TYPES = ['string', 'number', 'boolean', 'object', 'array'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const EventFieldSchema = z.object({
  /** Dotted path, e.g. `commerce.order.priceTotal`. */
  path: z.string(),
  /** JSON types seen at that path (null values are not counted). */
  types: z.array(z.enum(FIELD_TYPES)),
  /** A value seen there (scalars only). */
  example: z.union([z.string(), z.number(), z.boolean()]).nullable(),
});
export type EventField = z.infer<typeof EventFieldSchema>;

export const EventFieldListSchema = z.object({
  fields: z.array(EventFieldSchema),
  /** Events read into the catalog so far, and in the store. */
  scannedEvents: z.number(),
  totalEvents: z.number(),
  /** Every stored event has been read (otherwise the catalog is still catching up). */
  complete: z.boolean(),
});
export type EventFieldList = z.infer<typeof EventFieldListSchema>;

export const listEventFields = defineEndpoint({
  id: 'listComputedAttributeEventFields',
  method: 'GET',
  path: `${LOCAL_CA}/event-fields`,
  summary: 'The experience event field paths present in the sandbox, with their JSON types',
  tag: 'Local',
  responses: { 200: EventFieldListSchema },
  errorShape: 'simple',
});

export const DryRunBodySchema = z.object({
  expression: z.string().max(MAX_EXPRESSION),
  duration: DurationSchema,
  /** The profile: an identity value with its namespace, or an XID alone. */
  entityId: z.string({ error: 'entityId is required' }).min(1, 'entityId must not be empty').max(1024),
  entityIdNS: z.string().min(1).max(64).optional(),
  /** ms; defaults to now. */
  asOf: z.number().int().positive().optional(),
});
export type DryRunBody = z.input<typeof DryRunBodySchema>;

export const DryRunEventSchema = z.object({
  eventId: z.string(),
  datasetId: z.string(),
  /** ms */
  timestamp: z.number(),
  eventType: z.string().nullable(),
  /** The aggregated field's value on this event (null for count()). */
  value: z.union([z.string(), z.number(), z.boolean()]).nullable(),
  /** This event alone decided the value (min, max, mostRecent). */
  decisive: z.boolean(),
});
export type DryRunEvent = z.infer<typeof DryRunEventSchema>;

export const DryRunResultSchema = z.object({
  /** null: no event in the window matched (count: 0). */
  value: z.union([z.string(), z.number(), z.boolean()]).nullable(),
  mergeFunction: z.enum(MERGE_FUNCTIONS),
  returnSchema: z.object({ 'meta:xdmType': z.enum(XDM_TYPES) }),
  /** XID of the looked-up identity and the identities merged (default merge policy). */
  entityId: z.string(),
  identities: z.array(z.object({ xid: z.string(), namespace: z.string(), id: z.string() })),
  /** ms: the event timestamps considered, [from, to]. */
  window: z.object({ from: z.number(), to: z.number() }),
  /** Events of the profile in the window, and how many matched the condition. */
  eventsInWindow: z.number(),
  matched: z.number(),
  /** The events that produced the value (at most 200, most recent first). */
  events: z.array(DryRunEventSchema),
});
export type DryRunResult = z.infer<typeof DryRunResultSchema>;

export const dryRunComputedAttribute = defineEndpoint({
  id: 'dryRunComputedAttribute',
  method: 'POST',
  path: `${LOCAL_CA}/dry-run`,
  summary: 'Evaluate an expression on one profile (default merge policy): the value and the events that produced it',
  tag: 'Local',
  body: DryRunBodySchema,
  responses: { 200: DryRunResultSchema },
  errorShape: 'simple',
});

export const CaSummarySchema = z.object({
  /** Profiles holding a value (count: profiles with at least one matching event). */
  profilesWithValue: z.number(),
  distribution: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('numeric'), min: z.number(), max: z.number(), buckets: z.array(z.object({ from: z.number(), to: z.number(), count: z.number() })) }),
    z.object({ kind: z.literal('categorical'), values: z.array(z.object({ value: z.string(), count: z.number() })), otherCount: z.number() }),
    z.object({ kind: z.literal('empty') }),
  ]),
  /** Profiles with the highest values (or a sample for categorical values). */
  samples: z.array(
    z.object({
      /** XID of one identity of the profile (the one a lookup would use), with its namespace and value. */
      entityId: z.string(),
      namespace: z.string(),
      id: z.string(),
      value: z.union([z.string(), z.number(), z.boolean()]),
    }),
  ),
  /** `lastEvaluationTs` of the values summarised ("" when not evaluated yet). */
  asOf: z.string(),
});
export type CaSummary = z.infer<typeof CaSummarySchema>;

export const getComputedAttributeSummary = defineEndpoint({
  id: 'getComputedAttributeSummary',
  method: 'GET',
  path: `${LOCAL_CA}/:attributeId/summary`,
  summary: 'Value distribution and sample profiles of an evaluated computed attribute',
  tag: 'Local',
  params: CaParamsSchema,
  responses: { 200: CaSummarySchema },
  errorShape: 'simple',
});

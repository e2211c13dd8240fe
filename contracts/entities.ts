// Profile Access (AEP `/data/core/ups/access/entities`, api-contract §3): merged profiles and their
// experience events. Errors use the entities envelope `{message, cause?, statusCode: "<n>"}`.
// Lenient input (§10): `entityIdNS` or `entityIdNs`, `orderby` or `orderBy`, namespace codes in any
// case, an XID alone instead of id + namespace.
import { z } from 'zod';
import { defineEndpoint } from './endpoint.ts';
import { EVENT_CLASS, PROFILE_CLASS, QueryBooleanSchema, queryInt } from './common.ts';
import { EntitiesErrorSchema } from './errors.ts';
import { LenientBooleanSchema, UPS } from './merge-policies.ts';

export const ENTITIES = `${UPS}/access/entities`;

export const ACCOUNT_CLASS = '_xdm.context.account';
export const OPPORTUNITY_CLASS = '_xdm.context.opportunity';
export const ENTITY_SCHEMA_NAMES = [PROFILE_CLASS, EVENT_CLASS, ACCOUNT_CLASS, OPPORTUNITY_CLASS] as const;

/** Events per page: default and maximum. */
export const DEFAULT_EVENT_LIMIT = 1000;
export const MAX_EVENT_LIMIT = 1000;
/** `property` filters per request (AEP documents three). */
export const MAX_PROPERTY_FILTERS = 3;
/** Identities per POST request. */
export const MAX_POST_IDENTITIES = 100;
/** The `lastModifiedAt` of a stub entry (an identity that matched nothing). */
export const EPOCH_RFC3339 = '1970-01-01T00:00:00Z';

export const EntitySchemaNameSchema = z.enum(ENTITY_SCHEMA_NAMES, {
  error: `schema.name must be one of ${ENTITY_SCHEMA_NAMES.join(', ')}`,
});

/** `timestamp`, `+timestamp` (a `+` may arrive URL-decoded as a space) or `-timestamp`. */
export const EventOrderSchema = z.string().regex(/^[+ -]?timestamp$/, 'orderby must be +timestamp or -timestamp');

const MsSchema = queryInt(0, 8_640_000_000_000_000);

export const GetEntitiesQuerySchema = z.object({
  'schema.name': EntitySchemaNameSchema,
  'relatedSchema.name': z.string().optional(),
  entityId: z.string().min(1, 'entityId must not be empty').max(1024).optional(),
  entityIdNS: z.string().min(1).max(64).optional(),
  entityIdNs: z.string().min(1).max(64).optional(),
  relatedEntityId: z.string().min(1, 'relatedEntityId must not be empty').max(1024).optional(),
  relatedEntityIdNS: z.string().min(1).max(64).optional(),
  relatedEntityIdNs: z.string().min(1).max(64).optional(),
  /** Comma-separated dot paths, e.g. `person.name,personalEmail`. */
  fields: z.string().max(4096).optional(),
  mergePolicyId: z.string().min(1).max(128).optional(),
  /** Events: ms, inclusive. */
  startTime: MsSchema.optional(),
  /** Events: ms, exclusive. */
  endTime: MsSchema.optional(),
  limit: queryInt(1, MAX_EVENT_LIMIT).default(DEFAULT_EVENT_LIMIT),
  orderby: EventOrderSchema.optional(),
  orderBy: EventOrderSchema.optional(),
  /** Events: `path<op>value`, op one of = != < <= > >=; up to three. */
  property: z.union([z.string(), z.array(z.string())]).optional(),
  /** Add the profile's computed attribute values at `_<tenant>.ComputedAttributes.<name>` (computed-attributes.ts). */
  withCA: QueryBooleanSchema.optional(),
  /** Events: cursor (an event `_id`) copied from `_links.next.href`. */
  start: z.string().min(1).max(1024).optional(),
  /** Local extension for the console: add `provenance`, `fragments` and `graph` to profile entries. */
  provenance: QueryBooleanSchema.optional(),
});
export type GetEntitiesQuery = z.input<typeof GetEntitiesQuerySchema>;

// ------------------------------------------------------------------------- local provenance extension

export const GraphIdentitySchema = z.object({ xid: z.string(), namespace: z.string(), id: z.string() });
export type GraphIdentity = z.infer<typeof GraphIdentitySchema>;

export const ProvenanceCandidateSchema = z.object({
  fragmentId: z.number(),
  datasetId: z.string(),
  batchId: z.string(),
  identity: GraphIdentitySchema,
  /** ms: the ingestion time, or `extSourceSystemAudit.lastUpdatedDate` when the record has one. */
  timestamp: z.number(),
  timestampSource: z.enum(['ingestion', 'lastUpdatedDate']),
  value: z.unknown(),
});
export type ProvenanceCandidate = z.infer<typeof ProvenanceCandidateSchema>;

export const AttributeProvenanceSchema = z.object({
  path: z.string(),
  winner: ProvenanceCandidateSchema,
  reason: z.string(),
  /** Other fragments with a value at this path, runner-up first. */
  losers: z.array(ProvenanceCandidateSchema),
});
export type AttributeProvenance = z.infer<typeof AttributeProvenanceSchema>;

export const ProfileFragmentSchema = z.object({
  fragmentId: z.number(),
  datasetId: z.string(),
  batchId: z.string(),
  identity: GraphIdentitySchema,
  /** ms, system ingestion time. */
  ingestedAt: z.number(),
  record: z.record(z.string(), z.unknown()),
});
export type ProfileFragment = z.infer<typeof ProfileFragmentSchema>;

export const IdentityLinkSchema = z.object({
  /** XIDs of the two linked identities. */
  from: z.string(),
  to: z.string(),
  datasetId: z.string(),
  batchId: z.string(),
  /** ms */
  createdAt: z.number(),
});
export type IdentityLink = z.infer<typeof IdentityLinkSchema>;

export const ProfileGraphSchema = z.object({
  identities: z.array(GraphIdentitySchema),
  /** Which dataset and batch linked two identities (one entry per link, dataset and batch). */
  links: z.array(IdentityLinkSchema),
});
export type ProfileGraph = z.infer<typeof ProfileGraphSchema>;

// ------------------------------------------------------------------------------------ responses

export const EntitySchema = z.object({
  /** XID of the looked-up identity; equals the map key. */
  entityId: z.string(),
  /** Dataset ids that contributed. */
  sources: z.array(z.string()),
  /** Batch ids that contributed. */
  tags: z.array(z.string()).optional(),
  /** XIDs of the identities merged (pdg: the identity graph; none: the looked-up identity). */
  identityGraph: z.array(z.string()).optional(),
  mergePolicy: z.object({ id: z.string() }).optional(),
  /** The merged XDM record (identities in `identityMap`), projected to `fields`. */
  entity: z.record(z.string(), z.unknown()),
  /** RFC 3339. */
  lastModifiedAt: z.string(),
  /** Local extension (`provenance=true`): per attribute path, the winner, losers and reason. */
  provenance: z.record(z.string(), AttributeProvenanceSchema).optional(),
  /** Local extension (`provenance=true`): the merged fragments, winner first. */
  fragments: z.array(ProfileFragmentSchema).optional(),
  /** Local extension (`provenance=true`): the identities and links of the merged graph. */
  graph: ProfileGraphSchema.optional(),
});
export type Entity = z.infer<typeof EntitySchema>;

export const EntityMapSchema = z.record(z.string(), EntitySchema);
export type EntityMap = z.infer<typeof EntityMapSchema>;

export const ExperienceEventSchema = z.object({
  /** XID of the profile the event belongs to. */
  relatedEntityId: z.string(),
  /** The event `_id`. */
  entityId: z.string(),
  /** ms */
  timestamp: z.number(),
  entity: z.record(z.string(), z.unknown()),
  /** RFC 3339 (ingestion time). */
  lastModifiedAt: z.string(),
});
export type ExperienceEvent = z.infer<typeof ExperienceEventSchema>;

export const EventPageSchema = z.object({
  _page: z.object({
    orderby: z.string(),
    /** `_id` of the first child, "" when empty. */
    start: z.string(),
    count: z.number().int(),
    /** `_id` of the first event of the next page, "" on the last page. */
    next: z.string(),
  }),
  children: z.array(ExperienceEventSchema),
  _links: z.object({
    next: z.object({
      /** GET: `/entities?start=...` relative to `/data/core/ups/access`; POST: `/entities`; "" on the last page. */
      href: z.string(),
      /** POST only: the body to POST for the next page. */
      payload: z.record(z.string(), z.unknown()).optional(),
    }),
  }),
});
export type EventPage = z.infer<typeof EventPageSchema>;

/** A failed identity inside a 207 answer (spec `ErrorResponseById`). */
export const ErrorByIdSchema = z.object({ xid: z.string(), error: EntitiesErrorSchema });
export type ErrorById = z.infer<typeof ErrorByIdSchema>;

export const GetEntitiesResponseSchema = z.union([EntityMapSchema, EventPageSchema]);

// ------------------------------------------------------------------------------------- POST

/** `{"code": "ECID"}` (documented) or a bare code string. */
export const NamespaceRefSchema = z.union([z.object({ code: z.string().min(1).max(64) }), z.string().min(1).max(64)]);

export const PostEntityIdentitySchema = z.object({
  entityId: z.string().min(1).max(1024).optional(),
  entityIdNS: NamespaceRefSchema.optional(),
  entityIdNs: NamespaceRefSchema.optional(),
  relatedEntityId: z.string().min(1).max(1024).optional(),
  relatedEntityIdNS: NamespaceRefSchema.optional(),
  relatedEntityIdNs: NamespaceRefSchema.optional(),
  /** Events: the cursor from a previous page's `_links.next.payload`. */
  start: z.string().min(1).max(1024).optional(),
});
export type PostEntityIdentity = z.infer<typeof PostEntityIdentitySchema>;

export const PostEntitiesBodySchema = z.object({
  schema: z.object({ name: EntitySchemaNameSchema }, { error: 'schema is required: {"name": "_xdm.context.profile"}' }),
  relatedSchema: z.object({ name: z.string() }).optional(),
  identities: z
    .array(PostEntityIdentitySchema, { error: 'identities must be an array' })
    .min(1, 'identities must list at least one identity')
    .max(MAX_POST_IDENTITIES, `identities may list at most ${MAX_POST_IDENTITIES} identities`),
  fields: z.union([z.array(z.string().max(1024)).max(200), z.string().max(4096)]).optional(),
  mergePolicyId: z.string().min(1).max(128).optional(),
  timeFilter: z
    .object({
      startTime: z.number().int().min(0).optional(),
      endTime: z.number().int().min(0).optional(),
    })
    .optional(),
  limit: z.number().int().min(1).max(MAX_EVENT_LIMIT).default(DEFAULT_EVENT_LIMIT),
  orderby: EventOrderSchema.optional(),
  orderBy: EventOrderSchema.optional(),
  withCA: LenientBooleanSchema.optional(),
});
export type PostEntitiesBody = z.input<typeof PostEntitiesBodySchema>;

/** Keyed by XID (profiles) or by the requested relatedEntityId (events). */
export const PostEntitiesResponseSchema = z.record(z.string(), z.union([EntitySchema, EventPageSchema, ErrorByIdSchema]));
export type PostEntitiesResponse = z.infer<typeof PostEntitiesResponseSchema>;

// ------------------------------------------------------------------------------------- DELETE

export const DeleteEntitiesQuerySchema = z.object({
  'schema.name': z.literal(PROFILE_CLASS, { error: `schema.name must be ${PROFILE_CLASS}: only profiles can be deleted here` }),
  entityId: z.string({ error: 'entityId is required' }).min(1, 'entityId must not be empty').max(1024),
  entityIdNS: z.string().min(1).max(64).optional(),
  entityIdNs: z.string().min(1).max(64).optional(),
  mergePolicyId: z.string().min(1).max(128).optional(),
});
export type DeleteEntitiesQuery = z.input<typeof DeleteEntitiesQuerySchema>;

// ---------------------------------------------------------------------------------- endpoints

export const getEntities = defineEndpoint({
  id: 'getEntities',
  method: 'GET',
  path: ENTITIES,
  summary: 'Look up a merged profile (entityId + entityIdNS, or an XID) or the experience events of one',
  tag: 'Entities',
  query: GetEntitiesQuerySchema,
  responses: { 200: GetEntitiesResponseSchema },
  errorShape: 'entities',
});

export const postEntities = defineEndpoint({
  id: 'postEntities',
  method: 'POST',
  path: ENTITIES,
  summary: 'Look up several profiles, or the events of several profiles (207 when some identities fail)',
  tag: 'Entities',
  body: PostEntitiesBodySchema,
  responses: { 200: PostEntitiesResponseSchema, 207: PostEntitiesResponseSchema },
  errorShape: 'entities',
});

export const deleteEntities = defineEndpoint({
  id: 'deleteEntities',
  method: 'DELETE',
  path: ENTITIES,
  summary: "Delete a profile's data (its fragments and events under the merge policy's stitching)",
  tag: 'Entities',
  query: DeleteEntitiesQuerySchema,
  responses: { 202: z.void() },
  errorShape: 'entities',
});

/** Resolves a GET `_links.next.href` (`/entities?...`, relative to `/data/core/ups/access`) to a path on this service. */
export function entitiesHrefToPath(href: string): string {
  return href.startsWith('/entities') ? `${UPS}/access${href}` : href;
}

// Profile system jobs: delete requests (AEP `/data/core/ups/system/jobs`, api-contract §6), plus
// the local impact preview. Two generations of the wire format exist (§6.1 legacy, §6.2 new); the
// service answers in the legacy one unless the request carries `x-sandbox-id`, as AWS-hosted orgs'
// clients do. Create bodies are the same for both (§10: accept `dataSetId` and `datasetId`).
import { z } from 'zod';
import { defineEndpoint } from './endpoint.ts';
import { queryInt } from './common.ts';
import { LOCAL } from './local.ts';
import { UPS } from './merge-policies.ts';

export const SYSTEM_JOBS = `${UPS}/system/jobs`;

/** Sent by AWS-hosted orgs' clients instead of (or next to) x-sandbox-name; selects the new format. */
export const HEADER_SANDBOX_ID = 'x-sandbox-id';

// ---------------------------------------------------------------------------------------- legacy

export const LEGACY_JOB_STATUSES = ['NEW', 'PROCESSING', 'COMPLETED', 'ERROR'] as const;
export const LegacyJobStatusSchema = z.enum(LEGACY_JOB_STATUSES);
export type LegacyJobStatus = z.infer<typeof LegacyJobStatusSchema>;

/** §6.1: `metrics` is a JSON-encoded string; absent until the job starts. */
export const LegacySystemJobSchema = z.object({
  id: z.string(),
  imsOrgId: z.string(),
  /** Dataset deletes (capital S). */
  dataSetId: z.string().optional(),
  /** Batch deletes: the batch's dataset (as in the Azure/AWS-tab revision's example). */
  datasetId: z.string().optional(),
  batchId: z.string().optional(),
  jobType: z.literal('DELETE'),
  status: LegacyJobStatusSchema,
  metrics: z.string().optional(),
  /** Epoch seconds. */
  createEpoch: z.number().int(),
  updateEpoch: z.number().int(),
});
export type LegacySystemJob = z.infer<typeof LegacySystemJobSchema>;

export const LegacySystemJobListSchema = z.object({
  /** `count`: all requests (doc wording); `next`: the `start` of the next page, absent on the last. */
  _page: z.object({ count: z.number().int(), next: z.string().optional() }),
  children: z.array(LegacySystemJobSchema),
});
export type LegacySystemJobList = z.infer<typeof LegacySystemJobListSchema>;

/**
 * What `metrics` holds once decoded. AEP documents `recordsProcessed` and `timeTakenInSec`; the
 * local service adds the graph-repair figures and the phase while the job runs.
 */
export const DeleteMetricsSchema = z.object({
  recordsProcessed: z.number(),
  timeTakenInSec: z.number(),
  fragmentsDeleted: z.number().optional(),
  eventsDeleted: z.number().optional(),
  identityLinksDeleted: z.number().optional(),
  identitiesDeleted: z.number().optional(),
  graphsRepaired: z.number().optional(),
  graphsSplit: z.number().optional(),
  /** Records to delete, as estimated when the job started (progress). */
  recordsToProcess: z.number().optional(),
  /** records (deleting records, repairing their graphs) | links (repairing graphs of leftover links) | done */
  phase: z.string().optional(),
  /** Epoch seconds the job started processing, and finished. */
  startEpoch: z.number().optional(),
  endEpoch: z.number().optional(),
  /** Why the job ended in ERROR. */
  error: z.string().optional(),
});
export type DeleteMetrics = z.infer<typeof DeleteMetricsSchema>;

/** Decodes a legacy job's `metrics` string; undefined when absent or not metrics. */
export function parseDeleteMetrics(metrics: string | undefined): DeleteMetrics | undefined {
  if (!metrics) return undefined;
  try {
    const parsed = DeleteMetricsSchema.safeParse(JSON.parse(metrics));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

// ------------------------------------------------------------------------------------------- new

export const SYSTEM_JOB_STATUSES = ['NEW', 'IN-PROGRESS', 'SUCCESS', 'ERROR', 'FAILED'] as const;
export const SystemJobStatusSchema = z.enum(SYSTEM_JOB_STATUSES);
export const SystemJobRequestTypeSchema = z.enum(['TRUNCATE_DATASET', 'DELETE_EE_BATCH', 'BACKFILL_TTL']);
export type SystemJobRequestType = z.infer<typeof SystemJobRequestTypeSchema>;

/** §6.2: ISO times with microseconds. */
export const SystemJobSchema = z.object({
  requestId: z.string(),
  requestType: SystemJobRequestTypeSchema,
  imsOrgId: z.string(),
  sandbox: z.object({ sandboxName: z.string(), sandboxId: z.string() }),
  status: SystemJobStatusSchema,
  properties: z.object({ datasetId: z.string(), batchId: z.string().optional() }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SystemJob = z.infer<typeof SystemJobSchema>;

export const SystemJobListSchema = z.object({
  /** `start`: the 0-based page number, as a string; `next`: the next page number, absent on the last. */
  _page: z.object({ pageSize: z.number().int(), start: z.string(), totalCount: z.number().int(), next: z.number().int().optional() }),
  children: z.array(SystemJobSchema),
});
export type SystemJobList = z.infer<typeof SystemJobListSchema>;

export const AnySystemJobSchema = z.union([LegacySystemJobSchema, SystemJobSchema]);
export type AnySystemJob = z.infer<typeof AnySystemJobSchema>;

export const isLegacySystemJob = (job: AnySystemJob): job is LegacySystemJob => 'id' in job && 'jobType' in job;

// ------------------------------------------------------------------------------------ operations

/**
 * A whole dataset: `{"dataSetId"}` (or `{"datasetId"}`); one batch of an experience-event dataset:
 * `{"datasetId", "batchId"}` (or the legacy `{"batchId"}` alone). Ids are checked by the service,
 * which answers bad ones in the format the request asked for.
 */
export const CreateSystemJobBodySchema = z.object({
  dataSetId: z.string().optional(),
  datasetId: z.string().optional(),
  batchId: z.string().optional(),
});
export type CreateSystemJobBody = z.infer<typeof CreateSystemJobBodySchema>;

export const SYSTEM_JOB_SORT_FIELDS = [
  'createEpoch',
  'updateEpoch',
  'createdAt',
  'updatedAt',
  'status',
  'batchId',
  'dataSetId',
  'datasetId',
  'id',
  'requestId',
  'requestType',
] as const;

export const ListSystemJobsQuerySchema = z.object({
  /** Legacy: offset into the list; new format: the 0-based page number. */
  start: queryInt(0, 1_000_000_000).optional(),
  /** Page size (default 100). */
  limit: queryInt(1, 1000).optional(),
  /** Legacy: 0-based page number, used when `start` is absent. */
  page: queryInt(0, 1_000_000).optional(),
  sort: z
    .string()
    .regex(
      new RegExp(`^(${SYSTEM_JOB_SORT_FIELDS.join('|')}):(asc|desc)$`),
      `sort must look like createEpoch:desc or batchId:asc (fields: ${SYSTEM_JOB_SORT_FIELDS.join(', ')})`,
    )
    .optional(),
});
export type ListSystemJobsQuery = z.input<typeof ListSystemJobsQuerySchema>;

export const SystemJobParamsSchema = z.object({ id: z.string().min(1).max(128) });

export const listSystemJobs = defineEndpoint({
  id: 'listSystemJobs',
  method: 'GET',
  path: SYSTEM_JOBS,
  summary: 'List delete requests (profile system jobs), newest first',
  tag: 'System jobs',
  query: ListSystemJobsQuerySchema,
  responses: { 200: z.union([LegacySystemJobListSchema, SystemJobListSchema]) },
  errorShape: 'legacyJob',
});

export const createSystemJob = defineEndpoint({
  id: 'createSystemJob',
  method: 'POST',
  path: SYSTEM_JOBS,
  summary: "Request the deletion of a dataset's, or an experience-event batch's, Profile-store data",
  tag: 'System jobs',
  body: CreateSystemJobBodySchema,
  responses: { 200: AnySystemJobSchema },
  errorShape: 'legacyJob',
});

export const getSystemJob = defineEndpoint({
  id: 'getSystemJob',
  method: 'GET',
  path: `${SYSTEM_JOBS}/:id`,
  summary: 'Get one delete request: status and metrics',
  tag: 'System jobs',
  params: SystemJobParamsSchema,
  responses: { 200: AnySystemJobSchema },
  errorShape: 'legacyJob',
});

export const deleteSystemJob = defineEndpoint({
  id: 'deleteSystemJob',
  method: 'DELETE',
  path: `${SYSTEM_JOBS}/:id`,
  summary: 'Remove the record of a delete request that is not processing (a NEW one is withdrawn)',
  tag: 'System jobs',
  params: SystemJobParamsSchema,
  responses: { 200: z.void() },
  errorShape: 'legacyJob',
});

// ------------------------------------------------------------------------- local: impact preview

export const DeleteImpactBodySchema = z.object({
  datasetId: z.string().regex(/^[0-9a-f]{24}$/, 'datasetId must be a 24-character hexadecimal dataset id'),
  batchId: z.string().regex(/^[0-9a-f]{32}$/, 'batchId must be a 32-character hexadecimal batch id').optional(),
});
export type DeleteImpactBody = z.infer<typeof DeleteImpactBodySchema>;

/** What a delete request would do now. Profiles are merged under the identity graph (pdg). */
export const DeleteImpactSchema = z.object({
  datasetId: z.string(),
  batchId: z.string().optional(),
  fragments: z.number().int(),
  events: z.number().int(),
  /** Profiles whose every fragment and event goes: they stop existing. */
  profilesRemoved: z.number().int(),
  /** Profiles that lose some data and remain. */
  profilesReduced: z.number().int(),
  /** Identity graphs the target's records or links touch. */
  graphsAffected: z.number().int(),
  /** Graphs that fall apart into several graphs once the target's links go. */
  graphsSplit: z.number().int(),
  /** Identities that no longer appear in any record or link afterwards. */
  identitiesRemoved: z.number().int(),
  /** Epoch ms the preview was computed. */
  computedAt: z.number().int(),
});
export type DeleteImpact = z.infer<typeof DeleteImpactSchema>;

export const previewDeleteImpact = defineEndpoint({
  id: 'previewDeleteImpact',
  method: 'POST',
  path: `${LOCAL}/delete-requests/impact`,
  summary: 'Impact preview of a delete request: records, profiles and graphs it would change',
  tag: 'Local',
  body: DeleteImpactBodySchema,
  responses: { 200: DeleteImpactSchema },
  errorShape: 'problem',
});

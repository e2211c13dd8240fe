// Profile export jobs (AEP `/data/core/ups/export/jobs`, api-contract §5), the Data Access paths
// that serve an export's output (`/data/foundation/export/batches/{batchId}/files`,
// `/data/foundation/export/files/{dataSetFileId}`) and the console's local helpers (whole-export
// download as NDJSON or CSV, the attribute paths present in a sandbox).
//
// Where Adobe's sources disagree (§10) every documented form is accepted and the first is emitted:
// `destination.datasetId` or `dataSetId` in, `datasetId` out; list paging by `limit` + `offset`
// (the opaque `<creationTimeMs>_<id>` cursor; a plain row offset is accepted too, as a local
// extension); cancel answers 204 with no body (profile doc), not the segmentation spec's 200 body.
import { z } from 'zod';
import { defineEndpoint } from './endpoint.ts';
import { BatchIdSchema, PROFILE_CLASS, queryInt } from './common.ts';
import { LOCAL } from './local.ts';
import { LenientBooleanSchema, UPS } from './merge-policies.ts';

export const EXPORT_JOBS = `${UPS}/export/jobs`;
/** AEP Data Access base path. */
export const DATA_ACCESS = '/data/foundation/export';

export const EXPORT_JOB_STATUSES = ['NEW', 'PROCESSING', 'SUCCEEDED', 'FAILED'] as const;
export const ExportJobStatusSchema = z.enum(EXPORT_JOB_STATUSES);
export type ExportJobStatus = z.infer<typeof ExportJobStatusSchema>;

/** `errors[].code` values. AEP documents 0100000003 ("Error in Export Job"); the others are local. */
export const EXPORT_ERROR_CODES = {
  /** The export failed while it ran (the message says why). */
  failed: '0100000003',
  /** Cancelled on request (DELETE /export/jobs/{id}). */
  cancelled: '0100000010',
  /** The service stopped while the job ran and it could not resume. */
  interrupted: '0100000011',
} as const;

/** Most files a Data Access listing answers at once (AEP's limit). */
export const MAX_FILES_PER_PAGE = 100;

// ------------------------------------------------------------------------------------ request

/** RFC 3339 with a zone, e.g. `2018-01-01T00:00:00Z` or `2018-10-25T13:22:04-07:00`. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i;

/** Epoch ms of an RFC 3339 timestamp; NaN when it is not one (or names no real date). */
export function parseRfc3339(value: string): number {
  const m = RFC3339.exec(value);
  if (!m) return NaN;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return NaN;
  // Date.parse rolls over impossible dates (Feb 30); the date part must survive a round trip in its zone.
  const [y, mo, d] = value.slice(0, 10).split('-').map(Number);
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return mo >= 1 && mo <= 12 && d >= 1 && d <= days ? ms : NaN;
}

export const Rfc3339Schema = z
  .string({ error: 'expected an RFC 3339 timestamp such as 2018-01-01T00:00:00Z' })
  .refine((v) => !Number.isNaN(parseRfc3339(v)), { message: 'expected an RFC 3339 timestamp such as 2018-01-01T00:00:00Z (date, time and zone)' });

/** One dot path: segments of letters, digits, `_`, `-`, `@`, `:` or `$`; no empty segment. */
const FIELD_PATH = /^[A-Za-z0-9_@:$-]+(\.[A-Za-z0-9_@:$-]+)*$/;
export const MAX_FIELDS = 200;

/** The paths of a `fields` list (a comma-separated string); an error message when it is malformed. */
export function parseFieldList(value: string | string[]): string[] | string {
  const raw = Array.isArray(value) ? value : value.split(',');
  const paths = raw.map((f) => f.trim());
  if (paths.length === 0 || paths.every((p) => p === '')) return 'list at least one field, e.g. "person.name,personalEmail.address"';
  for (const p of paths) {
    if (p === '') return 'has an empty entry (two commas in a row, or a trailing comma)';
    if (!FIELD_PATH.test(p)) return `"${p.slice(0, 100)}" is not a dot path such as person.name.firstName`;
    if (p.split('.').includes('__proto__')) return `"${p.slice(0, 100)}" is not allowed`;
  }
  if (paths.length > MAX_FIELDS) return `lists ${paths.length} fields; at most ${MAX_FIELDS}`;
  return paths;
}

/** Comma-separated dot paths (AEP's form); an array of paths is accepted too. */
export const FieldListSchema = z
  .union([z.string(), z.array(z.string())], { error: 'expected a comma-separated list of dot paths, e.g. "person.name,personalEmail.address"' })
  .superRefine((value, ctx) => {
    const parsed = parseFieldList(value);
    if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
  });

export const ExportEventFilterSchema = z.object({
  /** Events ingested after this (AEP). */
  fromIngestTimestamp: Rfc3339Schema.optional(),
  /** Events ingested up to this (segmentation doc). */
  toIngestTimestamp: Rfc3339Schema.optional(),
  /** Local extension: events whose XDM `timestamp` is at or after this. */
  fromEventTimestamp: Rfc3339Schema.optional(),
  /** Local extension: events whose XDM `timestamp` is before this. */
  toEventTimestamp: Rfc3339Schema.optional(),
});
export type ExportEventFilter = z.infer<typeof ExportEventFilterSchema>;

export const ExportFilterSchema = z.object({
  /** Audiences: not available yet (answered 422). */
  segments: z.array(z.unknown(), { error: 'filter.segments must be an array' }).optional(),
  segmentQualificationTime: z.unknown().optional(),
  /** Only profiles updated after this. */
  fromIngestTimestamp: Rfc3339Schema.optional(),
  /** true: also profiles that have events but no record data. Default false. */
  emptyProfiles: LenientBooleanSchema.optional(),
});

export const ExportAdditionalFieldsSchema = z.object({
  eventList: z
    .object({
      fields: FieldListSchema.optional(),
      filter: ExportEventFilterSchema.optional(),
    })
    .optional(),
});

export const MergePolicyRefSchema = z.object({
  id: z.string({ error: 'mergePolicy.id is required' }).min(1, 'mergePolicy.id must not be empty').max(128),
  /** Default: the policy's current version. */
  version: z.preprocess((v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v), z.number({ error: 'mergePolicy.version must be a number' }).int().min(1)).optional(),
});

export const CreateExportJobBodySchema = z.object({
  fields: FieldListSchema.optional(),
  mergePolicy: MergePolicyRefSchema.optional(),
  filter: ExportFilterSchema.optional(),
  additionalFields: ExportAdditionalFieldsSchema.optional(),
  destination: z.object(
    {
      datasetId: z.string().optional(),
      /** Some of Adobe's examples spell it so (§10). */
      dataSetId: z.string().optional(),
      segmentPerBatch: LenientBooleanSchema.optional(),
    },
    { error: 'destination is required: {"datasetId": "<dataset id>"}' },
  ),
  schema: z.object({ name: z.string({ error: `schema.name is required: "${PROFILE_CLASS}"` }) }, { error: `schema is required: {"name": "${PROFILE_CLASS}"}` }),
  evaluationInfo: z.object({ segmentation: LenientBooleanSchema.optional() }).optional(),
});
export type CreateExportJobBody = z.input<typeof CreateExportJobBodySchema>;
/** A create body as the service reads it (after parsing). */
export type CreateExportJobRequest = z.output<typeof CreateExportJobBodySchema>;

// ------------------------------------------------------------------------------------ job object

export const TimeMetricSchema = z.object({
  startTimeInMs: z.number(),
  endTimeInMs: z.number().optional(),
  totalTimeInMs: z.number().optional(),
});
export type TimeMetric = z.infer<typeof TimeMetricSchema>;

export const ExportJobErrorSchema = z.object({ code: z.string(), msg: z.string(), callStack: z.string().optional() });
export type ExportJobError = z.infer<typeof ExportJobErrorSchema>;

export const ExportJobSchema = z.object({
  id: z.number().int(),
  jobType: z.enum(['BATCH', 'STREAMING']),
  status: ExportJobStatusSchema,
  profileInstanceId: z.string(),
  requestId: z.string(),
  imsOrgId: z.string(),
  schema: z.object({ name: z.string() }),
  /** As requested, comma-separated. */
  fields: z.string().optional(),
  filter: z
    .object({
      fromIngestTimestamp: z.string().optional(),
      emptyProfiles: z.boolean().optional(),
    })
    .optional(),
  additionalFields: z
    .object({ eventList: z.object({ fields: z.string().optional(), filter: ExportEventFilterSchema.optional() }).optional() })
    .optional(),
  mergePolicy: z.object({ id: z.string(), version: z.number() }),
  destination: z.object({
    datasetId: z.string(),
    segmentPerBatch: z.boolean(),
    /** The output batch; "" when the job failed (no batch was registered). */
    batchId: z.string(),
  }),
  computeGatewayJobId: z.object({ exportJob: z.string().optional(), pushJob: z.string().optional() }),
  metrics: z.object({
    /** From creation to the end. */
    totalTime: TimeMetricSchema,
    /** Reading, merging and writing the profiles. */
    profileExportTime: TimeMetricSchema.optional(),
    /** Registering the written files as a batch of the destination dataset. */
    aCPDatasetWriteTime: TimeMetricSchema.optional(),
    /** Profiles exported (so far, while the job runs). */
    totalExportedProfileCounter: z.number().int().optional(),
    /** Exported profiles per identity namespace present in them (a profile counts once per namespace). */
    exportedProfileByNamespaceCounter: z.record(z.string(), z.number().int()).optional(),
  }),
  errors: z.array(ExportJobErrorSchema).optional(),
  /** ms */
  creationTime: z.number().int(),
  updateTime: z.number().int(),
  /** Local extension: progress of the run. */
  progress: z
    .object({
      /** Candidate profiles (identity graphs; identities under identityGraph none) looked at so far. */
      profilesProcessed: z.number().int(),
      /** Candidate profiles in the store; null while they are being counted. */
      profilesTotal: z.number().int().nullable(),
      /** Profiles skipped because their identity graph links more than 50 identities. */
      profilesSkipped: z.number().int(),
      /** Output files written so far. */
      files: z.number().int(),
    })
    .optional(),
});
export type ExportJob = z.infer<typeof ExportJobSchema>;

export const ExportJobListSchema = z.object({
  records: z.array(ExportJobSchema),
  page: z.object({
    sortField: z.string(),
    sort: z.string(),
    /** `<creationTimeMs>_<id>` of the last record of this page ("" when empty). */
    pageOffset: z.string(),
    pageSize: z.number().int(),
    /** Local extension: jobs matching the filter, all pages. */
    totalCount: z.number().int().optional(),
  }),
  link: z.object({
    /** `/export/jobs/?limit=..&offset=..` relative to `/data/core/ups`; "" on the last page. */
    next: z.string(),
  }),
});
export type ExportJobList = z.infer<typeof ExportJobListSchema>;

export const ExportJobParamsSchema = z.object({
  exportJobId: z.string().regex(/^\d{1,15}$/, 'export job ids are integers, e.g. 24115'),
});

export const ListExportJobsQuerySchema = z.object({
  limit: queryInt(1, 100).default(20),
  /** `<creationTimeMs>_<id>` from `page.pageOffset` / `link.next`; a plain row offset is accepted too. */
  offset: z
    .string()
    .regex(/^(\d{1,16}_\d{1,15}|\d{1,9})$/, 'offset must be the pageOffset of a previous page (e.g. 1538573416687_722) or a row offset')
    .optional(),
  status: z.preprocess((v) => (typeof v === 'string' ? v.toUpperCase() : v), z.enum(EXPORT_JOB_STATUSES, { error: `status must be one of ${EXPORT_JOB_STATUSES.join(', ')}` })).optional(),
});
export type ListExportJobsQuery = z.input<typeof ListExportJobsQuerySchema>;

export const listExportJobs = defineEndpoint({
  id: 'listExportJobs',
  method: 'GET',
  path: EXPORT_JOBS,
  summary: 'List export jobs, newest first (limit, offset cursor, status)',
  tag: 'Export jobs',
  query: ListExportJobsQuerySchema,
  responses: { 200: ExportJobListSchema },
  errorShape: 'problem',
});

export const createExportJob = defineEndpoint({
  id: 'createExportJob',
  method: 'POST',
  path: EXPORT_JOBS,
  summary: 'Export merged profiles (and their events) into a new batch of a dataset',
  tag: 'Export jobs',
  body: CreateExportJobBodySchema,
  responses: { 200: ExportJobSchema },
  errorShape: 'problem',
});

export const getExportJob = defineEndpoint({
  id: 'getExportJob',
  method: 'GET',
  path: `${EXPORT_JOBS}/:exportJobId`,
  summary: 'Get one export job: status, progress, metrics, errors',
  tag: 'Export jobs',
  params: ExportJobParamsSchema,
  responses: { 200: ExportJobSchema },
  errorShape: 'problem',
});

export const cancelExportJob = defineEndpoint({
  id: 'cancelExportJob',
  method: 'DELETE',
  path: `${EXPORT_JOBS}/:exportJobId`,
  summary: 'Cancel a NEW or PROCESSING export job (it ends FAILED with a cancellation error)',
  tag: 'Export jobs',
  params: ExportJobParamsSchema,
  responses: { 204: z.void() },
  errorShape: 'problem',
});

/** Resolves a `link.next` (`/export/jobs/?...`, relative to `/data/core/ups`) to a path on this service. */
export function exportJobsHrefToPath(href: string): string {
  return href.startsWith('/export/jobs') ? `${UPS}${href.replace(/^\/export\/jobs\/\?/, '/export/jobs?')}` : href;
}

// ------------------------------------------------------------------------------------ Data Access

export const DataSetFileSchema = z.object({
  dataSetFileId: z.string(),
  dataSetViewId: z.string(),
  version: z.string(),
  /** Epoch ms, as a string. */
  created: z.string(),
  updated: z.string(),
  records: z.string(),
  size: z.string(),
  isValid: z.boolean(),
  _links: z.object({ self: z.object({ href: z.string() }) }),
});
export type DataSetFile = z.infer<typeof DataSetFileSchema>;

export const DataSetFileListSchema = z.object({
  data: z.array(DataSetFileSchema),
  _page: z.object({ limit: z.number().int(), count: z.number().int() }),
  _links: z.object({ next: z.object({ href: z.string() }).optional() }),
});
export type DataSetFileList = z.infer<typeof DataSetFileListSchema>;

/** `GET /files/{id}` without `path`: the file's parts (here always one). */
export const FileDirectorySchema = z.object({
  data: z.array(z.object({ name: z.string(), length: z.string(), _links: z.object({ self: z.object({ href: z.string() }) }) })),
  _page: z.object({ limit: z.number().int(), count: z.number().int() }),
});
export type FileDirectory = z.infer<typeof FileDirectorySchema>;

export const listBatchFiles = defineEndpoint({
  id: 'listBatchFiles',
  method: 'GET',
  path: `${DATA_ACCESS}/batches/:batchId/files`,
  summary: "List an export batch's files (Data Access)",
  tag: 'Data Access',
  params: z.object({ batchId: BatchIdSchema }),
  query: z.object({ start: queryInt(0, 1_000_000).default(0), limit: queryInt(1, MAX_FILES_PER_PAGE).default(MAX_FILES_PER_PAGE) }),
  responses: { 200: DataSetFileListSchema },
  errorShape: 'problem',
});

export const DataSetFileIdSchema = z.string().regex(/^[0-9a-f]{32}-\d{1,6}$/, 'a dataset file id such as 8d075b5a178e48389126b9289dcfd0ac-1');

export const getDataSetFile = defineEndpoint({
  id: 'getDataSetFile',
  method: 'GET',
  path: `${DATA_ACCESS}/files/:dataSetFileId`,
  summary: 'Without path: the file\'s parts; with ?path=<name>: its content (NDJSON, streamed; Range supported)',
  tag: 'Data Access',
  params: z.object({ dataSetFileId: DataSetFileIdSchema }),
  query: z.object({ path: z.string().min(1).max(255).optional(), start: queryInt(0, 1_000_000).default(0), limit: queryInt(1, MAX_FILES_PER_PAGE).default(MAX_FILES_PER_PAGE) }),
  responses: { 200: z.union([FileDirectorySchema, z.unknown()]), 206: z.unknown() },
  errorShape: 'problem',
});

// ------------------------------------------------------------------------------------ local

export const EXPORT_DOWNLOAD_FORMATS = ['ndjson', 'csv'] as const;
export type ExportDownloadFormat = (typeof EXPORT_DOWNLOAD_FORMATS)[number];

/**
 * The whole output of a SUCCEEDED export as one download: NDJSON (the files concatenated) or CSV
 * (one row per profile, one column per attribute path; arrays such as `eventList` as JSON cells;
 * cells starting with = + - @ (or a tab or carriage return) are prefixed with ' so spreadsheets
 * never run them as formulas).
 */
export const downloadExportJob = defineEndpoint({
  id: 'downloadExportJob',
  method: 'GET',
  path: `${LOCAL}/export-jobs/:exportJobId/download`,
  summary: 'Download the output of a SUCCEEDED export job as NDJSON or CSV (streamed)',
  tag: 'Local',
  params: ExportJobParamsSchema,
  query: z.object({ format: z.enum(EXPORT_DOWNLOAD_FORMATS, { error: 'format must be ndjson or csv' }).default('ndjson') }),
  responses: { 200: z.unknown() },
  errorShape: 'problem',
});

export const AttributePathSchema = z.object({
  path: z.string(),
  /** object: has attributes below it; value: a leaf (a string, number, boolean or array). */
  kind: z.enum(['object', 'value']),
  /** Sampled records that have it. */
  count: z.number().int(),
});
export type AttributePath = z.infer<typeof AttributePathSchema>;

export const AttributePathsSchema = z.object({
  /** Paths of profile records (fragments), sorted. */
  profile: z.array(AttributePathSchema),
  /** Paths of experience events, sorted. */
  event: z.array(AttributePathSchema),
  /** Records read per class (a sample of every dataset). */
  sampled: z.object({ profile: z.number().int(), event: z.number().int() }),
});
export type AttributePaths = z.infer<typeof AttributePathsSchema>;

export const listAttributePaths = defineEndpoint({
  id: 'listAttributePaths',
  method: 'GET',
  path: `${LOCAL}/attribute-paths`,
  summary: 'Attribute paths present in the sandbox (from a sample of every dataset), for field pickers',
  tag: 'Local',
  responses: { 200: AttributePathsSchema },
  errorShape: 'problem',
});

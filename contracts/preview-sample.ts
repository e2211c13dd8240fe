// Profile preview: the sample job's status and its dated reports (AEP
// `/data/core/ups/previewsamplestatus`, api-contract §7), plus the local run-now and history
// endpoints under `/_local/preview-sample`.
//
// Wire formats are AEP's, including its quirks:
// * counts in `/previewsamplestatus` are strings (`totalRows: "41003"`), some double-quoted inside
//   the string (`cosmosDocCount: "\"300803\""`, `lastBatchId: "\"null\""`);
// * the status uses `"2020-08-01 17:57:57.0"` (space, no zone) and the reports
//   `"2020-08-01T17:57:58.697"` (no zone); both are UTC here;
// * the doc-count field is `cosmosDocCount` in the docs and `docCount` in the spec (§10): both
//   are accepted, `cosmosDocCount` is emitted; the unstitched report is also served at its older
//   path `/report/unknownProfiles`, keyed `unknownProfiles`.
import { z } from 'zod';
import { defineEndpoint } from './endpoint.ts';
import { queryInt } from './common.ts';
import { LOCAL } from './local.ts';
import { UPS } from './merge-policies.ts';

export const PREVIEW_SAMPLE_STATUS = `${UPS}/previewsamplestatus`;
export const PREVIEW_REPORTS = `${PREVIEW_SAMPLE_STATUS}/report`;
export const LOCAL_PREVIEW_SAMPLE = `${LOCAL}/preview-sample`;

/** `YYYY-MM-DD` that names a real calendar day. */
export function isReportDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export const ReportDateSchema = z
  .string()
  .refine(isReportDate, 'date must be a calendar day written YYYY-MM-DD, e.g. 2024-12-31');

export const ReportQuerySchema = z.object({
  /** The report of that day (UTC; the latest run of the day); omitted: the latest report. */
  date: ReportDateSchema.optional(),
});
export type ReportQuery = z.infer<typeof ReportQuerySchema>;

// ------------------------------------------------------------------------------------ §7.1 status

export const PreviewSampleStatusSchema = z.object({
  /** Merged profiles in the sample (a string). */
  numRowsToRead: z.string(),
  sampleJobRunning: z.object({
    status: z.boolean(),
    /** `YYYY-MM-DD HH:MM:SS.f` of the running (else the last) sample job; absent before the first. */
    submissionTimestamp: z.string().optional(),
  }),
  /** Documents in the store (fragments + events), double-quoted inside the string: `"\"300803\""`. */
  cosmosDocCount: z.string().optional(),
  /** The spec's name for cosmosDocCount (accepted, not emitted). */
  docCount: z.string().optional(),
  totalFragmentCount: z.number().int(),
  /** Double-quoted inside the string; `"\"null\""` when there is none. */
  lastSuccessfulBatchTimestamp: z.string(),
  /** Deprecated; always `"\"false\""` here. */
  streamingDriven: z.string(),
  /** Merged profiles, incl. event-only ones (a string). */
  totalRows: z.string(),
  /** Double-quoted inside the string; `"\"null\""` when there is none. */
  lastBatchId: z.string(),
  /** Of the last finished sample: TASK_FINISHED, TASK_FAILED; NOT_STARTED before the first. */
  status: z.string(),
  /** numRowsToRead / totalRows. */
  samplingRatio: z.number(),
  /** `<attributeMerge>_<identityGraph>` of the merge policy the sample counted with. */
  mergeStrategy: z.string(),
  /** `YYYY-MM-DD HH:MM:SS.f`; `"\"null\""` before the first sample. */
  lastSampledTimestamp: z.string(),
});
export type PreviewSampleStatus = z.infer<typeof PreviewSampleStatusSchema>;

// ------------------------------------------------------------------------------------ §7.2 – §7.6

export const DatasetReportItemSchema = z.object({
  sampleCount: z.number().int(),
  samplePercentage: z.number(),
  fullIDsCount: z.number().int(),
  fullIDsPercentage: z.number(),
  name: z.string(),
  description: z.string(),
  /** The dataset id. */
  value: z.string(),
  streamingIngestionEnabled: z.string(),
  createdUser: z.string(),
  reportTimestamp: z.string(),
});
export type DatasetReportItem = z.infer<typeof DatasetReportItemSchema>;

export const DatasetReportSchema = z.object({ data: z.array(DatasetReportItemSchema), reportTimestamp: z.string() });
export type DatasetReport = z.infer<typeof DatasetReportSchema>;

export const NamespaceReportItemSchema = z.object({
  sampleCount: z.number().int(),
  samplePercentage: z.number(),
  reportTimestamp: z.string(),
  /** Fragments whose primary identity is in the namespace. */
  fullIDsFragmentCount: z.number().int(),
  fullIDsCount: z.number().int(),
  fullIDsPercentage: z.number(),
  /** The namespace code (identity symbol). */
  code: z.string(),
  /** The numeric namespace id, as a string. */
  value: z.string(),
});
export type NamespaceReportItem = z.infer<typeof NamespaceReportItemSchema>;

export const NamespaceReportSchema = z.object({ data: z.array(NamespaceReportItemSchema), reportTimestamp: z.string() });
export type NamespaceReport = z.infer<typeof NamespaceReportSchema>;

/**
 * Keys: comma-joined, ASCII-sorted dataset ids (or namespace codes); values: profiles built from
 * exactly that set. The values sum to the profile total.
 */
export const OverlapReportSchema = z.object({ data: z.record(z.string(), z.number().int()), reportTimestamp: z.string() });
export type OverlapReport = z.infer<typeof OverlapReportSchema>;

export const UNSTITCHED_PERIODS = ['7days', '30days', '60days', '90days', '120days'] as const;
export type UnstitchedPeriod = (typeof UNSTITCHED_PERIODS)[number];

const UnstitchedCountsSchema = z.object({ countOfProfiles: z.number().int(), eventsAssociated: z.number().int() });
export const UnstitchedPeriodSchema = UnstitchedCountsSchema.extend({
  /** By the namespace of the profile's one identity; sums to the period's figures. */
  nsDistribution: z.record(z.string(), UnstitchedCountsSchema),
});
export type UnstitchedPeriodCounts = z.infer<typeof UnstitchedPeriodSchema>;

const PeriodsSchema = z.object(Object.fromEntries(UNSTITCHED_PERIODS.map((p) => [p, UnstitchedPeriodSchema])) as Record<UnstitchedPeriod, typeof UnstitchedPeriodSchema>);
export type UnstitchedPeriods = z.infer<typeof PeriodsSchema>;

export const UnstitchedProfilesReportSchema = z.object({
  data: z.object({ totalNumberOfProfiles: z.number().int(), totalNumberOfEvents: z.number().int(), unstitchedProfiles: PeriodsSchema }),
  reportTimestamp: z.string(),
});
export type UnstitchedProfilesReport = z.infer<typeof UnstitchedProfilesReportSchema>;

/** The older form of the same report (§10). */
export const UnknownProfilesReportSchema = z.object({
  data: z.object({ totalNumberOfProfiles: z.number().int(), totalNumberOfEvents: z.number().int(), unknownProfiles: PeriodsSchema }),
  reportTimestamp: z.string(),
});
export type UnknownProfilesReport = z.infer<typeof UnknownProfilesReportSchema>;

// ------------------------------------------------------------------------------------ operations

const TAG = 'Profile preview';

export const getPreviewSampleStatus = defineEndpoint({
  id: 'getPreviewSampleStatus',
  method: 'GET',
  path: PREVIEW_SAMPLE_STATUS,
  summary: 'The last sample job: profile, fragment and document counts, and whether a sample is running',
  tag: TAG,
  responses: { 200: PreviewSampleStatusSchema },
  errorShape: 'problem',
});

export const getDatasetReport = defineEndpoint({
  id: 'getDatasetReport',
  method: 'GET',
  path: `${PREVIEW_REPORTS}/dataset`,
  summary: 'Profiles by dataset (latest report, or the report of `date`)',
  tag: TAG,
  query: ReportQuerySchema,
  responses: { 200: DatasetReportSchema },
  errorShape: 'problem',
});

export const getNamespaceReport = defineEndpoint({
  id: 'getNamespaceReport',
  method: 'GET',
  path: `${PREVIEW_REPORTS}/namespace`,
  summary: 'Profiles by identity namespace (latest report, or the report of `date`)',
  tag: TAG,
  query: ReportQuerySchema,
  responses: { 200: NamespaceReportSchema },
  errorShape: 'problem',
});

export const getDatasetOverlapReport = defineEndpoint({
  id: 'getDatasetOverlapReport',
  method: 'GET',
  path: `${PREVIEW_REPORTS}/dataset/overlap`,
  summary: 'Profiles by the exact set of datasets they are built from',
  tag: TAG,
  query: ReportQuerySchema,
  responses: { 200: OverlapReportSchema },
  errorShape: 'problem',
});

export const getNamespaceOverlapReport = defineEndpoint({
  id: 'getNamespaceOverlapReport',
  method: 'GET',
  path: `${PREVIEW_REPORTS}/namespace/overlap`,
  summary: 'Profiles by the exact set of identity namespaces they hold',
  tag: TAG,
  query: ReportQuerySchema,
  responses: { 200: OverlapReportSchema },
  errorShape: 'problem',
});

export const getUnstitchedProfilesReport = defineEndpoint({
  id: 'getUnstitchedProfilesReport',
  method: 'GET',
  path: `${PREVIEW_REPORTS}/unstitchedProfiles`,
  summary: 'Unstitched profiles (one identity, events only) inactive for 7/30/60/90/120 days, by namespace',
  tag: TAG,
  query: ReportQuerySchema,
  responses: { 200: UnstitchedProfilesReportSchema },
  errorShape: 'problem',
});

export const getUnknownProfilesReport = defineEndpoint({
  id: 'getUnknownProfilesReport',
  method: 'GET',
  path: `${PREVIEW_REPORTS}/unknownProfiles`,
  summary: 'The unstitched profiles report at its older path, keyed `unknownProfiles`',
  tag: TAG,
  query: ReportQuerySchema,
  responses: { 200: UnknownProfilesReportSchema },
  errorShape: 'problem',
});

// ---------------------------------------------------------------------- local: run now, history

export const SAMPLE_JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export const SampleJobStatusSchema = z.enum(SAMPLE_JOB_STATUSES);
export type SampleJobStatus = z.infer<typeof SampleJobStatusSchema>;

export const SampleJobSchema = z.object({
  id: z.string(),
  status: SampleJobStatusSchema,
  /** manual: run now; data-change: ingestion or a delete changed the profile count by more than 5 %. */
  trigger: z.enum(['manual', 'data-change']),
  /** Epoch ms. */
  submittedAt: z.number().int(),
  startedAt: z.number().int().nullable(),
  finishedAt: z.number().int().nullable(),
  /** What the job is doing now: identities, fragments, events, tally, done. */
  phase: z.string(),
  /** Rows read so far, and to read in all (estimated when the job starts). */
  done: z.number().int(),
  total: z.number().int().nullable(),
  /** The report's day (UTC), once the job succeeded. */
  reportDate: z.string().nullable(),
  error: z.string().nullable(),
});
export type SampleJob = z.infer<typeof SampleJobSchema>;

export const runPreviewSample = defineEndpoint({
  id: 'runPreviewSample',
  method: 'POST',
  path: `${LOCAL_PREVIEW_SAMPLE}/jobs`,
  summary: 'Run the sample job now (202); while one is queued or running, that job is returned instead (200)',
  tag: 'Local',
  responses: { 202: SampleJobSchema, 200: SampleJobSchema },
  errorShape: 'problem',
});

export const ListSampleJobsQuerySchema = z.object({ limit: queryInt(1, 100).default(10) });

export const listPreviewSampleJobs = defineEndpoint({
  id: 'listPreviewSampleJobs',
  method: 'GET',
  path: `${LOCAL_PREVIEW_SAMPLE}/jobs`,
  summary: 'Recent sample jobs, newest first (live progress of a running one)',
  tag: 'Local',
  query: ListSampleJobsQuerySchema,
  responses: { 200: z.object({ jobs: z.array(SampleJobSchema) }) },
  errorShape: 'problem',
});

export const ReportDayListSchema = z.object({
  /** Days with a report, newest first; `reportTimestamp` is that day's latest run. */
  reports: z.array(
    z.object({
      date: z.string(),
      reportTimestamp: z.string(),
      /** Profiles (the day's totalRows), and the store's fragments, identities and events. */
      totalRows: z.number().int(),
      fragments: z.number().int(),
      identities: z.number().int(),
      events: z.number().int(),
    }),
  ),
});
export type ReportDayList = z.infer<typeof ReportDayListSchema>;

export const listPreviewReports = defineEndpoint({
  id: 'listPreviewReports',
  method: 'GET',
  path: `${LOCAL_PREVIEW_SAMPLE}/reports`,
  summary: 'The days that have a preview report, newest first',
  tag: 'Local',
  responses: { 200: ReportDayListSchema },
  errorShape: 'problem',
});

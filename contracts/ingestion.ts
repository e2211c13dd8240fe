// Batch ingestion subset (AEP `/data/foundation/import`) and the failed-records view of a batch
// (AEP Data Access, `/data/foundation/export/batches/{batchId}/failed`).
import { z } from 'zod';
import { defineEndpoint } from './endpoint.ts';
import { BatchIdSchema, CatalogIdSchema, queryInt } from './common.ts';
import { BatchSchema } from './catalog.ts';

export const IMPORT = '/data/foundation/import';

/** Largest file one upload may carry. */
export const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;
/** AEP's hard limits (guardrails §2): larger records are dropped with a reason. */
export const MAX_PROFILE_RECORD_BYTES = 100 * 1024;
export const MAX_EVENT_RECORD_BYTES = 10 * 1024;

export const CreateBatchBodySchema = z.object({
  datasetId: CatalogIdSchema,
  inputFormat: z.object({
    format: z.enum(['json', 'ndjson'], { error: 'inputFormat.format must be "json" (a JSON array or NDJSON)' }),
    isMultiLineJson: z.boolean().optional(),
  }),
  tags: z.record(z.string(), z.array(z.string())).optional(),
});
export type CreateBatchBody = z.infer<typeof CreateBatchBodySchema>;

export const createBatch = defineEndpoint({
  id: 'createBatch',
  method: 'POST',
  path: `${IMPORT}/batches`,
  summary: 'Create a batch for a dataset; then upload files and complete it',
  tag: 'Batch ingestion',
  body: CreateBatchBodySchema,
  responses: { 201: BatchSchema },
  errorShape: 'problem',
});

/** Uploaded file names: no path separators or control characters. Never used as a path on disk. */
export const UploadFileNameSchema = z
  .string()
  .min(1)
  .max(255)
  // eslint-disable-next-line no-control-regex -- control characters are exactly what we refuse
  .regex(/^[^/\\\u0000-\u001f]+$/, 'file name must not contain slashes or control characters')
  .refine((n) => n !== '.' && n !== '..', 'file name must not be . or ..');

export const UploadFileParamsSchema = z.object({
  batchId: BatchIdSchema,
  datasetId: CatalogIdSchema,
  fileName: UploadFileNameSchema,
});

export const uploadBatchFile = defineEndpoint({
  id: 'uploadBatchFile',
  method: 'PUT',
  path: `${IMPORT}/batches/:batchId/datasets/:datasetId/files/:fileName`,
  summary: 'Upload one file (JSON array or NDJSON, application/octet-stream) into a loading batch',
  tag: 'Batch ingestion',
  params: UploadFileParamsSchema,
  responses: { 200: z.void() },
  errorShape: 'problem',
  rawBody: true,
});

export const BatchActionQuerySchema = z.object({
  action: z.enum(['COMPLETE', 'ABORT'], { error: 'action must be COMPLETE or ABORT' }),
});

export const batchAction = defineEndpoint({
  id: 'batchAction',
  method: 'POST',
  path: `${IMPORT}/batches/:batchId`,
  summary: 'Complete (start processing) or abort a loading batch',
  tag: 'Batch ingestion',
  params: z.object({ batchId: BatchIdSchema }),
  query: BatchActionQuerySchema,
  responses: { 200: z.void() },
  errorShape: 'problem',
});

export const FailedRecordSchema = z.object({
  /** File the record came from (the uploaded name). */
  file: z.string(),
  /** 1-based line (NDJSON) or array index + 1 (JSON array). */
  line: z.number().int(),
  code: z.string(),
  message: z.string(),
  /** The start of the raw record, for context (at most 2 KB). */
  record: z.string(),
});
export type FailedRecord = z.infer<typeof FailedRecordSchema>;

export const FailedRecordsSchema = z.object({
  data: z.array(FailedRecordSchema),
  _page: z.object({ start: z.number(), limit: z.number(), count: z.number(), totalCount: z.number() }),
});
export type FailedRecords = z.infer<typeof FailedRecordsSchema>;

export const listFailedRecords = defineEndpoint({
  id: 'listFailedRecords',
  method: 'GET',
  path: '/data/foundation/export/batches/:batchId/failed',
  summary: "A batch's failed records, each with the reason it was refused",
  tag: 'Batch ingestion',
  params: z.object({ batchId: BatchIdSchema }),
  query: z.object({ start: queryInt(0, 1_000_000_000).default(0), limit: queryInt(1, 1000).default(100) }),
  responses: { 200: FailedRecordsSchema },
  errorShape: 'problem',
});

/** Codes of per-record failures, stable for clients. */
export const RECORD_ERROR_CODES = {
  invalidJson: 'INVALID_JSON',
  notObject: 'NOT_AN_OBJECT',
  noIdentity: 'NO_IDENTITY',
  unknownNamespace: 'UNKNOWN_NAMESPACE',
  invalidIdentity: 'INVALID_IDENTITY',
  tooLarge: 'RECORD_TOO_LARGE',
  wrongClass: 'WRONG_CLASS',
  missingTimestamp: 'MISSING_TIMESTAMP',
  missingId: 'MISSING_ID',
} as const;

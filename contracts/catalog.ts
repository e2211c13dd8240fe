// Catalog subset: datasets and batches (AEP `/data/foundation/catalog`). Catalog answers lists as
// objects keyed by id; creation answers an array of `@/<collection>/<id>` references.
import { z } from 'zod';
import { defineEndpoint } from './endpoint.ts';
import { BatchIdSchema, CatalogIdSchema, EVENT_SCHEMA_ID, PROFILE_SCHEMA_ID, queryInt } from './common.ts';

export const CATALOG = '/data/foundation/catalog';

export const SchemaRefSchema = z.object({
  id: z.enum([PROFILE_SCHEMA_ID, EVENT_SCHEMA_ID], {
    error: `schemaRef.id must be ${PROFILE_SCHEMA_ID} or ${EVENT_SCHEMA_ID} (there is no schema registry here)`,
  }),
  contentType: z.string().optional(),
});

/**
 * Catalog tags. Profile enablement and upsert are AEP's `unifiedProfile` tags:
 * `{"unifiedProfile": ["enabled:true", "isUpsert:true"]}`.
 */
export const DatasetTagsSchema = z.record(z.string(), z.array(z.string()));
export type DatasetTags = z.infer<typeof DatasetTagsSchema>;

export const DatasetSchema = z.object({
  name: z.string(),
  description: z.string().optional(),
  imsOrg: z.string(),
  sandboxId: z.string(),
  tags: DatasetTagsSchema,
  schemaRef: z.object({ id: z.string(), contentType: z.string() }),
  version: z.string(),
  created: z.number(),
  updated: z.number(),
  createdClient: z.string(),
  createdUser: z.string(),
  updatedUser: z.string(),
  lastBatchId: z.string().optional(),
  lastBatchStatus: z.string().optional(),
});
export type Dataset = z.infer<typeof DatasetSchema>;

/** Catalog's list shape: an object keyed by id. */
export const DatasetMapSchema = z.record(z.string(), DatasetSchema);
export type DatasetMap = z.infer<typeof DatasetMapSchema>;

/** The `["@/dataSets/<id>"]` reference list Catalog answers on create and update. */
export const CatalogRefListSchema = z.array(z.string());

const DatasetNameSchema = z
  .string()
  .trim()
  .min(1, 'name must not be empty')
  .max(256, 'name must be at most 256 characters');

export const CreateDatasetBodySchema = z.object({
  name: DatasetNameSchema,
  description: z.string().max(4096).optional(),
  schemaRef: SchemaRefSchema,
  tags: DatasetTagsSchema.optional(),
});
export type CreateDatasetBody = z.infer<typeof CreateDatasetBodySchema>;

export const PatchDatasetBodySchema = z
  .object({
    name: DatasetNameSchema.optional(),
    description: z.string().max(4096).optional(),
    tags: DatasetTagsSchema.optional(),
  })
  .strict();
export type PatchDatasetBody = z.infer<typeof PatchDatasetBodySchema>;

export const DATASET_SORT_FIELDS = ['name', 'created', 'updated'] as const;
export const CatalogOrderBySchema = z
  .string()
  .regex(/^(asc|desc):(name|created|updated)$/, 'orderBy must look like asc:created or desc:name (fields: name, created, updated)');

export const ListDatasetsQuerySchema = z.object({
  limit: queryInt(1, 100).default(50),
  start: queryInt(0, 1_000_000_000).default(0),
  orderBy: CatalogOrderBySchema.optional(),
  /** Exact name match. */
  name: z.string().optional(),
  /** `name~text` (contains, case-insensitive), `schemaRef.id==<id>`, `tags.unifiedProfile==enabled:true`. */
  property: z.union([z.string(), z.array(z.string())]).optional(),
});
export type ListDatasetsQuery = z.input<typeof ListDatasetsQuerySchema>;

export const DatasetParamsSchema = z.object({ datasetId: CatalogIdSchema });

export const listDatasets = defineEndpoint({
  id: 'listDatasets',
  method: 'GET',
  path: `${CATALOG}/dataSets`,
  summary: 'List datasets (X-Total-Count header carries the unpaged total)',
  tag: 'Catalog',
  query: ListDatasetsQuerySchema,
  responses: { 200: DatasetMapSchema },
  errorShape: 'problem',
});

export const getDataset = defineEndpoint({
  id: 'getDataset',
  method: 'GET',
  path: `${CATALOG}/dataSets/:datasetId`,
  summary: 'Get one dataset',
  tag: 'Catalog',
  params: DatasetParamsSchema,
  responses: { 200: DatasetMapSchema },
  errorShape: 'problem',
});

export const createDataset = defineEndpoint({
  id: 'createDataset',
  method: 'POST',
  path: `${CATALOG}/dataSets`,
  summary: 'Create a dataset of the Profile or ExperienceEvent class',
  tag: 'Catalog',
  body: CreateDatasetBodySchema,
  responses: { 201: CatalogRefListSchema },
  errorShape: 'problem',
});

export const patchDataset = defineEndpoint({
  id: 'patchDataset',
  method: 'PATCH',
  path: `${CATALOG}/dataSets/:datasetId`,
  summary: 'Update a dataset (name, description, tags such as unifiedProfile)',
  tag: 'Catalog',
  params: DatasetParamsSchema,
  body: PatchDatasetBodySchema,
  responses: { 200: CatalogRefListSchema },
  errorShape: 'problem',
});

// ---------------------------------------------------------------- batches

export const BatchStatusSchema = z.enum(['loading', 'processing', 'success', 'failed', 'aborted']);
export type BatchStatus = z.infer<typeof BatchStatusSchema>;

export const BatchErrorSchema = z.object({
  code: z.string(),
  description: z.string(),
  recordCount: z.number().optional(),
});

export const BatchSchema = z.object({
  id: z.string(),
  imsOrg: z.string(),
  status: BatchStatusSchema,
  relatedObjects: z.array(z.object({ type: z.string(), id: z.string() })),
  inputFormat: z.object({ format: z.string() }),
  metrics: z
    .object({
      inputRecordCount: z.number(),
      outputRecordCount: z.number(),
      failedRecordCount: z.number(),
      inputByteSize: z.number().optional(),
    })
    .optional(),
  errors: z.array(BatchErrorSchema).optional(),
  created: z.number(),
  updated: z.number(),
  started: z.number().optional(),
  completed: z.number().optional(),
  version: z.string(),
  createdUser: z.string(),
  updatedUser: z.string(),
  tags: z.record(z.string(), z.array(z.string())).optional(),
});
export type Batch = z.infer<typeof BatchSchema>;
export const BatchMapSchema = z.record(z.string(), BatchSchema);
export type BatchMap = z.infer<typeof BatchMapSchema>;

export const BatchParamsSchema = z.object({ batchId: BatchIdSchema });

export const ListBatchesQuerySchema = z.object({
  limit: queryInt(1, 100).default(50),
  start: queryInt(0, 1_000_000_000).default(0),
  orderBy: z
    .string()
    .regex(/^(asc|desc):(created|updated)$/, 'orderBy must be asc:created, desc:created, asc:updated or desc:updated')
    .optional(),
  /** Only batches of this dataset. */
  dataSet: CatalogIdSchema.optional(),
  status: BatchStatusSchema.optional(),
});
export type ListBatchesQuery = z.input<typeof ListBatchesQuerySchema>;

export const listBatches = defineEndpoint({
  id: 'listBatches',
  method: 'GET',
  path: `${CATALOG}/batches`,
  summary: 'List batches, newest first (X-Total-Count header carries the unpaged total)',
  tag: 'Catalog',
  query: ListBatchesQuerySchema,
  responses: { 200: BatchMapSchema },
  errorShape: 'problem',
});

export const getBatch = defineEndpoint({
  id: 'getBatch',
  method: 'GET',
  path: `${CATALOG}/batches/:batchId`,
  summary: 'Get one batch: status, record counts, errors',
  tag: 'Catalog',
  params: BatchParamsSchema,
  responses: { 200: BatchMapSchema },
  errorShape: 'problem',
});

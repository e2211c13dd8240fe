// `/data/core/ups/system/jobs` (api-contract §6): delete requests, plus the local impact preview
// `POST /_local/delete-requests/impact`.
//
// Decisions (documented where Adobe is silent or disagrees):
// * Format: legacy (§6.1) by default; the new format (§6.2) when the request carries x-sandbox-id,
//   as AWS-hosted orgs' clients do. Errors follow the format: legacy §2.4 envelope, new RFC 7807.
// * Create bodies: `{"dataSetId"}` or `{"datasetId"}` → the whole dataset; `{"datasetId","batchId"}`
//   or `{"batchId"}` → one batch of an experience-event dataset. Both dataset keys at once, or
//   neither a dataset nor a batch → 400 (new format 422). A batch of a record dataset → the
//   documented body (legacy code "500", "Batch can only be specified for EE type '<dataset>'").
//   A batch still loading or processing → 400, since records could still arrive in it.
// * A pending (NEW or PROCESSING) request whose target covers the new one (the same dataset, or the
//   same batch) → 422 "Delete request … already exists".
// * List: `limit` (default 100), newest first unless `sort`. Legacy: `start` is an offset (or
//   `page` × `limit`), `_page.count` the total, `_page.next` the next `start`. New format: `start`
//   is the 0-based page number, `_page.next` the next page number.
// * DELETE removes a finished request's record (200, empty) and withdraws a NEW one (it never
//   started, so nothing changed); a PROCESSING one → 409, nothing changed.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  BatchIdSchema,
  CatalogIdSchema,
  HEADER_SANDBOX_ID,
  createSystemJob,
  deleteSystemJob,
  getSystemJob,
  listSystemJobs,
  previewDeleteImpact,
  type CreateSystemJobBody,
} from '../../../contracts/index.ts';
import { problem, type ApiError } from '../../http/api-error.ts';
import { route } from '../../http/route.ts';
import { DELETE_JOB, type DeleteJobParams } from '../../jobs/delete-job.ts';
import type { SandboxContext } from '../../store/tenant-store.ts';
import { createBatchRepository } from '../batches/repository.ts';
import { createDatasetRepository } from '../datasets/repository.ts';
import { systemJobErrors, type JobFormat } from './errors.ts';
import { previewImpact } from './impact.ts';
import { createSystemJobRepository, legacyStatus, toLegacyJob, toNewJob, type SystemJobSortField } from './repository.ts';

const DEFAULT_LIMIT = 100;

/** New format when the request names its sandbox by id (and the id is this sandbox's). */
function formatOf(request: FastifyRequest, tenant: SandboxContext): JobFormat {
  const raw = request.headers[HEADER_SANDBOX_ID];
  const id = Array.isArray(raw) ? raw[0] : raw;
  if (!id) return 'legacy';
  if (id !== tenant.sandbox.id) {
    throw systemJobErrors.badHeader(`Header ${HEADER_SANDBOX_ID} "${id.slice(0, 80)}" is not the id of sandbox ${tenant.sandbox.name}`, request.id);
  }
  return 'new';
}

type Fail = (status: 400 | 404 | 422, message: string, legacyCode?: string) => ApiError;

/** The target a body names, checked against the catalog; every refusal goes through `fail`. */
function resolveTarget(tenant: SandboxContext, body: CreateSystemJobBody, fail: Fail): DeleteJobParams {
  if (body.dataSetId !== undefined && body.datasetId !== undefined) {
    throw fail(400, 'Give the dataset once: dataSetId (to delete a dataset) or datasetId (with batchId, to delete a batch), not both');
  }
  let datasetId = body.dataSetId ?? body.datasetId;
  const batchId = body.batchId;
  if (datasetId === undefined && batchId === undefined) {
    throw fail(400, 'Name what to delete: {"dataSetId": "<dataset id>"} for a dataset, or {"datasetId": "<dataset id>", "batchId": "<batch id>"} for a batch');
  }
  if (datasetId !== undefined && !CatalogIdSchema.safeParse(datasetId).success) {
    throw fail(400, `Invalid dataset id "${datasetId.slice(0, 80)}": expected a 24-character hexadecimal id`);
  }
  if (batchId !== undefined && !BatchIdSchema.safeParse(batchId).success) {
    throw fail(400, `Invalid batch id "${batchId.slice(0, 80)}": expected a 32-character hexadecimal id`);
  }
  const datasets = createDatasetRepository(tenant.db, { orgId: tenant.orgId, sandboxId: tenant.sandbox.id });
  if (batchId !== undefined) {
    const batch = createBatchRepository(tenant.db, tenant.orgId).row(batchId);
    if (!batch || (datasetId !== undefined && batch.dataset_id !== datasetId)) {
      throw fail(404, datasetId !== undefined ? `Batch not found for dataset '${datasetId}': ${batchId}` : `Batch not found: ${batchId}`);
    }
    datasetId = batch.dataset_id;
    const dataset = datasets.info(datasetId)!;
    if (dataset.class !== 'experienceevent') throw fail(422, `Batch can only be specified for EE type '${datasetId}'`, '500');
    if (batch.status === 'loading' || batch.status === 'processing') {
      throw fail(400, `Batch ${batchId} is still ${batch.status}; request its deletion once it has finished`);
    }
    return { datasetId, batchId, datasetClass: dataset.class, datasetName: dataset.name };
  }
  const dataset = datasets.info(datasetId!);
  if (!dataset) throw fail(404, `Dataset not found: ${datasetId}`);
  return { datasetId: dataset.id, datasetClass: dataset.class, datasetName: dataset.name };
}

export function registerSystemJobRoutes(app: FastifyInstance): void {
  route(app, listSystemJobs, ({ tenant, query, request }) => {
    const format = formatOf(request, tenant);
    const limit = query.limit ?? DEFAULT_LIMIT;
    const page = format === 'new' ? (query.start ?? 0) : (query.page ?? 0);
    const offset = format === 'new' ? page * limit : (query.start ?? page * limit);
    const [field, direction] = (query.sort ?? '').split(':');
    const sort = query.sort ? { field: field as SystemJobSortField, descending: direction === 'desc' } : undefined;
    const repo = createSystemJobRepository(tenant.db);
    const { items, total } = repo.list({ offset, limit, sort });
    if (format === 'new') {
      return {
        _page: { pageSize: limit, start: String(page), totalCount: total, ...(offset + limit < total ? { next: page + 1 } : {}) },
        children: items.map((job) => toNewJob(job, tenant.orgId, tenant.sandbox)),
      };
    }
    const now = Date.now();
    return {
      _page: { count: total, ...(offset + limit < total ? { next: String(offset + limit) } : {}) },
      children: items.map((job) => toLegacyJob(job, tenant.orgId, now)),
    };
  });

  route(app, createSystemJob, ({ tenant, body, request, requestId }) => {
    const format = formatOf(request, tenant);
    // Every refusal is an invalid payload: legacy 400 (code "500" for a record dataset's batch, as
    // documented), new format 422.
    const params = resolveTarget(tenant, body ?? {}, (_status, message, legacyCode) =>
      systemJobErrors.invalidPayload(format, message, requestId, legacyCode),
    );
    const repo = createSystemJobRepository(tenant.db);
    const pending = repo.pendingFor(params);
    if (pending) {
      const what = params.batchId ? `batch ${params.batchId} of dataset ${params.datasetId}` : `dataset ${params.datasetId}`;
      const covering = pending.params.batchId ? '' : ` (request ${pending.publicId} deletes the whole dataset)`;
      throw systemJobErrors.duplicate(format, `Delete request for ${what} already exists: ${pending.publicId} is ${legacyStatus(pending)}${covering}`, requestId);
    }
    const publicId = randomUUID();
    app.jobs.submit(tenant, DELETE_JOB, params, publicId);
    const job = repo.get(publicId)!;
    return format === 'new' ? toNewJob(job, tenant.orgId, tenant.sandbox) : toLegacyJob(job, tenant.orgId);
  });

  route(app, getSystemJob, ({ tenant, params, request, requestId }) => {
    const format = formatOf(request, tenant);
    const job = createSystemJobRepository(tenant.db).get(params.id);
    if (!job) throw systemJobErrors.notFound(format, params.id, requestId);
    return format === 'new' ? toNewJob(job, tenant.orgId, tenant.sandbox) : toLegacyJob(job, tenant.orgId);
  });

  route(app, deleteSystemJob, ({ tenant, params, request, requestId }) => {
    const format = formatOf(request, tenant);
    const repo = createSystemJobRepository(tenant.db);
    const job = repo.get(params.id);
    if (!job) throw systemJobErrors.notFound(format, params.id, requestId);
    if (job.status === 'running') throw systemJobErrors.stillProcessing(format, params.id, requestId);
    repo.remove(job);
    return undefined;
  });

  route(app, previewDeleteImpact, async ({ tenant, body, requestId }) => {
    const params = resolveTarget(tenant, body, (status, message) => problem(status, message, { requestId }));
    return previewImpact(tenant.db, params);
  });
}

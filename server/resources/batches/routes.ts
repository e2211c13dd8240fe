import type { FastifyInstance } from 'fastify';
import { batchAction, createBatch, getBatch, listBatches, listFailedRecords, uploadBatchFile } from '../../../contracts/index.ts';
import { route, withStatus } from '../../http/route.ts';
import { problem } from '../../http/api-error.ts';
import { createBatchRepository } from './repository.ts';
import { createBatchService } from '../../ingest/batch-service.ts';

export interface BatchRouteOptions {
  maxUploadBytes?: number;
}

export function registerBatchRoutes(app: FastifyInstance, options: BatchRouteOptions = {}): void {
  route(app, listBatches, ({ tenant, query }) => {
    const { items, total } = createBatchRepository(tenant.db, tenant.orgId).list({
      limit: query.limit,
      start: query.start,
      orderBy: query.orderBy,
      datasetId: query.dataSet,
      status: query.status,
    });
    return withStatus<typeof listBatches>(200, items, { 'x-total-count': String(total) });
  });

  route(app, getBatch, ({ tenant, params, requestId }) => {
    const batch = createBatchRepository(tenant.db, tenant.orgId).get(params.batchId);
    if (!batch) throw problem(404, `Batch ${params.batchId} not found`, { requestId, code: 'CAT' });
    return { [batch.id]: batch };
  });

  route(app, listFailedRecords, ({ tenant, params, query, requestId }) => {
    const repo = createBatchRepository(tenant.db, tenant.orgId);
    if (!repo.row(params.batchId)) throw problem(404, `Batch ${params.batchId} not found`, { requestId, code: 'CAT' });
    const { data, total } = repo.failedRecords(params.batchId, query.start, query.limit);
    return { data, _page: { start: query.start, limit: query.limit, count: data.length, totalCount: total } };
  });

  route(app, createBatch, ({ tenant, body, requestId }) =>
    withStatus<typeof createBatch>(201, createBatchService(tenant).create(body, requestId)),
  );

  route(app, batchAction, ({ tenant, params, query, requestId, request }) => {
    const service = createBatchService(tenant);
    if (query.action === 'ABORT') service.abort(params.batchId, requestId);
    else service.complete(params.batchId, requestId).catch((err) => request.log.error({ err, batchId: params.batchId }, 'batch processing failed'));
    return undefined;
  });

  // File uploads carry raw bytes of any content type: streamed to disk, never buffered or parsed.
  app.register(async (uploads) => {
    uploads.removeAllContentTypeParsers();
    uploads.addContentTypeParser('*', (_request, _payload, done) => done(null));
    route(uploads, uploadBatchFile, async ({ tenant, params, request, requestId }) => {
      const length = request.headers['content-length'];
      const declared = length !== undefined && /^\d+$/.test(length) ? Number(length) : undefined;
      await createBatchService(tenant, options.maxUploadBytes).upload(params.batchId, params.datasetId, params.fileName, request.raw, requestId, declared);
      return undefined;
    });
  });
}

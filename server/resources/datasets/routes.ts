import type { FastifyInstance } from 'fastify';
import {
  createDataset,
  getDataset,
  getDatasetStats,
  listDatasets,
  patchDataset,
  EVENT_SCHEMA_ID,
  PROFILE_SCHEMA_ID,
} from '../../../contracts/index.ts';
import { route, withStatus } from '../../http/route.ts';
import { problem } from '../../http/api-error.ts';
import { createDatasetRepository, type DatasetFilter } from './repository.ts';
import type { SandboxContext } from '../../store/tenant-store.ts';

export const datasetRepository = (tenant: SandboxContext) =>
  createDatasetRepository(tenant.db, { orgId: tenant.orgId, sandboxId: tenant.sandbox.id });

const CLASSES: Record<string, 'profile' | 'experienceevent'> = { [PROFILE_SCHEMA_ID]: 'profile', [EVENT_SCHEMA_ID]: 'experienceevent' };

/** Catalog `property` filters we support: name~text, name==x, schemaRef.id==x, schemaRef.id!=x. */
function parseProperty(expressions: string[], requestId: string): DatasetFilter {
  const filter: DatasetFilter = {};
  for (const e of expressions) {
    const m = /^(name|schemaRef\.id)(~|==|!=)(.*)$/.exec(e);
    if (!m) {
      throw problem(400, `Unsupported property filter "${e.slice(0, 100)}": use name~text, name==value, schemaRef.id==id or schemaRef.id!=id`, { requestId });
    }
    const [, field, op, value] = m;
    if (field === 'name' && op === '~') filter.nameContains = value;
    else if (field === 'name' && op === '==') filter.name = value;
    else if (field === 'schemaRef.id' && CLASSES[value]) {
      if (op === '==') filter.datasetClass = CLASSES[value];
      else if (op === '!=') filter.excludeClass = CLASSES[value];
    } else {
      throw problem(400, `Unsupported property filter "${e.slice(0, 100)}"`, { requestId });
    }
  }
  return filter;
}

export function registerDatasetRoutes(app: FastifyInstance): void {
  route(app, listDatasets, ({ tenant, query, requestId }) => {
    const expressions = query.property === undefined ? [] : ([] as string[]).concat(query.property);
    const filter = { ...parseProperty(expressions, requestId), ...(query.name !== undefined ? { name: query.name } : {}) };
    const { items, total } = datasetRepository(tenant).list({ ...filter, limit: query.limit, start: query.start, orderBy: query.orderBy });
    return withStatus<typeof listDatasets>(200, items, { 'x-total-count': String(total) });
  });

  route(app, getDataset, ({ tenant, params, requestId }) => {
    const dataset = datasetRepository(tenant).get(params.datasetId);
    if (!dataset) throw problem(404, `Dataset ${params.datasetId} not found`, { requestId, code: 'CAT' });
    return { [params.datasetId]: dataset };
  });

  route(app, createDataset, ({ tenant, body, requestId }) => {
    const repo = datasetRepository(tenant);
    if (repo.nameTaken(body.name)) throw problem(409, `A dataset named "${body.name}" already exists in this sandbox`, { requestId, code: 'CAT' });
    return withStatus<typeof createDataset>(201, [`@/dataSets/${repo.create(body, 'profile-console')}`]);
  });

  route(app, patchDataset, ({ tenant, params, body, requestId }) => {
    const repo = datasetRepository(tenant);
    const current = repo.info(params.datasetId);
    if (!current) throw problem(404, `Dataset ${params.datasetId} not found`, { requestId, code: 'CAT' });
    if (body.name && repo.nameTaken(body.name, params.datasetId)) {
      throw problem(409, `A dataset named "${body.name}" already exists in this sandbox`, { requestId, code: 'CAT' });
    }
    repo.patch(params.datasetId, body);
    return [`@/dataSets/${params.datasetId}`];
  });

  route(app, getDatasetStats, ({ tenant }) => datasetRepository(tenant).stats());
}

import type { FastifyInstance } from 'fastify';
import { createNamespace, getNamespace, listNamespaces } from '../../../contracts/index.ts';
import { route } from '../../http/route.ts';
import { problem } from '../../http/api-error.ts';
import { createNamespaceRepository } from './repository.ts';

export function registerNamespaceRoutes(app: FastifyInstance): void {
  route(app, listNamespaces, ({ tenant }) => createNamespaceRepository(tenant.db).list());

  route(app, getNamespace, ({ tenant, params, requestId }) => {
    const ns = createNamespaceRepository(tenant.db).get(params.namespaceId);
    if (!ns) throw problem(404, `Identity namespace ${params.namespaceId} not found`, { requestId });
    return ns;
  });

  route(app, createNamespace, ({ tenant, body, requestId }) => {
    const repo = createNamespaceRepository(tenant.db);
    const existing = repo.byCode(body.code);
    if (existing) {
      throw problem(409, `An identity namespace with code ${existing.code} already exists (codes are case-insensitive)`, { requestId });
    }
    return repo.create(body);
  });
}

import type { FastifyInstance } from 'fastify';
import { createSandbox, getSandbox, listSandboxes, type Sandbox } from '../../../contracts/index.ts';
import type { SandboxRecord } from '../../store/tenant-store.ts';
import { route, withStatus } from '../../http/route.ts';
import { problem } from '../../http/api-error.ts';

const REGION = 'local';

export function toSandbox(s: SandboxRecord): Sandbox {
  return {
    id: s.id,
    name: s.name,
    title: s.title,
    state: 'active',
    type: s.type,
    region: REGION,
    isDefault: s.isDefault,
    eTag: s.updatedMs,
    createdDate: new Date(s.createdMs).toISOString(),
    lastModifiedDate: new Date(s.updatedMs).toISOString(),
    createdBy: 'profile-console',
    lastModifiedBy: 'profile-console',
  };
}

export function registerSandboxRoutes(app: FastifyInstance): void {
  route(app, listSandboxes, ({ request }) => {
    const sandboxes = request.org.list().map(toSandbox);
    return { sandboxes, _page: { limit: sandboxes.length, count: sandboxes.length } };
  });

  route(app, getSandbox, ({ request, params, requestId }) => {
    const s = request.org.get(params.sandboxName);
    if (!s) throw problem(404, `Sandbox ${params.sandboxName} not found`, { requestId });
    return toSandbox(s);
  });

  route(app, createSandbox, ({ request, body, requestId }) => {
    if (request.org.get(body.name)) throw problem(409, `A sandbox named ${body.name} already exists`, { requestId });
    return withStatus<typeof createSandbox>(201, toSandbox(request.org.create(body.name, body.title, body.type)));
  });
}

// Serves the built console (dist/) with an SPA fallback: any GET that is not an API path and not
// a file answers index.html, so deep links like /prod/datasets work.
import { existsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { problem } from '../http/api-error.ts';

const API_PREFIXES = ['/data/', '/_local/', '/docs'];

export async function registerSpa(app: FastifyInstance, distDir: string): Promise<void> {
  if (!existsSync(distDir)) {
    app.log.warn({ distDir }, 'SPA build not found; serving the API only (run npm run build)');
    return;
  }
  await app.register(fastifyStatic, { root: distDir, wildcard: false, index: false });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    if (request.method !== 'GET' || API_PREFIXES.some((p) => path.startsWith(p)) || /\.[a-z0-9]+$/i.test(path)) {
      const err = problem(404, `No route for ${request.method} ${path}`, { requestId: request.id });
      return reply.code(404).header('content-type', err.contentType).send(err.body);
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}

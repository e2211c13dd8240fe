// Serves the built console (dist/) with an SPA fallback: any GET that is not an API path and not
// a file answers index.html, so deep links like /prod/datasets work. Everything else is a 404.
import { existsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { sendNoRoute } from './error-handler.ts';

const API_PREFIXES = ['/data/', '/_local/', '/docs'];

export async function registerNotFound(app: FastifyInstance, distDir: string | undefined): Promise<void> {
  const spa = distDir !== undefined && existsSync(distDir);
  if (distDir && !spa) app.log.warn({ distDir }, 'SPA build not found; serving the API only (run npm run build)');
  // wildcard: files are looked up per request, so a rebuilt console is served without a restart;
  // a missing file falls through to the handler below.
  if (spa) await app.register(fastifyStatic, { root: distDir, wildcard: true, index: false });
  // The home page: without index files the static plugin answers the root directory with a 403.
  if (spa) app.get('/', { schema: { hide: true } }, (_request, reply) => reply.header('cache-control', 'no-cache').sendFile('index.html'));
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    // A page is a browser navigation (Accept: text/html) or a path without a file extension; deep
    // links may end in ".org" (/prod/profiles/Email/a@example.org) and are still pages.
    const wantsHtml = String(request.headers.accept ?? '').includes('text/html');
    const isPage =
      request.method === 'GET' && !API_PREFIXES.some((p) => path.startsWith(p)) && (wantsHtml || !/\.[a-z0-9]+$/i.test(path));
    if (!spa || !isPage) return sendNoRoute(request, reply);
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}

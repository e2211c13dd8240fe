import type { FastifyInstance } from 'fastify';
import { getConnection, getConsoleConfig, getHealth, seedDemo as seedDemoEndpoint } from '../../../contracts/index.ts';
import { route } from '../../http/route.ts';
import { seedDemo } from '../../demo/seed.ts';

export interface LocalRouteOptions {
  orgId: string;
  defaultSandbox: string;
  version: string;
}

export function registerLocalRoutes(app: FastifyInstance, options: LocalRouteOptions): void {
  const started = Date.now();
  route(app, getConsoleConfig, () => ({
    mode: 'local' as const,
    orgId: options.orgId,
    defaultSandbox: options.defaultSandbox,
    version: options.version,
  }));

  route(app, getConnection, () => ({
    mode: 'local' as const,
    orgId: options.orgId,
    sandbox: options.defaultSandbox,
    platformUrl: null,
    imsUrl: null,
    token: { state: 'none' as const, obtainedAt: null, expiresAt: null, lastError: null },
  }));

  route(app, getHealth, () => ({ status: 'ok' as const, mode: 'local' as const, uptimeSeconds: Math.round((Date.now() - started) / 1000) }));

  route(app, seedDemoEndpoint, ({ tenant, body }) => seedDemo(tenant, body));
}

// Tenant headers and (optional) bearer-token auth, checked before any API route runs.
// Auth tokens are compared in constant time; the token itself is never logged.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HEADER_ORG, HEADER_SANDBOX, HEADER_SANDBOX_ID, OrgIdSchema, SandboxNameSchema } from '../../contracts/index.ts';
import { gatewayErrors, problem } from '../http/api-error.ts';
import type { TenantStore } from '../store/tenant-store.ts';
import './fastify-types.ts';

export interface AuthOptions {
  /** Accepted bearer tokens. */
  tokens: string[];
}

export const digest = (s: string) => createHash('sha256').update(s).digest();

export function tokenAccepted(token: string, accepted: Buffer[]): boolean {
  const d = digest(token);
  let ok = false;
  for (const a of accepted) ok = timingSafeEqual(a, d) || ok;
  return ok;
}

function header(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The name of the sandbox an `x-sandbox-id` header names; a 400 when the org has no such sandbox. */
function sandboxNameOfId(request: FastifyRequest, id: string | undefined): string | undefined {
  if (!id) return undefined;
  const sandbox = request.org.list().find((s) => s.id === id);
  if (!sandbox) throw problem(400, `Invalid header ${HEADER_SANDBOX_ID}: the org has no sandbox with id "${id.slice(0, 80)}"`, { requestId: request.id });
  return sandbox.name;
}

export function registerTenancy(app: FastifyInstance, store: TenantStore, auth?: AuthOptions): void {
  const accepted = auth?.tokens.map(digest) ?? [];
  app.decorateRequest('tenant', null as never);
  app.decorateRequest('org', null as never);

  app.addHook('onRequest', async (request) => {
    const tenant = request.routeOptions.config?.tenant;
    if (!tenant) return;
    if (auth && tenant !== 'none') {
      const authorization = header(request, 'authorization');
      if (!authorization) throw gatewayErrors.missingToken();
      const match = /^Bearer\s+(.+)$/i.exec(authorization);
      if (!match || !tokenAccepted(match[1].trim(), accepted)) throw gatewayErrors.invalidToken();
      if (!header(request, 'x-api-key')) throw gatewayErrors.missingApiKey();
    }
    if (tenant === 'none') return;
    const orgId = header(request, HEADER_ORG);
    if (!orgId) throw gatewayErrors.missingHeader(HEADER_ORG);
    if (!OrgIdSchema.safeParse(orgId).success) throw gatewayErrors.invalidOrg();
    if (tenant === 'org') return;
    const sandboxName = header(request, HEADER_SANDBOX);
    // AWS-hosted orgs' system-jobs clients name the sandbox by id instead (api-contract §1.2): resolved below.
    if (sandboxName === undefined && header(request, HEADER_SANDBOX_ID)) return;
    if (!sandboxName) throw gatewayErrors.missingHeader(HEADER_SANDBOX);
    const parsed = SandboxNameSchema.safeParse(sandboxName);
    if (!parsed.success) {
      throw problem(400, `Invalid header ${HEADER_SANDBOX} "${sandboxName.slice(0, 80)}": ${parsed.error.issues[0].message}`, { requestId: request.id });
    }
  });

  // The stores are opened (an unknown org or sandbox created) only once the request has passed
  // validation: a refused request leaves no trace in the data directory.
  app.addHook('preHandler', async (request) => {
    const tenant = request.routeOptions.config?.tenant;
    if (!tenant || tenant === 'none') return;
    request.org = store.org(header(request, HEADER_ORG)!);
    if (tenant === 'org') return;
    const sandboxName = header(request, HEADER_SANDBOX) ?? sandboxNameOfId(request, header(request, HEADER_SANDBOX_ID))!;
    request.tenant = request.org.context(sandboxName, true)!;
  });
}

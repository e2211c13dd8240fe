// Request decorations and route config the plugins share.
import type { ErrorShape } from '../../contracts/index.ts';
import type { OrgStore, SandboxContext } from '../store/tenant-store.ts';
import type { JobRunner } from '../jobs/runner.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    errorShape?: ErrorShape;
    /** Which tenant headers the route needs; undefined for non-API routes (SPA, docs). */
    tenant?: 'sandbox' | 'org' | 'none';
  }
  interface FastifyInstance {
    /** The durable job runner (exports, delete requests, samples, computed attributes). */
    jobs: JobRunner;
  }
  interface FastifyRequest {
    /** The (org, sandbox) the request works in; set for routes with tenant 'sandbox'. */
    tenant: SandboxContext;
    /** The org's store; set for routes with tenant 'sandbox' or 'org'. */
    org: OrgStore;
  }
}

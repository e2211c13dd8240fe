// buildApp(options): the whole service as a Fastify instance. Never listens; main.ts does.
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import { MAX_PARAM_LENGTH, registerErrorHandler, sendFrameworkError } from './plugins/error-handler.ts';
import { registerTenancy, type AuthOptions } from './plugins/tenancy.ts';
import { registerDocs } from './plugins/docs.ts';
import { registerNotFound } from './plugins/spa.ts';
import { registerSecurityHeaders } from './plugins/security-headers.ts';
import { createTenantStore, DEFAULT_SANDBOX, type TenantStore } from './store/tenant-store.ts';
import { registerSandboxRoutes } from './resources/sandboxes/routes.ts';
import { registerNamespaceRoutes } from './resources/namespaces/routes.ts';
import { registerDatasetRoutes } from './resources/datasets/routes.ts';
import { registerBatchRoutes } from './resources/batches/routes.ts';
import { registerLocalRoutes } from './resources/local/routes.ts';
import { registerLocalProfileRoutes } from './resources/local-profiles/routes.ts';
import { registerMergePolicyRoutes } from './resources/merge-policies/routes.ts';
import { registerMergePolicyPreviewRoutes } from './resources/merge-policy-preview/routes.ts';
import { registerEntityRoutes } from './resources/entities/routes.ts';
import { createReadPool } from './resources/entities/read-pool.ts';
import { registerSystemJobRoutes } from './resources/system-jobs/routes.ts';
import { createDeleteJobHandler } from './jobs/delete-job.ts';
import { createExportJobHandler } from './jobs/export-job.ts';
import { registerExportJobRoutes } from './resources/export-jobs/routes.ts';
import { HEADER_REQUEST_ID } from '../contracts/index.ts';
import { createJobRunner, type JobRunner } from './jobs/runner.ts';
import { createSampleJobHandler } from './jobs/sample-job.ts';
import { createSampleTrigger } from './jobs/sample-trigger.ts';
import { registerPreviewSampleRoutes } from './resources/preview-sample/routes.ts';
import { createComputedAttributeJobHandler } from './jobs/computed-attribute-job.ts';
import { registerComputedAttributeRoutes } from './resources/computed-attributes/routes.ts';

export const DEFAULT_ORG_ID = 'D3M0C0FFEE0000000000A1B2@AdobeOrg';
export const VERSION = '0.1.0';

export interface AppOptions {
  dataDir: string;
  /** The org the console opens (and the demo is generated for). */
  orgId?: string;
  auth?: AuthOptions;
  /** Serve the built SPA from this directory. */
  distDir?: string;
  logger?: FastifyServerOptions['logger'];
  maxUploadBytes?: number;
  /** Queue a preview sample once a sandbox's profile data has been quiet this long after a change (off when unset). */
  autoSampleDebounceMs?: number;
}

export interface App {
  app: FastifyInstance;
  store: TenantStore;
  jobs: JobRunner;
  orgId: string;
}

export async function buildApp(options: AppOptions): Promise<App> {
  const orgId = options.orgId ?? DEFAULT_ORG_ID;
  const app = Fastify({
    logger: options.logger ?? false,
    requestIdHeader: HEADER_REQUEST_ID,
    genReqId: () => randomUUID(),
    bodyLimit: 10 * 1024 * 1024,
    // Router refusals (bad percent-encoding, over-long parameters) get AEP error shapes, and every
    // id the contracts allow reaches the route's validation.
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: sendFrameworkError,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // API bodies are JSON only (uploads register their own raw parser); other types answer 415.
  app.removeContentTypeParser('text/plain');
  app.addHook('onSend', async (request, reply) => {
    reply.header(HEADER_REQUEST_ID, request.id);
  });
  registerSecurityHeaders(app);

  const store = createTenantStore(options.dataDir);
  const jobs = createJobRunner({ log: (msg, data) => app.log.warn(data, msg) });
  app.decorate('jobs', jobs);
  jobs.register(createDeleteJobHandler());
  jobs.register(createSampleJobHandler());
  jobs.register(createComputedAttributeJobHandler());
  jobs.register(createExportJobHandler());
  const sampleTrigger = options.autoSampleDebounceMs !== undefined ? createSampleTrigger(jobs, store, { debounceMs: options.autoSampleDebounceMs }) : undefined;
  const reads = createReadPool();
  app.addHook('onClose', async () => {
    sampleTrigger?.stop();
    jobs.stop();
    await reads.close();
    store.close();
  });

  registerErrorHandler(app);
  registerTenancy(app, store, options.auth);
  await registerDocs(app, VERSION);

  registerSandboxRoutes(app);
  registerNamespaceRoutes(app);
  registerDatasetRoutes(app);
  registerBatchRoutes(app, { maxUploadBytes: options.maxUploadBytes });
  registerLocalRoutes(app, { orgId, defaultSandbox: DEFAULT_SANDBOX, version: VERSION });
  registerLocalProfileRoutes(app);
  registerMergePolicyRoutes(app);
  registerMergePolicyPreviewRoutes(app);
  registerEntityRoutes(app, reads);
  registerSystemJobRoutes(app);
  registerPreviewSampleRoutes(app);
  registerComputedAttributeRoutes(app, { store });
  registerExportJobRoutes(app);

  await registerNotFound(app, options.distDir);
  return { app, store, jobs, orgId };
}

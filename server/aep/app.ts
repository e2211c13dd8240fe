// buildAepApp(options): the service in AEP mode. It serves the console and its configuration, and
// forwards the AEP API paths (`/data/*`) to Adobe Experience Platform with the service's own OAuth
// server-to-server credentials. Local-only features (`/_local/*`) answer 501. Never listens.
import Fastify, { type FastifyInstance, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import { getConnection, getConsoleConfig, getHealth, HEADER_REQUEST_ID, LOCAL, type Connection } from '../../contracts/index.ts';
import { VERSION } from '../app.ts';
import { gatewayErrors, problem } from '../http/api-error.ts';
import { route } from '../http/route.ts';
import { registerErrorHandler, sendFrameworkError } from '../plugins/error-handler.ts';
import { registerNotFound } from '../plugins/spa.ts';
import { registerSecurityHeaders } from '../plugins/security-headers.ts';
import { digest, tokenAccepted, type AuthOptions } from '../plugins/tenancy.ts';
import '../plugins/fastify-types.ts';
import { registerForwarding } from './forward.ts';
import { createImsTokenProvider, type TokenProvider } from './ims-token.ts';
import type { AepSettings } from './settings.ts';

export interface AepAppOptions {
  settings: AepSettings;
  /** Local bearer tokens the console's callers must present (required off loopback). */
  auth?: AuthOptions;
  distDir?: string;
  logger?: FastifyServerOptions['logger'];
  /** Idle time (ms) an upstream exchange may take before the answer is a 504. Default 60 s. */
  upstreamTimeoutMs?: number;
  /** Time (ms) a token request to IMS may take. Default 30 s. */
  imsTimeoutMs?: number;
  /** Request bodies up to this size are held so a 401/429 can be retried. Default 1 MiB. */
  replayLimitBytes?: number;
  /** Longest Retry-After wait honoured (ms). Default 10 s. */
  maxRetryWaitMs?: number;
  /** Retries after a 429. Default 3. */
  maxRateLimitRetries?: number;
  /** Clock for token expiry (tests). */
  now?: () => number;
}

export interface AepApp {
  app: FastifyInstance;
  tokens: TokenProvider;
  settings: AepSettings;
}

/** Log paths that could carry a credential; added to whatever the caller redacts. */
export const AEP_REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'headers.authorization',
  'headers["x-api-key"]',
  'access_token',
  'client_secret',
];

function withRedaction(logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger) return false;
  const options = logger === true ? {} : logger;
  const existing = (options as { redact?: string[] | { paths: string[]; censor?: string } }).redact;
  const paths = Array.isArray(existing) ? existing : (existing?.paths ?? []);
  return { ...options, redact: { paths: [...new Set([...paths, ...AEP_REDACT_PATHS])], censor: '[redacted]' } };
}

function header(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The local --auth check, with the same gateway errors as local mode. */
function authCheck(auth: AuthOptions | undefined): ((request: FastifyRequest) => void) | undefined {
  if (!auth) return undefined;
  const accepted = auth.tokens.map(digest);
  return (request) => {
    const authorization = header(request, 'authorization');
    if (!authorization) throw gatewayErrors.missingToken();
    const match = /^Bearer\s+(.+)$/i.exec(authorization);
    if (!match || !tokenAccepted(match[1].trim(), accepted)) throw gatewayErrors.invalidToken();
    if (!header(request, 'x-api-key')) throw gatewayErrors.missingApiKey();
  };
}

export async function buildAepApp(options: AepAppOptions): Promise<AepApp> {
  const { settings } = options;
  const app = Fastify({
    logger: withRedaction(options.logger),
    requestIdHeader: HEADER_REQUEST_ID,
    genReqId: () => randomUUID(),
    // A path that is not valid percent-encoding is refused before forwarding, in an AEP error shape.
    frameworkErrors: sendFrameworkError,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Bodies are never parsed here: they stream to the platform as they arrive.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null));
  app.addHook('onSend', async (request, reply) => {
    if (!reply.hasHeader(HEADER_REQUEST_ID)) reply.header(HEADER_REQUEST_ID, request.id);
  });
  registerSecurityHeaders(app);
  registerErrorHandler(app);

  const tokens = createImsTokenProvider({
    imsUrl: settings.imsUrl,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    scopes: settings.scopes,
    timeoutMs: options.imsTimeoutMs,
    now: options.now,
    log: { info: (data, msg) => app.log.info(data, msg), warn: (data, msg) => app.log.warn(data, msg) },
  });
  const authorize = authCheck(options.auth);
  const started = Date.now();

  route(app, getConsoleConfig, () => ({ mode: 'aep' as const, orgId: settings.orgId, defaultSandbox: settings.defaultSandbox, version: VERSION }));
  route(app, getHealth, () => ({ status: 'ok' as const, mode: 'aep' as const, uptimeSeconds: Math.round((Date.now() - started) / 1000) }));
  route(app, getConnection, ({ request }): Connection => {
    authorize?.(request);
    const token = tokens.status();
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    return {
      mode: 'aep',
      orgId: settings.orgId,
      sandbox: settings.defaultSandbox,
      platformUrl: settings.platformUrl,
      imsUrl: settings.imsUrl,
      token: { state: token.state, obtainedAt: iso(token.obtainedAt), expiresAt: iso(token.expiresAt), lastError: token.lastError },
    };
  });
  app.all(`${LOCAL}/*`, { config: { errorShape: 'problem' } }, async (request) => {
    const path = request.url.split('?')[0];
    throw problem(
      501,
      `${request.method} ${path} is available in local mode only: this console is connected to Adobe Experience Platform (org ${settings.orgId})`,
      { requestId: request.id },
    );
  });

  registerForwarding(app, {
    platformUrl: settings.platformUrl,
    orgId: settings.orgId,
    clientId: settings.clientId,
    fallbackSandbox: settings.sandboxConfigured ? settings.defaultSandbox : undefined,
    tokens,
    timeoutMs: options.upstreamTimeoutMs ?? 60_000,
    replayLimitBytes: options.replayLimitBytes ?? 1024 * 1024,
    maxRetryWaitMs: options.maxRetryWaitMs ?? 10_000,
    maxRateLimitRetries: options.maxRateLimitRetries ?? 3,
    authorize,
    userAgent: `profile-console/${VERSION}`,
  });

  await registerNotFound(app, options.distDir);
  return { app, tokens, settings };
}

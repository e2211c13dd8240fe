// Forwards `/data/*` to the platform with the service's credentials: the browser's own
// Authorization, x-api-key and org header never leave this process; the IMS token, client id and
// configured org are put in their place. Bodies stream both ways (uploads of hundreds of MB are never
// held in memory); status, headers and body come back unchanged, minus hop-by-hop headers.
//
// Retries happen only when the request body can be sent again (no body, or a small one read into
// memory): once after a 401 with a fresh token, and up to a few times after a 429 that asks for a
// short wait (Retry-After). A streamed upload gets the upstream answer as it is.
import http, { type ClientRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HEADER_ORG, HEADER_REQUEST_ID, HEADER_SANDBOX } from '../../contracts/index.ts';
import { problem } from '../http/api-error.ts';
import { ImsError, type TokenProvider } from './ims-token.ts';

export interface ForwardOptions {
  /** Base URL without a trailing slash; may carry a path prefix. */
  platformUrl: string;
  orgId: string;
  clientId: string;
  /** Sent as x-sandbox-name when a request names no sandbox (and no x-sandbox-id). */
  fallbackSandbox?: string;
  tokens: TokenProvider;
  /** Socket idle time (ms) before the upstream request is abandoned with a 504. */
  timeoutMs: number;
  /** Bodies up to this many bytes (with a content-length) are read into memory so they can be re-sent. */
  replayLimitBytes: number;
  /** The longest Retry-After wait honoured; a 429 asking for more is answered through at once. */
  maxRetryWaitMs: number;
  /** How many times one request is retried after a 429. */
  maxRateLimitRetries: number;
  /** The local --auth check (throws AEP gateway errors); undefined when auth is off. */
  authorize?: (request: FastifyRequest) => void;
  userAgent: string;
}

/** RFC 9110 §7.6.1 hop-by-hop headers, plus the non-standard ones some proxies still send. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'trailers',
  'transfer-encoding',
  'upgrade',
]);

/** Standard request headers that mean the same thing upstream. */
const PASSED_REQUEST_HEADERS = new Set([
  'accept',
  'accept-encoding',
  'accept-language',
  'cache-control',
  'content-type',
  'content-encoding',
  'content-language',
  'if-match',
  'if-none-match',
  'if-modified-since',
  'if-unmodified-since',
  'prefer',
]);

/** `x-*` request headers that are not passed as they are: credentials, tenancy and proxy details. */
const REPLACED_X_HEADERS = new Set(['x-api-key', HEADER_ORG, HEADER_SANDBOX, HEADER_REQUEST_ID, 'x-real-ip']);

/** Response headers not passed back: hop-by-hop ones, and cookies of Adobe's domain. */
const DROPPED_RESPONSE_HEADERS = new Set([...HOP_BY_HOP, 'set-cookie']);

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** Retry-After in milliseconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3); undefined if unusable. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!v) return undefined;
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

type Body = { kind: 'none' } | { kind: 'buffer'; data: Buffer } | { kind: 'stream' };

class UpstreamTimeout extends Error {
  override name = 'UpstreamTimeout';
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

async function readBody(request: FastifyRequest, replayLimitBytes: number): Promise<Body> {
  const headers = request.headers;
  const length = first(headers['content-length']);
  const chunked = headers['transfer-encoding'] !== undefined;
  if (!chunked && length === undefined) return { kind: 'none' };
  if (chunked || Number(length) > replayLimitBytes) return { kind: 'stream' };
  const chunks: Buffer[] = [];
  for await (const chunk of request.raw) chunks.push(chunk as Buffer);
  return { kind: 'buffer', data: Buffer.concat(chunks) };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

export function registerForwarding(app: FastifyInstance, options: ForwardOptions): void {
  const base = new URL(options.platformUrl);
  const basePath = base.pathname.replace(/\/+$/, '');
  const client = base.protocol === 'https:' ? https : http;
  const agent = new client.Agent({ keepAlive: true, maxSockets: 64 });
  app.addHook('onClose', async () => agent.destroy());

  function upstreamHeaders(request: FastifyRequest, token: string, body: Body): OutgoingHttpHeaders {
    const out: OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (value === undefined) continue;
      const passed = PASSED_REQUEST_HEADERS.has(name) || (name.startsWith('x-') && !REPLACED_X_HEADERS.has(name) && !name.startsWith('x-forwarded-'));
      if (passed) out[name] = value;
    }
    if (body.kind === 'buffer') out['content-length'] = String(body.data.length);
    else if (body.kind === 'stream' && request.headers['content-length'] !== undefined) out['content-length'] = request.headers['content-length'];
    out.authorization = `Bearer ${token}`;
    out['x-api-key'] = options.clientId;
    out[HEADER_ORG] = options.orgId;
    const sandbox = first(request.headers[HEADER_SANDBOX]) ?? (request.headers['x-sandbox-id'] ? undefined : options.fallbackSandbox);
    if (sandbox) out[HEADER_SANDBOX] = sandbox;
    out[HEADER_REQUEST_ID] = request.id;
    out['user-agent'] = options.userAgent;
    return out;
  }

  /** The platform URL for a request; refuses paths that would leave `<platform>/data/` (dot segments). */
  function targetOf(request: FastifyRequest): URL {
    const url = new URL(basePath + request.url, base);
    if (url.origin !== base.origin || !url.pathname.startsWith(`${basePath}/data/`)) {
      throw problem(400, `Invalid path ${request.url.split('?')[0].slice(0, 200)}: dot segments are not allowed`, { requestId: request.id });
    }
    return url;
  }

  /** One upstream exchange; resolves at the response head. */
  function exchange(request: FastifyRequest, url: URL, token: string, body: Body, gone: AbortSignal): Promise<{ res: IncomingMessage; req: ClientRequest }> {
    return new Promise((resolve, reject) => {
      const req = client.request(url, { method: request.method, headers: upstreamHeaders(request, token, body), agent, timeout: options.timeoutMs });
      const abort = () => req.destroy(new Error('the client went away'));
      gone.addEventListener('abort', abort, { once: true });
      req.on('timeout', () => req.destroy(new UpstreamTimeout()));
      req.on('error', (err) => {
        gone.removeEventListener('abort', abort);
        if (body.kind === 'stream') request.raw.unpipe(req);
        reject(Object.assign(err, { reusedSocket: req.reusedSocket }));
      });
      req.on('response', (res) => {
        // From here on Fastify owns the response stream (and destroys it if the client goes away).
        gone.removeEventListener('abort', abort);
        resolve({ res, req });
      });
      if (body.kind === 'none') req.end();
      else if (body.kind === 'buffer') req.end(body.data);
      else request.raw.pipe(req);
    });
  }

  function upstreamFailure(request: FastifyRequest, err: Error & { code?: string }) {
    const wait = options.timeoutMs >= 1000 ? `${Math.round(options.timeoutMs / 1000)} s` : `${options.timeoutMs} ms`;
    const why = err instanceof UpstreamTimeout ? `did not answer within ${wait}` : `could not be reached (${err.code ?? err.message})`;
    request.log.warn({ platformUrl: options.platformUrl, code: err.code ?? err.name }, `upstream ${why}`);
    return problem(504, `Adobe Experience Platform at ${options.platformUrl} ${why}`, { title: 'Gateway Timeout', requestId: request.id });
  }

  function passThrough(request: FastifyRequest, reply: FastifyReply, res: IncomingMessage) {
    const listed = new Set(
      (first(res.headers.connection) ?? '')
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
    );
    reply.code(res.statusCode ?? 502);
    for (const [name, value] of Object.entries(res.headers)) {
      if (value === undefined || DROPPED_RESPONSE_HEADERS.has(name) || listed.has(name)) continue;
      reply.header(name, value);
    }
    if (request.method === 'HEAD' || res.statusCode === 204 || res.statusCode === 304) {
      res.resume();
      return reply.send();
    }
    return reply.send(res);
  }

  async function forward(request: FastifyRequest, reply: FastifyReply) {
    options.authorize?.(request);
    const url = targetOf(request);
    const gone = new AbortController();
    reply.raw.on('close', () => {
      if (!reply.raw.writableFinished) gone.abort();
    });
    const body = await readBody(request, options.replayLimitBytes);
    const replayable = body.kind !== 'stream';
    let refreshed = false;
    let rateLimited = 0;
    let resetRetried = false;
    for (;;) {
      let token: string;
      try {
        token = await options.tokens.get();
      } catch (e) {
        if (!(e instanceof ImsError)) throw e;
        throw problem(502, `Could not obtain an access token: ${e.message}`, { title: 'Bad Gateway', requestId: request.id });
      }
      let res: IncomingMessage;
      try {
        ({ res } = await exchange(request, url, token, body, gone.signal));
      } catch (e) {
        const err = e as Error & { code?: string; reusedSocket?: boolean };
        if (gone.signal.aborted) return reply;
        // A pooled connection the platform had already closed: send once more on a new one.
        if (replayable && !resetRetried && err.reusedSocket && err.code === 'ECONNRESET') {
          resetRetried = true;
          continue;
        }
        throw upstreamFailure(request, err);
      }
      const status = res.statusCode ?? 0;
      if (status === 401) {
        options.tokens.invalidate(token);
        if (replayable && !refreshed) {
          refreshed = true;
          res.resume();
          request.log.info('the platform refused the access token: refreshing it and sending the request again');
          continue;
        }
      }
      if (status === 429 && replayable && rateLimited < options.maxRateLimitRetries) {
        const asked = parseRetryAfter(res.headers['retry-after']);
        const wait = asked ?? Math.min(options.maxRetryWaitMs, 1000 * 2 ** rateLimited);
        if (wait <= options.maxRetryWaitMs) {
          rateLimited++;
          res.resume();
          request.log.info({ waitMs: wait, attempt: rateLimited }, 'the platform is rate limiting: waiting before sending the request again');
          await sleep(wait, gone.signal);
          if (gone.signal.aborted) return reply;
          continue;
        }
      }
      return passThrough(request, reply, res);
    }
  }

  app.route({ method: [...METHODS], url: '/data/*', config: { errorShape: 'problem' }, handler: forward });
}

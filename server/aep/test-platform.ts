// Test doubles for AEP mode, both on 127.0.0.1: a tiny Adobe IMS token endpoint, and a second
// instance of our own local service standing in for the platform behind a gateway that checks the
// IMS token and API key (and can be told to rate-limit).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, type App } from '../app.ts';

export interface FakeIms {
  url: string;
  /** Token requests received. */
  requests: number;
  /** Every token handed out. */
  issued: string[];
  /** Tokens the platform stand-in accepts. */
  valid: Set<string>;
  /** Whether new tokens are accepted by the platform (false: it refuses even fresh ones). */
  issueValid: boolean;
  expiresIn: number;
  /** refuse: 401 invalid_client (echoing the secret it got, as a careless IMS might); broken: 500. */
  mode: 'ok' | 'refuse' | 'broken';
  /** The last form received. */
  lastForm?: URLSearchParams;
  close(): Promise<void>;
}

const listenLocal = (server: Server, port = 0) =>
  new Promise<string>((resolve) => server.listen(port, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));

export async function startFakeIms(credentials: { clientId: string; clientSecret: string }, port = 0): Promise<FakeIms> {
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', () => {
      ims.requests++;
      const form = new URLSearchParams(raw);
      ims.lastForm = form;
      const reply = (status: number, body: object) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.method !== 'POST' || req.url !== '/ims/token/v3') return reply(404, { error: 'not_found' });
      if (ims.mode === 'broken') return reply(500, { error: 'server_error' });
      const good =
        form.get('grant_type') === 'client_credentials' &&
        form.get('client_id') === credentials.clientId &&
        form.get('client_secret') === credentials.clientSecret &&
        Boolean(form.get('scope'));
      if (ims.mode === 'refuse' || !good) {
        return reply(401, { error: 'invalid_client', error_description: `invalid client_secret parameter ${form.get('client_secret')}` });
      }
      const token = `ims-${ims.issued.length + 1}-${randomBytes(16).toString('hex')}`;
      ims.issued.push(token);
      if (ims.issueValid) ims.valid.add(token);
      reply(200, { access_token: token, token_type: 'bearer', expires_in: ims.expiresIn });
    });
  });
  const ims: FakeIms = {
    url: await listenLocal(server, port),
    requests: 0,
    issued: [],
    valid: new Set(),
    issueValid: true,
    expiresIn: 86_399,
    mode: 'ok',
    close: () => new Promise((r) => server.close(() => r())),
  };
  return ims;
}

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

export interface FakePlatform extends App {
  url: string;
  /** Every request the platform received, in order. */
  seen: SeenRequest[];
  /** Answer the next N API requests with 429 and this Retry-After. */
  rateLimit: { remaining: number; retryAfter?: string };
  /** Resolves when a request whose URL contains `fragment` arrives (before its body is read). */
  arrival(fragment: string): Promise<SeenRequest>;
  close(): Promise<void>;
}

export async function startFakePlatform(ims: FakeIms, clientId: string): Promise<FakePlatform> {
  const dataDir = mkdtempSync(join(tmpdir(), 'profile-console-aep-platform-'));
  const built = await buildApp({ dataDir });
  const seen: SeenRequest[] = [];
  const waiters: { fragment: string; resolve: (r: SeenRequest) => void }[] = [];
  const rateLimit: FakePlatform['rateLimit'] = { remaining: 0 };
  built.app.addHook('onRequest', async (request, reply) => {
    const entry = { method: request.method, url: request.url, headers: { ...request.headers } };
    seen.push(entry);
    for (const w of waiters.filter((w) => request.url.includes(w.fragment))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(entry);
    }
    if (!request.url.startsWith('/data/')) return;
    const match = /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ''));
    if (!match || !ims.valid.has(match[1])) return reply.code(401).send({ error_code: '401013', message: 'Oauth token is not valid' });
    if (request.headers['x-api-key'] !== clientId) return reply.code(403).send({ error_code: '403003', message: 'Api Key is invalid' });
    if (rateLimit.remaining > 0) {
      rateLimit.remaining--;
      if (rateLimit.retryAfter !== undefined) reply.header('retry-after', rateLimit.retryAfter);
      return reply.code(429).send([{ message: 'Too many requests', cause: '{"Errors":["Request rate is large"]}', retryAfterMs: '500', statusCode: '429' }]);
    }
  });
  await built.app.listen({ port: 0, host: '127.0.0.1' });
  return {
    ...built,
    url: `http://127.0.0.1:${(built.app.server.address() as AddressInfo).port}`,
    seen,
    rateLimit,
    arrival: (fragment) => new Promise((resolve) => waiters.push({ fragment, resolve })),
    async close() {
      await built.app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A port nothing listens on (for "platform down"). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await listenLocal(server);
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** A server that accepts connections and never answers (for time-outs). */
export async function startSilentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(() => undefined);
  const url = await listenLocal(server);
  return {
    url,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

// AEP mode end to end: the AEP-mode service forwarding to a second instance of our own local
// service (standing in for the platform) with tokens from a fake IMS, all on 127.0.0.1.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConnectionSchema,
  ConsoleConfigSchema,
  ENTITIES,
  MERGE_POLICIES,
  PROFILE_CLASS,
  PROFILE_SCHEMA_ID,
  type MergePolicy,
  type MergePolicyList,
} from '../../contracts/index.ts';
import { buildAepApp, type AepApp, type AepAppOptions } from './app.ts';
import { readAepSettings } from './settings.ts';
import { closedPort, startFakeIms, startFakePlatform, startSilentServer, type FakeIms, type FakePlatform } from './test-platform.ts';

const CLIENT_ID = 'c0ffee00c0ffee00c0ffee00c0ffee00';
const SECRET = 'p8e-S3CR3T-value-that-must-never-leak-0123456789';
const AEP_ORG = '5EC0DE00000000000000AE01@AdobeOrg';
const BROWSER_ORG = 'D3M0C0FFEE0000000000A1B2@AdobeOrg';
const DEFAULT_SANDBOX = 'aep-default';

let ims: FakeIms;
let platform: FakePlatform;
/** Everything any AEP-mode app logged, and every response body and header block any test received. */
const logs: string[] = [];
const received: string[] = [];
const apps: AepApp[] = [];
let clock = Date.UTC(2026, 10, 29, 12);

const env = (overrides: Record<string, string | undefined> = {}) => ({
  AEP_CLIENT_ID: CLIENT_ID,
  AEP_CLIENT_SECRET: SECRET,
  AEP_ORG_ID: AEP_ORG,
  AEP_SCOPES: 'openid, AdobeID,read_organizations,additional_info.projectedProductContext,session',
  AEP_SANDBOX: DEFAULT_SANDBOX,
  AEP_IMS_URL: ims.url,
  AEP_PLATFORM_URL: platform.url,
  ...overrides,
});

async function startAep(overrides: Record<string, string | undefined> = {}, options: Partial<AepAppOptions> = {}) {
  const built = await buildAepApp({
    settings: readAepSettings(env(overrides), { host: '127.0.0.1', auth: Boolean(options.auth) }),
    logger: { level: 'debug', stream: { write: (line: string) => void logs.push(line) } },
    now: () => clock,
    replayLimitBytes: 64 * 1024,
    upstreamTimeoutMs: 2_000,
    ...options,
  });
  apps.push(built);
  await built.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(built.app.server.address() as AddressInfo).port}`;
  return { ...built, base };
}

type Aep = Awaited<ReturnType<typeof startAep>>;

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: <T = Record<string, unknown>>() => T;
}

function record(status: number, headers: Headers | IncomingHttpHeaders, text: string): Answer {
  const h = headers instanceof Headers ? headers : new Headers(Object.entries(headers).map(([k, v]): [string, string] => [k, String(v)]));
  received.push(text, JSON.stringify([...h]));
  return { status, headers: h, text, json: <T,>() => JSON.parse(text) as T };
}

async function call(aep: Aep, path: string, init: RequestInit & { sandbox?: string | null } = {}): Promise<Answer> {
  const { sandbox, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (!headers.has('x-gw-ims-org-id')) headers.set('x-gw-ims-org-id', BROWSER_ORG);
  if (sandbox !== null && !headers.has('x-sandbox-name')) headers.set('x-sandbox-name', sandbox ?? 'aep-flow');
  if (typeof rest.body === 'string' && !headers.has('content-type')) headers.set('content-type', 'application/json');
  const res = await fetch(aep.base + path, { ...rest, headers });
  return record(res.status, res.headers, await res.text());
}

/** A PUT whose body is sent in two parts; `between` runs after the first part is on the wire. */
function splitUpload(aep: Aep, path: string, parts: [string, string], between: () => Promise<unknown>, headers: Record<string, string> = {}) {
  return new Promise<Answer>((resolve, reject) => {
    const req = httpRequest(aep.base + path, {
      method: 'PUT',
      headers: { 'x-gw-ims-org-id': BROWSER_ORG, 'x-sandbox-name': 'aep-flow', 'content-type': 'application/octet-stream', ...headers },
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve(record(res.statusCode!, res.headers, text)));
    });
    req.on('error', reject);
    req.flushHeaders();
    req.write(parts[0]);
    between().then(
      () => req.end(parts[1]),
      (e: unknown) => reject(e as Error),
    );
  });
}

const within = <T,>(promise: Promise<T>, ms: number, what: string) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out: ${what}`)), ms))]);

const seenSince = (n: number) => platform.seen.slice(n).filter((r) => r.url.startsWith('/data/'));

beforeAll(async () => {
  ims = await startFakeIms({ clientId: CLIENT_ID, clientSecret: SECRET });
  platform = await startFakePlatform(ims, CLIENT_ID);
});

afterAll(async () => {
  for (const a of apps) await a.app.close();
  await platform?.close();
  await ims?.close();
});

describe('AEP mode against a stand-in platform', () => {
  let aep: Aep;
  let datasetId: string;
  let batchId: string;
  beforeAll(async () => {
    aep = await startAep();
  });

  it('tells the console it is in AEP mode, with the configured org and sandbox', async () => {
    const res = await call(aep, '/_local/config');
    expect(res.status).toBe(200);
    expect(ConsoleConfigSchema.parse(res.json())).toMatchObject({ mode: 'aep', orgId: AEP_ORG, defaultSandbox: DEFAULT_SANDBOX });
    const health = await call(aep, '/_local/health');
    expect(health.json()).toMatchObject({ status: 'ok', mode: 'aep' });
  });

  it('reports the connection, with no token before the first call', async () => {
    const res = await call(aep, '/_local/connection');
    expect(res.status).toBe(200);
    const connection = ConnectionSchema.parse(res.json());
    expect(connection).toEqual({
      mode: 'aep',
      orgId: AEP_ORG,
      sandbox: DEFAULT_SANDBOX,
      platformUrl: platform.url,
      imsUrl: ims.url,
      token: { state: 'none', obtainedAt: null, expiresAt: null, lastError: null },
    });
  });

  it.each([
    ['POST', '/_local/demo'],
    ['GET', '/_local/datasets/stats'],
    ['POST', '/_local/merge-policies/preview'],
  ])('answers %s %s with 501: local mode only', async (method, path) => {
    const res = await call(aep, path, { method, ...(method === 'POST' ? { body: '{}' } : {}) });
    expect(res.status).toBe(501);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 501, title: 'Not Implemented' });
    expect(res.json<{ detail: string }>().detail).toBe(
      `${method} ${path} is available in local mode only: this console is connected to Adobe Experience Platform (org ${AEP_ORG})`,
    );
    expect(res.headers.get('x-request-id')).toMatch(/./);
  });

  it('creates a dataset upstream with the service credentials, the configured org and the browser sandbox', async () => {
    const before = platform.seen.length;
    const res = await call(aep, '/data/foundation/catalog/dataSets', {
      method: 'POST',
      headers: { 'x-request-id': 'req-create-1', cookie: 'session=browser-only', authorization: 'Bearer browser-token', 'x-api-key': 'browser-key' },
      body: JSON.stringify({ name: 'CRM via AEP mode', schemaRef: { id: PROFILE_SCHEMA_ID }, tags: { unifiedProfile: ['enabled:true'] } }),
    });
    expect(res.status).toBe(201);
    datasetId = res.json<string[]>()[0].split('/').pop()!;
    expect(ims.requests).toBe(1);
    expect(ims.lastForm && Object.fromEntries(ims.lastForm)).toEqual({
      grant_type: 'client_credentials',
      client_id: CLIENT_ID,
      client_secret: SECRET,
      scope: 'openid,AdobeID,read_organizations,additional_info.projectedProductContext,session',
    });
    const [upstream] = seenSince(before);
    expect(upstream.method).toBe('POST');
    expect(upstream.headers).toMatchObject({
      authorization: `Bearer ${ims.issued[0]}`,
      'x-api-key': CLIENT_ID,
      'x-gw-ims-org-id': AEP_ORG,
      'x-sandbox-name': 'aep-flow',
      'x-request-id': 'req-create-1',
      'content-type': 'application/json',
    });
    expect(upstream.headers.cookie).toBeUndefined();
    expect(res.headers.get('x-request-id')).toBe('req-create-1');
    // The data lives in the configured org, not the one the browser named.
    expect(platform.store.org(AEP_ORG).context('aep-flow', false)).toBeDefined();
    expect(platform.store.org(BROWSER_ORG).list().map((s) => s.name)).not.toContain('aep-flow');
  });

  it('passes query strings and upstream headers through (paging, x-total-count)', async () => {
    const res = await call(aep, '/data/foundation/catalog/dataSets?limit=1&start=0');
    expect(res.status).toBe(200);
    expect(Object.keys(res.json())).toEqual([datasetId]);
    expect(res.headers.get('x-total-count')).toBe('1');
    expect(res.headers.get('content-type')).toContain('application/json');
  });

  it('streams a batch upload to the platform before the browser has finished sending it', async () => {
    const created = await call(aep, '/data/foundation/import/batches', {
      method: 'POST',
      body: JSON.stringify({ datasetId, inputFormat: { format: 'json' } }),
    });
    expect(created.status).toBe(201);
    batchId = created.json<{ id: string }>().id;
    const record = (i: number) => JSON.stringify({ _id: `r-${i}`, identityMap: { Email: [{ id: `person${i}@example.com`, primary: true }] }, person: { name: { firstName: `P${i}` } }, pad: 'x'.repeat(200) });
    const lines = Array.from({ length: 2000 }, (_, i) => record(i));
    const half = lines.length / 2;
    const path = `/data/foundation/import/batches/${batchId}/datasets/${datasetId}/files/people.ndjson`;
    // The second half is sent only once the platform has received the request: a proxy that buffered
    // the body would never forward it, and this would time out.
    const res = await within(
      splitUpload(aep, path, [lines.slice(0, half).join('\n') + '\n', lines.slice(half).join('\n')], () => within(platform.arrival(`/files/people.ndjson`), 5_000, 'upload reached the platform')),
      10_000,
      'streamed upload',
    );
    expect(res.status, res.text).toBe(200);
    const done = await call(aep, `/data/foundation/import/batches/${batchId}?action=COMPLETE`, { method: 'POST' });
    expect(done.status).toBe(200);
    let status = '';
    for (let i = 0; i < 200 && status !== 'success' && status !== 'failed'; i++) {
      const batch = await call(aep, `/data/foundation/catalog/batches/${batchId}`);
      status = batch.json<Record<string, { status: string }>>()[batchId].status;
      if (status !== 'success') await new Promise((r) => setTimeout(r, 20));
    }
    expect(status).toBe('success');
  });

  it('looks up a profile through the platform', async () => {
    const q = new URLSearchParams({ 'schema.name': PROFILE_CLASS, entityId: 'person7@example.com', entityIdNS: 'Email' });
    const res = await call(aep, `${ENTITIES}?${q}`);
    expect(res.status, res.text).toBe(200);
    const entities = Object.values(res.json<Record<string, { entity: { person: { name: { firstName: string } } } }>>());
    expect(entities).toHaveLength(1);
    expect(entities[0].entity.person.name.firstName).toBe('P7');
  });

  it('deletes a profile through the platform (202, empty body)', async () => {
    const q = new URLSearchParams({ 'schema.name': PROFILE_CLASS, entityId: 'person9@example.com', entityIdNS: 'Email' });
    const res = await call(aep, `${ENTITIES}?${q}`, { method: 'DELETE' });
    expect(res.status, res.text).toBe(202);
    expect(res.text).toBe('');
    expect((await call(aep, `${ENTITIES}?${q}`)).status).toBe(404);
  });

  it('passes AEP error bodies through unchanged', async () => {
    const q = new URLSearchParams({ 'schema.name': PROFILE_CLASS, entityId: 'nobody@example.com', entityIdNS: 'Email' });
    const res = await call(aep, `${ENTITIES}?${q}`);
    const direct = await platform.app.inject({
      url: `${ENTITIES}?${q}`,
      headers: { authorization: `Bearer ${[...ims.valid][0]}`, 'x-api-key': CLIENT_ID, 'x-gw-ims-org-id': AEP_ORG, 'x-sandbox-name': 'aep-flow' },
    });
    expect(res.status).toBe(direct.statusCode);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.text).toBe(direct.body);
    expect(res.headers.get('content-type')).toBe(direct.headers['content-type']);
  });

  it('edits merge policies through the platform', async () => {
    const list = await call(aep, MERGE_POLICIES);
    expect(list.status).toBe(200);
    const created = await call(aep, MERGE_POLICIES, {
      method: 'POST',
      body: JSON.stringify({ name: 'CRM first', schema: { name: PROFILE_CLASS }, identityGraph: { type: 'pdg' }, attributeMerge: { type: 'dataSetPrecedence', order: [datasetId] } }),
    });
    expect(created.status, created.text).toBe(200);
    const policy = created.json<MergePolicy>();
    expect(policy.imsOrgId).toBe(AEP_ORG);
    const patched = await call(aep, `${MERGE_POLICIES}/${policy.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ op: 'add', path: '/identityGraph.type', value: 'none' }),
    });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.json<MergePolicy>().identityGraph.type).toBe('none');
    const after = await call(aep, MERGE_POLICIES);
    expect(after.json<MergePolicyList>().children.map((p) => p.name)).toContain('CRM first');
    const deleted = await call(aep, `${MERGE_POLICIES}/${policy.id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(200);
  });

  it('sends AEP_SANDBOX when the browser names no sandbox', async () => {
    const before = platform.seen.length;
    const res = await call(aep, '/data/foundation/catalog/dataSets', { sandbox: null });
    expect(res.status).toBe(200);
    expect(seenSince(before)[0].headers['x-sandbox-name']).toBe(DEFAULT_SANDBOX);
  });

  it('refuses a path that would climb out of /data/ on the platform', async () => {
    const before = platform.seen.length;
    for (const path of ['/data/%2e%2e/ims/token/v3', '/data/foundation/../../x']) {
      const res = await new Promise<Answer>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port: new URL(aep.base).port, path, headers: { 'x-sandbox-name': 'aep-flow' } }, (r) => {
          let text = '';
          r.on('data', (d: Buffer) => (text += d.toString()));
          r.on('end', () => resolve(record(r.statusCode!, r.headers, text)));
        });
        req.on('error', reject);
        req.end();
      });
      expect(res.status, path).toBe(400);
      expect(res.json<{ detail: string }>().detail).toContain('dot segments');
    }
    expect(platform.seen.length).toBe(before);
  });

  it('refuses a path that is not valid percent-encoding in problem shape, without forwarding it', async () => {
    const before = platform.seen.length;
    const res = await new Promise<Answer>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: new URL(aep.base).port, path: '/data/foundation/catalog/dataSets/%zz', headers: { 'x-sandbox-name': 'aep-flow' } }, (r) => {
        let text = '';
        r.on('data', (d: Buffer) => (text += d.toString()));
        r.on('end', () => resolve(record(r.statusCode!, r.headers, text)));
      });
      req.on('error', reject);
      req.end();
    });
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ status: 400, detail: expect.stringContaining('percent-encoding') });
    expect(platform.seen.length).toBe(before);
  });

  it('answers HEAD with the upstream headers and no body', async () => {
    const res = await call(aep, '/data/foundation/catalog/dataSets', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
  });

  it('used one token for everything so far, and shows its expiry', async () => {
    expect(ims.requests).toBe(1);
    const connection = ConnectionSchema.parse((await call(aep, '/_local/connection')).json());
    expect(connection.token).toMatchObject({ state: 'valid', expiresAt: new Date(clock + 86_399_000).toISOString(), lastError: null });
  });

  it('refreshes the token shortly before it expires', async () => {
    clock += 86_399_000 - 4 * 60_000; // inside the five-minute margin
    const before = platform.seen.length;
    const res = await call(aep, '/data/foundation/catalog/dataSets');
    expect(res.status).toBe(200);
    expect(ims.requests).toBe(2);
    expect(seenSince(before)[0].headers.authorization).toBe(`Bearer ${ims.issued[1]}`);
  });

  it('refreshes once after a 401 and sends the request again; concurrent requests share one refresh', async () => {
    ims.valid.clear(); // the platform no longer accepts the cached token
    const results = await Promise.all(Array.from({ length: 5 }, () => call(aep, '/data/foundation/catalog/dataSets')));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(ims.requests).toBe(3);
    // A JSON POST is replayed too (exactly one dataset results).
    ims.valid.clear();
    const created = await call(aep, '/data/foundation/catalog/dataSets', {
      method: 'POST',
      sandbox: 'aep-replay',
      body: JSON.stringify({ name: 'replayed', schemaRef: { id: PROFILE_SCHEMA_ID } }),
    });
    expect(created.status).toBe(201);
    expect(ims.requests).toBe(4);
    expect(Object.keys((await call(aep, '/data/foundation/catalog/dataSets', { sandbox: 'aep-replay' })).json())).toHaveLength(1);
  });

  it('answers a 401 through when it comes back for a streamed upload, and uses a fresh token next time', async () => {
    const created = await call(aep, '/data/foundation/import/batches', { method: 'POST', body: JSON.stringify({ datasetId, inputFormat: { format: 'json' } }) });
    const id = created.json<{ id: string }>().id;
    ims.valid.clear();
    const before = platform.seen.length;
    const big = 'x'.repeat(100 * 1024); // over the replay limit, and sent without a length
    const res = await splitUpload(aep, `/data/foundation/import/batches/${id}/datasets/${datasetId}/files/late.ndjson`, [big, big], async () => undefined);
    expect(res.status).toBe(401);
    expect(res.json()).toEqual({ error_code: '401013', message: 'Oauth token is not valid' });
    expect(seenSince(before)).toHaveLength(1);
    expect(ims.requests).toBe(4);
    const next = await call(aep, '/data/foundation/catalog/dataSets');
    expect(next.status).toBe(200);
    expect(ims.requests).toBe(5);
  });

  it('gives up after one refresh when the platform keeps refusing the token', async () => {
    ims.valid.clear();
    ims.issueValid = false; // fresh tokens are refused too
    try {
      const before = platform.seen.length;
      const res = await call(aep, '/data/foundation/catalog/dataSets');
      expect(res.status).toBe(401);
      expect(seenSince(before)).toHaveLength(2);
    } finally {
      ims.issueValid = true;
    }
  });

  it('waits as Retry-After asks on a 429 and sends the request again', async () => {
    await call(aep, '/data/foundation/catalog/dataSets'); // a current token
    platform.rateLimit.remaining = 2;
    platform.rateLimit.retryAfter = '1';
    const before = platform.seen.length;
    const started = Date.now();
    const res = await call(aep, '/data/foundation/catalog/dataSets');
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
    expect(seenSince(before)).toHaveLength(3);
  });

  it('passes the 429 through after three retries', async () => {
    platform.rateLimit.remaining = 10;
    platform.rateLimit.retryAfter = '0';
    const before = platform.seen.length;
    const res = await call(aep, '/data/foundation/catalog/dataSets');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('0');
    expect(res.json<{ statusCode: string }[]>()[0].statusCode).toBe('429');
    expect(seenSince(before)).toHaveLength(4);
    platform.rateLimit.remaining = 0;
  });

  it('passes a 429 through at once when Retry-After asks for longer than it will wait', async () => {
    platform.rateLimit.remaining = 1;
    platform.rateLimit.retryAfter = new Date(Date.now() + 120_000).toUTCString();
    const before = platform.seen.length;
    const res = await call(aep, '/data/foundation/catalog/dataSets');
    expect(res.status).toBe(429);
    expect(seenSince(before)).toHaveLength(1);
  });
});

describe('AEP mode when things fail', () => {
  it('answers 504 in problem shape when the platform cannot be reached', async () => {
    const aep = await startAep({ AEP_PLATFORM_URL: `http://127.0.0.1:${await closedPort()}` });
    const res = await call(aep, '/data/foundation/catalog/dataSets');
    expect(res.status).toBe(504);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 504, title: 'Gateway Timeout' });
    expect(res.json<{ detail: string }>().detail).toMatch(/could not be reached \(ECONNREFUSED\)/);
    expect(res.json<{ requestId: string }>().requestId).toBe(res.headers.get('x-request-id'));
  });

  it('answers 504 when the platform does not answer in time', async () => {
    const silent = await startSilentServer();
    try {
      const aep = await startAep({ AEP_PLATFORM_URL: silent.url }, { upstreamTimeoutMs: 300 });
      const res = await call(aep, '/data/foundation/catalog/dataSets');
      expect(res.status).toBe(504);
      expect(res.json<{ detail: string }>().detail).toContain('did not answer within');
    } finally {
      await silent.close();
    }
  });

  it('answers 502 when IMS refuses the credentials, without repeating the secret IMS echoed', async () => {
    const aep = await startAep({}, {});
    ims.mode = 'refuse';
    try {
      const res = await call(aep, '/data/foundation/catalog/dataSets');
      expect(res.status).toBe(502);
      expect(res.json()).toMatchObject({ status: 502, title: 'Bad Gateway' });
      const detail = res.json<{ detail: string }>().detail;
      expect(detail).toContain('HTTP 401 (invalid_client: invalid client_secret parameter ***)');
      expect(detail).toContain('AEP_CLIENT_SECRET');
      const connection = ConnectionSchema.parse((await call(aep, '/_local/connection')).json());
      expect(connection.token.state).toBe('error');
      expect(connection.token.lastError).toContain('invalid_client');
    } finally {
      ims.mode = 'ok';
    }
  });

  it('answers 502 when IMS fails or cannot be reached', async () => {
    const broken = await startAep();
    ims.mode = 'broken';
    try {
      const res = await call(broken, '/data/foundation/catalog/dataSets');
      expect(res.status).toBe(502);
      expect(res.json<{ detail: string }>().detail).toContain('HTTP 500');
    } finally {
      ims.mode = 'ok';
    }
    const down = await startAep({ AEP_IMS_URL: `http://127.0.0.1:${await closedPort()}` });
    const res = await call(down, '/data/foundation/catalog/dataSets');
    expect(res.status).toBe(502);
    expect(res.json<{ detail: string }>().detail).toMatch(/could not be reached: ECONNREFUSED/);
  });
});

describe('AEP mode with --auth', () => {
  let aep: Aep;
  beforeAll(async () => {
    aep = await startAep({}, { auth: { tokens: ['local-console-token'] } });
  });

  it('requires the local token on API calls and the connection, with AEP gateway errors', async () => {
    expect((await call(aep, '/data/foundation/catalog/dataSets')).json()).toEqual({ error_code: '403010', message: 'Oauth token is missing.' });
    expect((await call(aep, '/data/foundation/catalog/dataSets', { headers: { authorization: 'Bearer nope', 'x-api-key': 'k' } })).status).toBe(401);
    expect((await call(aep, '/_local/connection')).status).toBe(403);
    expect((await call(aep, '/_local/config')).status).toBe(200);
  });

  it('forwards with the IMS token in place of the local one', async () => {
    const before = platform.seen.length;
    const res = await call(aep, '/data/foundation/catalog/dataSets', { headers: { authorization: 'Bearer local-console-token', 'x-api-key': 'console' } });
    expect(res.status).toBe(200);
    const upstream = seenSince(before)[0];
    expect(upstream.headers.authorization).toMatch(/^Bearer ims-/);
    expect(upstream.headers['x-api-key']).toBe(CLIENT_ID);
  });
});

describe('secrets', () => {
  it('never appear in a response or a log line', () => {
    expect(logs.length).toBeGreaterThan(20);
    expect(received.length).toBeGreaterThan(50);
    expect(ims.issued.length).toBeGreaterThan(3);
    for (const secret of [SECRET, ...ims.issued, 'local-console-token']) {
      const inLogs = logs.filter((l) => l.includes(secret));
      const inResponses = received.filter((r) => r.includes(secret));
      expect(inLogs, `log lines containing ${secret.slice(0, 8)}…`).toEqual([]);
      expect(inResponses, `responses containing ${secret.slice(0, 8)}…`).toEqual([]);
    }
  });

  it('logs what the forwarding did, with credentials redacted', () => {
    expect(logs.some((l) => l.includes('obtained an access token from Adobe IMS'))).toBe(true);
    expect(logs.some((l) => l.includes('rate limiting'))).toBe(true);
    expect(logs.some((l) => l.includes('refusing') || l.includes('refused the access token'))).toBe(true);
  });
});

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, ORG, type TestApp } from '../testing/test-app.ts';

describe('tenant headers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it.each([
    ['no org header', {}, 400, { error_code: '400003' }],
    ['a malformed org id', { 'x-gw-ims-org-id': 'not-an-org' }, 403, { error_code: '403027' }],
    ['no sandbox header', { 'x-gw-ims-org-id': ORG }, 400, { error_code: '400003' }],
  ])('answers %s with the gateway error', async (_, headers, status, body) => {
    const res = await t.app.inject({ url: '/data/foundation/catalog/dataSets', headers });
    expect(res.statusCode).toBe(status);
    expect(res.json()).toMatchObject(body);
    expect(res.json().message).toMatch(/./);
  });

  it('refuses a sandbox name that is not a valid name, in problem shape', async () => {
    const res = await t.app.inject({ url: '/data/foundation/catalog/dataSets', headers: t.headers('../Prod') });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ status: 400, title: 'Bad Request' });
    expect(res.json().detail).toContain('x-sandbox-name');
  });

  it('creates an unknown sandbox on first use as a development sandbox, isolated from others', async () => {
    const res = await t.app.inject({ url: '/data/foundation/catalog/dataSets', headers: t.headers('isolated-one') });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({});
    const list = await t.app.inject({ url: '/data/foundation/sandbox-management/sandboxes', headers: { 'x-gw-ims-org-id': ORG } });
    const sandbox = list.json().sandboxes.find((s: { name: string }) => s.name === 'isolated-one');
    expect(sandbox).toMatchObject({ type: 'development', isDefault: false, state: 'active' });
  });

  it('creates neither an unknown sandbox nor an unknown org for a request it refuses', async () => {
    const orgs = () => t.app.inject({ url: '/data/foundation/sandbox-management/sandboxes', headers: { 'x-gw-ims-org-id': ORG } });
    const refused = [
      { method: 'POST' as const, url: '/data/foundation/catalog/dataSets', headers: t.headers('never-made'), payload: { name: 7 } },
      { method: 'POST' as const, url: '/data/foundation/catalog/dataSets', headers: { ...t.headers('never-made'), 'content-type': 'text/plain' }, payload: 'x' },
      { method: 'GET' as const, url: '/data/core/ups/config/mergePolicies?limit=0', headers: t.headers('never-made') },
      { method: 'GET' as const, url: '/data/core/ups/config/mergePolicies?limit=0', headers: { ...t.headers(), 'x-gw-ims-org-id': 'NEVERMADE0000000000000A1@AdobeOrg' } },
    ];
    for (const request of refused) expect((await t.app.inject(request)).statusCode).toBeGreaterThanOrEqual(400);
    expect((await orgs()).json().sandboxes.map((s: { name: string }) => s.name)).not.toContain('never-made');
    expect(existsSync(join(t.dataDir, 'orgs', 'NEVERMADE0000000000000A1@AdobeOrg'))).toBe(false);
  });

  it('echoes a request id on every answer, errors included', async () => {
    const ok = await t.app.inject({ url: '/_local/health' });
    expect(ok.headers['x-request-id']).toMatch(/./);
    const mine = await t.app.inject({ url: '/data/foundation/catalog/dataSets', headers: { 'x-request-id': 'abc-123' } });
    expect(mine.headers['x-request-id']).toBe('abc-123');
  });
});

describe('--auth', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ auth: { tokens: ['s3cret-token'] } });
  });
  afterAll(() => t.close());
  const url = '/data/foundation/catalog/dataSets';

  it.each([
    ['no Authorization', {}, 403, '403010'],
    ['a wrong token', { authorization: 'Bearer nope' }, 401, '401013'],
    ['a non-bearer scheme', { authorization: 'Basic s3cret-token' }, 401, '401013'],
    ['no x-api-key', { authorization: 'Bearer s3cret-token' }, 403, '403000'],
  ])('answers %s with AEP gateway errors', async (_, auth, status, code) => {
    const res = await t.app.inject({ url, headers: { ...t.headers(), ...auth } });
    expect(res.statusCode).toBe(status);
    expect(res.json().error_code).toBe(code);
  });

  it('accepts a valid token with an api key', async () => {
    const res = await t.app.inject({ url, headers: t.headers('prod', { authorization: 'Bearer s3cret-token', 'x-api-key': 'console' }) });
    expect(res.statusCode).toBe(200);
  });

  it('leaves health and config open', async () => {
    expect((await t.app.inject({ url: '/_local/health' })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/_local/config' })).statusCode).toBe(200);
  });
});

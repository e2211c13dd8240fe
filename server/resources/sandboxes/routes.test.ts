import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, ORG, type TestApp } from '../../testing/test-app.ts';

describe('sandboxes', () => {
  let t: TestApp;
  const headers = { 'x-gw-ims-org-id': ORG };
  const url = '/data/foundation/sandbox-management/sandboxes';
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('lists the production default sandbox of a new org', async () => {
    const res = await t.app.inject({ url, headers });
    expect(res.statusCode).toBe(200);
    expect(res.json().sandboxes[0]).toMatchObject({ name: 'prod', type: 'production', isDefault: true });
    expect(res.json()._page.count).toBe(1);
  });

  it('creates a development sandbox, refuses a duplicate and a bad name', async () => {
    const created = await t.app.inject({ method: 'POST', url, headers, payload: { name: 'team-a', title: 'Team A' } });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ name: 'team-a', title: 'Team A', type: 'development' });
    const dup = await t.app.inject({ method: 'POST', url, headers, payload: { name: 'team-a', title: 'Again' } });
    expect(dup.statusCode).toBe(409);
    const bad = await t.app.inject({ method: 'POST', url, headers, payload: { name: 'Team A!', title: 'x' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().detail).toContain('name');
    const prodType = await t.app.inject({ method: 'POST', url, headers, payload: { name: 'p2', title: 'x', type: 'production' } });
    expect(prodType.statusCode).toBe(400);
  });

  it('gets one sandbox, 404 for an unknown one', async () => {
    expect((await t.app.inject({ url: `${url}/prod`, headers })).json().name).toBe('prod');
    expect((await t.app.inject({ url: `${url}/nope`, headers })).statusCode).toBe(404);
  });

  it('needs the org header', async () => {
    expect((await t.app.inject({ url })).json().error_code).toBe('400003');
  });
});

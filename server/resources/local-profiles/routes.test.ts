import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { seedDemo } from '../../demo/seed.ts';

describe('GET /_local/profiles/sample', () => {
  let t: TestApp;
  const url = '/_local/profiles/sample';
  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.store.org(t.orgId).context('browse', true)!, { profiles: 300, seed: 42, now: Date.UTC(2026, 10, 1) });
  });
  afterAll(() => t.close());

  it('answers a stable sample of distinct merged profiles, each one that a lookup finds', async () => {
    const a = await t.app.inject({ url: `${url}?limit=20&seed=7`, headers: t.headers('browse') });
    expect(a.statusCode).toBe(200);
    const body = a.json();
    expect(body._page).toEqual({ count: 20, seed: 7 });
    const keys = body.children.map((p: { entityId: string }) => p.entityId);
    expect(new Set(keys).size).toBe(20);
    const again = await t.app.inject({ url: `${url}?limit=20&seed=7`, headers: t.headers('browse') });
    expect(again.json()).toEqual(body);
    const other = await t.app.inject({ url: `${url}?limit=20&seed=8`, headers: t.headers('browse') });
    expect(other.json().children.map((p: { entityId: string }) => p.entityId)).not.toEqual(keys);
    const first = body.children[0];
    expect(first.identities[0]).toEqual(first.identity);
    const lookup = await t.app.inject({
      url: `/data/core/ups/access/entities?schema.name=_xdm.context.profile&entityIdNS=${first.identity.namespace}&entityId=${encodeURIComponent(first.identity.id)}`,
      headers: t.headers('browse'),
    });
    expect(lookup.statusCode).toBe(200);
    expect(Object.values(lookup.json())[0]).toMatchObject({ sources: first.sources });
  });

  it('refuses an unknown merge policy and a bad limit', async () => {
    const unknown = await t.app.inject({ url: `${url}?mergePolicyId=nope`, headers: t.headers('browse') });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().detail).toContain('mergePolicyId');
    expect((await t.app.inject({ url: `${url}?limit=1000`, headers: t.headers('browse') })).statusCode).toBe(400);
  });

  it('answers an empty sample for an empty sandbox', async () => {
    const res = await t.app.inject({ url, headers: t.headers('browse-empty') });
    expect(res.json().children).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDataset, createTestApp, type TestApp } from '../../testing/test-app.ts';
import { EVENT_SCHEMA_ID, PROFILE_SCHEMA_ID } from '../../../contracts/index.ts';

describe('datasets', () => {
  let t: TestApp;
  const url = '/data/foundation/catalog/dataSets';
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('creates a dataset as AEP does (201, reference list) and reads it back keyed by id', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url,
      headers: t.headers('ds-create'),
      payload: { name: 'Loyalty', schemaRef: { id: PROFILE_SCHEMA_ID }, tags: { unifiedProfile: ['enabled:true', 'isUpsert:true'] } },
    });
    expect(res.statusCode).toBe(201);
    const [ref] = res.json();
    expect(ref).toMatch(/^@\/dataSets\/[0-9a-f]{24}$/);
    const id = ref.split('/').pop();
    const got = await t.app.inject({ url: `${url}/${id}`, headers: t.headers('ds-create') });
    expect(got.json()[id]).toMatchObject({
      name: 'Loyalty',
      schemaRef: { id: PROFILE_SCHEMA_ID },
      tags: { unifiedProfile: ['enabled:true', 'isUpsert:true'] },
    });
  });

  it.each([
    ['an unknown schema', { name: 'x', schemaRef: { id: 'https://ns.adobe.com/xdm/context/other' } }, 'schemaRef.id'],
    ['no name', { schemaRef: { id: PROFILE_SCHEMA_ID } }, 'name'],
    ['a blank name', { name: '   ', schemaRef: { id: PROFILE_SCHEMA_ID } }, 'name'],
    ['tags that are not lists', { name: 'y', schemaRef: { id: PROFILE_SCHEMA_ID }, tags: { unifiedProfile: 'enabled:true' } }, 'tags'],
  ])('refuses %s with 400 naming the field', async (_, payload, field) => {
    const res = await t.app.inject({ method: 'POST', url, headers: t.headers('ds-bad'), payload });
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toContain(field);
    expect((await t.app.inject({ url, headers: t.headers('ds-bad') })).json()).toEqual({});
  });

  it('refuses a duplicate name (case-insensitive) with 409 and changes nothing', async () => {
    await createDataset(t, 'ds-dup', { name: 'CRM' });
    const res = await t.app.inject({ method: 'POST', url, headers: t.headers('ds-dup'), payload: { name: 'crm', schemaRef: { id: PROFILE_SCHEMA_ID } } });
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toContain('already exists');
    expect(Object.keys((await t.app.inject({ url, headers: t.headers('ds-dup') })).json())).toHaveLength(1);
  });

  it('answers wrong content types and malformed JSON with 4xx', async () => {
    const text = await t.app.inject({ method: 'POST', url, headers: { ...t.headers('ds-ct'), 'content-type': 'text/plain' }, payload: 'hello' });
    expect(text.statusCode).toBe(415);
    const broken = await t.app.inject({ method: 'POST', url, headers: { ...t.headers('ds-ct'), 'content-type': 'application/json' }, payload: '{"name":' });
    expect(broken.statusCode).toBe(400);
    const empty = await t.app.inject({ method: 'POST', url, headers: { ...t.headers('ds-ct'), 'content-type': 'application/json' } });
    expect(empty.statusCode).toBe(400);
  });

  it('404s an unknown id and 400s a malformed one', async () => {
    expect((await t.app.inject({ url: `${url}/0123456789abcdef01234567`, headers: t.headers() })).statusCode).toBe(404);
    const bad = await t.app.inject({ url: `${url}/..%2Fetc`, headers: t.headers() });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().detail).toContain('datasetId');
  });

  it('pages, sorts and filters with the total in x-total-count', async () => {
    const sb = 'ds-list';
    for (const name of ['Alpha events', 'Beta', 'Gamma events']) {
      await createDataset(t, sb, { name, kind: name.includes('events') ? 'event' : 'profile' });
    }
    const page = await t.app.inject({ url: `${url}?limit=2&start=0&orderBy=asc:name`, headers: t.headers(sb) });
    expect(page.headers['x-total-count']).toBe('3');
    expect(Object.values(page.json()).map((d) => (d as { name: string }).name)).toEqual(['Alpha events', 'Beta']);
    const second = await t.app.inject({ url: `${url}?limit=2&start=2&orderBy=asc:name`, headers: t.headers(sb) });
    expect(Object.values(second.json()).map((d) => (d as { name: string }).name)).toEqual(['Gamma events']);
    const byName = await t.app.inject({ url: `${url}?property=name~EVENTS`, headers: t.headers(sb) });
    expect(byName.headers['x-total-count']).toBe('2');
    const byClass = await t.app.inject({ url: `${url}?property=${encodeURIComponent(`schemaRef.id==${EVENT_SCHEMA_ID}`)}`, headers: t.headers(sb) });
    expect(byClass.headers['x-total-count']).toBe('2');
    const badFilter = await t.app.inject({ url: `${url}?property=owner==me`, headers: t.headers(sb) });
    expect(badFilter.statusCode).toBe(400);
    const badOrder = await t.app.inject({ url: `${url}?orderBy=name`, headers: t.headers(sb) });
    expect(badOrder.statusCode).toBe(400);
  });

  it('patches tags to enable Profile and upsert, and refuses unknown fields', async () => {
    const id = await createDataset(t, 'ds-patch', { name: 'Plain', profile: false });
    const res = await t.app.inject({
      method: 'PATCH',
      url: `${url}/${id}`,
      headers: t.headers('ds-patch'),
      payload: { tags: { unifiedProfile: ['enabled:true', 'isUpsert:true'] } },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([`@/dataSets/${id}`]);
    const stats = await t.app.inject({ url: `${url}/${id}`, headers: t.headers('ds-patch') });
    expect(stats.json()[id].tags.unifiedProfile).toEqual(['enabled:true', 'isUpsert:true']);
    const unknown = await t.app.inject({ method: 'PATCH', url: `${url}/${id}`, headers: t.headers('ds-patch'), payload: { owner: 'me' } });
    expect(unknown.statusCode).toBe(400);
    const missing = await t.app.inject({ method: 'PATCH', url: `${url}/0123456789abcdef01234567`, headers: t.headers('ds-patch'), payload: { name: 'x' } });
    expect(missing.statusCode).toBe(404);
  });
});

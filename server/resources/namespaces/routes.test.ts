import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

describe('identity namespaces', () => {
  let t: TestApp;
  const url = '/data/core/idnamespace/identities';
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('lists the standard namespaces', async () => {
    const res = await t.app.inject({ url, headers: t.headers() });
    const codes = res.json().map((n: { code: string }) => n.code);
    expect(codes).toEqual(expect.arrayContaining(['Email', 'Phone', 'ECID']));
    expect(res.json().find((n: { code: string }) => n.code === 'Email')).toMatchObject({ id: 6, custom: false, idType: 'EMAIL' });
  });

  it('creates a custom namespace and refuses the same code in another casing', async () => {
    const created = await t.app.inject({ method: 'POST', url, headers: t.headers(), payload: { name: 'CRM id', code: 'CRMID', idType: 'cross_device' } });
    expect(created.statusCode).toBe(200);
    expect(created.json()).toMatchObject({ code: 'CRMID', custom: true, idType: 'CROSS_DEVICE', namespaceType: 'Custom' });
    const got = await t.app.inject({ url: `${url}/${created.json().id}`, headers: t.headers() });
    expect(got.json().code).toBe('CRMID');
    const dup = await t.app.inject({ method: 'POST', url, headers: t.headers(), payload: { name: 'again', code: 'crmid', idType: 'CROSS_DEVICE' } });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().detail).toContain('case-insensitive');
  });

  it.each([
    [{ name: 'x', code: '1bad', idType: 'EMAIL' }, 'code'],
    [{ name: 'x', code: 'ok', idType: 'SOMETHING' }, 'idType'],
    [{ code: 'ok', idType: 'EMAIL' }, 'name'],
  ])('refuses %j naming %s', async (payload, field) => {
    const res = await t.app.inject({ method: 'POST', url, headers: t.headers(), payload });
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toContain(field);
  });

  it('404s an unknown namespace id', async () => {
    expect((await t.app.inject({ url: `${url}/424242`, headers: t.headers() })).statusCode).toBe(404);
  });

  it.each(['%20', '0x6', '6e0', '+6', '6.0'])('refuses %s as a namespace id (no number coercion: " " once named namespace 0)', async (id) => {
    const res = await t.app.inject({ url: `${url}/${id}`, headers: t.headers() });
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toContain('namespace ids are integers');
  });
});

// Requests the router refuses before any route runs (a path that is not valid percent-encoding,
// an over-long path parameter) still answer in the error shape of the route they name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

describe('router refusals', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  const get = (url: string) => t.app.inject({ url, headers: t.headers() });

  it.each([
    [
      '/data/core/ups/system/jobs/%zz',
      {
        requestId: expect.any(String),
        errors: { 400: [{ code: '400', message: expect.stringContaining('percent-encoding') }] },
      },
    ],
    [
      '/data/core/ca/attributes/%E0%A4%A',
      { code: '400', message: expect.stringContaining('percent-encoding') },
    ],
    [
      '/data/foundation/catalog/dataSets/%c0%ae%c0%ae%2f',
      { status: 400, title: 'Bad Request', detail: expect.stringContaining('percent-encoding') },
    ],
  ])('answers a malformed escape in %s with a 400 in the route shape', async (url, body) => {
    const res = await get(url);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject(body);
    expect(res.headers['x-request-id']).toMatch(/./);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('passes every id length the contracts allow on to the route (a 128-character merge policy id is a 404, not a 414)', async () => {
    const res = await get(`/data/core/ups/config/mergePolicies/${'a'.repeat(128)}`);
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('answers a path parameter over the router limit with a 414 in the route shape', async () => {
    const res = await get(`/data/core/ca/attributes/${'a'.repeat(5000)}`);
    expect(res.statusCode).toBe(414);
    expect(res.json()).toEqual({ code: '414', message: expect.stringContaining('longer than') });
  });
});

// JSON request bodies are bounded (Fastify bodyLimit, 10 MiB): one over it is a 413 in the error
// shape of the route it was sent to, never a 5xx, and nothing is created.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

const LIMIT = 10 * 1024 * 1024;

/** A JSON object of `bytes` bytes exactly. */
function jsonOf(bytes: number): string {
  const head = '{"name":"big","pad":"';
  const tail = '"}';
  return head + 'x'.repeat(bytes - head.length - tail.length) + tail;
}

describe('request body limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const post = (url: string, bytes: number) =>
    t.app.inject({ method: 'POST', url, headers: { ...t.headers('limits'), 'content-type': 'application/json' }, payload: jsonOf(bytes) });

  it.each([
    ['Catalog (problem details)', '/data/foundation/catalog/dataSets', { status: 413, title: 'Payload Too Large', detail: 'The request body is too large' }],
    ['Profile access (entities)', '/data/core/ups/access/entities', { statusCode: '413', message: 'The request body is too large' }],
    ['system jobs (legacy envelope)', '/data/core/ups/system/jobs', { errors: { 413: [{ code: '413', message: 'The request body is too large' }] } }],
    ['computed attributes (simple)', '/data/core/ca/attributes', { code: '413', message: 'The request body is too large' }],
  ])('answers a body one byte over the limit on %s with a 413 in its shape', async (_, url, shape) => {
    const res = await post(url, LIMIT + 1);
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject(shape);
  });

  it('reads a body at the limit (and answers it on its merits)', async () => {
    const res = await post('/data/foundation/catalog/dataSets', LIMIT);
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).not.toContain('too large');
    const list = await t.app.inject({ url: '/data/foundation/catalog/dataSets', headers: t.headers('limits') });
    expect(list.json()).toEqual({});
  });
});

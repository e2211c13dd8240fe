// The upload limit of the batch file route (DESIGN §9): a file over it is a 413 in problem shape,
// whether it says so up front (Content-Length) or streams past the limit, and leaves nothing on
// disk and no file row; the batch stays open for a good file.
import { readdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDataset, createTestApp, profileRecord, type TestApp } from '../../testing/test-app.ts';

const LIMIT = 1024;
const IMPORT = '/data/foundation/import/batches';
const SANDBOX = 'limits';

describe('batch file upload limit', () => {
  let t: TestApp;
  let datasetId: string;
  beforeAll(async () => {
    t = await createTestApp({ maxUploadBytes: LIMIT });
    datasetId = await createDataset(t, SANDBOX, { name: 'CRM' });
  });
  afterAll(() => t.close());

  const context = () => t.store.org(t.orgId).context(SANDBOX, true)!;
  const fileRows = (batchId: string) =>
    (context().db.prepare('SELECT COUNT(*) AS n FROM batch_files WHERE batch_id = ?').get(batchId) as { n: number }).n;
  /** Every file in the batch's staging directory (none once a refused upload is cleaned up). */
  const staged = (batchId: string) => {
    try {
      return readdirSync(join(context().uploadsDir, batchId));
    } catch {
      return [];
    }
  };
  const url = (batchId: string) => `${IMPORT}/${batchId}/datasets/${datasetId}/files/people.ndjson`;
  const headers = () => ({ ...t.headers(SANDBOX), 'content-type': 'application/octet-stream' });

  async function newBatch() {
    const res = await t.app.inject({ method: 'POST', url: IMPORT, headers: t.headers(SANDBOX), payload: { datasetId, inputFormat: { format: 'json' } } });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  }

  /** NDJSON of exactly `bytes` bytes: one record padded with spaces. */
  const ndjson = (bytes: number) => {
    const line = JSON.stringify(profileRecord('a@example.com'));
    return line + ' '.repeat(bytes - line.length);
  };

  function expectTooLarge(res: { statusCode: number; headers: Record<string, unknown>; json: () => unknown }) {
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({
      type: 'http://ns.adobe.com/aep/errors/PCON-413',
      status: 413,
      title: 'Payload Too Large',
      detail: 'The file is larger than the 1 KB upload limit',
      requestId: expect.any(String),
    });
  }

  it('takes a file of exactly the limit', async () => {
    const batchId = await newBatch();
    const res = await t.app.inject({ method: 'PUT', url: url(batchId), headers: headers(), payload: ndjson(LIMIT) });
    expect(res.statusCode, res.body).toBe(200);
    expect(fileRows(batchId)).toBe(1);
  });

  it('refuses a file one byte over it, keeps nothing, and takes a good file next', async () => {
    const batchId = await newBatch();
    expectTooLarge(await t.app.inject({ method: 'PUT', url: url(batchId), headers: headers(), payload: ndjson(LIMIT + 1) }));
    expect(fileRows(batchId)).toBe(0);
    expect(staged(batchId)).toEqual([]);
    const good = await t.app.inject({ method: 'PUT', url: url(batchId), headers: headers(), payload: ndjson(100) });
    expect(good.statusCode).toBe(200);
    expect(staged(batchId)).toEqual(['1.json']);
  });

  /**
   * A PUT over a real socket of its own (no keep-alive agent): `chunks` written one by one (chunked
   * unless `contentLength` is given), the socket closed as soon as the answer is in, whatever is left unsent.
   */
  async function putOverHttp(batchId: string, chunks: string[], contentLength?: number) {
    const address = t.app.server.listening ? `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}` : await t.app.listen({ port: 0, host: '127.0.0.1' });
    const extra = contentLength === undefined ? {} : { 'content-length': String(contentLength) };
    return new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(`${address}${url(batchId)}`, { method: 'PUT', agent: false, headers: { ...headers(), ...extra } }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body });
          req.destroy();
        });
      });
      req.on('error', reject);
      const write = (i: number) => {
        if (req.destroyed) return;
        if (i < chunks.length) req.write(chunks[i], () => setImmediate(write, i + 1));
        else if (contentLength === undefined) req.end();
      };
      write(0);
    });
  }

  it('refuses a streamed (chunked) file once it passes the limit, and keeps nothing of it', async () => {
    const batchId = await newBatch();
    const answer = await putOverHttp(batchId, Array.from({ length: 8 }, () => `${ndjson(300)}\n`));
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 413, title: 'Payload Too Large', detail: 'The file is larger than the 1 KB upload limit' });
    expect(fileRows(batchId)).toBe(0);
    expect(staged(batchId)).toEqual([]);
  });

  it('refuses a declared Content-Length over the limit before the body is sent', async () => {
    const batchId = await newBatch();
    // Headers and a first chunk only: the answer must come without the rest of the gigabyte.
    const answer = await putOverHttp(batchId, [ndjson(100)], 1 << 30);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 413, detail: 'The file is larger than the 1 KB upload limit' });
    expect(fileRows(batchId)).toBe(0);
    expect(staged(batchId)).toEqual([]);
  });
});

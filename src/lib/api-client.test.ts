import { describe, expect, it, vi } from 'vitest';
import { getDataset, listDatasets } from '../../contracts/catalog.ts';
import { uploadBatchFile } from '../../contracts/ingestion.ts';
import { getConsoleConfig } from '../../contracts/local.ts';
import { listSandboxes } from '../../contracts/sandboxes.ts';
import { createMockApi } from '../testing/mock-api.ts';
import {
  batchId,
  datasetId,
  datasetMap,
  makeConfig,
  makeDataset,
  problem,
  sandboxList,
  DEFAULT_SANDBOXES,
  ORG_ID,
} from '../testing/fixtures.ts';
import { ApiError, apiRequest, apiUpload, endpointUrl } from './api-client.ts';

const tenant = { orgId: ORG_ID, sandbox: 'dev' };

describe('api-client', () => {
  it('sends the tenant headers, builds the URL and parses the answer with the contract', async () => {
    const ds = makeDataset({ id: datasetId(7), name: 'CRM' });
    const api = createMockApi()
      .on(listDatasets, { body: datasetMap([ds]), headers: { 'x-total-count': '41' } })
      .install();
    const res = await apiRequest(listDatasets, {
      tenant,
      query: { limit: 10, start: 20, property: ['name~cr m', 'schemaRef.id==x'] },
    });
    expect(res.data[ds.id].name).toBe('CRM');
    expect(res.headers.get('x-total-count')).toBe('41');
    expect(res.requestId).toMatch(/^req-/);
    const call = api.calls[0];
    expect(call.headers.get('x-gw-ims-org-id')).toBe(ORG_ID);
    expect(call.headers.get('x-sandbox-name')).toBe('dev');
    expect(call.query.getAll('property')).toEqual(['name~cr m', 'schemaRef.id==x']);
    expect(call.query.get('start')).toBe('20');
  });

  it('sends only the org header to org-level endpoints and none to local config', async () => {
    const api = createMockApi()
      .on(listSandboxes, { body: sandboxList(DEFAULT_SANDBOXES) })
      .on(getConsoleConfig, { body: makeConfig() })
      .install();
    await apiRequest(listSandboxes, { tenant: { orgId: ORG_ID } });
    await apiRequest(getConsoleConfig);
    expect(api.calls[0].headers.get('x-gw-ims-org-id')).toBe(ORG_ID);
    expect(api.calls[0].headers.has('x-sandbox-name')).toBe(false);
    expect(api.calls[1].headers.has('x-gw-ims-org-id')).toBe(false);
  });

  it('encodes path parameters', () => {
    expect(endpointUrl(getDataset, { datasetId: 'a/b c' })).toBe(
      '/data/foundation/catalog/dataSets/a%2Fb%20c',
    );
  });

  it('throws an ApiError with the AEP problem, its message and request id', async () => {
    createMockApi()
      .on(getDataset, {
        status: 404,
        body: problem(404, 'Dataset 000000000000000000000009 not found', 'req-abc'),
      })
      .install();
    const error = await apiRequest(getDataset, { tenant, params: { datasetId: datasetId(9) } }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiError);
    const e = error as ApiError;
    expect(e.status).toBe(404);
    expect(e.kind).toBe('http');
    expect(e.message).toBe('Dataset 000000000000000000000009 not found');
    expect(e.requestId).toBe('req-abc');
    expect(e.endpointId).toBe('getDataset');
    expect((e.body as { title: string }).title).toBe('Not Found');
  });

  it('reads gateway errors and falls back to the x-request-id header', async () => {
    createMockApi()
      .on(listDatasets, { status: 403, body: { error_code: '403027', message: 'User region is missing' } })
      .install();
    const e = (await apiRequest(listDatasets, { tenant }).catch((x: unknown) => x)) as ApiError;
    expect(e.message).toBe('User region is missing');
    expect(e.requestId).toMatch(/^req-/);
  });

  it('reports a non-JSON error page with its status', async () => {
    vi.stubGlobal(
      'fetch',
      async () =>
        new Response('<html>Bad gateway</html>'.repeat(20), {
          status: 502,
          headers: { 'x-request-id': 'r-502' },
        }),
    );
    const e = (await apiRequest(listDatasets, { tenant }).catch((x: unknown) => x)) as ApiError;
    expect(e.status).toBe(502);
    expect(e.message).toBe('The service failed to answer (HTTP 502)');
    expect(e.requestId).toBe('r-502');
  });

  it('refuses an answer that does not match the contract', async () => {
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ x: { name: 1 } }), { status: 200 }));
    const e = (await apiRequest(listDatasets, { tenant }).catch((x: unknown) => x)) as ApiError;
    expect(e.kind).toBe('contract');
    expect(e.message).toMatch(/does not match the contract at x\.name/);
  });

  it('turns an unreachable service into a network ApiError', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    const e = (await apiRequest(listDatasets, { tenant }).catch((x: unknown) => x)) as ApiError;
    expect(e.kind).toBe('network');
    expect(e.status).toBe(0);
    expect(e.message).toMatch(/Could not reach the Profile service/);
  });

  it('uploads a raw body with progress and tenant headers', async () => {
    const api = createMockApi().on(uploadBatchFile, { status: 200 }).install();
    const progress: number[] = [];
    const file = new File(['{"a":1}\n{"a":2}\n'], 'data.ndjson');
    await apiUpload(uploadBatchFile, {
      tenant,
      params: { batchId: batchId(1), datasetId: datasetId(1), fileName: file.name },
      body: file,
      onProgress: (p) => progress.push(p.loaded / p.total),
    });
    expect(progress).toEqual([0.5, 1]);
    const call = api.callsTo(uploadBatchFile)[0];
    expect(call.path).toBe(
      `/data/foundation/import/batches/${batchId(1)}/datasets/${datasetId(1)}/files/data.ndjson`,
    );
    expect(call.headers.get('content-type')).toBe('application/octet-stream');
    expect(call.headers.get('x-sandbox-name')).toBe('dev');
    expect(call.body).toBe(file);
  });

  it('turns a refused upload into an ApiError and a cancelled one into an AbortError', async () => {
    createMockApi()
      .on(uploadBatchFile, { status: 400, body: problem(400, 'The file is not JSON', 'req-up') })
      .install();
    const params = { batchId: batchId(1), datasetId: datasetId(1), fileName: 'x.json' };
    const e = (await apiUpload(uploadBatchFile, { tenant, params, body: new Blob(['x']) }).catch(
      (x: unknown) => x,
    )) as ApiError;
    expect(e).toBeInstanceOf(ApiError);
    expect(e.status).toBe(400);
    expect(e.requestId).toBe('req-up');

    const controller = new AbortController();
    const pending = apiUpload(uploadBatchFile, {
      tenant,
      params,
      body: new Blob(['{}']),
      signal: controller.signal,
    });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});

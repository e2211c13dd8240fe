// Seeds a sandbox whose user data is all markup: every place a value of the user's shows up in the
// console (sandbox title, namespace, dataset names and descriptions, attribute names and values,
// identity values, event fields, failed-record reasons, merge policy, computed attribute, export
// job, delete request, reports) holds an XSS payload. Used by xss.spec.ts.
import type { APIRequestContext, APIResponse } from '@playwright/test';
import { expect, ORG_ID, tenantHeaders } from './fixtures.ts';

/** Each payload sets window.__xss if it ever runs. */
export const XSS = {
  img: '<img src=x onerror="window.__xss=1">',
  script: '<script>window.__xss=1</script>',
  svg: '"><svg onload=window.__xss=1>',
  url: 'javascript:window.__xss=1',
  /** No double quotes: fits in a PQL string literal. */
  imgBare: '<img src=x onerror=window.__xss=1>',
} as const;

const PROFILE_SCHEMA = 'https://ns.adobe.com/xdm/context/profile';
const EVENT_SCHEMA = 'https://ns.adobe.com/xdm/context/experienceevent';
export const XSS_EMAIL = 'xss@example.com';
export const XSS_NAMESPACE = 'XssNs';

export interface XssSeed {
  profileDataset: string;
  eventDataset: string;
  exportDataset: string;
  failedBatch: string;
  policyId: string;
  attributeId: string;
  exportJobId: number;
  deleteRequestId: string;
}

async function ok<T>(response: Promise<APIResponse>, status = [200, 201]): Promise<T> {
  const res = await response;
  const text = await res.text();
  expect(status, `${res.url()}: ${text}`).toContain(res.status());
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function seedXss(request: APIRequestContext, sandbox: string): Promise<XssSeed> {
  const headers = tenantHeaders(sandbox);
  await ok(request.post('/data/foundation/sandbox-management/sandboxes', { headers: { 'x-gw-ims-org-id': ORG_ID }, data: { name: sandbox, title: XSS.svg } }));
  await ok(request.post('/data/core/idnamespace/identities', { headers, data: { name: XSS.img, code: XSS_NAMESPACE, idType: 'CROSS_DEVICE', description: XSS.script } }));

  const dataset = async (name: string, schema: string, description?: string, profile = true) => {
    const tags = { unifiedProfile: [`enabled:${profile}`] };
    const refs = await ok<string[]>(request.post('/data/foundation/catalog/dataSets', { headers, data: { name, description, schemaRef: { id: schema }, tags } }));
    return refs[0].split('/').pop()!;
  };
  const profileDataset = await dataset(`Profiles ${XSS.img}`, PROFILE_SCHEMA, `About ${XSS.script}`);
  const eventDataset = await dataset(`Events ${XSS.svg}`, EVENT_SCHEMA, XSS.url);
  const doomedDataset = await dataset(`Doomed ${XSS.script}`, PROFILE_SCHEMA);
  const exportDataset = await dataset(`Export ${XSS.imgBare}`, PROFILE_SCHEMA, undefined, false);

  const ingest = async (datasetId: string, records: object[]) => {
    const { id } = await ok<{ id: string }>(request.post('/data/foundation/import/batches', { headers, data: { datasetId, inputFormat: { format: 'json' } } }));
    const body = Buffer.from(records.map((r) => JSON.stringify(r)).join('\n'));
    await ok(request.put(`/data/foundation/import/batches/${id}/datasets/${datasetId}/files/data.ndjson`, { headers: { ...headers, 'content-type': 'application/octet-stream' }, data: body }));
    await ok(request.post(`/data/foundation/import/batches/${id}?action=COMPLETE`, { headers }));
    const batchStatus = async () => (await ok<Record<string, { status: string }>>(request.get(`/data/foundation/catalog/batches/${id}`, { headers })))[id].status;
    await expect.poll(batchStatus).toMatch(/success|failed/);
    if ((await batchStatus()) !== 'success') {
      throw new Error(`batch failed: ${await (await request.get(`/data/foundation/export/batches/${id}/failed`, { headers })).text()}`);
    }
    return id;
  };
  const identityMap = {
    Email: [{ id: XSS_EMAIL, primary: true }],
    [XSS_NAMESPACE]: [{ id: XSS.img }],
    ECID: [{ id: XSS.svg }],
  };
  const failedBatch = await ingest(profileDataset, [
    {
      _id: 'xss-1',
      identityMap,
      person: { name: { firstName: XSS.img, lastName: XSS.script } },
      homepage: XSS.url,
      notes: { [XSS.imgBare]: XSS.svg },
    },
    // refused: its reason quotes the unknown namespace, so the failed-records table shows markup
    { _id: 'xss-bad', identityMap: { [XSS.imgBare]: [{ id: 'x' }] } },
  ]);
  await ingest(doomedDataset, [{ _id: 'xss-2', identityMap: { Email: [{ id: XSS_EMAIL, primary: true }] }, loyalty: { tier: XSS.script } }]);
  const now = Date.now();
  await ingest(
    eventDataset,
    [0, 1, 2].map((i) => ({
      _id: `xss-event-${i}`,
      timestamp: new Date(now - i * 3_600_000).toISOString(),
      eventType: XSS.imgBare,
      identityMap: { Email: [{ id: XSS_EMAIL, primary: true }] },
      web: { webPageDetails: { name: XSS.script, URL: XSS.url } },
      commerce: { order: { priceTotal: 10 + i } },
    })),
  );

  const policy = await ok<{ id: string }>(
    request.post('/data/core/ups/config/mergePolicies', {
      headers,
      data: {
        name: `Policy ${XSS.svg}`,
        schema: { name: '_xdm.context.profile' },
        identityGraph: { type: 'pdg' },
        attributeMerge: { type: 'dataSetPrecedence', order: [profileDataset, doomedDataset] },
        default: true,
      },
    }),
  );
  const attribute = await ok<{ id: string }>(
    request.post('/data/core/ca/attributes', {
      headers,
      data: {
        name: 'xssCount',
        displayName: `Count ${XSS.img}`,
        description: `Describes ${XSS.script}`,
        expression: { value: `xEvent[eventType = "${XSS.imgBare}"].count()` },
        duration: { count: 7, unit: 'DAYS' },
        status: 'NEW',
      },
    }),
  );
  const exportJob = await ok<{ id: number }>(
    request.post('/data/core/ups/export/jobs', {
      headers,
      data: {
        fields: 'person.name.firstName,homepage',
        mergePolicy: { id: policy.id },
        destination: { datasetId: exportDataset },
        schema: { name: '_xdm.context.profile' },
      },
    }),
  );
  const deletion = await ok<{ id: string }>(request.post('/data/core/ups/system/jobs', { headers, data: { dataSetId: doomedDataset } }));

  // Everything runs off the request path: wait for the jobs, together.
  const status = async (url: string) => (await ok<{ status: string }>(request.get(url, { headers }))).status;
  await Promise.all([
    expect.poll(() => status(`/data/core/ca/attributes/${attribute.id}`), { timeout: 30_000 }).toBe('PROCESSED'),
    expect.poll(() => status(`/data/core/ups/export/jobs/${exportJob.id}`), { timeout: 30_000 }).toBe('SUCCEEDED'),
    expect.poll(() => status(`/data/core/ups/system/jobs/${deletion.id}`), { timeout: 30_000 }).toBe('COMPLETED'),
  ]);
  // The sample after the delete, so the reports show the data that is left.
  await ok(request.post('/_local/preview-sample/jobs', { headers }), [200, 202]);
  await expect
    .poll(
      async () => {
        const s = await ok<{ status: string; sampleJobRunning: { status: boolean } }>(request.get('/data/core/ups/previewsamplestatus', { headers }));
        return s.status === 'TASK_FINISHED' && !s.sampleJobRunning.status;
      },
      { timeout: 30_000 },
    )
    .toBe(true);

  return {
    profileDataset,
    eventDataset,
    exportDataset,
    failedBatch,
    policyId: policy.id,
    attributeId: attribute.id,
    exportJobId: exportJob.id,
    deleteRequestId: deletion.id,
  };
}

// Test harness: the real app on a fresh temporary data directory, driven through app.inject.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, DEFAULT_ORG_ID, type AppOptions } from '../app.ts';
import { EVENT_SCHEMA_ID, PROFILE_SCHEMA_ID } from '../../contracts/index.ts';

export const ORG = DEFAULT_ORG_ID;

export async function createTestApp(options: Partial<AppOptions> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'profile-console-test-'));
  const built = await buildApp({ dataDir, ...options });
  const headers = (sandbox = 'prod', extra: Record<string, string> = {}) => ({
    'x-gw-ims-org-id': ORG,
    'x-sandbox-name': sandbox,
    ...extra,
  });
  return {
    ...built,
    dataDir,
    headers,
    async close() {
      await built.app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

export async function createDataset(
  t: TestApp,
  sandbox: string,
  options: { name: string; kind?: 'profile' | 'event'; profile?: boolean; upsert?: boolean },
): Promise<string> {
  const unifiedProfile = [`enabled:${options.profile ?? true}`, ...(options.upsert ? ['isUpsert:true'] : [])];
  const res = await t.app.inject({
    method: 'POST',
    url: '/data/foundation/catalog/dataSets',
    headers: t.headers(sandbox),
    payload: {
      name: options.name,
      schemaRef: { id: options.kind === 'event' ? EVENT_SCHEMA_ID : PROFILE_SCHEMA_ID },
      tags: { unifiedProfile },
    },
  });
  if (res.statusCode !== 201) throw new Error(`create dataset: ${res.statusCode} ${res.body}`);
  return (res.json() as string[])[0].split('/').pop()!;
}

/** Ingests records (objects, or raw lines) as one NDJSON file and waits for the batch to finish. */
export async function ingest(t: TestApp, sandbox: string, datasetId: string, records: (object | string)[]) {
  const created = await t.app.inject({
    method: 'POST',
    url: '/data/foundation/import/batches',
    headers: t.headers(sandbox),
    payload: { datasetId, inputFormat: { format: 'json' } },
  });
  if (created.statusCode !== 201) throw new Error(`create batch: ${created.statusCode} ${created.body}`);
  const batchId = created.json().id as string;
  const body = records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n');
  const put = await t.app.inject({
    method: 'PUT',
    url: `/data/foundation/import/batches/${batchId}/datasets/${datasetId}/files/data.ndjson`,
    headers: { ...t.headers(sandbox), 'content-type': 'application/octet-stream' },
    payload: body,
  });
  if (put.statusCode !== 200) throw new Error(`upload: ${put.statusCode} ${put.body}`);
  const done = await t.app.inject({
    method: 'POST',
    url: `/data/foundation/import/batches/${batchId}?action=COMPLETE`,
    headers: t.headers(sandbox),
  });
  if (done.statusCode !== 200) throw new Error(`complete: ${done.statusCode} ${done.body}`);
  return waitForBatch(t, sandbox, batchId);
}

export async function waitForBatch(t: TestApp, sandbox: string, batchId: string) {
  for (let i = 0; i < 500; i++) {
    const res = await t.app.inject({ url: `/data/foundation/catalog/batches/${batchId}`, headers: t.headers(sandbox) });
    const batch = res.json()[batchId];
    if (batch.status === 'success' || batch.status === 'failed') return batch;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`batch ${batchId} did not finish`);
}

/** A minimal profile record keyed by email. */
export const profileRecord = (email: string, extra: Record<string, unknown> = {}) => ({
  _id: `p-${email}`,
  identityMap: { Email: [{ id: email, primary: true }] },
  ...extra,
});

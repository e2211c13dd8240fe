// Seeds a sandbox with the demo organisation through the public ingestion path: custom namespaces,
// datasets, then one batch per dataset streamed from the generator as NDJSON.
import { Readable } from 'node:stream';
import type { DemoResult } from '../../contracts/index.ts';
import { PROFILE_SCHEMA_ID, EVENT_SCHEMA_ID } from '../../contracts/index.ts';
import { createBatchService } from '../ingest/batch-service.ts';
import { createDatasetRepository } from '../resources/datasets/repository.ts';
import { withProfileFlags } from '../resources/datasets/tags.ts';
import { createNamespaceRepository } from '../resources/namespaces/repository.ts';
import { problem } from '../http/api-error.ts';
import type { SandboxContext } from '../store/tenant-store.ts';
import { planDemo } from './generate.ts';
import { createDemoMergePolicies } from '../resources/merge-policies/repository.ts';

export interface SeedOptions {
  profiles: number;
  seed: number;
  /** Anchor for relative event times (ms). */
  now?: number;
}

/** Start of the current UTC day: the default anchor, so a day's runs produce identical data. */
export const startOfTodayUtc = () => {
  const d = new Date();
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
};

function* ndjson(records: Iterable<Record<string, unknown>>): Generator<string> {
  let buffer = '';
  for (const r of records) {
    buffer += JSON.stringify(r) + '\n';
    if (buffer.length > 1 << 20) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer) yield buffer;
}

export async function seedDemo(ctx: SandboxContext, options: SeedOptions): Promise<DemoResult> {
  const started = Date.now();
  const datasetRepo = createDatasetRepository(ctx.db, { orgId: ctx.orgId, sandboxId: ctx.sandbox.id });
  if (datasetRepo.allInfo().length > 0) {
    throw problem(409, `Sandbox ${ctx.sandbox.name} already has datasets; seed the demo into an empty sandbox`);
  }
  const plan = planDemo({ profiles: options.profiles, seed: options.seed, now: options.now ?? startOfTodayUtc() });
  const namespaces = createNamespaceRepository(ctx.db);
  for (const ns of plan.namespaces) {
    if (!namespaces.byCode(ns.code)) namespaces.create({ code: ns.code, name: ns.name, idType: ns.idType, description: ns.description });
  }
  const batches = createBatchService(ctx);
  const result: DemoResult['datasets'] = [];
  for (const d of plan.datasets) {
    const id = datasetRepo.create(
      {
        name: d.name,
        description: d.description,
        schemaRef: { id: d.class === 'profile' ? PROFILE_SCHEMA_ID : EVENT_SCHEMA_ID },
        tags: withProfileFlags({}, { profileEnabled: d.profileEnabled, upsert: d.upsert }),
      },
      'demo-generator',
    );
    const batch = batches.create({ datasetId: id, inputFormat: { format: 'json' } });
    await batches.upload(batch.id, id, `${d.key}.ndjson`, Readable.from(ndjson(d.records())));
    const outcome = await batches.complete(batch.id);
    result.push({ id, name: d.name, batchId: batch.id, records: outcome.output, failed: outcome.failed });
  }
  createDemoMergePolicies(ctx.db, { orgId: ctx.orgId, sandbox: ctx.sandbox }, result);
  return { datasets: result, profiles: options.profiles, durationMs: Date.now() - started };
}

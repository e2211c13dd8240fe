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

/** Records per staged file: keeps every file well under the upload limit at any demo size. */
const RECORDS_PER_FILE = 250_000;

/** NDJSON chunks of at most `perFile` records each, as one Readable per file. */
function* ndjsonFiles(records: Iterable<Record<string, unknown>>, perFile = RECORDS_PER_FILE): Generator<Readable> {
  const iterator = records[Symbol.iterator]();
  let done = false;
  function* chunk(): Generator<string> {
    let buffer = '';
    for (let n = 0; n < perFile; n++) {
      const next = iterator.next();
      if (next.done) {
        done = true;
        break;
      }
      buffer += JSON.stringify(next.value) + '\n';
      if (buffer.length > 1 << 20) {
        yield buffer;
        buffer = '';
      }
    }
    if (buffer) yield buffer;
  }
  while (!done) yield Readable.from(chunk());
}

export interface StagedDemo {
  datasets: { id: string; name: string; batchId: string }[];
}

/**
 * Creates the demo's namespaces and datasets and uploads one loading batch per dataset, without
 * completing them (the bench times the completion on its own).
 */
export async function stageDemo(ctx: SandboxContext, options: SeedOptions): Promise<StagedDemo> {
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
  const datasets: StagedDemo['datasets'] = [];
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
    let part = 0;
    for (const file of ndjsonFiles(d.records())) await batches.upload(batch.id, id, `${d.key}-${++part}.ndjson`, file);
    datasets.push({ id, name: d.name, batchId: batch.id });
  }
  return { datasets };
}

export async function seedDemo(ctx: SandboxContext, options: SeedOptions): Promise<DemoResult> {
  const started = Date.now();
  const staged = await stageDemo(ctx, options);
  const batches = createBatchService(ctx);
  const result: DemoResult['datasets'] = [];
  for (const d of staged.datasets) {
    const outcome = await batches.complete(d.batchId);
    result.push({ ...d, records: outcome.output, failed: outcome.failed });
  }
  createDemoMergePolicies(ctx.db, { orgId: ctx.orgId, sandbox: ctx.sandbox }, result);
  return { datasets: result, profiles: options.profiles, durationMs: Date.now() - started };
}

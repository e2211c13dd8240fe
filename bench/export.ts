// Export job, all profiles, all attributes: profiles/s through the real API and job runner (POST
// /export/jobs → runner slices → NDJSON files → registered batch), next to a raw
// `SELECT record FROM fragments` scan of the same store in the same run. While the export runs,
// profile lookups go through the real route (GET /access/entities via app.inject) one at a time on
// the same event loop, so their latency includes waiting for the export's slices; their p99 is
// printed next to the p99 of the same lookups with no export running.
import type { FastifyInstance } from 'fastify';
import type { Database } from 'better-sqlite3';
import { EXPORT_JOBS, PROFILE_SCHEMA_ID, type ExportJob } from '../contracts/index.ts';
import type { JobRunner } from '../server/jobs/runner.ts';
import { percentile, sampleIdentities } from './lookup.ts';
import type { BenchRow } from './report.ts';

/** Raw baseline: rows/s of a full scan of the fragments' records (no parse, no merge). */
function rawScanRate(db: Database): number {
  const stmt = db.prepare('SELECT record FROM fragments').pluck();
  const started = performance.now();
  let n = 0;
  for (const record of stmt.iterate() as IterableIterator<string>) if (record.length > 0) n++;
  return n / ((performance.now() - started) / 1000);
}

/** Lookups through the route, one at a time with a short pause, until `running()` turns false. */
function lookupStream(app: FastifyInstance, paths: string[], headers: Record<string, string>, running: () => boolean) {
  const latencies: number[] = [];
  let failures = 0;
  let i = 0;
  const done = (async () => {
    while (running()) {
      const started = performance.now();
      const res = await app.inject({ method: 'GET', url: paths[i++ % paths.length], headers });
      if (res.statusCode !== 200 && res.statusCode !== 422) failures++;
      latencies.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, 2));
    }
  })();
  return {
    done,
    result: () => {
      const sorted = [...latencies].sort((a, b) => a - b);
      return { p99: sorted.length ? percentile(sorted, 99) : 0, count: sorted.length, failures };
    },
  };
}

async function lookupsFor(app: FastifyInstance, paths: string[], headers: Record<string, string>, ms: number) {
  const until = performance.now() + ms;
  const stream = lookupStream(app, paths, headers, () => performance.now() < until);
  await stream.done;
  return stream.result();
}

/** A new (not Profile-enabled) profile dataset for an export's output; its id. */
export async function createExportDataset(app: FastifyInstance, headers: Record<string, string>, name: string): Promise<string> {
  const created = await app.inject({
    method: 'POST',
    url: '/data/foundation/catalog/dataSets',
    headers,
    payload: { name: `${name} ${Date.now()}`, schemaRef: { id: PROFILE_SCHEMA_ID } },
  });
  if (created.statusCode !== 201) throw new Error(`create export dataset: ${created.statusCode} ${created.body}`);
  return (created.json() as string[])[0].split('/').pop()!;
}

export async function benchExport(app: FastifyInstance, jobs: JobRunner, db: Database, headers: Record<string, string>, log: (s: string) => void) {
  const paths = sampleIdentities(db, 5000).map(
    ({ code, value }) =>
      `/data/core/ups/access/entities?schema.name=_xdm.context.profile&entityIdNS=${encodeURIComponent(code)}&entityId=${encodeURIComponent(value)}`,
  );
  const baselineScan = [0, 1, 2].map(() => rawScanRate(db)).sort((a, b) => a - b)[1];
  await lookupsFor(app, paths, headers, 500); // warm up
  const quiet = await lookupsFor(app, paths, headers, 3000);

  const datasetId = await createExportDataset(app, headers, 'Bench export');

  log('exporting every profile (all attributes) through POST /export/jobs, lookups running meanwhile…');
  let running = true;
  const lookups = lookupStream(app, paths, headers, () => running);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const res = await app.inject({ method: 'POST', url: EXPORT_JOBS, headers, payload: { destination: { datasetId }, schema: { name: '_xdm.context.profile' } } });
  if (res.statusCode !== 200) throw new Error(`create export job: ${res.statusCode} ${res.body}`);
  const id = (res.json() as ExportJob).id;
  await jobs.whenIdle();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  running = false;
  await lookups.done;
  const job = (await app.inject({ url: `${EXPORT_JOBS}/${id}`, headers })).json() as ExportJob;
  if (job.status !== 'SUCCEEDED') throw new Error(`export job ended ${job.status}: ${JSON.stringify(job.errors)}`);
  const exported = job.metrics.totalExportedProfileCounter ?? 0;
  const during = lookups.result();
  log(
    `  ${exported.toLocaleString('en-US')} profiles (${job.progress?.profilesSkipped ?? 0} skipped, over 50 identities) in ${seconds.toFixed(2)} s ` +
      `into ${job.progress?.files ?? 0} files; raw fragment scan ${Math.round(baselineScan).toLocaleString('en-US')} rows/s; ` +
      `process CPU ${cpuSeconds.toFixed(2)} s, lookups included (${Math.round(exported / cpuSeconds).toLocaleString('en-US')} profiles per CPU-second); ` +
      `${during.count.toLocaleString('en-US')} lookups meanwhile, p99 ${during.p99.toFixed(1)} ms (${quiet.p99.toFixed(1)} ms with no export, ${quiet.count.toLocaleString('en-US')} lookups)` +
      (during.failures + quiet.failures ? `; ${during.failures + quiet.failures} lookups failed` : ''),
  );
  const rows: BenchRow[] = [
    {
      name: 'Export job, all profiles, all attributes',
      value: exported / seconds,
      unit: 'profiles/s',
      baselineName: 'raw SELECT record FROM fragments scan (rows/s)',
      baseline: baselineScan,
      budget: { kind: 'value-min', min: 30_000 },
    },
    {
      name: 'Lookup p99 while an export runs (GET /access/entities, same event loop)',
      value: during.p99,
      unit: 'ms',
      baselineName: 'same lookups, no export running',
      baseline: quiet.p99,
      budget: { kind: 'value-max', max: 50 },
    },
  ];
  return { rows, exported, seconds };
}

// Load (`npm run bench -- --load`): autocannon at 100 connections for 30 s (--load-seconds) on a mix
// of profile lookups, experience-event pages, merge policy reads and report reads while an export
// of every profile runs (a new one starts whenever the last finished). Zero errors and non-2xx
// answers are required; p99 is held to DESIGN §8's lookup-under-export budget (≤ 50 ms). Baseline in
// the same run: the hello-world route at the same concurrency, no export running.
import type { FastifyInstance } from 'fastify';
import type { Database } from 'better-sqlite3';
import { EVENT_CLASS, EXPORT_JOBS, MERGE_POLICIES, PROFILE_CLASS, type ExportJob } from '../contracts/index.ts';
import { createExportDataset } from './export.ts';
import { entityPath, listening, loadTest, sampleIdentities } from './lookup.ts';
import { REPORT_PATHS } from './sample.ts';
import type { BenchRow } from './report.ts';

const CONNECTIONS = 100;

function eventPagePath({ code, value }: { code: string; value: string }) {
  return `/data/core/ups/access/entities?schema.name=${EVENT_CLASS}&relatedSchema.name=${PROFILE_CLASS}&relatedEntityIdNS=${encodeURIComponent(code)}&relatedEntityId=${encodeURIComponent(value)}&limit=20`;
}

/** 10 requests per round: 4 lookups, 2 event pages, 2 merge policy reads, 2 report reads. */
function mixedPaths(db: Database, policyIds: string[], rounds: number): string[] {
  const identities = sampleIdentities(db, rounds * 6);
  const paths: string[] = [];
  for (let r = 0; r < rounds; r++) {
    const who = identities.slice(r * 6, r * 6 + 6);
    if (who.length < 6) break;
    paths.push(...who.slice(0, 4).map(entityPath), ...who.slice(4).map(eventPagePath));
    paths.push(MERGE_POLICIES, `${MERGE_POLICIES}/${policyIds[r % policyIds.length]}`);
    paths.push(REPORT_PATHS[(2 * r) % REPORT_PATHS.length], REPORT_PATHS[(2 * r + 1) % REPORT_PATHS.length]);
  }
  return paths;
}

/** Keeps an export of every profile running until stopped; counts the exports started and finished. */
function exportsRunning(app: FastifyInstance, headers: Record<string, string>, datasetId: string) {
  let stopped = false;
  let started = 0;
  let finished = 0;
  const done = (async () => {
    while (!stopped) {
      const res = await app.inject({ method: 'POST', url: EXPORT_JOBS, headers, payload: { destination: { datasetId }, schema: { name: PROFILE_CLASS } } });
      if (res.statusCode !== 200) throw new Error(`create export job: ${res.statusCode} ${res.body}`);
      started++;
      const id = (res.json() as ExportJob).id;
      for (;;) {
        await new Promise((r) => setTimeout(r, 250));
        const job = (await app.inject({ url: `${EXPORT_JOBS}/${id}`, headers })).json() as ExportJob;
        if (job.status === 'FAILED') throw new Error(`export job failed: ${JSON.stringify(job.errors)}`);
        if (job.status === 'SUCCEEDED') break;
        if (stopped) {
          await app.inject({ method: 'DELETE', url: `${EXPORT_JOBS}/${id}`, headers });
          return;
        }
      }
      finished++;
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await done;
      return { started, finished };
    },
  };
}

export async function benchLoad(app: FastifyInstance, db: Database, headers: Record<string, string>, seconds: number, log: (s: string) => void): Promise<BenchRow> {
  const address = await listening(app);
  const policies = (await app.inject({ url: MERGE_POLICIES, headers })).json() as { children: { id: string }[] };
  // only requests that succeed: lookups of graphs over 50 identities answer 422, as in AEP
  const paths: string[] = [];
  for (const path of mixedPaths(db, policies.children.map((p) => p.id), 1000)) {
    if ((await app.inject({ url: path, headers })).statusCode === 200) paths.push(path);
  }
  const datasetId = await createExportDataset(app, headers, 'Bench load export');

  log(`load: ${CONNECTIONS} connections for ${seconds} s on lookups, event pages, merge policy and report reads, an export running…`);
  const hello = await loadTest(address, ['/bench/hello'], {}, Math.min(seconds, 10), CONNECTIONS);
  const quiet = await loadTest(address, paths, headers, Math.min(seconds, 10), CONNECTIONS);
  log(`  no export running: ${Math.round(quiet.rps)} req/s, p99 ${quiet.p99} ms`);
  const exports = exportsRunning(app, headers, datasetId);
  const mixed = await loadTest(address, paths, headers, seconds, CONNECTIONS);
  const { started, finished } = await exports.stop();
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  log(
    `  ${n(mixed.rps)} req/s, p99 ${mixed.p99} ms, ${mixed.errors} errors, ${mixed.non2xx} non-2xx, ${mixed.timeouts} timeouts; ` +
      `${started} export(s) started, ${finished} finished meanwhile (hello-world alone: ${n(hello.rps)} req/s, p99 ${hello.p99} ms)`,
  );
  if (mixed.errors || mixed.non2xx || mixed.timeouts) throw new Error(`the load run had failures: ${JSON.stringify(mixed)}`);
  return {
    name: `Mixed load, ${CONNECTIONS} connections, export running: p99`,
    value: mixed.p99,
    unit: 'ms',
    baselineName: 'hello-world route p99, same connections',
    baseline: hello.p99,
    budget: { kind: 'value-max', max: 50 },
  };
}

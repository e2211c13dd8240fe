// The preview sample (DESIGN §8: the sample job, all preview reports, ≤ 10 s at 1M profiles) and
// the report endpoints (≤ 20 ms), through the real routes and job runner.
// Baselines, same run: for the job, raw SQLite touching the same three tables once each in the
// cheapest way (COUNT(DISTINCT graph_id) over identities, fragments GROUP BY dataset, events
// GROUP BY identity over its index); for the endpoints, a trivial route (`/_local/health`).
import type { Database } from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { PREVIEW_REPORTS, PREVIEW_SAMPLE_STATUS, runPreviewSample } from '../contracts/index.ts';
import type { JobRunner } from '../server/jobs/runner.ts';
import { createPreviewReportRepository } from '../server/resources/preview-sample/repository.ts';
import { percentile } from './lookup.ts';
import type { BenchRow } from './report.ts';

export const REPORT_PATHS = [
  PREVIEW_SAMPLE_STATUS,
  `${PREVIEW_REPORTS}/dataset`,
  `${PREVIEW_REPORTS}/namespace`,
  `${PREVIEW_REPORTS}/dataset/overlap`,
  `${PREVIEW_REPORTS}/namespace/overlap`,
  `${PREVIEW_REPORTS}/unstitchedProfiles`,
];
const CALLS = 200;

function rawSetBasedSeconds(db: Database): number {
  const started = performance.now();
  db.prepare('SELECT COUNT(DISTINCT graph_id) FROM identities').get();
  db.prepare('SELECT dataset_id, COUNT(*) FROM fragments GROUP BY dataset_id').all();
  db.prepare('SELECT COUNT(*), SUM(n) FROM (SELECT identity_id, COUNT(*) AS n, MAX(ts_ms) FROM events GROUP BY identity_id)').get();
  return (performance.now() - started) / 1000;
}

async function p99(app: FastifyInstance, headers: Record<string, string>, urls: string[]): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    for (const url of urls) {
      const started = performance.now();
      const res = await app.inject({ url, headers });
      times.push(performance.now() - started);
      if (res.statusCode !== 200) throw new Error(`${url}: HTTP ${res.statusCode} ${res.body.slice(0, 300)}`);
    }
  }
  return percentile(times.sort((a, b) => a - b), 99);
}

export async function benchSample(app: FastifyInstance, jobs: JobRunner, db: Database, headers: Record<string, string>, log: (s: string) => void): Promise<BenchRow[]> {
  await jobs.whenIdle();
  const baseline = rawSetBasedSeconds(db);
  const started = performance.now();
  const res = await app.inject({ method: runPreviewSample.method, url: runPreviewSample.path, headers });
  if (res.statusCode !== 202) throw new Error(`run sample: HTTP ${res.statusCode} ${res.body.slice(0, 300)}`);
  await jobs.whenIdle();
  const seconds = (performance.now() - started) / 1000;
  const report = createPreviewReportRepository(db).get();
  if (!report) throw new Error('the sample job filed no report');
  const profiles = report.report.figures.profiles;
  log(
    `preview sample: ${profiles.toLocaleString('en-US')} profiles, ${report.report.store.identities.toLocaleString('en-US')} identities, ` +
      `${report.report.store.fragments.toLocaleString('en-US')} fragments, ${report.report.store.events.toLocaleString('en-US')} events in ${seconds.toFixed(2)} s ` +
      `(raw set-based SQL over the same tables: ${baseline.toFixed(2)} s)`,
  );

  await p99(app, headers, ['/_local/health', ...REPORT_PATHS]); // warm up
  const ours = await p99(app, headers, REPORT_PATHS);
  const trivial = await p99(app, headers, ['/_local/health']);
  return [
    {
      name: `Sample job, all preview reports (${profiles.toLocaleString('en-US')} profiles)`,
      value: seconds,
      unit: 's',
      baselineName: 'raw SQL: COUNT(DISTINCT graph_id) + fragments and events GROUP BY',
      baseline,
      budget: { kind: 'value-max', max: 10 },
    },
    {
      name: 'Preview status and report endpoints, p99 (in-process inject)',
      value: ours,
      unit: 'ms',
      baselineName: 'GET /_local/health p99',
      baseline: trivial,
      budget: { kind: 'value-max', max: 20 },
    },
  ];
}

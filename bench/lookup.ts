// Profile lookups: in-process p99 (pdg, timestampOrdered) next to a raw indexed SQLite point lookup,
// and GET /access/entities over HTTP next to a hello-world route on the same server, same run.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Database } from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { readProfile, resolveIdentity } from '../server/resources/entities/profile-reader.ts';
import { resolveMergePolicy } from '../server/resources/merge-policies/repository.ts';
import type { BenchRow } from './report.ts';

const run = promisify(execFile);

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** A deterministic sample of looked-up identities (namespace code, value). */
export function sampleIdentities(db: Database, n: number): { code: string; value: string }[] {
  return db
    .prepare(
      `SELECT n.code AS code, i.value AS value FROM identities i JOIN namespaces n ON n.id = i.namespace_id
       WHERE n.code IN ('Email', 'CRMID', 'ECID') ORDER BY (i.id * 2654435761) % 4294967296 LIMIT ?`,
    )
    .all(n) as { code: string; value: string }[];
}

/** Latencies (ms) of one in-process lookup each: identity → default policy → merged profile. */
export function lookupLatencies(db: Database, identities: { code: string; value: string }[]): number[] {
  const out: number[] = [];
  for (const { code, value } of identities) {
    const t = performance.now();
    const policy = resolveMergePolicy(db, undefined)!;
    const r = resolveIdentity(db, value, code);
    if (r.ok) {
      try {
        readProfile(db, r.identity, policy.rules);
      } catch {
        // graphs over 50 identities answer 422; still a lookup
      }
    }
    out.push(performance.now() - t);
  }
  return out.sort((a, b) => a - b);
}

export function benchLookupInProcess(db: Database): BenchRow {
  const identities = sampleIdentities(db, 20_000);
  lookupLatencies(db, identities.slice(0, 2000)); // warm up
  const ours = lookupLatencies(db, identities);
  const point = db.prepare('SELECT id, graph_id FROM identities WHERE namespace_id = (SELECT id FROM namespaces WHERE code = ?) AND value = ?');
  const raw = identities
    .map(({ code, value }) => {
      const t = performance.now();
      point.get(code, value);
      return performance.now() - t;
    })
    .sort((a, b) => a - b);
  return {
    name: 'Profile lookup in-process, p99 (pdg, timestampOrdered)',
    value: percentile(ours, 99),
    unit: 'ms',
    baselineName: 'raw indexed identity point lookup p99',
    baseline: percentile(raw, 99),
    budget: { kind: 'value-max', max: 1 },
  };
}

export interface LoadResult {
  rps: number;
  p99: number;
  errors: number;
  non2xx: number;
  timeouts: number;
}

export async function loadTest(url: string, paths: string[], headers: Record<string, string>, seconds: number, connections = 50): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'profile-console-load-'));
  const argsFile = join(dir, 'args.json');
  writeFileSync(argsFile, JSON.stringify({ url, paths, headers, seconds, connections }));
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', new URL('./load-client.ts', import.meta.url).pathname, argsFile], {
      maxBuffer: 1 << 20,
    });
    return JSON.parse(stdout) as LoadResult;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const addresses = new WeakMap<FastifyInstance, Promise<string>>();

/** The hello-world baseline route: added before the app first answers (Fastify refuses routes after). */
export function addHelloRoute(app: FastifyInstance): void {
  app.get('/bench/hello', async () => ({ hello: 'world' }));
}

/** Starts the bench app listening on a loopback port (once) and gives its address. */
export function listening(app: FastifyInstance): Promise<string> {
  let address = addresses.get(app);
  if (!address) {
    address = app.listen({ port: 0, host: '127.0.0.1' });
    addresses.set(app, address);
  }
  return address;
}

export const entityPath = ({ code, value }: { code: string; value: string }) =>
  `/data/core/ups/access/entities?schema.name=_xdm.context.profile&entityIdNS=${encodeURIComponent(code)}&entityId=${encodeURIComponent(value)}`;

export async function benchLookupHttp(app: FastifyInstance, db: Database, headers: Record<string, string>, seconds: number): Promise<BenchRow> {
  const address = await listening(app);
  const paths = sampleIdentities(db, 5000).map(entityPath);
  const hello = await loadTest(address, ['/bench/hello'], {}, seconds);
  const entities = await loadTest(address, paths, headers, seconds);
  if (entities.errors || entities.timeouts) throw new Error(`entities load had errors: ${JSON.stringify(entities)}`);
  return {
    name: 'GET /access/entities over HTTP',
    value: entities.rps,
    unit: 'req/s',
    baselineName: 'hello-world route, same server',
    baseline: hello.rps,
    budget: { kind: 'ratio-min', min: 0.25 },
  };
}

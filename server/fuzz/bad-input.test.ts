// Property-based bad-input test: every operation of the contracts, driven in-process with invalid
// requests (bad path ids, query parameters, bodies, content types, tenant headers). Every answer must
// be a 4xx in the endpoint's error envelope, arrive in time, and leave the store exactly as it was.
// Reads also get well-formed hostile input (odd-reads.ts): any answer but a 5xx, and no change.
// FUZZ_RUNS sets the cases per endpoint (npm run fuzz: 500), FUZZ_SEED replays a run.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { allEndpoints, EXCLUDED, pathParams } from './endpoints.ts';
import { seedFixture, validParams, SANDBOX, type Fixture } from './fixture.ts';
import { badRequests } from './bad-request.ts';
import type { CaseKind, FuzzCase } from './fuzz-case.ts';
import { shapeMismatch } from './error-shapes.ts';
import { watchStore, type StoreWatcher } from './store-snapshot.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const ANSWER_TIMEOUT_MS = 15_000;
/** A sandbox and an org that do not exist: refused requests naming them must not create them. */
const FRESH_SANDBOX = 'fuzz-fresh';
const FRESH_ORG = 'F0221000000000000000F022@AdobeOrg';

const endpoints = allEndpoints();
const fuzzed = endpoints.filter((e) => !(e.id in EXCLUDED));

const stats = { inputs: 0, serverErrors: 0, byKind: {} as Partial<Record<CaseKind, number>>, startedAt: 0 };

let t: TestApp;
let fixture: Fixture;
let store: StoreWatcher;
let baseline: { hash: string; probe: string };
/** The first request after which the store differed: every later case fails naming it. */
let changedBy: string | undefined;

beforeAll(async () => {
  t = await createTestApp();
  fixture = await seedFixture(t);
  store = watchStore(t.dataDir);
  baseline = { hash: store.hash(), probe: store.probe() };
  // The snapshot must be stable on its own, or a change could not be blamed on a request.
  await new Promise((r) => setTimeout(r, 100));
  expect(store.hash(), 'the seeded store changes while idle').toBe(baseline.hash);
  stats.startedAt = Date.now();
}, 120_000);

afterAll(async () => {
  const seconds = ((Date.now() - stats.startedAt) / 1000).toFixed(1);
  const kinds = Object.entries(stats.byKind)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  console.log(
    `bad-input fuzz: ${stats.inputs} inputs over ${fuzzed.length} endpoints (FUZZ_RUNS=${RUNS}) in ${seconds}s; 5xx seen: ${stats.serverErrors}; by kind: ${kinds}; excluded: ${Object.keys(EXCLUDED).join(', ')}`,
  );
  store?.close();
  await t?.close();
});

const clip = (s: string, n = 300) => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);

function describeCase(c: FuzzCase): string {
  const payload = c.payload === undefined ? '(none)' : clip(JSON.stringify(c.payload.toString()));
  return `${c.kind}: ${c.method} ${clip(c.url)}\nheaders ${clip(JSON.stringify(c.headers))}\nbody ${payload}`;
}

async function answer(c: FuzzCase) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${ANSWER_TIMEOUT_MS} ms`)),
      ANSWER_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([
      t.app.inject({ method: c.method, url: c.url, headers: c.headers, payload: c.payload }),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

describe('bad input', () => {
  it('covers every contract endpoint: fuzzed, or excluded with a reason', () => {
    expect(endpoints.length).toBeGreaterThan(50);
    for (const id of Object.keys(EXCLUDED))
      expect(
        endpoints.map((e) => e.id),
        `EXCLUDED names unknown endpoint ${id}`,
      ).toContain(id);
  });

  it.each(fuzzed.map((e) => [e.id, e] as const))(
    '%s answers every bad request with a 4xx in its error shape and changes nothing',
    async (_id, endpoint) => {
      const params = validParams(fixture, endpoint, pathParams(endpoint));
      const lookups = new Set(Object.keys(params).filter((p) => fixture.params[p]?.lookup));
      const tenantHeaders = t.headers(SANDBOX);
      const examples = fixture.examples[endpoint.id] ?? [];
      const freshTenantHeaders = [t.headers(FRESH_SANDBOX), { ...t.headers(), 'x-gw-ims-org-id': FRESH_ORG }];
      const { kinds, arbitrary } = badRequests({
        endpoint,
        params,
        lookups,
        tenantHeaders,
        freshTenantHeaders,
        examples,
      });
      expect(
        kinds.length,
        `${endpoint.id} takes no input that can be wrong: list it in EXCLUDED with the reason`,
      ).toBeGreaterThan(0);

      await fc.assert(
        fc.asyncProperty(arbitrary, async (c) => {
          fc.pre(c !== null);
          if (changedBy) throw new Error(`the store had already changed, after:\n${changedBy}`);
          stats.inputs++;
          stats.byKind[c.kind] = (stats.byKind[c.kind] ?? 0) + 1;
          const res = await answer(c);
          if (res.statusCode >= 500) stats.serverErrors++;
          const context = `${describeCase(c)}\n→ ${res.statusCode} ${clip(res.body, 600)}`;

          if (store.probe() !== baseline.probe) {
            changedBy = context;
            throw new Error(`the store changed:\n${context}`);
          }
          expect(res.statusCode, context).toBeLessThan(500);
          if (c.mayAccept && res.statusCode < 400) return;
          expect(res.statusCode, context).toBeGreaterThanOrEqual(400);
          let body: unknown;
          try {
            body = JSON.parse(res.body);
          } catch {
            throw new Error(`the answer is not JSON:\n${context}`);
          }
          const shapes = [endpoint.errorShape, ...c.alsoAllowed];
          const mismatches = shapes.map((s) =>
            shapeMismatch(s, res.statusCode, res.headers['content-type'] as string | undefined, body),
          );
          if (mismatches.every((m) => m !== undefined)) {
            throw new Error(
              `the answer is not in the ${shapes.join(' or ')} shape (${mismatches.join('; ')}):\n${context}`,
            );
          }
        }),
        { numRuns: RUNS, seed: SEED, maxSkipsPerRun: 200 },
      );
    },
    30_000 + RUNS * 200,
  );

  // The per-request probe sees commits and new files; this compares every row and file byte.
  it('leaves every table row and file of the store as it was', () => {
    expect(store.hash()).toBe(baseline.hash);
  });
});

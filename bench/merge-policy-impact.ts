// Merge policy impact summary over 10,000 profiles (DESIGN §8: ≤ 2 s at 1M profiles), through the
// real route (`POST /_local/merge-policies/impact`): a draft dataset-precedence policy (Loyalty
// Members over CRM Customers, private graph) against the saved default policy. Baseline, same run:
// 10,000 plain in-process lookups of the same sampled identities under the saved default policy —
// what the summary must do at least once per identity.
import type { Database } from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { MergePolicyImpactSchema, mergePolicyImpact, type MergePolicyImpact } from '../contracts/index.ts';
import { readProfile } from '../server/resources/entities/profile-reader.ts';
import { resolveMergePolicy } from '../server/resources/merge-policies/repository.ts';
import { sampleIdentities } from '../server/resources/merge-policy-preview/preview.ts';
import type { BenchRow } from './report.ts';

const SAMPLE = 10_000;
const RUNS = 3;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function plainLookupsSeconds(db: Database): number {
  const rules = resolveMergePolicy(db, undefined)!.rules;
  const { identities } = sampleIdentities(db, SAMPLE);
  const started = performance.now();
  for (const identity of identities) {
    try {
      readProfile(db, identity, rules);
    } catch {
      // graphs over 50 identities answer 422; still a lookup
    }
  }
  return (performance.now() - started) / 1000;
}

export async function benchMergePolicyImpact(
  app: FastifyInstance,
  db: Database,
  headers: Record<string, string>,
  log: (s: string) => void,
): Promise<BenchRow> {
  const ids = db
    .prepare("SELECT id, name FROM datasets WHERE name IN ('Loyalty Members', 'CRM Customers')")
    .all() as { id: string; name: string }[];
  const id = (name: string) => ids.find((d) => d.name === name)?.id;
  const order = [id('Loyalty Members'), id('CRM Customers')].filter((d): d is string => d !== undefined);
  const payload = {
    policy: { identityGraph: { type: 'pdg' }, attributeMerge: { type: 'dataSetPrecedence', order } },
    sampleSize: SAMPLE,
  };

  const summary = async (): Promise<{ seconds: number; body: MergePolicyImpact }> => {
    const started = performance.now();
    const res = await app.inject({ method: 'POST', url: mergePolicyImpact.path, headers, payload });
    const seconds = (performance.now() - started) / 1000;
    if (res.statusCode !== 200)
      throw new Error(`impact summary: HTTP ${res.statusCode} ${res.body.slice(0, 300)}`);
    return { seconds, body: MergePolicyImpactSchema.parse(res.json()) };
  };

  plainLookupsSeconds(db); // warm up both paths once
  await summary();
  const ours: number[] = [];
  const baseline: number[] = [];
  let last: MergePolicyImpact | undefined;
  for (let i = 0; i < RUNS; i++) {
    baseline.push(plainLookupsSeconds(db));
    const run = await summary();
    ours.push(run.seconds);
    last = run.body;
  }
  if (last) {
    log(
      `merge policy impact: ${last.sample.identities.toLocaleString('en-US')} identities sampled of ${last.sample.totalIdentities.toLocaleString('en-US')}; ` +
        `${(last.changedShare * 100).toFixed(1)} % of profiles change; profiles ≈ ${last.counts.policy.estimatedTotal.toLocaleString('en-US')} vs ${last.counts.baseline.estimatedTotal.toLocaleString('en-US')}`,
    );
  }
  return {
    name: 'Merge policy impact summary, 10k profiles (draft vs default, HTTP)',
    value: median(ours),
    unit: 's',
    baselineName: '10k plain lookups, saved policy',
    baseline: median(baseline),
    budget: { kind: 'value-max', max: 2 },
  };
}

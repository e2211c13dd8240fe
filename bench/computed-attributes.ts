// Computed attribute evaluation: one attribute ("sum of order totals of purchases", 6-month
// lookback, so every demo event is in the window) over every profile through the real evaluation
// job (runner slices, set-based scan, values written), in events evaluated per second. Baseline in
// the same run: a raw `SELECT record FROM events` with JSON.parse of every record — what
// evaluating by parsing each event would cost at best.
import type { FastifyInstance } from 'fastify';
import { CA_ATTRIBUTES, type ComputedAttribute } from '../contracts/index.ts';
import { CA_JOB, createComputedAttributeJobHandler, submitEvaluation, type CaJobRecord } from '../server/jobs/computed-attribute-job.ts';
import { createJobRepository, createJobRunner } from '../server/jobs/runner.ts';
import { createAttributeRepository } from '../server/resources/computed-attributes/repository.ts';
import type { SandboxContext } from '../server/store/tenant-store.ts';
import { advanceFieldCatalog } from '../server/resources/computed-attributes/event-fields.ts';
import type { BenchRow } from './report.ts';

export const CA_BENCH_EXPRESSION = 'xEvent[eventType = "commerce.purchases"].sum(commerce.order.priceTotal)';

/** Events/s of a raw scan that parses every record (best of three). */
function rawParseRate(ctx: SandboxContext): number {
  const select = ctx.db.prepare('SELECT record FROM events').pluck();
  let best = 0;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    let n = 0;
    for (const record of select.iterate() as IterableIterator<string>) {
      JSON.parse(record);
      n++;
    }
    best = Math.max(best, n / ((performance.now() - started) / 1000));
  }
  return best;
}

async function evaluate(app: FastifyInstance, ctx: SandboxContext, headers: Record<string, string>, name: string, expression: string) {
  const res = await app.inject({
    method: 'POST',
    url: CA_ATTRIBUTES,
    headers,
    payload: { name, displayName: name, expression: { value: expression }, duration: { count: 6, unit: 'MONTHS' }, status: 'DRAFT' },
  });
  if (res.statusCode !== 200) throw new Error(`create computed attribute: ${res.statusCode} ${res.body}`);
  const id = (res.json() as ComputedAttribute).id;
  // the job on a runner of its own (as the service runs it: default slices, yielding between them)
  const runner = createJobRunner();
  runner.register(createComputedAttributeJobHandler());
  const started = performance.now();
  const jobId = ctx.db.transaction(() => {
    createAttributeRepository(ctx.db).setStatus(id, 'NEW');
    return submitEvaluation(runner, ctx, id);
  })();
  await runner.whenIdle();
  const seconds = (performance.now() - started) / 1000;
  runner.stop();
  const job = createJobRepository(ctx.db).get(jobId) as CaJobRecord;
  if (job.kind !== CA_JOB || job.status !== 'succeeded' || !job.result) throw new Error(`evaluation of ${name} ended ${job.status}: ${job.error}`);
  return { seconds, result: job.result, rate: job.result.eventsEvaluated / seconds };
}

/**
 * The event-field catalog (what the builder offers) reads every new event once, in the background
 * after ingestion; the bench lets it finish first so that it does not share the evaluation's time.
 */
function catchUpFieldCatalog(ctx: SandboxContext): number {
  const started = performance.now();
  while (!advanceFieldCatalog(ctx.db, 1000));
  return (performance.now() - started) / 1000;
}

export async function benchComputedAttributes(app: FastifyInstance, ctx: SandboxContext, headers: Record<string, string>, log: (s: string) => void): Promise<BenchRow> {
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  log(`event-field catalog brought up to date first (one read of every event): ${catchUpFieldCatalog(ctx).toFixed(2)} s`);
  log('computed attribute evaluation through the evaluation job…');
  const baseline = rawParseRate(ctx);
  const main = await evaluate(app, ctx, headers, 'benchOrderTotal', CA_BENCH_EXPRESSION);
  log(
    `  ${CA_BENCH_EXPRESSION}: ${n(main.result.eventsEvaluated)} events, ${n(main.result.profilesWithValue)} profiles with a value, ` +
      `${main.seconds.toFixed(2)} s → ${n(main.rate)} events/s (raw SELECT + JSON.parse: ${n(baseline)} events/s)`,
  );
  // for reference: an attribute that reads a field of every event (no text prefilter applies)
  const wide = await evaluate(app, ctx, headers, 'benchLastPage', 'xEvent.count(eventType)');
  log(`  xEvent.count(eventType) (every event projected): ${n(wide.rate)} events/s`);
  return {
    name: 'Computed attribute evaluation (sum of order totals, all profiles)',
    value: main.rate,
    unit: 'events/s',
    baselineName: 'raw SELECT record + JSON.parse',
    baseline,
    budget: { kind: 'value-min', min: 200_000 },
  };
}

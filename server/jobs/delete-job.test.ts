import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { createTestApp, ingest, type TestApp } from '../testing/test-app.ts';
import { buildDeleteFixture, type DeleteFixture } from '../testing/delete-fixture.ts';
import { graphViolations, orphanIdentities, storeSnapshot } from '../testing/graph-invariants.ts';
import type { SandboxContext } from '../store/tenant-store.ts';
import {
  createDeleteJobHandler,
  DELETE_JOB,
  type DeleteJobOptions,
  type DeleteJobParams,
  type DeleteJobRecord,
  type DeleteJobResult,
  type DeleteJobState,
} from './delete-job.ts';
import { createGraphRepair } from './graph-repair.ts';
import { createJobRepository, createJobRunner, type JobHandler } from './runner.ts';

/** The smallest chunks: one record (its graphs) or two identities' links per step, so a test sees every intermediate state. */
const TINY: DeleteJobOptions = { scanRows: 1, linkSpan: 2 };

/** The delete handler, checking the graph invariants at the end of every step (inside its transaction). */
function checked(options: DeleteJobOptions = TINY): JobHandler<DeleteJobParams, DeleteJobState, DeleteJobResult> {
  const handler = createDeleteJobHandler(options);
  return {
    ...handler,
    step(ctx, job, state, deadline) {
      const out = handler.step(ctx, job, state, deadline);
      const problems = graphViolations(ctx.db);
      if (problems.length) throw new Error(`graph invariants broken after a step: ${problems.join('; ')}`);
      return out;
    },
  };
}

const tick = () => new Promise<void>((r) => setImmediate(r));

/** name → graph members (namespace:value), sorted, for the identities named. */
function graphOf(db: Database, value: string): string[] {
  return (
    db
      .prepare(
        `SELECT n.code || ':' || i.value FROM identities i JOIN namespaces n ON n.id = i.namespace_id
         WHERE i.graph_id = (SELECT graph_id FROM identities WHERE value = ?) ORDER BY i.value`,
      )
      .pluck()
      .all(value) as string[]
  ).map((s) => s.split(':')[1]);
}
const exists = (db: Database, value: string) => db.prepare('SELECT 1 FROM identities WHERE value = ?').get(value) !== undefined;

describe('delete job', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function fixture(sandbox: string): Promise<{ ctx: SandboxContext; f: DeleteFixture }> {
    const f = await buildDeleteFixture(t, sandbox);
    return { ctx: t.store.org(t.orgId).context(sandbox, false)!, f };
  }

  async function run(ctx: SandboxContext, params: DeleteJobParams, handler = checked()) {
    const runner = createJobRunner({ sliceMs: 0 });
    runner.register(handler);
    const id = runner.submit(ctx, DELETE_JOB, params);
    await runner.whenIdle();
    return createJobRepository(ctx.db).get(id)! as DeleteJobRecord;
  }

  const loyaltyParams = (f: DeleteFixture): DeleteJobParams => ({ datasetId: f.loyalty, datasetClass: 'profile', datasetName: 'Loyalty' });

  it('deletes a profile dataset and repairs its graphs: splits, removed identities, vanished profiles', async () => {
    const { ctx, f } = await fixture('dj-split');
    expect(graphOf(ctx.db, 'c3')).toEqual(['c3', 'e3', 'l3', 'p3', 'x3']);
    const job = await run(ctx, loyaltyParams(f));
    expect(job.status, job.error ?? '').toBe('succeeded');
    expect(job.result).toMatchObject({
      recordsProcessed: 4,
      fragmentsDeleted: 4,
      eventsDeleted: 0,
      identityLinksDeleted: 6,
      identitiesDeleted: 4,
      graphsRepaired: 4,
      graphsSplit: 2,
      recordsToProcess: 4,
    });
    const db = ctx.db;
    expect(db.prepare('SELECT COUNT(*) FROM fragments WHERE dataset_id = ?').pluck().get(f.loyalty)).toBe(0);
    expect(db.prepare('SELECT COUNT(*) FROM identity_links WHERE dataset_id = ?').pluck().get(f.loyalty)).toBe(0);
    // The loyalty record was the only link between the CRM identities and l1 (which keeps a store purchase).
    expect(graphOf(db, 'c1')).toEqual(['c1', 'e1']);
    expect(graphOf(db, 'l1')).toEqual(['l1']);
    // ... and between {c3, e3} and {p3, x3}; l3 is left with nothing and goes.
    expect(graphOf(db, 'c3')).toEqual(['c3', 'e3']);
    expect(graphOf(db, 'x3')).toEqual(['p3', 'x3']);
    expect(exists(db, 'l3')).toBe(false);
    // A loyalty-only member keeps the web identities its email had linked; one without any goes entirely.
    expect(graphOf(db, 'e2')).toEqual(['e2', 'x1']);
    expect(exists(db, 'l2')).toBe(false);
    expect(exists(db, 'l4') || exists(db, 'e4')).toBe(false);
    // Untouched graphs stay as they were; the datasets themselves stay.
    expect(graphOf(db, 'c5')).toEqual(['c5', 'e5', 'x6']);
    expect(db.prepare('SELECT COUNT(*) FROM datasets').pluck().get()).toBe(4);
    expect(graphViolations(db)).toEqual([]);
    expect(orphanIdentities(db)).toEqual([]);
  });

  it('deletes one batch of an experience-event dataset, keeping what other batches and datasets linked', async () => {
    const { ctx, f } = await fixture('dj-batch');
    const job = await run(ctx, { datasetId: f.web, batchId: f.w1, datasetClass: 'experienceevent', datasetName: 'Web' });
    expect(job.status, job.error ?? '').toBe('succeeded');
    expect(job.result).toMatchObject({ recordsProcessed: 3, eventsDeleted: 3, fragmentsDeleted: 0, identityLinksDeleted: 2, identitiesDeleted: 2, graphsSplit: 1 });
    const db = ctx.db;
    expect(db.prepare('SELECT event_id FROM events WHERE dataset_id = ? ORDER BY event_id').pluck().all(f.web)).toEqual(['w6', 'w7']);
    // x1 keeps its W2 event but lost its only link (made in W1) to the loyalty member's email.
    expect(graphOf(db, 'x1')).toEqual(['x1']);
    expect(graphOf(db, 'e2')).toEqual(['e2', 'l2']);
    // x3 and x5 had nothing but W1 events: gone. W2's link x6–e5 stays.
    expect(exists(db, 'x3') || exists(db, 'x5')).toBe(false);
    expect(graphOf(db, 'x6')).toEqual(['c5', 'e5', 'x6']);
    expect(graphViolations(db)).toEqual([]);
    expect(orphanIdentities(db)).toEqual([]);
  });

  it('walks a small event dataset through its key and a large one in table order, with the same repair', async () => {
    const { ctx, f } = await fixture('dj-events');
    expect(createGraphRepair(ctx.db, { datasetId: f.store, datasetClass: 'experienceevent' }).eventScan()).toBe('key');
    expect(createGraphRepair(ctx.db, { datasetId: f.web, datasetClass: 'experienceevent' }).eventScan()).toBe('table');
    const store = await run(ctx, { datasetId: f.store, datasetClass: 'experienceevent', datasetName: 'Store' });
    expect(store.result).toMatchObject({ recordsProcessed: 1, eventsDeleted: 1, identitiesDeleted: 0, graphsRepaired: 1 });
    const web = await run(ctx, { datasetId: f.web, datasetClass: 'experienceevent', datasetName: 'Web' });
    expect(web.result).toMatchObject({ recordsProcessed: 5, eventsDeleted: 5, identityLinksDeleted: 3, graphsSplit: 0 });
    expect(ctx.db.prepare('SELECT COUNT(*) FROM events').pluck().get()).toBe(0);
    // ECIDs had nothing but web events: gone; the loyalty and CRM graphs stay as they were.
    expect(exists(ctx.db, 'x1') || exists(ctx.db, 'x3') || exists(ctx.db, 'x5') || exists(ctx.db, 'x6')).toBe(false);
    expect(graphOf(ctx.db, 'c1')).toEqual(['c1', 'e1', 'l1']);
    expect(graphOf(ctx.db, 'l3')).toEqual(['c3', 'e3', 'l3', 'p3']);
    expect(graphViolations(ctx.db)).toEqual([]);
    expect(orphanIdentities(ctx.db)).toEqual([]);
  });

  it('resumes after a restart mid-delete and ends exactly as an uninterrupted run', async () => {
    const straight = await fixture('dj-straight');
    const expected = await run(straight.ctx, loyaltyParams(straight.f));

    const { ctx, f } = await fixture('dj-restart');
    const first = createJobRunner({ sliceMs: 0 });
    first.register(checked());
    const id = first.submit(ctx, DELETE_JOB, loyaltyParams(f));
    const jobs = createJobRepository(ctx.db);
    let seen: DeleteJobRecord | undefined;
    for (let i = 0; i < 1000; i++) {
      await tick();
      seen = jobs.get(id) as DeleteJobRecord;
      const counts = seen.state?.counts;
      if (counts && counts.fragments >= 1 && counts.fragments < 4) break;
    }
    first.stop(); // the process dies between two steps, half-way through the repair
    expect(seen!.status).toBe('running');
    const midway = ctx.db.prepare('SELECT COUNT(*) FROM fragments WHERE dataset_id = ?').pluck().get(f.loyalty) as number;
    expect(midway).toBeGreaterThan(0);
    expect(midway).toBeLessThan(4);
    expect(graphViolations(ctx.db)).toEqual([]);

    const second = createJobRunner({ sliceMs: 0 });
    second.register(checked());
    expect(second.resume(ctx)).toEqual([id]);
    await second.whenIdle();
    const job = jobs.get(id) as DeleteJobRecord;
    expect(job.status, job.error ?? '').toBe('succeeded');
    const { timeTakenInSec: _a, ...metrics } = job.result!;
    const { timeTakenInSec: _b, ...expectedMetrics } = expected.result!;
    expect(metrics).toEqual(expectedMetrics);
    expect(storeSnapshot(ctx.db)).toEqual(storeSnapshot(straight.ctx.db));
  });

  it('is idempotent: running the same delete again changes nothing', async () => {
    const { ctx, f } = await fixture('dj-again');
    await run(ctx, loyaltyParams(f));
    const after = storeSnapshot(ctx.db);
    const again = await run(ctx, loyaltyParams(f));
    expect(again.result).toMatchObject({ recordsProcessed: 0, identityLinksDeleted: 0, identitiesDeleted: 0, graphsRepaired: 0 });
    expect(storeSnapshot(ctx.db)).toEqual(after);
    // Repairing the same graphs twice: the second pass finds nothing to do.
    const repair = createGraphRepair(ctx.db, { datasetId: f.web, datasetClass: 'experienceevent', batchId: f.w1 });
    const graphs = ctx.db.prepare('SELECT DISTINCT graph_id FROM identities').pluck().all() as number[];
    ctx.db.transaction(() => repair.repair(graphs, { apply: true }))();
    const once = storeSnapshot(ctx.db);
    const second = ctx.db.transaction(() => repair.repair(graphs, { apply: true }))();
    expect(second).toMatchObject({ events: 0, links: 0, identities: 0, graphsSplit: 0 });
    expect(storeSnapshot(ctx.db)).toEqual(once);
  });

  it('also deletes records ingested into the dataset while the delete runs', async () => {
    const { ctx, f } = await fixture('dj-concurrent');
    const first = createJobRunner({ sliceMs: 0 });
    first.register(checked());
    const id = first.submit(ctx, DELETE_JOB, loyaltyParams(f));
    const jobs = createJobRepository(ctx.db);
    for (let i = 0; i < 1000 && !((jobs.get(id) as DeleteJobRecord).state?.counts.fragments ?? 0); i++) await tick();
    first.stop(); // hold the job mid-repair while ingestion runs
    // A new member arrives mid-delete, linking into a graph the job has not seen.
    await ingest(t, 'dj-concurrent', f.loyalty, [{ _id: 'loy-9', identityMap: { loyaltyId: [{ id: 'l9', primary: true }], Email: [{ id: 'e5' }] } }]);
    expect(graphOf(ctx.db, 'e5')).toEqual(['c5', 'e5', 'l9', 'x6']);
    const second = createJobRunner({ sliceMs: 0 });
    second.register(checked());
    second.resume(ctx);
    await second.whenIdle();
    const job = jobs.get(id) as DeleteJobRecord;
    expect(job.status, job.error ?? '').toBe('succeeded');
    expect(ctx.db.prepare('SELECT COUNT(*) FROM fragments WHERE dataset_id = ?').pluck().get(f.loyalty)).toBe(0);
    expect(ctx.db.prepare('SELECT COUNT(*) FROM identity_links WHERE dataset_id = ?').pluck().get(f.loyalty)).toBe(0);
    expect(job.result!.recordsProcessed).toBe(5);
    expect(graphOf(ctx.db, 'e5')).toEqual(['c5', 'e5', 'x6']);
    expect(graphViolations(ctx.db)).toEqual([]);
    expect(orphanIdentities(ctx.db)).toEqual([]);
  });

  it('fails cleanly when a step throws: that step rolls back, repaired graphs stay consistent', async () => {
    const { ctx, f } = await fixture('dj-crash');
    const handler = createDeleteJobHandler(TINY);
    const crashing = {
      ...handler,
      step(...args: Parameters<typeof handler.step>) {
        const out = handler.step(...args);
        // Half-way through the repair, after this step's deletes, before its commit.
        if (out.state.counts.fragments === 2) throw new Error('disk on fire');
        return out;
      },
    };
    const job = await run(ctx, loyaltyParams(f), crashing as never);
    expect(job).toMatchObject({ status: 'failed', error: 'disk on fire', done: 1 });
    // The committed graph stays repaired, the rolled-back one untouched: nothing half-done.
    expect(ctx.db.prepare('SELECT COUNT(*) FROM fragments WHERE dataset_id = ?').pluck().get(f.loyalty)).toBe(3);
    expect(graphViolations(ctx.db)).toEqual([]);
  });

  it("repairs the graphs of the target's links whose records are already gone", async () => {
    const { ctx, f } = await fixture('dj-stale');
    // Deleting l4's profile data keeps its identities and the loyalty link l4–e4.
    const res = await t.app.inject({
      method: 'DELETE',
      url: '/data/core/ups/access/entities?schema.name=_xdm.context.profile&entityIdNS=loyaltyId&entityId=l4',
      headers: t.headers('dj-stale'),
    });
    expect(res.statusCode).toBe(202);
    expect(graphOf(ctx.db, 'l4')).toEqual(['e4', 'l4']);
    const job = await run(ctx, loyaltyParams(f));
    expect(job.result).toMatchObject({ fragmentsDeleted: 3, identityLinksDeleted: 6, identitiesDeleted: 4, graphsRepaired: 4 });
    expect(exists(ctx.db, 'l4') || exists(ctx.db, 'e4')).toBe(false);
    expect(graphViolations(ctx.db)).toEqual([]);
    expect(orphanIdentities(ctx.db)).toEqual([]);
  });
});

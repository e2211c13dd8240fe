import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTenantStore, type SandboxContext, type TenantStore } from '../store/tenant-store.ts';
import { createJobRepository, createJobRunner, type JobHandler } from './runner.ts';

interface Params {
  items: number;
  failAt?: number;
}
interface State {
  next: number;
}

/** Writes one row per item into a table, a few per step, as a real job writes its output. */
const counter = (onRestart?: 'fail'): JobHandler<Params, State, { written: number }> => ({
  kind: 'count',
  onRestart,
  start: (ctx, job) => {
    ctx.db.exec('CREATE TABLE IF NOT EXISTS out (job INTEGER, n INTEGER, PRIMARY KEY (job, n))');
    return { state: { next: 0 }, total: job.params.items };
  },
  step: (ctx, job, state) => {
    const end = Math.min(state.next + 3, job.params.items);
    for (let n = state.next; n < end; n++) {
      if (n === job.params.failAt) throw new Error(`item ${n} is broken`);
      ctx.db.prepare('INSERT INTO out (job, n) VALUES (?, ?)').run(job.id, n);
    }
    return { state: { next: end }, done: end, result: end === job.params.items ? { written: end } : undefined };
  },
  abandon: (ctx, job) => {
    ctx.db.prepare('DELETE FROM out WHERE job = ?').run(job.id);
  },
});

describe('job runner', () => {
  let dir: string;
  let store: TenantStore;
  let ctx: SandboxContext;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'jobs-'));
    store = createTenantStore(dir);
    ctx = store.org('JOBS00000000000000000000@AdobeOrg').context('jobs', true)!;
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const rows = (job: number) => (ctx.db.prepare('SELECT COUNT(*) AS n FROM out WHERE job = ?').get(job) as { n: number }).n;

  it('runs a job in steps to completion with progress, result and timestamps', async () => {
    const runner = createJobRunner();
    runner.register(counter());
    const id = runner.submit(ctx, 'count', { items: 10 });
    expect(createJobRepository(ctx.db).get(id)!.status).toBe('queued');
    await runner.whenIdle();
    const job = createJobRepository(ctx.db).get(id)!;
    expect(job).toMatchObject({ status: 'succeeded', done: 10, total: 10, result: { written: 10 }, error: null });
    expect(job.startedMs).not.toBeNull();
    expect(job.finishedMs).not.toBeNull();
    expect(rows(id)).toBe(10);
  });

  it('fails a job whose step throws, rolls back that step and cleans up its output', async () => {
    const runner = createJobRunner();
    runner.register(counter());
    const id = runner.submit(ctx, 'count', { items: 10, failAt: 7 });
    await runner.whenIdle();
    expect(createJobRepository(ctx.db).get(id)).toMatchObject({ status: 'failed', error: 'item 7 is broken', done: 6 });
    expect(rows(id)).toBe(0);
  });

  it('cancels a running job before its next step', async () => {
    const runner = createJobRunner();
    runner.register(counter());
    const id = runner.submit(ctx, 'count', { items: 1000 });
    await new Promise((r) => setImmediate(r));
    expect(runner.cancel(ctx, id)).toBe(true);
    await runner.whenIdle();
    const job = createJobRepository(ctx.db).get(id)!;
    expect(job.status).toBe('cancelled');
    expect(job.done).toBeLessThan(1000);
    expect(runner.cancel(ctx, id)).toBe(false);
  });

  it('does not step a job that waits for its wake, and steps it again once that settles', async () => {
    let release!: () => void;
    let steps = 0;
    const waiting: JobHandler<Record<string, never>, { woken: boolean }, { steps: number }> = {
      kind: 'waits',
      start: () => ({ state: { woken: false } }),
      step: (_ctx, _job, state) => {
        steps++;
        if (state.woken) return { state, done: 1, result: { steps } };
        return { state: { woken: true }, done: 0, wake: new Promise<void>((r) => (release = r)) };
      },
    };
    const runner = createJobRunner();
    runner.register(waiting);
    runner.register(counter());
    const id = runner.submit(ctx, 'waits', {});
    const other = store.org('JOBS00000000000000000000@AdobeOrg').context('other', true)!;
    const counted = runner.submit(other, 'count', { items: 30 });
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    expect(steps).toBe(1); // asleep: not stepped again, while the other sandbox's job ran to the end
    expect(createJobRepository(other.db).get(counted)!.status).toBe('succeeded');
    release();
    await runner.whenIdle();
    expect(createJobRepository(ctx.db).get(id)).toMatchObject({ status: 'succeeded', result: { steps: 2 } });
  });

  it('resumes from the saved state after a restart, without redoing committed steps', async () => {
    const first = createJobRunner();
    first.register(counter());
    const id = first.submit(ctx, 'count', { items: 30 });
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    first.stop(); // the process dies between steps
    const before = createJobRepository(ctx.db).get(id)!;
    expect(before.status).toBe('running');
    const second = createJobRunner();
    second.register(counter());
    expect(second.resume(ctx)).toEqual([id]);
    await second.whenIdle();
    expect(createJobRepository(ctx.db).get(id)).toMatchObject({ status: 'succeeded', done: 30 });
    expect(rows(id)).toBe(30); // primary key (job, n) would have thrown on any redone item
  });

  it('fails, with a reason, a running job whose handler cannot resume', async () => {
    const first = createJobRunner();
    first.register(counter('fail'));
    const id = first.submit(ctx, 'count', { items: 30 });
    await new Promise((r) => setImmediate(r));
    first.stop();
    const second = createJobRunner();
    second.register(counter('fail'));
    second.resume(ctx);
    await second.whenIdle();
    expect(createJobRepository(ctx.db).get(id)).toMatchObject({ status: 'failed', error: 'interrupted by a service restart' });
    expect(rows(id)).toBe(0);
  });
});

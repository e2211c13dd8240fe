// The durable job runner. Jobs run off the request path in short slices on the main thread: each
// step does at most ~`sliceMs` of work inside one transaction together with the job's saved state,
// then yields to the event loop, so lookups stay fast while an export runs and a crash at any moment
// loses at most the step in flight (which rolls back). After a restart, jobs resume from their last
// saved state, or fail with a reason when their handler says they cannot resume.
import type { Database } from 'better-sqlite3';
import type { SandboxContext } from '../store/tenant-store.ts';
import { backgroundWritesPaused } from '../store/checkpointer.ts';

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface JobRecord<P = unknown, S = unknown, R = unknown> {
  id: number;
  kind: string;
  publicId: string | null;
  status: JobStatus;
  params: P;
  state: S | null;
  result: R | null;
  done: number;
  total: number | null;
  error: string | null;
  cancelRequested: boolean;
  createdMs: number;
  updatedMs: number;
  startedMs: number | null;
  finishedMs: number | null;
}

export interface StepOutcome<S, R> {
  state: S;
  /** Units of work done so far (e.g. profiles exported), for progress. */
  done: number;
  /** Set on the last step: the job's result, stored with status succeeded. */
  result?: R;
  /**
   * Nothing to do until this settles (the work happens elsewhere, e.g. in worker threads): the job
   * is not stepped again before then, so it neither spins nor blocks the event loop waiting.
   */
  wake?: Promise<unknown>;
}

export interface JobHandler<P = unknown, S = unknown, R = unknown> {
  kind: string;
  /** First step's set-up, in a transaction: the initial state and, when known, the total. */
  start(ctx: SandboxContext, job: JobRecord<P, S, R>): { state: S; total?: number };
  /** One slice of work, in a transaction with the saved state. Stop at `deadline` (performance.now()). */
  step(ctx: SandboxContext, job: JobRecord<P, S, R>, state: S, deadline: number): StepOutcome<S, R>;
  /** Clean-up when the job fails or is cancelled (e.g. drop partial output), in a transaction. */
  abandon?(ctx: SandboxContext, job: JobRecord<P, S, R>, reason: string): void;
  /** What to do with a job found running after a restart (default: resume from its saved state). */
  onRestart?: 'resume' | 'fail';
}

interface JobRow {
  id: number;
  kind: string;
  public_id: string | null;
  status: JobStatus;
  params: string;
  state: string | null;
  result: string | null;
  done: number;
  total: number | null;
  error: string | null;
  cancel_requested: number;
  created_ms: number;
  updated_ms: number;
  started_ms: number | null;
  finished_ms: number | null;
}

const parse = (s: string | null) => (s === null ? null : JSON.parse(s));

export function toJobRecord<P, S, R>(r: JobRow): JobRecord<P, S, R> {
  return {
    id: r.id,
    kind: r.kind,
    publicId: r.public_id,
    status: r.status,
    params: JSON.parse(r.params),
    state: parse(r.state),
    result: parse(r.result),
    done: r.done,
    total: r.total,
    error: r.error,
    cancelRequested: r.cancel_requested === 1,
    createdMs: r.created_ms,
    updatedMs: r.updated_ms,
    startedMs: r.started_ms,
    finishedMs: r.finished_ms,
  };
}

/** Reads jobs of a sandbox (resources build their API views on top of this). */
export function createJobRepository(db: Database) {
  return {
    get<P, S, R>(id: number): JobRecord<P, S, R> | undefined {
      const row = db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
      return row && toJobRecord<P, S, R>(row);
    },
    byPublicId<P, S, R>(publicId: string): JobRecord<P, S, R> | undefined {
      const row = db.prepare('SELECT * FROM jobs WHERE public_id = ?').get(publicId) as JobRow | undefined;
      return row && toJobRecord<P, S, R>(row);
    },
    list<P, S, R>(kind: string, options: { limit: number; offset: number; statuses?: JobStatus[] }): { items: JobRecord<P, S, R>[]; total: number } {
      const statuses = options.statuses ?? [];
      const filter = statuses.length ? `AND status IN (${statuses.map(() => '?').join(',')})` : '';
      const rows = db
        .prepare(`SELECT * FROM jobs WHERE kind = ? ${filter} ORDER BY id DESC LIMIT ? OFFSET ?`)
        .all(kind, ...statuses, options.limit, options.offset) as JobRow[];
      const { n } = db.prepare(`SELECT COUNT(*) AS n FROM jobs WHERE kind = ? ${filter}`).get(kind, ...statuses) as { n: number };
      return { items: rows.map((r) => toJobRecord<P, S, R>(r)), total: n };
    },
    /** Jobs of a kind that have not finished. */
    active<P, S, R>(kind: string): JobRecord<P, S, R>[] {
      return (db.prepare("SELECT * FROM jobs WHERE kind = ? AND status IN ('queued', 'running') ORDER BY id").all(kind) as JobRow[]).map((r) =>
        toJobRecord<P, S, R>(r),
      );
    },
    remove(id: number): void {
      db.prepare('DELETE FROM jobs WHERE id = ?').run(id);
    },
  };
}

export interface JobRunnerOptions {
  /** Longest slice of work per step before yielding to the event loop. */
  sliceMs?: number;
  log?: (msg: string, data: object) => void;
}

export function createJobRunner(options: JobRunnerOptions = {}) {
  const sliceMs = options.sliceMs ?? 8;
  const handlers = new Map<string, JobHandler<never, never, never>>();
  /** Sandboxes with work, in round-robin order. */
  const active = new Set<SandboxContext>();
  /** Active sandboxes whose job waits for its `wake`. */
  const sleeping = new Set<SandboxContext>();
  let scheduled = false;
  let stopped = false;
  const idleWaiters: (() => void)[] = [];

  function next(ctx: SandboxContext): JobRow | undefined {
    return ctx.db.prepare("SELECT * FROM jobs WHERE status IN ('queued', 'running') ORDER BY id LIMIT 1").get() as JobRow | undefined;
  }

  function finishWith(ctx: SandboxContext, job: JobRecord, status: JobStatus, error: string | null) {
    const handler = handlers.get(job.kind);
    ctx.db.transaction(() => {
      if (status !== 'succeeded') handler?.abandon?.(ctx, job as never, error ?? status);
      ctx.db
        .prepare('UPDATE jobs SET status = ?, error = ?, finished_ms = ?, updated_ms = ? WHERE id = ?')
        .run(status, error, Date.now(), Date.now(), job.id);
    })();
  }

  /** Runs one step of the oldest unfinished job of a sandbox. Returns false when it has none. */
  function runOne(ctx: SandboxContext): boolean {
    const row = next(ctx);
    if (!row) return false;
    const job = toJobRecord(row);
    const handler = handlers.get(job.kind);
    if (!handler) {
      finishWith(ctx, job, 'failed', `no handler for job kind ${job.kind}`);
      return true;
    }
    if (job.cancelRequested) {
      finishWith(ctx, job, 'cancelled', 'cancelled on request');
      return true;
    }
    try {
      let wake: Promise<unknown> | undefined;
      ctx.db.transaction(() => {
        const now = Date.now();
        let state = job.state;
        if (job.status === 'queued') {
          const started = handler.start(ctx, job as never);
          state = started.state;
          ctx.db.prepare("UPDATE jobs SET status = 'running', started_ms = ?, total = ? WHERE id = ?").run(now, started.total ?? null, job.id);
        }
        const outcome = handler.step(ctx, job as never, state as never, performance.now() + sliceMs) as StepOutcome<unknown, unknown>;
        const finished = outcome.result !== undefined;
        ctx.db
          .prepare('UPDATE jobs SET state = ?, done = ?, result = ?, status = ?, updated_ms = ?, finished_ms = ? WHERE id = ?')
          .run(
            JSON.stringify(outcome.state),
            outcome.done,
            finished ? JSON.stringify(outcome.result) : null,
            finished ? 'succeeded' : 'running',
            Date.now(),
            finished ? Date.now() : null,
            job.id,
          );
        wake = finished ? undefined : outcome.wake;
      })();
      if (wake) sleepUntil(ctx, wake);
    } catch (e) {
      options.log?.('job failed', { kind: job.kind, id: job.id, err: String(e) });
      finishWith(ctx, job, 'failed', (e as Error).message || String(e));
    }
    return true;
  }

  /** The sandbox's jobs are not stepped until `wake` settles. */
  function sleepUntil(ctx: SandboxContext, wake: Promise<unknown>) {
    sleeping.add(ctx);
    const awake = () => {
      sleeping.delete(ctx);
      schedule();
    };
    wake.then(awake, awake);
  }

  function tick() {
    scheduled = false;
    if (stopped) return;
    for (const ctx of [...active]) {
      if (sleeping.has(ctx)) continue;
      const paused = ctx.db.open ? backgroundWritesPaused(ctx.db.name) : undefined;
      if (paused) {
        sleepUntil(ctx, paused);
        continue;
      }
      let worked = false;
      try {
        worked = ctx.db.open && runOne(ctx);
      } catch (e) {
        options.log?.('job runner error', { err: String(e) });
      }
      if (!worked) active.delete(ctx);
    }
    if ([...active].some((ctx) => !sleeping.has(ctx))) schedule();
    else if (active.size === 0) idleWaiters.splice(0).forEach((r) => r());
  }

  function schedule() {
    if (scheduled || stopped) return;
    scheduled = true;
    setImmediate(tick);
  }

  return {
    register<P, S, R>(handler: JobHandler<P, S, R>): void {
      handlers.set(handler.kind, handler as unknown as JobHandler<never, never, never>);
    },

    /** Queues a job; it starts on the next turn of the event loop. */
    submit<P>(ctx: SandboxContext, kind: string, params: P, publicId?: string): number {
      if (!handlers.has(kind)) throw new Error(`no handler for job kind ${kind}`);
      const now = Date.now();
      const { lastInsertRowid } = ctx.db
        .prepare("INSERT INTO jobs (kind, public_id, status, params, created_ms, updated_ms) VALUES (?, ?, 'queued', ?, ?, ?)")
        .run(kind, publicId ?? null, JSON.stringify(params), now, now);
      active.add(ctx);
      schedule();
      return Number(lastInsertRowid);
    },

    /** Asks a running or queued job to stop; it ends `cancelled` before its next step. */
    cancel(ctx: SandboxContext, id: number): boolean {
      const changed = ctx.db.prepare("UPDATE jobs SET cancel_requested = 1 WHERE id = ? AND status IN ('queued', 'running')").run(id).changes;
      if (changed) {
        active.add(ctx);
        schedule();
      }
      return changed === 1;
    },

    /** Start-up: resume (or fail) the sandbox's unfinished jobs. */
    resume(ctx: SandboxContext): number[] {
      const rows = ctx.db.prepare("SELECT * FROM jobs WHERE status IN ('queued', 'running')").all() as JobRow[];
      for (const row of rows) {
        const job = toJobRecord(row);
        if (row.status === 'running' && handlers.get(job.kind)?.onRestart === 'fail') {
          finishWith(ctx, job, 'failed', 'interrupted by a service restart');
        }
      }
      if (rows.length) {
        active.add(ctx);
        schedule();
      }
      return rows.map((r) => r.id);
    },

    /** Resolves when no job has work left (tests and the bench use it). */
    whenIdle(): Promise<void> {
      if (active.size === 0 && !scheduled) return Promise.resolve();
      return new Promise((r) => idleWaiters.push(r));
    },

    stop(): void {
      stopped = true;
      active.clear();
      idleWaiters.splice(0).forEach((r) => r());
    },
  };
}
export type JobRunner = ReturnType<typeof createJobRunner>;

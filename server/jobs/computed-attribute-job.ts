// The computed-attribute evaluation job (kind 'computed-attributes'): computes one attribute for
// every profile of the sandbox at an evaluation time `asOf`, over the events of the whole merged
// profile (default merge policy) in the attribute's lookback window.
//
// Runner steps first stage the window's candidate events (a sequential pass over the events, see
// computed-attribute-scan.ts), then evaluate profiles in key order until each slice is used up
// (always finishing the profile in hand), replacing in the same transaction the stored values of
// the key range covered: a profile's value changes atomically from the previous run's to this
// run's, and a crash resumes from the last committed step (staged rows are in the store too). The first step moves a NEW (or FAILED) attribute to
// PROCESSING; the last one sets PROCESSED, `lastEvaluationTs` = asOf and the next refresh (§8.7
// cadence). A failure sets FAILED with the reason; the next scheduled refresh retries.
import type { Database, Statement } from 'better-sqlite3';
import type { Duration } from '../../contracts/index.ts';
import { compilePql, lookbackWindow, type EvalWindow } from '../engine/pql-evaluator.ts';
import { parsePql } from '../engine/pql-parser.ts';
import { resolveMergePolicy } from '../resources/merge-policies/repository.ts';
import { createAttributeRepository } from '../resources/computed-attributes/repository.ts';
import type { SandboxContext } from '../store/tenant-store.ts';
import {
  clearStaging,
  countByTime,
  countEventsInWindow,
  evaluateStagedChunk,
  isTimeOnly,
  maxEventRowId,
  stageChunk,
  type KeyMode,
} from './computed-attribute-scan.ts';
import type { JobHandler, JobRecord, JobRunner } from './runner.ts';

export const CA_JOB = 'computed-attributes';

export interface CaJobParams {
  attributeId: string;
  /** ms: the evaluation time; events up to it are considered. */
  asOf: number;
}

export interface CaJobState {
  /** The attribute was disabled or deleted before the job started: nothing to do. */
  skip: boolean;
  mode: KeyMode;
  window: EvalWindow;
  eventDatasets?: string[];
  /** stage: copying candidate events (rowid order); evaluate: profile by profile (key order). */
  phase: 'stage' | 'evaluate';
  /** Stage pass: last event rowid copied, and the highest rowid when the run started. */
  staged: number;
  stageEnd: number;
  /** Evaluate pass: last profile key evaluated (values of keys up to it are this run's). */
  cursor: number;
  /** Events in the window when the run started (the run's figure). */
  eventsInWindow: number;
  /** Key range of the store when the run started, for progress. */
  minKey: number;
  maxKey: number;
  startedMs: number;
}

export interface CaJobResult {
  skipped: boolean;
  eventsEvaluated: number;
  profilesWithValue: number;
  durationMs: number;
}

export type CaJobRecord = JobRecord<CaJobParams, CaJobState, CaJobResult>;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * When the next scheduled refresh is due after an evaluation at `asOf` (§8.7): lookbacks in hours
 * refresh hourly, days daily, weeks weekly (Sunday 00:00 UTC), months monthly (the 1st, UTC); with
 * fast refresh (`keepCurrent`) daily whatever the lookback.
 */
export function nextEvaluation(asOf: number, duration: Pick<Duration, 'unit'>, keepCurrent: boolean): number {
  const unit = keepCurrent && (duration.unit === 'WEEKS' || duration.unit === 'MONTHS') ? 'DAYS' : duration.unit;
  switch (unit) {
    case 'HOURS':
      return Math.floor(asOf / HOUR) * HOUR + HOUR;
    case 'DAYS':
      return Math.floor(asOf / DAY) * DAY + DAY;
    case 'WEEKS': {
      const day = Math.floor(asOf / DAY) * DAY;
      const weekday = new Date(day).getUTCDay();
      return day + (7 - weekday) * DAY;
    }
    case 'MONTHS': {
      const d = new Date(asOf);
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    }
  }
}

/** Queues an evaluation of the attribute at `asOf` and records it as the attribute's job (call inside the write transaction). */
export function submitEvaluation(jobs: JobRunner, ctx: SandboxContext, attributeId: string, asOf = Date.now()): number {
  const jobId = jobs.submit<CaJobParams>(ctx, CA_JOB, { attributeId, asOf });
  createAttributeRepository(ctx.db).setJob(attributeId, jobId);
  return jobId;
}

const writeCache = new WeakMap<Database, { clearRange: Statement; clearRest: Statement; insert: Statement; countValues: Statement }>();

function writeStatements(db: Database) {
  let s = writeCache.get(db);
  if (!s) {
    s = {
      clearRange: db.prepare('DELETE FROM computed_attribute_values WHERE attribute_id = ? AND profile_key > ? AND profile_key <= ?'),
      clearRest: db.prepare('DELETE FROM computed_attribute_values WHERE attribute_id = ? AND profile_key > ?'),
      insert: db.prepare('INSERT INTO computed_attribute_values (attribute_id, profile_key, value, num) VALUES (?, ?, ?, ?)'),
      countValues: db.prepare('SELECT COUNT(*) FROM computed_attribute_values WHERE attribute_id = ?').pluck(),
    };
    writeCache.set(db, s);
  }
  return s;
}

export interface CaJobOptions {
  /** Floor on profiles per step is one; this only shortens steps in tests (ms of work per step, default: the runner's slice). */
  maxStepMs?: number;
}

export function createComputedAttributeJobHandler(options: CaJobOptions = {}): JobHandler<CaJobParams, CaJobState, CaJobResult> {
  const load = (ctx: SandboxContext, job: CaJobRecord) => {
    const a = createAttributeRepository(ctx.db).get(job.params.attributeId);
    return a && a.jobId === job.id && a.status !== 'DISABLED' && a.status !== 'DRAFT' ? a : undefined;
  };

  return {
    kind: CA_JOB,
    onRestart: 'resume',

    start(ctx, job) {
      const a = load(ctx, job);
      const startedMs = Date.now();
      const window = a ? lookbackWindow(a.duration, job.params.asOf) : { from: 0, to: 0 };
      const policy = resolveMergePolicy(ctx.db, undefined)!;
      const mode: KeyMode = policy.rules.identityGraph.type === 'pdg' ? 'pdg' : 'none';
      const eventDatasets = policy.rules.attributeMerge.type === 'dataSetPrecedence' ? policy.rules.eventDatasets : undefined;
      const keys = ctx.db.prepare(mode === 'pdg' ? 'SELECT MIN(graph_id), MAX(graph_id) FROM identities' : 'SELECT MIN(id), MAX(id) FROM identities').raw().get() as [number | null, number | null];
      const state: CaJobState = {
        skip: !a,
        mode,
        window,
        eventDatasets,
        phase: 'stage',
        staged: 0,
        stageEnd: maxEventRowId(ctx.db),
        cursor: Number.MIN_SAFE_INTEGER,
        eventsInWindow: 0,
        minKey: keys[0] ?? 0,
        maxKey: keys[1] ?? 0,
        startedMs,
      };
      if (!a) return { state };
      if (a.status !== 'PROCESSING' && a.status !== 'PROCESSED') createAttributeRepository(ctx.db).setStatus(a.id, 'PROCESSING');
      state.eventsInWindow = countEventsInWindow(ctx.db, state);
      return { state, total: state.eventsInWindow };
    },

    step(ctx, job, saved, deadline) {
      const state: CaJobState = { ...saved };
      const repo = createAttributeRepository(ctx.db);
      const a = state.skip ? undefined : load(ctx, job);
      if (!a) return { state, done: 0, result: { skipped: true, eventsEvaluated: 0, profilesWithValue: 0, durationMs: 0 } };

      const expression = parsePql(a.expression);
      const plan = compilePql(expression, job.params.asOf);
      const stepDeadline = options.maxStepMs === undefined ? deadline : Math.min(deadline, performance.now() + options.maxStepMs);
      const scan = { mode: state.mode, window: state.window, eventDatasets: state.eventDatasets, expression, plan };
      const db = ctx.db;
      const timeOnly = isTimeOnly(scan);
      // progress in events: staging is most of the work
      const progress = (share: number) => Math.min(state.eventsInWindow, Math.round(state.eventsInWindow * Math.min(1, Math.max(0, share))));
      const keyShare = () => (state.cursor - state.minKey + 1) / Math.max(1, state.maxKey - state.minKey + 1);

      if (state.phase === 'stage' && !timeOnly) {
        const staged = stageChunk(db, job.id, scan, state.staged, state.stageEnd, stepDeadline);
        state.staged = staged.last;
        if (staged.complete) state.phase = 'evaluate';
        return { state, done: progress((0.8 * state.staged) / Math.max(1, state.stageEnd)) };
      }
      const chunk = timeOnly ? countByTime(db, scan, state.cursor, stepDeadline) : evaluateStagedChunk(db, job.id, scan, state.cursor, stepDeadline);

      const upTo = chunk.complete ? null : chunk.lastKey!;
      const s = writeStatements(db);
      if (upTo === null) s.clearRest.run(a.id, state.cursor);
      else s.clearRange.run(a.id, state.cursor, upTo);
      for (const r of chunk.results) s.insert.run(a.id, r.key, JSON.stringify(r.value), typeof r.value === 'number' ? r.value : null);

      if (!chunk.complete) {
        state.cursor = upTo!;
        // the share of the key range behind the cursor (keys are spread evenly enough)
        return { state, done: progress(timeOnly ? keyShare() : 0.8 + 0.2 * keyShare()) };
      }
      const profilesWithValue = s.countValues.get(a.id) as number;
      const durationMs = Date.now() - state.startedMs;
      const eventsEvaluated = state.eventsInWindow;
      repo.finishRun(a.id, {
        asOf: job.params.asOf,
        evalKey: state.mode,
        nextEvalMs: nextEvaluation(job.params.asOf, a.duration, a.keepCurrent),
        lastRun: { fromEpoch: state.window.from, toEpoch: state.window.to, eventsEvaluated, profilesWithValue, durationMs },
      });
      return { state, done: eventsEvaluated, result: { skipped: false, eventsEvaluated, profilesWithValue, durationMs } };
    },

    abandon(ctx, job, reason) {
      clearStaging(ctx.db, job.id);
      const a = load(ctx, job);
      if (!a) return; // disabled (cancelled on purpose) or deleted
      createAttributeRepository(ctx.db).failRun(a.id, `Evaluation failed: ${reason}`, nextEvaluation(Date.now(), a.duration, a.keepCurrent));
    },
  };
}

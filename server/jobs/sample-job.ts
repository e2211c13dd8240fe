// The preview sample job (kind 'sample'): computes every preview report in one pass over the store
// (sample-scan.ts) under the sandbox's default merge policy and files the report under its UTC day.
//
// * Runs in the job runner's short slices; the scan's working set (typed arrays, one slot per
//   profile key) lives in memory next to the saved state. After a restart the memory is gone, so
//   the job scans again from the start (`onRestart: 'resume'` with a fresh scan): a sample is
//   cheap to repeat and writes nothing until its last step, where the report is saved in the same
//   transaction that marks the job succeeded.
// * A data-change job (ingestion or a delete, see sample-trigger.ts) first counts the profile keys
//   (identity graphs under pdg, identities under none) in slices and samples only when that count
//   moved by more than 5 % since the last report (AEP's rule, api-contract §7); otherwise it ends
//   succeeded with `skipped` and no report.
import type { Database } from 'better-sqlite3';
import { resolveMergePolicy } from '../resources/merge-policies/repository.ts';
import { countProfileKeys } from '../resources/entities/profile-reader.ts';
import {
  createPreviewReportRepository,
  SAMPLE_JOB,
  type SampleJobParams,
  type SampleJobResult,
  type SampleJobState,
  type StoredReport,
} from '../resources/preview-sample/repository.ts';
import { reportDate } from '../resources/preview-sample/format.ts';
import type { SandboxContext } from '../store/tenant-store.ts';
import type { JobHandler } from './runner.ts';
import { createSampleScan, type SampleScan } from './sample-scan.ts';

export { SAMPLE_JOB };

/** A data-change sample runs when the profile count moved by more than this since the last report. */
export const CHANGE_THRESHOLD = 0.05;

export interface SampleJobOptions {
  /** Profile keys counted per query in the check (tests make it small to see the check span steps). */
  checkKeysPerCall?: number;
}

const policyOf = (db: Database) => resolveMergePolicy(db, undefined)!;

function lastBatch(db: Database): StoredReport['lastBatch'] {
  const row = db
    .prepare("SELECT id, completed_ms AS completedMs FROM batches WHERE status = 'success' AND completed_ms IS NOT NULL ORDER BY completed_ms DESC LIMIT 1")
    .get() as { id: string; completedMs: number } | undefined;
  return row ?? null;
}

function catalogOf(db: Database): Pick<StoredReport, 'datasets' | 'namespaces'> {
  const datasets: StoredReport['datasets'] = {};
  for (const d of db.prepare('SELECT id, name, description, created_user AS createdUser FROM datasets').all() as {
    id: string;
    name: string;
    description: string | null;
    createdUser: string;
  }[]) {
    datasets[d.id] = { name: d.name, description: d.description ?? '', createdUser: d.createdUser, streamingIngestionEnabled: '' };
  }
  const namespaces: StoredReport['namespaces'] = {};
  for (const n of db.prepare('SELECT id, code FROM namespaces').all() as { id: number; code: string }[]) namespaces[n.code] = n.id;
  return { datasets, namespaces };
}

export function createSampleJobHandler(options: SampleJobOptions = {}): JobHandler<SampleJobParams, SampleJobState, SampleJobResult> {
  const checkKeysPerCall = options.checkKeysPerCall ?? 8192;
  // The scans in flight, by database and job: memory of this process only (see the header).
  const scans = new WeakMap<Database, Map<number, SampleScan>>();
  const scansOf = (db: Database) => {
    let m = scans.get(db);
    if (!m) scans.set(db, (m = new Map()));
    return m;
  };

  return {
    kind: SAMPLE_JOB,
    onRestart: 'resume',

    start(ctx, job) {
      const maxId = (ctx.db.prepare('SELECT MAX(id) FROM identities').pluck().get() as number | null) ?? 0;
      // Progress units: the scan's (SampleScan.progress: 6 per identity id), plus the check's keys.
      const total = 6 * (maxId + 1) + (job.params.trigger === 'data-change' ? maxId + 1 : 0);
      const now = Date.now();
      return {
        state: { phase: job.params.trigger === 'data-change' ? 'check' : 'identities', cursor: 0, keys: 0, startedMs: now, sampledMs: now },
        total,
      };
    },

    step(ctx, job, saved, deadline) {
      const state: SampleJobState = { ...saved };
      const db = ctx.db;
      const policy = policyOf(db);
      const checkUnits = job.params.trigger === 'data-change' ? Math.round((job.total ?? 0) / 7) : 0;

      if (state.phase === 'check' && job.params.trigger === 'manual') {
        // Run now promoted this data-change job: sample without the check.
        state.phase = 'identities';
        state.cursor = 0;
      }
      if (state.phase === 'check') {
        let next: number | null = state.cursor;
        do {
          const counted = countProfileKeys(db, policy.rules, next, checkKeysPerCall);
          state.keys += counted.count;
          next = counted.last;
        } while (next !== null && performance.now() < deadline);
        if (next !== null) {
          state.cursor = next;
          return { state, done: Math.min(checkUnits, state.keys) };
        }
        const last = createPreviewReportRepository(db).get();
        const before = last?.report.profileKeys;
        if (before !== undefined && Math.abs(state.keys - before) <= CHANGE_THRESHOLD * Math.max(before, 1)) {
          const pct = before === 0 ? 0 : (Math.abs(state.keys - before) / before) * 100;
          return {
            state: { ...state, phase: 'done' },
            done: job.total ?? 0,
            result: {
              reportDate: null,
              skipped: `The profile count moved by ${pct.toFixed(1)} % since the last report (${before} → ${state.keys} ${policy.rules.identityGraph.type === 'pdg' ? 'identity graphs' : 'identities'}); a sample runs above ${CHANGE_THRESHOLD * 100} %`,
              durationMs: Date.now() - state.startedMs,
            },
          };
        }
        state.phase = 'identities';
        state.cursor = 0;
      }

      const running = scansOf(db);
      let scan = running.get(job.id);
      if (!scan) {
        // First slice of the scan, or the job resumed after a restart: (re)start the scan.
        state.sampledMs = Date.now();
        scan = createSampleScan(db, policy.rules, state.sampledMs);
        running.set(job.id, scan);
      }
      const finished = scan.step(deadline);
      const progress = scan.progress();
      state.phase = scan.position.phase;
      state.cursor = scan.position.cursor;
      const done = Math.round(checkUnits + progress.done);
      if (!finished) return { state, done };

      running.delete(job.id);
      const result = scan.result();
      const now = Date.now();
      const report: StoredReport = {
        ...result,
        mergeStrategy: `${policy.rules.attributeMerge.type}_${policy.rules.identityGraph.type}`,
        mergePolicyId: policy.id,
        lastBatch: lastBatch(db),
        ...catalogOf(db),
      };
      const date = reportDate(now);
      createPreviewReportRepository(db).save({ date, reportMs: now, sampledMs: state.sampledMs, jobId: job.id, report });
      return {
        state,
        done: job.total ?? done,
        result: { reportDate: date, profiles: result.figures.profiles, durationMs: now - state.startedMs },
      };
    },

    abandon(ctx: SandboxContext, job) {
      scansOf(ctx.db).delete(job.id);
    },
  };
}

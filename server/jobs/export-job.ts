// The export job (kind 'export'): writes every merged profile of the sandbox — under the job's
// merge policy, projected to its fields, with its events when asked — as NDJSON files of a new
// batch of the destination dataset.
//
// Off the request path, in the runner's short steps (one transaction per step, state saved with it):
// 1. count: the candidate profiles (identity graphs; identities under identityGraph none), a window
//    of keys per query, so progress has a total without one long query;
// 2. export: the next chunks of profiles from the profile reader's scan (profile-reader.ts, the same
//    reader and merge engine as lookups; export-chunk.ts turns them into NDJSON rows), appended to
//    `part-<n>.ndjson` files of the batch's directory. A profile whose graph links more than 50
//    identities is counted and skipped. Large exports have worker threads compute the chunks of
//    ranges of keys ahead (export-pool.ts) on the machine's other core; the step only takes the
//    ready chunks back in order and writes them, so lookups keep the main thread.
// The last step registers the batch (status success, record counts) in the same transaction that
// stores the job's result: a batch is never visible half-written. Files are appended at the byte
// offsets saved in the state, so after a crash the first step of the resumed job truncates them
// back to the last committed step (and drops files written after it) and carries on from the saved
// cursor. A failed or cancelled job deletes its files; no batch is registered.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, rmSync, truncateSync, writeSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { ExportEventFilter } from '../../contracts/index.ts';
import type { MergePolicyRules } from '../engine/merge.ts';
import { countProfileKeys } from '../resources/entities/profile-reader.ts';
import { createDatasetRepository } from '../resources/datasets/repository.ts';
import type { SandboxContext } from '../store/tenant-store.ts';
import { ColumnTracker, exportChunk, mergeColumns, namespaceCodes, scanOptionsOf, type ExportChunk } from './export-chunk.ts';
import { exportBatchDir, exportFileName, exportFilePath, type ExportFile } from './export-files.ts';
import { ExportPool } from './export-pool.ts';
import type { JobHandler, JobRecord } from './runner.ts';

export const EXPORT_JOB = 'export';
/** Longest sleep of a job waiting for its worker threads (each answer wakes it at once). */
const WAKE_MS = 100;

/** What the API echoes back for a job (the request as understood). */
export interface ExportEcho {
  schemaName: string;
  fields?: string;
  filter?: { fromIngestTimestamp?: string; emptyProfiles?: boolean };
  additionalFields?: { eventList?: { fields?: string; filter?: ExportEventFilter } };
}

export interface ExportJobParams {
  /** The output batch (reserved at creation, registered when the job succeeds). */
  batchId: string;
  datasetId: string;
  /** x-request-id of the create request. */
  requestId: string;
  /** The policy as it was when the job was created: the whole export uses these rules. */
  policy: { id: string; version: number; rules: MergePolicyRules };
  fields?: string[];
  emptyProfiles: boolean;
  /** ms: only profiles updated after this (record data; events for profiles of events only). */
  fromIngestMs?: number;
  /** Merge events into each row as `eventList`: projected to `fields`, within the bounds (ms). */
  events?: { fields?: string[]; fromIngestMs?: number; toIngestMs?: number; fromTs?: number; toTs?: number };
  echo: ExportEcho;
}

export interface ExportJobState {
  phase: 'count' | 'export';
  /** Count phase: last key counted. */
  countCursor: number;
  /** Candidate profiles counted. */
  total: number;
  /** Export phase: last key exported. */
  cursor: number;
  processed: number;
  exported: number;
  /** Profiles skipped: identity graph over 50 identities. */
  skipped: number;
  byNamespace: Record<string, number>;
  /** Files written; the last one is the one being appended to. */
  files: ExportFile[];
  /** Attribute paths of the rows, in first-seen order (CSV columns). */
  columns: string[];
  /** ms the job started running. */
  startedMs: number;
}

export interface ExportJobResult {
  batchId: string;
  files: ExportFile[];
  columns: string[];
  total: number;
  processed: number;
  exported: number;
  skipped: number;
  byNamespace: Record<string, number>;
  exportStartMs: number;
  exportEndMs: number;
  writeStartMs: number;
  writeEndMs: number;
}

export type ExportJobRecord = JobRecord<ExportJobParams, ExportJobState, ExportJobResult>;

export interface ExportJobOptions {
  /** Candidate profiles per scan chunk on the main thread. */
  chunkKeys?: number;
  /** Keys counted per count query. */
  countWindow?: number;
  /** A new output file starts (between chunks) once the current one has this many rows. */
  maxRowsPerFile?: number;
  /** Worker threads for large exports (0: none). Default: 2, or 1 on a single core. */
  workers?: number;
  /** Exports of at least this many candidate profiles use the workers. */
  workerThreshold?: number;
  /** Candidate profiles per worker chunk. */
  rangeKeys?: number;
}

interface Handle {
  fd: number;
  index: number;
}

export function createExportJobHandler(options: ExportJobOptions = {}): JobHandler<ExportJobParams, ExportJobState, ExportJobResult> {
  const chunkKeys = options.chunkKeys ?? 64;
  const countWindow = options.countWindow ?? 20_000;
  const maxRowsPerFile = options.maxRowsPerFile ?? 100_000;
  const workers = options.workers ?? Math.min(2, availableParallelism());
  const workerThreshold = options.workerThreshold ?? 20_000;
  const rangeKeys = options.rangeKeys ?? 512;
  /** Worker pools of the running jobs (per process); jobs whose workers failed go on without. */
  const pools = new Map<string, ExportPool>();
  const inThread = new Set<string>();
  const closePool = (ctx: SandboxContext, job: ExportJobRecord) => {
    pools.get(key(ctx, job))?.close();
    pools.delete(key(ctx, job));
  };
  /** Open output files of the jobs this handler is running (per process). */
  const handles = new Map<string, Handle>();
  const key = (ctx: SandboxContext, job: ExportJobRecord) => `${ctx.exportsDir}\u0000${job.id}`;

  function release(ctx: SandboxContext, job: ExportJobRecord, sync: boolean): void {
    const h = handles.get(key(ctx, job));
    if (!h) return;
    handles.delete(key(ctx, job));
    if (sync) fsyncSync(h.fd);
    closeSync(h.fd);
  }

  /** Column trees of the jobs running on the main thread (rebuilt from the saved columns when missing). */
  const trackers = new Map<string, ColumnTracker>();
  function trackerOf(ctx: SandboxContext, job: ExportJobRecord, state: ExportJobState): ColumnTracker {
    let t = trackers.get(key(ctx, job));
    if (!t || t.columns.length !== state.columns.length) {
      t = new ColumnTracker(state.columns);
      trackers.set(key(ctx, job), t);
    }
    return t;
  }

  /** Jobs whose directory was put back to their saved state in this process. */
  const reconciled = new Set<string>();

  /**
   * The first step of a job in this process puts its directory back to the saved state: files after
   * the last saved one go, the last one is cut to its saved length (a crashed step's tail).
   */
  function reconcile(ctx: SandboxContext, job: ExportJobRecord, state: ExportJobState): void {
    if (reconciled.has(key(ctx, job))) return;
    const dir = exportBatchDir(ctx, job.params.batchId);
    mkdirSync(dir, { recursive: true });
    const keep = new Set(state.files.map((f) => f.name));
    for (const entry of readdirSync(dir)) if (!keep.has(entry)) rmSync(join(dir, entry), { force: true });
    const last = state.files.length - 1;
    if (last >= 0) truncateSync(exportFilePath(ctx, job.params.batchId, last), state.files[last].bytes);
    reconciled.add(key(ctx, job));
  }

  /** The open handle of the job's current (last) file. */
  function current(ctx: SandboxContext, job: ExportJobRecord, state: ExportJobState): Handle {
    const index = state.files.length - 1;
    const open = handles.get(key(ctx, job));
    if (open && open.index === index) return open;
    if (open) release(ctx, job, true); // the previous file is complete
    const path = exportFilePath(ctx, job.params.batchId, index);
    const h = { fd: openSync(path, existsSync(path) ? 'r+' : 'w+'), index };
    handles.set(key(ctx, job), h);
    return h;
  }

  function finish(ctx: SandboxContext, job: ExportJobRecord, state: ExportJobState): ExportJobResult {
    const exportEndMs = Date.now();
    release(ctx, job, true);
    reconciled.delete(key(ctx, job));
    trackers.delete(key(ctx, job));
    closePool(ctx, job);
    inThread.delete(key(ctx, job));
    const writeStartMs = Date.now();
    const bytes = state.files.reduce((n, f) => n + f.bytes, 0);
    const { batchId, datasetId } = job.params;
    ctx.db
      .prepare(
        `INSERT INTO batches (id, dataset_id, status, format, tags, created_ms, updated_ms, started_ms, completed_ms, input_count, output_count, failed_count, input_bytes)
         VALUES (?, ?, 'success', 'json', ?, ?, ?, ?, ?, ?, ?, 0, ?)`,
      )
      .run(batchId, datasetId, JSON.stringify({ exportJobId: [String(job.id)] }), writeStartMs, writeStartMs, state.startedMs, writeStartMs, state.exported, state.exported, bytes);
    createDatasetRepository(ctx.db, { orgId: ctx.orgId, sandboxId: ctx.sandbox.id }).recordBatch(datasetId, batchId, 'success');
    return {
      batchId,
      files: state.files,
      columns: state.columns,
      total: Math.max(state.total, state.processed),
      processed: state.processed,
      exported: state.exported,
      skipped: state.skipped,
      byNamespace: state.byNamespace,
      exportStartMs: state.startedMs,
      exportEndMs,
      writeStartMs,
      writeEndMs: Date.now(),
    };
  }

  return {
    kind: EXPORT_JOB,
    onRestart: 'resume',

    start: (ctx, job) => {
      // Leftovers of an attempt whose first step never committed.
      rmSync(exportBatchDir(ctx, job.params.batchId), { recursive: true, force: true });
      return {
        state: {
          phase: 'count',
          countCursor: 0,
          total: 0,
          cursor: 0,
          processed: 0,
          exported: 0,
          skipped: 0,
          byNamespace: {},
          files: [],
          columns: [],
          startedMs: Date.now(),
        },
      };
    },

    step(ctx, job, saved, deadline) {
      const params = job.params;
      const rules = params.policy.rules;
      const state: ExportJobState = { ...saved, byNamespace: { ...saved.byNamespace }, files: saved.files.map((f) => ({ ...f })), columns: [...saved.columns] };

      if (state.phase === 'count') {
        do {
          const counted = countProfileKeys(ctx.db, rules, state.countCursor, countWindow);
          state.total += counted.count;
          if (counted.last === null) {
            state.phase = 'export';
            break;
          }
          state.countCursor = counted.last;
        } while (performance.now() < deadline);
        // A large export: start the workers now, so they load while the rest is counted.
        if (workers > 0 && state.total >= workerThreshold && !pools.has(key(ctx, job)) && !inThread.has(key(ctx, job))) {
          try {
            pools.set(key(ctx, job), new ExportPool(ctx.db.name, params, state.columns, state.cursor, workers, rangeKeys));
          } catch {
            inThread.add(key(ctx, job));
          }
        }
        return { state, done: state.processed };
      }

      reconcile(ctx, job, state);
      /** Writes a chunk after the ones before it (a new file starts between chunks) and counts it. */
      const apply = (chunk: ExportChunk) => {
        // The write first: if it throws, nothing of the chunk is counted.
        if (chunk.rows > 0) {
          let file = state.files[state.files.length - 1];
          if (!file || file.rows >= maxRowsPerFile) {
            file = { name: exportFileName(state.files.length), rows: 0, bytes: 0 };
            state.files.push(file);
          }
          const written = writeSync(current(ctx, job, state).fd, chunk.text, file.bytes, 'utf8');
          file.bytes += written;
          file.rows += chunk.rows;
          state.exported += chunk.rows;
        }
        state.processed += chunk.keys;
        state.skipped += chunk.skipped;
        for (const ns in chunk.byNamespace) state.byNamespace[ns] = (state.byNamespace[ns] ?? 0) + chunk.byNamespace[ns];
        mergeColumns(state.columns, chunk.columns);
      };
      let finished = false;
      let wake: Promise<unknown> | undefined;

      if (workers > 0 && state.total >= workerThreshold && !inThread.has(key(ctx, job))) {
        try {
          let pool = pools.get(key(ctx, job));
          if (!pool || pool.cursor !== state.cursor) {
            pool?.close();
            pool = new ExportPool(ctx.db.name, params, state.columns, state.cursor, workers, rangeKeys);
            pools.set(key(ctx, job), pool);
          }
          // Take what the workers have ready, within the slice; when nothing is, sleep until a
          // worker answers, leaving the event loop to lookups.
          pool.fill(ctx.db);
          let taken = 0;
          for (let next = pool.take(); next; next = performance.now() < deadline ? pool.take() : undefined) {
            apply(next.chunk);
            state.cursor = next.until;
            taken++;
          }
          pool.fill(ctx.db);
          if (pool.done) finished = true;
          else if (taken === 0) wake = pool.nextReply(WAKE_MS);
        } catch {
          // A worker failed (or could not start): carry on from the cursor on the main thread,
          // which fails the job with the reason if the data itself is the problem.
          closePool(ctx, job);
          inThread.add(key(ctx, job));
        }
      }
      if (!finished && (workers === 0 || state.total < workerThreshold || inThread.has(key(ctx, job)))) {
        const tracker = trackerOf(ctx, job, state);
        const context = { tracker, canonical: namespaceCodes(ctx.db), scan: scanOptionsOf(params) };
        do {
          const chunk = exportChunk(ctx.db, params, state.cursor, { maxKeys: chunkKeys }, context);
          apply(chunk);
          if (chunk.last === null) finished = true;
          else state.cursor = chunk.last;
        } while (!finished && performance.now() < deadline);
      }
      if (!finished) return { state, done: state.processed, wake };
      return { state, done: state.processed, result: finish(ctx, job, state) };
    },

    abandon(ctx, job) {
      release(ctx, job, false);
      reconciled.delete(key(ctx, job));
      trackers.delete(key(ctx, job));
      closePool(ctx, job);
      inThread.delete(key(ctx, job));
      rmSync(exportBatchDir(ctx, job.params.batchId), { recursive: true, force: true });
    },
  };
}

/** Live figures of a job from its saved state (while it runs) or its result (once it succeeded). */
export function exportJobProgress(job: ExportJobRecord): { processed: number; total: number | null; exported: number; skipped: number; byNamespace: Record<string, number>; files: number } | undefined {
  const r = job.result;
  if (r) return { processed: r.processed, total: r.total, exported: r.exported, skipped: r.skipped, byNamespace: r.byNamespace, files: r.files.length };
  const s = job.state;
  if (!s) return undefined;
  return {
    processed: s.processed,
    total: s.phase === 'count' ? null : Math.max(s.total, s.processed),
    exported: s.exported,
    skipped: s.skipped,
    byNamespace: s.byNamespace,
    files: s.files.length,
  };
}

// The export job (kind 'export'): writes every merged profile of the sandbox — under the job's
// merge policy, projected to its fields, with its events when asked — as NDJSON files of a new
// batch of the destination dataset.
//
// Off the request path, in the runner's short steps (one transaction per step, state saved with it):
// 1. count: the candidate profiles (identity graphs; identities under identityGraph none), a window
//    of keys per query, so progress has a total without one long query;
// 2. export: the next chunks of profiles from the profile reader's scan (profile-reader.ts, the same
//    reader and merge engine as lookups), appended to `part-<n>.ndjson` files of the batch's
//    directory. A profile whose graph links more than 50 identities is counted and skipped.
// The last step registers the batch (status success, record counts) in the same transaction that
// stores the job's result: a batch is never visible half-written. Files are appended at the byte
// offsets saved in the state, so after a crash the first step of the resumed job truncates them
// back to the last committed step (and drops files written after it) and carries on from the saved
// cursor. A failed or cancelled job deletes its files; no batch is registered.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, rmSync, truncateSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Database, Statement } from 'better-sqlite3';
import type { ExportEventFilter } from '../../contracts/index.ts';
import { projectFields, type GraphIdentity, type MergePolicyRules } from '../engine/merge.ts';
import { scanProfiles, countProfileKeys, type ProfileScanOptions, type ScannedProfile } from '../resources/entities/profile-reader.ts';
import { createDatasetRepository } from '../resources/datasets/repository.ts';
import type { SandboxContext } from '../store/tenant-store.ts';
import { exportBatchDir, exportFileName, exportFilePath, type ExportFile } from './export-files.ts';
import type { JobHandler, JobRecord } from './runner.ts';

export const EXPORT_JOB = 'export';

/** Columns tracked for the CSV download, at most. */
export const MAX_EXPORT_COLUMNS = 2000;

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
  /** Candidate profiles per scan chunk. */
  chunkKeys?: number;
  /** Keys counted per count query. */
  countWindow?: number;
  /** Rows per output file. */
  maxRowsPerFile?: number;
}

type Obj = Record<string, unknown>;

/**
 * The attribute paths seen so far, as a tree of keys: walking a row costs a map lookup per key and
 * allocates nothing unless the row has a path not seen before.
 */
interface ColumnNode {
  path: string;
  leaf: boolean;
  children: Map<string, ColumnNode> | undefined;
}

export class ColumnTracker {
  private readonly root: ColumnNode = { path: '', leaf: false, children: undefined };
  constructor(public columns: string[]) {
    for (const c of columns) {
      let node = this.root;
      for (const key of c.split('.')) node = this.child(node, key);
      node.leaf = true;
    }
  }

  private child(node: ColumnNode, key: string): ColumnNode {
    node.children ??= new Map();
    let c = node.children.get(key);
    if (!c) {
      c = { path: node.path === '' ? key : `${node.path}.${key}`, leaf: false, children: undefined };
      node.children.set(key, c);
    }
    return c;
  }

  /** Adds the leaf paths of `row` not seen yet (objects are walked; arrays and scalars are leaves). */
  add(row: Obj, node: ColumnNode = this.root): void {
    for (const key in row) {
      const v = row[key];
      if (v === null || v === undefined) continue;
      const c = node.children?.get(key) ?? this.child(node, key);
      if (typeof v === 'object' && !Array.isArray(v)) this.add(v as Obj, c);
      else if (!c.leaf && this.columns.length < MAX_EXPORT_COLUMNS) {
        c.leaf = true;
        this.columns.push(c.path);
      }
    }
  }
}

const codeStatements = new WeakMap<Database, Statement>();

/** Namespace codes by lower-cased code (identityMap keys match them case-insensitively). */
function namespaceCodes(ctx: SandboxContext): Map<string, string> {
  let stmt = codeStatements.get(ctx.db);
  if (!stmt) codeStatements.set(ctx.db, (stmt = ctx.db.prepare('SELECT code FROM namespaces').pluck()));
  const codes = new Map<string, string>();
  for (const code of stmt.all() as string[]) codes.set(code.toLowerCase(), code);
  return codes;
}

/** Counts a profile once per namespace of its identityMap. */
function countNamespaces(counts: Record<string, number>, identityMap: unknown, canonical: Map<string, string>): void {
  if (identityMap === null || typeof identityMap !== 'object') return;
  for (const ns in identityMap as Obj) {
    const code = canonical.get(ns.toLowerCase()) ?? ns;
    counts[code] = (counts[code] ?? 0) + 1;
  }
}

/** An identityMap of the profile's identities, for profiles that have events but no record data. */
function identityMapOf(identities: GraphIdentity[]): Record<string, { id: string }[]> {
  const map: Record<string, { id: string }[]> = {};
  for (const i of identities) (map[i.namespace] ??= []).push({ id: i.id });
  return map;
}

/** The event filter of a job as a predicate on (timestamp, ingestion time). */
export function eventKeep(events: NonNullable<ExportJobParams['events']>, fromIngestMs?: number): (ts: number, ingestedAt: number) => boolean {
  const fromIngest = Math.max(events.fromIngestMs ?? -Infinity, fromIngestMs ?? -Infinity);
  const toIngest = events.toIngestMs ?? Infinity;
  const fromTs = events.fromTs ?? -Infinity;
  const toTs = events.toTs ?? Infinity;
  return (ts, ingestedAt) => ts >= fromTs && ts < toTs && ingestedAt > fromIngest && ingestedAt <= toIngest;
}

/**
 * The exported row of a scanned profile and the identityMap it stands for, or undefined when the
 * job's filter leaves it out.
 */
export function exportRow(p: Extract<ScannedProfile, { kind: 'profile' }>, params: ExportJobParams): { row: Obj; identityMap: unknown } | undefined {
  const recordData = p.merged.fragments.length > 0;
  if (params.fromIngestMs !== undefined) {
    const updated = recordData ? p.recordsModifiedAt : p.merged.lastModifiedAt;
    if (!(updated > params.fromIngestMs)) return undefined;
  }
  let entity = p.merged.entity;
  if (!recordData && entity.identityMap === undefined) entity = { ...entity, identityMap: identityMapOf(p.merged.identities) };
  const projected = params.fields ? projectFields(entity, params.fields) : entity;
  if (!params.events) return { row: projected, identityMap: entity.identityMap };
  const fields = params.events.fields;
  const eventList = p.merged.events.map((e) => (fields ? projectFields(e.record, fields) : e.record));
  return { row: { ...projected, eventList }, identityMap: entity.identityMap };
}

interface Handle {
  fd: number;
  index: number;
}

export function createExportJobHandler(options: ExportJobOptions = {}): JobHandler<ExportJobParams, ExportJobState, ExportJobResult> {
  const chunkKeys = options.chunkKeys ?? 64;
  const countWindow = options.countWindow ?? 20_000;
  const maxRowsPerFile = options.maxRowsPerFile ?? 100_000;
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

  /** Column trees of the running jobs (rebuilt from the saved columns when missing). */
  const trackers = new Map<string, ColumnTracker>();
  function trackerOf(ctx: SandboxContext, job: ExportJobRecord, state: ExportJobState): ColumnTracker {
    let t = trackers.get(key(ctx, job));
    if (!t || t.columns.length !== state.columns.length) {
      t = new ColumnTracker(state.columns);
      trackers.set(key(ctx, job), t);
    }
    // The state is a fresh copy every step: the tracker appends to it.
    t.columns = state.columns;
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
        return { state, done: state.processed };
      }

      reconcile(ctx, job, state);
      const scan: ProfileScanOptions = {
        identities: 'owners',
        emptyProfiles: params.emptyProfiles,
        events: params.events ? { keep: eventKeep(params.events, params.fromIngestMs) } : undefined,
      };
      const columns = trackerOf(ctx, job, state);
      const canonical = namespaceCodes(ctx);
      let buffer = '';
      const flush = () => {
        if (buffer === '') return;
        const file = state.files[state.files.length - 1];
        const written = writeSync(current(ctx, job, state).fd, buffer, file.bytes, 'utf8');
        file.bytes += written;
        buffer = '';
      };
      let finished = false;
      do {
        const chunk = scanProfiles(ctx.db, rules, state.cursor, chunkKeys, scan);
        for (const p of chunk.profiles) {
          if (p.kind === 'tooManyIdentities') {
            state.skipped++;
            continue;
          }
          const out = exportRow(p, params);
          if (!out) continue;
          const row = out.row;
          let file = state.files[state.files.length - 1];
          if (!file || file.rows >= maxRowsPerFile) {
            flush();
            state.files.push({ name: exportFileName(state.files.length), rows: 0, bytes: 0 });
            file = state.files[state.files.length - 1];
          }
          buffer += JSON.stringify(row) + '\n';
          file.rows++;
          state.exported++;
          columns.add(row);
          countNamespaces(state.byNamespace, out.identityMap, canonical);
        }
        state.processed += chunk.keys;
        if (chunk.last === null) finished = true;
        else state.cursor = chunk.last;
      } while (!finished && performance.now() < deadline);
      flush();
      if (!finished) return { state, done: state.processed };
      return { state, done: state.processed, result: finish(ctx, job, state) };
    },

    abandon(ctx, job) {
      release(ctx, job, false);
      reconciled.delete(key(ctx, job));
      trackers.delete(key(ctx, job));
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

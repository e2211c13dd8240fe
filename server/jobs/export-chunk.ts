// One chunk of an export: the next profiles from the profile reader's scan (the same reader and
// merge engine as lookups), each turned into its NDJSON row — projected to the job's fields, with
// its events when asked — plus what the job counts about them. Pure reads: the export job writes
// the text and saves the figures in its step; a worker thread can compute chunks ahead
// (export-worker.ts), since nothing here changes the store.
import type { Database, Statement } from 'better-sqlite3';
import { projectFields, type GraphIdentity } from '../engine/merge.ts';
import { scanProfiles, type ProfileScanOptions, type ScannedProfile } from '../resources/entities/profile-reader.ts';
import type { ExportJobParams } from './export-job.ts';

/** Columns tracked for the CSV download, at most. */
export const MAX_EXPORT_COLUMNS = 2000;

type Obj = Record<string, unknown>;

interface ColumnNode {
  path: string;
  leaf: boolean;
  children: Map<string, ColumnNode> | undefined;
}

/**
 * The attribute paths seen so far (CSV columns), as a tree of keys: walking a row costs a map
 * lookup per key and allocates nothing unless the row has a path not seen before.
 */
export class ColumnTracker {
  private readonly root: ColumnNode = { path: '', leaf: false, children: undefined };
  /** Every column seen, in first-seen order. */
  readonly columns: string[] = [];

  constructor(known: string[] = []) {
    for (const c of known) {
      let node = this.root;
      for (const key of c.split('.')) node = this.child(node, key);
      node.leaf = true;
      this.columns.push(c);
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

/** Appends the columns a chunk reports that `columns` does not have yet, in order. */
export function mergeColumns(columns: string[], found: string[]): void {
  if (found.length === 0) return;
  const known = new Set(columns);
  for (const c of found) {
    if (columns.length >= MAX_EXPORT_COLUMNS) return;
    if (!known.has(c)) {
      known.add(c);
      columns.push(c);
    }
  }
}

const codeStatements = new WeakMap<Database, Statement>();

/** Namespace codes by lower-cased code (identityMap keys match them case-insensitively). */
export function namespaceCodes(db: Database): Map<string, string> {
  let stmt = codeStatements.get(db);
  if (!stmt) codeStatements.set(db, (stmt = db.prepare('SELECT code FROM namespaces').pluck()));
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

export interface ExportChunk {
  /** NDJSON: one line per exported profile. */
  text: string;
  rows: number;
  /** Candidate profiles (keys) read. */
  keys: number;
  /** The last key read; null when the scan (or its range) has no more keys. */
  last: number | null;
  /** Profiles skipped: identity graph over 50 identities. */
  skipped: number;
  /** Columns new to the tracker in this chunk, in first-seen order. */
  columns: string[];
  byNamespace: Record<string, number>;
}

/** The scan options of a job's export. */
export function scanOptionsOf(params: ExportJobParams): ProfileScanOptions {
  return {
    identities: 'owners',
    emptyProfiles: params.emptyProfiles,
    events: params.events ? { keep: eventKeep(params.events, params.fromIngestMs) } : undefined,
  };
}

/**
 * The next chunk of a job's export: at most `maxKeys` keys after `after` (and up to `until` when
 * given). `tracker` remembers the columns seen by its caller; `canonical` maps namespace codes.
 */
export function exportChunk(
  db: Database,
  params: ExportJobParams,
  after: number,
  range: { maxKeys: number; until?: number },
  context: { tracker: ColumnTracker; canonical: Map<string, string>; scan?: ProfileScanOptions },
): ExportChunk {
  const scan = context.scan ?? scanOptionsOf(params);
  const chunk = scanProfiles(db, params.policy.rules, after, range.maxKeys, range.until === undefined ? scan : { ...scan, until: range.until });
  const before = context.tracker.columns.length;
  const byNamespace: Record<string, number> = {};
  let text = '';
  let rows = 0;
  let skipped = 0;
  for (const p of chunk.profiles) {
    if (p.kind === 'tooManyIdentities') {
      skipped++;
      continue;
    }
    const out = exportRow(p, params);
    if (!out) continue;
    text += JSON.stringify(out.row) + '\n';
    rows++;
    context.tracker.add(out.row);
    countNamespaces(byNamespace, out.identityMap, context.canonical);
  }
  return { text, rows, keys: chunk.keys, last: chunk.last, skipped, columns: context.tracker.columns.slice(before), byNamespace };
}

// The attribute paths present in a sandbox, for the console's field pickers: read from a sample of
// every dataset (its first records by row id, through the dataset index), never a full scan.
import type { Database } from 'better-sqlite3';
import type { AttributePath, AttributePaths } from '../../../contracts/index.ts';

/** Records read per dataset. */
export const SAMPLE_PER_DATASET = 200;
/** Paths answered per class, at most. */
const MAX_PATHS = 2000;

type Obj = Record<string, unknown>;
const isPlainObject = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

function walk(value: Obj, prefix: string, seenHere: Set<string>, out: Map<string, AttributePath>): void {
  for (const key in value) {
    const v = value[key];
    if (v === null || v === undefined || key === '__proto__') continue;
    const path = prefix === '' ? key : `${prefix}.${key}`;
    const kind = isPlainObject(v) ? 'object' : 'value';
    if (!seenHere.has(path)) {
      seenHere.add(path);
      const entry = out.get(path);
      if (entry) entry.count++;
      else if (out.size < MAX_PATHS) out.set(path, { path, kind, count: 1 });
    }
    if (kind === 'object') walk(v as Obj, path, seenHere, out);
  }
}

function pathsOf(db: Database, table: 'fragments' | 'events', perDataset: number): { paths: AttributePath[]; sampled: number } {
  const datasets = db.prepare(`SELECT id FROM datasets WHERE class = ? ORDER BY created_ms`).pluck().all(table === 'fragments' ? 'profile' : 'experienceevent') as string[];
  const sample = db.prepare(`SELECT record FROM ${table} WHERE dataset_id = ? LIMIT ?`).pluck();
  const out = new Map<string, AttributePath>();
  let sampled = 0;
  for (const id of datasets) {
    for (const record of sample.iterate(id, perDataset) as IterableIterator<string>) {
      sampled++;
      const parsed = JSON.parse(record) as unknown;
      if (isPlainObject(parsed)) walk(parsed, '', new Set(), out);
    }
  }
  // The merged profile has no top-level `_id` (the engine drops it): not a field to pick.
  if (table === 'fragments') out.delete('_id');
  const paths = [...out.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { paths, sampled };
}

export function attributePaths(db: Database, perDataset = SAMPLE_PER_DATASET): AttributePaths {
  const profile = pathsOf(db, 'fragments', perDataset);
  const event = pathsOf(db, 'events', perDataset);
  return { profile: profile.paths, event: event.paths, sampled: { profile: profile.sampled, event: event.sampled } };
}

// The store side of a delete request: chunked scans of what a target (a dataset, or one batch of an
// experience-event dataset) has in the profile store, and the repair of one chunk of identity graphs.
//
// Repair works graph by graph, never record by record: for every graph of a chunk, in the caller's
// transaction, it deletes the target's fragments, events and identity links inside that graph,
// recomputes the connected components of the links that remain, relabels the parts that split off
// and deletes identities that no longer appear in any record or link. A graph is closed (its links
// and records concern only its members), so at every commit each graph is either untouched or fully
// repaired: no graph ever points at deleted records, whatever the moment of a crash.
//
// The same code previews the impact (`apply: false`): it counts instead of deleting, and reports
// how many profiles (graphs with data) would disappear or lose data.
import type { Database, Statement } from 'better-sqlite3';
import type { DatasetClass } from '../../contracts/index.ts';
import { splitGraph } from '../engine/graph-split.ts';

export interface DeleteTarget {
  datasetId: string;
  /** Only this batch of an experience-event dataset. */
  batchId?: string;
  datasetClass: DatasetClass;
}

export interface RepairCounts {
  fragments: number;
  events: number;
  links: number;
  /** Identities removed because nothing refers to them any more. */
  identities: number;
  /** Graphs visited. */
  graphs: number;
  /** Graphs that fell apart into several graphs. */
  graphsSplit: number;
  /** Graphs with data before whose every record goes (preview only). */
  profilesRemoved: number;
  /** Graphs that lose some of the target's records and keep other data (preview only). */
  profilesReduced: number;
}

export const zeroCounts = (): RepairCounts => ({
  fragments: 0,
  events: 0,
  links: 0,
  identities: 0,
  graphs: 0,
  graphsSplit: 0,
  profilesRemoved: 0,
  profilesReduced: 0,
});

export function addCounts(into: RepairCounts, more: RepairCounts): RepairCounts {
  for (const key of Object.keys(into) as (keyof RepairCounts)[]) into[key] += more[key];
  return into;
}

export interface ScanChunk<C> {
  /** Identities whose graphs the target touches (primary identities of records, link endpoints). */
  identityIds: number[];
  /** Records of the target seen in this chunk. */
  records: number;
  /** Where the next chunk starts; null when the scan is complete. */
  next: C | null;
}

export interface RepairResult extends RepairCounts {
  /** Every identity that was in the repaired graphs (before the repair). */
  members: number[];
}

const ids = (list: Iterable<number>) => JSON.stringify(Array.isArray(list) ? list : [...list]);

interface Statements {
  scanFragments: Statement;
  scanEvents: Statement;
  scanLinks: Statement;
  maxLinkA: Statement;
  graphsOf: Statement;
  membersOf: Statement;
  countFragments: Statement;
  countEvents: Statement;
  deleteFragments: Statement;
  deleteEvents: Statement;
  linksOf: Statement;
  deleteLinks: Statement;
  withData: Statement;
  deleteIdentities: Statement;
  relabel: Statement;
  anyFragment: Statement;
  anyEvent: Statement;
  countDatasetFragments: Statement;
  countDatasetEvents: Statement;
  batchOutput: Statement;
}

const cache = new WeakMap<Database, Statements>();

// `IN (SELECT value FROM json_each(?))` passes a chunk's ids as one JSON parameter; SQLite probes the
// (identity_id, …) indexes once per id.
const IN_IDS = 'IN (SELECT value FROM json_each(@ids))';
const TARGET = 'dataset_id = @ds AND (@batch IS NULL OR batch_id = @batch)';
// Events of given identities: the unary + keeps SQLite on events_by_identity instead of scanning
// the whole dataset's range of the (dataset_id, event_id) key.
const TARGET_EVENTS = '+dataset_id = @ds AND (@batch IS NULL OR batch_id = @batch)';

function statements(db: Database): Statements {
  let s = cache.get(db);
  if (s) return s;
  s = {
    scanFragments: db.prepare('SELECT id, identity_id FROM fragments WHERE dataset_id = @ds AND id > @after ORDER BY id LIMIT @limit').raw(),
    scanEvents: db
      .prepare('SELECT event_id, identity_id, batch_id FROM events WHERE dataset_id = @ds AND event_id > @after ORDER BY event_id LIMIT @limit')
      .raw(),
    scanLinks: db
      .prepare(`SELECT DISTINCT a FROM identity_links WHERE a > @after AND a <= @until AND ${TARGET}`)
      .pluck(),
    maxLinkA: db.prepare('SELECT MAX(a) FROM identity_links').pluck(),
    graphsOf: db.prepare(`SELECT DISTINCT graph_id FROM identities WHERE id ${IN_IDS}`).pluck(),
    membersOf: db.prepare(`SELECT id, graph_id FROM identities WHERE graph_id ${IN_IDS}`).raw(),
    countFragments: db.prepare(`SELECT identity_id, COUNT(*) FROM fragments WHERE identity_id ${IN_IDS} AND dataset_id = @ds GROUP BY identity_id`).raw(),
    countEvents: db.prepare(`SELECT identity_id, COUNT(*) FROM events WHERE identity_id ${IN_IDS} AND ${TARGET_EVENTS} GROUP BY identity_id`).raw(),
    deleteFragments: db.prepare(`DELETE FROM fragments WHERE identity_id ${IN_IDS} AND dataset_id = @ds`),
    deleteEvents: db.prepare(`DELETE FROM events WHERE identity_id ${IN_IDS} AND ${TARGET_EVENTS}`),
    // Links of the members; the target's come with their batch id (the rest of their key is known).
    linksOf: db.prepare(`SELECT a, b, CASE WHEN ${TARGET} THEN batch_id END FROM identity_links WHERE a ${IN_IDS}`).raw(),
    // @gone: [[a, b, batch id], …]: exact keys, no probing of the other members.
    deleteLinks: db.prepare(
      'DELETE FROM identity_links WHERE (a, b, dataset_id, batch_id) IN (SELECT value ->> 0, value ->> 1, @ds, value ->> 2 FROM json_each(@gone))',
    ),
    // Data that stays: fragments of other datasets (all of them for a batch delete) and events
    // outside the target.
    withData: db
      .prepare(
        `SELECT j.value FROM json_each(@ids) j
         WHERE EXISTS (SELECT 1 FROM fragments f WHERE f.identity_id = j.value AND f.dataset_id != @fragmentDs)
            OR EXISTS (SELECT 1 FROM events e WHERE e.identity_id = j.value AND NOT (e.dataset_id = @ds AND (@batch IS NULL OR e.batch_id = @batch)))`,
      )
      .pluck(),
    deleteIdentities: db.prepare(`DELETE FROM identities WHERE id ${IN_IDS}`),
    // @pairs: [[identity id, new label], …] for every identity of every part that split off.
    relabel: db.prepare(
      'UPDATE identities SET graph_id = p.label FROM (SELECT value ->> 0 AS id, value ->> 1 AS label FROM json_each(@pairs)) AS p WHERE identities.id = p.id',
    ),
    anyFragment: db.prepare('SELECT 1 FROM fragments WHERE dataset_id = ? LIMIT 1').pluck(),
    anyEvent: db.prepare('SELECT 1 FROM events WHERE dataset_id = ? LIMIT 1').pluck(),
    // Index-only counts over the dataset's range of (dataset_id, …) keys.
    countDatasetFragments: db.prepare('SELECT COUNT(*) FROM fragments WHERE dataset_id = ?').pluck(),
    countDatasetEvents: db.prepare('SELECT COUNT(*) FROM events WHERE dataset_id = ?').pluck(),
    batchOutput: db.prepare('SELECT output_count FROM batches WHERE id = ?').pluck(),
  };
  cache.set(db, s);
  return s;
}

export function createGraphRepair(db: Database, target: DeleteTarget) {
  const s = statements(db);
  const ds = target.datasetId;
  const batch = target.batchId ?? null;
  const base = { ds, batch };
  const deletesFragments = target.datasetClass === 'profile' && target.batchId === undefined;
  const deletesEvents = target.datasetClass === 'experienceevent';

  return {
    /** The target's fragments in id order (whole profile datasets). */
    scanFragments(after: number, limit: number): ScanChunk<number> {
      const rows = s.scanFragments.all({ ds, after, limit }) as [number, number][];
      return {
        identityIds: rows.map((r) => r[1]),
        records: rows.length,
        next: rows.length < limit ? null : rows[rows.length - 1][0],
      };
    },

    /** The target's events in `_id` order; a batch target keeps only that batch's events. */
    scanEvents(after: string, limit: number): ScanChunk<string> {
      const rows = s.scanEvents.all({ ds, after, limit }) as [string, number, string][];
      const found = new Set<number>();
      let records = 0;
      for (const [, identityId, batchId] of rows) {
        if (batch !== null && batchId !== batch) continue;
        found.add(identityId);
        records++;
      }
      return { identityIds: [...found], records, next: rows.length < limit ? null : rows[rows.length - 1][0] };
    },

    /** Highest identity id that starts a link: where the link scan ends. */
    maxLinkStart(): number {
      return (s.maxLinkA.get() as number | null) ?? 0;
    },

    /** The target's identity links whose first identity is in (after, after + span]. */
    scanLinks(after: number, span: number, end: number): ScanChunk<number> {
      const until = after + span;
      const found = s.scanLinks.all({ ...base, after, until }) as number[];
      return { identityIds: found, records: 0, next: until >= end ? null : until };
    },

    /** Current graph labels of these identities (identities already removed are skipped). */
    graphsOf(identityIds: readonly number[]): number[] {
      return s.graphsOf.all({ ids: ids(identityIds) }) as number[];
    },

    /** Records the target holds (a batch: what it ingested, since events carry no batch index). */
    estimateRecords(): number {
      if (batch !== null) return (s.batchOutput.get(batch) as number | null) ?? 0;
      return deletesFragments ? (s.countDatasetFragments.get(ds) as number) : (s.countDatasetEvents.get(ds) as number);
    },

    /** Whether the dataset still has records (new ones may arrive while a dataset delete runs). */
    datasetHasRecords(): boolean {
      return (deletesFragments && s.anyFragment.get(ds) !== undefined) || (deletesEvents && batch === null && s.anyEvent.get(ds) !== undefined);
    },

    /**
     * Repairs (apply) or previews (no apply) whole graphs: the target's records and links inside
     * them go, the remaining links are split into components, orphaned identities go.
     */
    repair(graphIds: readonly number[], options: { apply: boolean }): RepairResult {
      const out: RepairResult = { ...zeroCounts(), members: [] };
      if (graphIds.length === 0) return out;
      const byGraph = new Map<number, number[]>();
      for (const [id, graph] of s.membersOf.all({ ids: ids(graphIds) }) as [number, number][]) {
        let list = byGraph.get(graph);
        if (!list) byGraph.set(graph, (list = []));
        list.push(id);
        out.members.push(id);
      }
      if (out.members.length === 0) return out;
      const memberJson = ids(out.members);
      const params = { ...base, ids: memberJson };

      // Which identities hold the target's records (preview: counted, not deleted).
      const hadTarget = new Set<number>();
      if (options.apply) {
        if (deletesFragments) out.fragments = s.deleteFragments.run(params).changes;
        if (deletesEvents) out.events = s.deleteEvents.run(params).changes;
      } else {
        if (deletesFragments) {
          for (const [id, n] of s.countFragments.all(params) as [number, number][]) {
            out.fragments += n;
            hadTarget.add(id);
          }
        }
        if (deletesEvents) {
          for (const [id, n] of s.countEvents.all(params) as [number, number][]) {
            out.events += n;
            hadTarget.add(id);
          }
        }
      }

      // Links: the target's go, the others shape the graphs that remain.
      const linksByGraph = new Map<number, [number, number][]>();
      const graphOf = new Map<number, number>();
      for (const [graph, list] of byGraph) for (const id of list) graphOf.set(id, graph);
      const linked = new Set<number>();
      const gone: [number, number, string][] = [];
      for (const [a, b, goneBatch] of s.linksOf.all(params) as [number, number, string | null][]) {
        if (goneBatch !== null) {
          gone.push([a, b, goneBatch]);
          continue;
        }
        linked.add(a);
        linked.add(b);
        const graph = graphOf.get(a)!;
        let list = linksByGraph.get(graph);
        if (!list) linksByGraph.set(graph, (list = []));
        list.push([a, b]);
      }
      out.links = gone.length;
      if (options.apply && gone.length > 0) s.deleteLinks.run({ ds, gone: JSON.stringify(gone) });

      // Data that remains. Applying needs it only for identities without links (the others stay
      // anyway); the preview needs it for all, to tell which profiles keep data.
      const probe = options.apply ? out.members.filter((id) => !linked.has(id)) : out.members;
      const withData = new Set<number>(
        probe.length ? (s.withData.all({ ...base, fragmentDs: deletesFragments ? ds : '', ids: ids(probe) }) as number[]) : [],
      );

      const removed: number[] = [];
      const relabel: [number, number][] = [];
      for (const [label, members] of byGraph) {
        out.graphs++;
        const split = splitGraph({ label, members, links: linksByGraph.get(label) ?? [], withData });
        for (const id of split.removed) removed.push(id);
        if (split.components.length > 1) out.graphsSplit++;
        if (options.apply) {
          for (const c of split.components) if (c.relabel) for (const id of c.members) relabel.push([id, c.label]);
        } else {
          const keepsData = members.some((id) => withData.has(id));
          const losesData = members.some((id) => hadTarget.has(id));
          if (!keepsData && losesData) out.profilesRemoved++;
          else if (keepsData && losesData) out.profilesReduced++;
        }
      }
      out.identities = removed.length;
      if (options.apply && removed.length) s.deleteIdentities.run({ ids: ids(removed) });
      if (relabel.length) s.relabel.run({ pairs: JSON.stringify(relabel) });
      return out;
    },
  };
}
export type GraphRepair = ReturnType<typeof createGraphRepair>;

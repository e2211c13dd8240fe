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
  /** Graphs (current labels) of the identities the chunk's records or links belong to. */
  graphIds: number[];
  /** Records of the target seen in this chunk. */
  records: number;
  /** Where the next chunk starts; null when the scan is complete. */
  next: C | null;
}

const ids = (list: readonly number[]) => JSON.stringify(list);

interface Statements {
  scanFragments: Statement;
  scanEvents: Statement;
  scanEventsInTable: Statement;
  maxEventId: Statement;
  scanLinks: Statement;
  maxLinkA: Statement;
  membersAndLinks: Statement;
  countFragments: Statement;
  countEvents: Statement;
  deleteFragments: Statement;
  deleteEvents: Statement;
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
// The target's events among given identities' events: the unary + keeps SQLite on
// events_by_identity instead of scanning the whole dataset's range of the (dataset_id, event_id) key.
const TARGET_EVENTS = '+dataset_id = @ds AND (@batch IS NULL OR batch_id = @batch)';

function statements(db: Database): Statements {
  let s = cache.get(db);
  if (s) return s;
  s = {
    // Scans: the next chunk of the target's records (or links) with the graphs they are in now.
    scanFragments: db
      .prepare(
        `SELECT f.id, i.graph_id FROM fragments f JOIN identities i ON i.id = f.identity_id
         WHERE f.dataset_id = @ds AND f.id > @after ORDER BY f.id LIMIT @limit`,
      )
      .raw(),
    scanEvents: db
      .prepare(
        `SELECT s.event_id, i.graph_id, s.batch_id
         FROM (SELECT event_id, identity_id, batch_id FROM events WHERE dataset_id = @ds AND event_id > @after ORDER BY event_id LIMIT @limit) s
         JOIN identities i ON i.id = s.identity_id ORDER BY s.event_id`,
      )
      .raw(),
    // Events in table (ingestion) order: a bounded window of rows and, for the target's among them,
    // their graphs. A batch's events, and most of a dataset's, lie together in this order, so
    // consecutive chunks touch neighbouring identities and pages.
    scanEventsInTable: db
      .prepare(
        `SELECT s.id, CASE WHEN s.dataset_id = @ds AND (@batch IS NULL OR s.batch_id = @batch)
                      THEN (SELECT graph_id FROM identities WHERE id = s.identity_id) END
         FROM (SELECT id, identity_id, dataset_id, batch_id FROM events WHERE id > @after ORDER BY id LIMIT @limit) s`,
      )
      .raw(),
    maxEventId: db.prepare('SELECT MAX(id) FROM events').pluck(),
    scanLinks: db
      .prepare(
        `SELECT DISTINCT i.graph_id FROM identity_links l JOIN identities i ON i.id = l.a
         WHERE l.a > @after AND l.a <= @until AND l.dataset_id = @ds AND (@batch IS NULL OR l.batch_id = @batch)`,
      )
      .pluck(),
    maxLinkA: db.prepare('SELECT MAX(a) FROM identity_links').pluck(),
    // Every member of the graphs with its links; the target's links come with their batch id (the
    // rest of their key is known).
    membersAndLinks: db
      .prepare(
        `SELECT i.id, i.graph_id, l.b, CASE WHEN l.dataset_id = @ds AND (@batch IS NULL OR l.batch_id = @batch) THEN l.batch_id END
         FROM identities i LEFT JOIN identity_links l ON l.a = i.id WHERE i.graph_id IN (SELECT value FROM json_each(@graphs))`,
      )
      .raw(),
    countFragments: db.prepare(`SELECT identity_id, COUNT(*) FROM fragments WHERE identity_id ${IN_IDS} AND dataset_id = @ds GROUP BY identity_id`).raw(),
    countEvents: db.prepare(`SELECT identity_id, COUNT(*) FROM events WHERE identity_id ${IN_IDS} AND ${TARGET_EVENTS} GROUP BY identity_id`).raw(),
    deleteFragments: db.prepare(`DELETE FROM fragments WHERE identity_id ${IN_IDS} AND dataset_id = @ds`),
    deleteEvents: db.prepare(`DELETE FROM events WHERE identity_id ${IN_IDS} AND ${TARGET_EVENTS}`),
    // @gone: [[a, b, batch id], …]: exact keys.
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

const distinct = (list: number[]) => [...new Set(list)];

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
        graphIds: distinct(rows.map((r) => r[1])),
        records: rows.length,
        next: rows.length < limit ? null : rows[rows.length - 1][0],
      };
    },

    /** The target's events in `_id` order (through the (dataset_id, _id) key); a batch target keeps only that batch's. */
    scanEvents(after: string, limit: number): ScanChunk<string> {
      const rows = s.scanEvents.all({ ds, after, limit }) as [string, number, string][];
      const graphs: number[] = [];
      let records = 0;
      for (const [, graph, batchId] of rows) {
        if (batch !== null && batchId !== batch) continue;
        graphs.push(graph);
        records++;
      }
      return { graphIds: distinct(graphs), records, next: rows.length < limit ? null : rows[rows.length - 1][0] };
    },

    /**
     * How to walk the target's events: in table order when it is a batch (its events lie together)
     * or most of the table; through the (dataset_id, _id) key when it is a small part of it.
     */
    eventScan(): 'table' | 'key' {
      if (batch !== null) return 'table';
      const rows = (s.maxEventId.get() as number | null) ?? 0;
      return (s.countDatasetEvents.get(ds) as number) * 3 >= rows ? 'table' : 'key';
    },

    /** The next `limit` events in table order, and the target's among them. */
    scanEventsInTable(after: number, limit: number): ScanChunk<number> {
      const rows = s.scanEventsInTable.all({ ...base, after, limit }) as [number, number | null][];
      const graphs: number[] = [];
      for (const [, graph] of rows) if (graph !== null) graphs.push(graph);
      return { graphIds: distinct(graphs), records: graphs.length, next: rows.length < limit ? null : rows[rows.length - 1][0] };
    },

    /** Highest identity id that starts a link: where the link scan ends. */
    maxLinkStart(): number {
      return (s.maxLinkA.get() as number | null) ?? 0;
    },

    /** The target's identity links whose first identity is in (after, after + span]. */
    scanLinks(after: number, span: number, end: number): ScanChunk<number> {
      const until = after + span;
      const graphIds = s.scanLinks.all({ ...base, after, until }) as number[];
      return { graphIds, records: 0, next: until >= end ? null : until };
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
    repair(graphIds: readonly number[], options: { apply: boolean }): RepairCounts {
      const out = zeroCounts();
      if (graphIds.length === 0) return out;
      // Members by graph, the links that stay by graph, and the target's links.
      const byGraph = new Map<number, number[]>();
      const linksByGraph = new Map<number, [number, number][]>();
      const linked = new Set<number>();
      const gone: [number, number, string][] = [];
      const members: number[] = [];
      let lastId = -1;
      for (const [id, graph, b, goneBatch] of s.membersAndLinks.all({ ...base, graphs: ids(graphIds) }) as [number, number, number | null, string | null][]) {
        if (id !== lastId) {
          lastId = id;
          members.push(id);
          let list = byGraph.get(graph);
          if (!list) byGraph.set(graph, (list = []));
          list.push(id);
        }
        if (b === null) continue;
        if (goneBatch !== null) {
          gone.push([id, b, goneBatch]);
          continue;
        }
        linked.add(id);
        linked.add(b);
        let list = linksByGraph.get(graph);
        if (!list) linksByGraph.set(graph, (list = []));
        list.push([id, b]);
      }
      if (members.length === 0) return out;
      const params = { ...base, ids: ids(members) };

      // The target's records (preview: counted per identity, not deleted).
      const hadTarget = new Set<number>();
      if (options.apply) {
        if (deletesFragments) out.fragments = s.deleteFragments.run(params).changes;
        if (deletesEvents) out.events = s.deleteEvents.run(params).changes;
        if (gone.length > 0) s.deleteLinks.run({ ds, gone: JSON.stringify(gone) });
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
      out.links = gone.length;

      // Data that remains. Applying needs it only for identities without links (the others stay
      // anyway); the preview needs it for all, to tell which profiles keep data.
      const probe = options.apply ? members.filter((id) => !linked.has(id)) : members;
      const withData = new Set<number>(
        probe.length ? (s.withData.all({ ...base, fragmentDs: deletesFragments ? ds : '', ids: ids(probe) }) as number[]) : [],
      );

      const removed: number[] = [];
      const relabel: [number, number][] = [];
      for (const [label, list] of byGraph) {
        out.graphs++;
        const split = splitGraph({ label, members: list, links: linksByGraph.get(label) ?? [], withData });
        for (const id of split.removed) removed.push(id);
        if (split.components.length > 1) out.graphsSplit++;
        if (options.apply) {
          for (const c of split.components) if (c.relabel) for (const id of c.members) relabel.push([id, c.label]);
        } else {
          const keepsData = list.some((id) => withData.has(id));
          const losesData = list.some((id) => hadTarget.has(id));
          if (!keepsData && losesData) out.profilesRemoved++;
          else if (keepsData && losesData) out.profilesReduced++;
        }
      }
      out.identities = removed.length;
      if (options.apply) {
        if (removed.length) s.deleteIdentities.run({ ids: ids(removed) });
        if (relabel.length) s.relabel.run({ pairs: JSON.stringify(relabel) });
      }
      return out;
    },
  };
}
export type GraphRepair = ReturnType<typeof createGraphRepair>;

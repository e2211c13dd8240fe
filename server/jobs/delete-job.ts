// The delete request job (kind 'delete'): removes a dataset's, or an experience-event batch's,
// Profile-store data off the request path and repairs the identity graphs it had linked.
//
// The job walks its target in the runner's short steps (one transaction per step, state saved with
// it), graph by graph:
// 1. records: the next chunk of the target's fragments (profile dataset, in id order) or events
//    (in table order for a batch, or for a dataset that makes up much of the table, so chunks stay
//    local; else through the (dataset_id, _id) key); the graphs of their identities, as they
//    are now, are repaired whole (graph-repair.ts): every record and link of the target inside them
//    goes, the rest is re-split, orphaned identities go. Records of a repaired graph further along
//    the scan are gone by the time the scan gets there.
// 2. links: the target's links left in graphs without its records (the records were replaced or
//    deleted on their own), found by a scan of identity_links in identity order, repaired the same way.
// 3. check: a dataset delete looks again for records of the dataset (ingestion may have added some
//    behind the scan while it ran) and walks once more if there are any.
// At every commit each graph is either untouched or fully repaired: a crash at any moment never
// leaves a graph pointing at deleted records, and a resumed or repeated run finds nothing left to
// do in the graphs already repaired (idempotent). The dataset itself stays, as in AEP.
import type { DatasetClass } from '../../contracts/index.ts';
import { addCounts, createGraphRepair, zeroCounts, type RepairCounts } from './graph-repair.ts';
import type { JobHandler, JobRecord } from './runner.ts';
import { profileDataChanged } from './sample-trigger.ts';

export const DELETE_JOB = 'delete';

export interface DeleteJobParams {
  datasetId: string;
  /** Only this batch (experience-event datasets). */
  batchId?: string;
  datasetClass: DatasetClass;
  /** The dataset's name when the request was made (for display once it is renamed). */
  datasetName: string;
}

/** events: through the (dataset_id, _id) key; table: in table order (see graph-repair eventScan). */
type Phase = 'fragments' | 'events' | 'table' | 'links';

export interface DeleteJobState {
  phase: Phase;
  /** Walks: the first, plus one per check that found new records. */
  round: number;
  /** Scan position: last fragment id, last event `_id`, last event row id, or last link start identity id. */
  cursor: number | string | null;
  /** Where the link scan ends (highest link start identity when it began). */
  linkEnd: number;
  /** Records to delete, estimated when the job started (for progress). */
  found: number;
  counts: RepairCounts;
  startedMs: number;
}

export interface DeleteJobResult {
  recordsProcessed: number;
  timeTakenInSec: number;
  fragmentsDeleted: number;
  eventsDeleted: number;
  identityLinksDeleted: number;
  identitiesDeleted: number;
  graphsRepaired: number;
  graphsSplit: number;
  recordsToProcess: number;
}

export interface DeleteJobOptions {
  /** Records read per chunk (their graphs are repaired in the same chunk). */
  scanRows?: number;
  /** Identity ids per link-scan chunk. */
  linkSpan?: number;
  /** Walks at most (new records arriving during a dataset delete trigger another). */
  maxRounds?: number;
}

export type DeleteJobRecord = JobRecord<DeleteJobParams, DeleteJobState, DeleteJobResult>;

export const recordsOf = (counts: RepairCounts) => counts.fragments + counts.events;

export function resultOf(state: DeleteJobState, now: number): DeleteJobResult {
  return {
    recordsProcessed: recordsOf(state.counts),
    timeTakenInSec: Math.max(0, Math.round(now - state.startedMs) / 1000),
    fragmentsDeleted: state.counts.fragments,
    eventsDeleted: state.counts.events,
    identityLinksDeleted: state.counts.links,
    identitiesDeleted: state.counts.identities,
    graphsRepaired: state.counts.graphs,
    graphsSplit: state.counts.graphsSplit,
    recordsToProcess: Math.max(state.found, recordsOf(state.counts)),
  };
}

function firstPhase(repair: ReturnType<typeof createGraphRepair>, params: DeleteJobParams): Phase {
  if (params.datasetClass === 'profile') return 'fragments';
  return repair.eventScan() === 'table' ? 'table' : 'events';
}

export function createDeleteJobHandler(options: DeleteJobOptions = {}): JobHandler<DeleteJobParams, DeleteJobState, DeleteJobResult> {
  const scanRows = options.scanRows ?? 64;
  const linkSpan = options.linkSpan ?? 8192;
  const maxRounds = options.maxRounds ?? 3;

  return {
    kind: DELETE_JOB,
    onRestart: 'resume',

    start: (ctx, job) => {
      const repair = createGraphRepair(ctx.db, job.params);
      const found = repair.estimateRecords();
      return {
        state: { phase: firstPhase(repair, job.params), round: 1, cursor: null, linkEnd: 0, found, counts: zeroCounts(), startedMs: Date.now() },
        total: found,
      };
    },

    step(ctx, job, saved, deadline) {
      const state: DeleteJobState = { ...saved, counts: { ...saved.counts } };
      const repair = createGraphRepair(ctx.db, job.params);
      const repairGraphs = (graphIds: number[]) => {
        if (graphIds.length) addCounts(state.counts, repair.repair(graphIds, { apply: true }));
      };
      const toLinks = () => {
        state.phase = 'links';
        state.cursor = 0;
        state.linkEnd = repair.maxLinkStart();
      };

      // At least one chunk per step, then as many as the slice allows.
      do {
        switch (state.phase) {
          case 'fragments': {
            const chunk = repair.scanFragments((state.cursor as number | null) ?? 0, scanRows);
            repairGraphs(chunk.graphIds);
            if (chunk.next === null) toLinks();
            else state.cursor = chunk.next;
            break;
          }
          case 'events': {
            const chunk = repair.scanEvents((state.cursor as string | null) ?? '', scanRows);
            repairGraphs(chunk.graphIds);
            if (chunk.next === null) toLinks();
            else state.cursor = chunk.next;
            break;
          }
          case 'table': {
            // Windows of rows in table order; about half of them are the target's at worst.
            const chunk = repair.scanEventsInTable((state.cursor as number | null) ?? 0, scanRows * 2);
            repairGraphs(chunk.graphIds);
            if (chunk.next === null) toLinks();
            else state.cursor = chunk.next;
            break;
          }
          case 'links': {
            const chunk = repair.scanLinks(state.cursor as number, linkSpan, state.linkEnd);
            repairGraphs(chunk.graphIds);
            if (chunk.next !== null) {
              state.cursor = chunk.next;
              break;
            }
            if (state.round < maxRounds && repair.datasetHasRecords()) {
              state.round++;
              state.phase = firstPhase(repair, job.params);
              state.cursor = null;
              break;
            }
            if (recordsOf(state.counts) > 0) profileDataChanged(ctx, 'deletion');
            return { state, done: recordsOf(state.counts), result: resultOf(state, Date.now()) };
          }
        }
      } while (performance.now() < deadline);
      return { state, done: recordsOf(state.counts) };
    },
  };
}

/** Live metrics of a job from its saved state (while it runs) or its result (once it finished). */
export function deleteJobMetrics(job: DeleteJobRecord, now = Date.now()): (DeleteJobResult & { phase: 'records' | 'links' | 'done' }) | undefined {
  if (job.result) return { ...job.result, phase: 'done' };
  if (!job.state) return undefined;
  const phase = job.state.phase === 'links' ? 'links' : 'records';
  return { ...resultOf(job.state, now), phase };
}

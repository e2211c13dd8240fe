// Impact preview of a delete request: the same scans and graph repair the job runs, counting
// instead of deleting. Works in short slices and yields to the event loop between them, so a preview
// over a large store never holds up lookups.
import type { Database } from 'better-sqlite3';
import type { DeleteImpact } from '../../../contracts/index.ts';
import { addCounts, createGraphRepair, zeroCounts, type DeleteTarget } from '../../jobs/graph-repair.ts';

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function previewImpact(db: Database, target: DeleteTarget, sliceMs = 10): Promise<DeleteImpact> {
  const repair = createGraphRepair(db, target);
  let sliceEnd = performance.now() + sliceMs;
  const pause = async () => {
    if (performance.now() < sliceEnd) return;
    await yieldToLoop();
    sliceEnd = performance.now() + sliceMs;
  };

  // 1. The graphs the target's records and links are in.
  const graphs = new Set<number>();
  const add = (list: number[]) => list.forEach((g) => graphs.add(g));
  if (target.datasetClass === 'profile' && !target.batchId) {
    for (let after: number | null = 0; after !== null; await pause()) {
      const chunk = repair.scanFragments(after, 5000);
      add(chunk.graphIds);
      after = chunk.next;
    }
  } else if (repair.eventScan() === 'key') {
    for (let after: string | null = ''; after !== null; await pause()) {
      const chunk = repair.scanEvents(after, 5000);
      add(chunk.graphIds);
      after = chunk.next;
    }
  } else {
    for (let after: number | null = 0; after !== null; await pause()) {
      const chunk = repair.scanEventsInTable(after, 10_000);
      add(chunk.graphIds);
      after = chunk.next;
    }
  }
  const end = repair.maxLinkStart();
  for (let after: number | null = 0; after !== null; await pause()) {
    const chunk = repair.scanLinks(after, 10_000, end);
    add(chunk.graphIds);
    after = chunk.next;
  }

  // 2. The repair of each graph, counted.
  const list = [...graphs].sort((a, b) => a - b);
  const counts = zeroCounts();
  for (let i = 0; i < list.length; i += 500, await pause()) {
    addCounts(counts, repair.repair(list.slice(i, i + 500), { apply: false }));
  }
  return {
    datasetId: target.datasetId,
    ...(target.batchId ? { batchId: target.batchId } : {}),
    fragments: counts.fragments,
    events: counts.events,
    profilesRemoved: counts.profilesRemoved,
    profilesReduced: counts.profilesReduced,
    graphsAffected: counts.graphs,
    graphsSplit: counts.graphsSplit,
    identitiesRemoved: counts.identities,
    computedAt: Date.now(),
  };
}

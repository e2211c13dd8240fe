// The engine's reading of a merge policy: the one place where a policy's `attributeMerge.order` is
// split into the record datasets' precedence and the experience-event datasets it selects
// (contracts `splitPrecedenceOrder`, api-contract §4.9.2–3). Every reader (lookups, event paging,
// exports, computed attributes, previews, reports) gets its rules from here through the merge
// policy repository (`rulesOf`, `resolveMergePolicy`), so they all see the same selection.
// Pure: the dataset class lookup is handed in.
import type { DatasetClass } from '../../contracts/common.ts';
import { splitPrecedenceOrder } from '../../contracts/merge-policies.ts';
import type { MergePolicyRules } from './merge.ts';

export interface PolicyShape {
  identityGraph: 'none' | 'pdg';
  attributeMerge: 'timestampOrdered' | 'dataSetPrecedence';
  /** dataSetPrecedence: dataset ids, highest priority first (record and event ids mixed). */
  order: readonly string[] | null;
}

export type DatasetClassOf = (datasetId: string) => DatasetClass | undefined;

/**
 * dataSetPrecedence: the engine ranks only the record datasets of `order` (event ids in the list
 * do not shift their ranks) and, when `order` names event datasets, merges only their events
 * (`eventDatasets`). timestampOrdered, or an order without event datasets: every event dataset.
 */
export function engineRules(policy: PolicyShape, classOf: DatasetClassOf): MergePolicyRules {
  const identityGraph = { type: policy.identityGraph };
  if (policy.attributeMerge !== 'dataSetPrecedence') return { identityGraph, attributeMerge: { type: 'timestampOrdered' } };
  const { records, events } = splitPrecedenceOrder(policy.order ?? [], classOf);
  return {
    identityGraph,
    attributeMerge: { type: 'dataSetPrecedence', order: records },
    ...(events.length > 0 ? { eventDatasets: events } : {}),
  };
}

// Merge policy test data built through the contract schemas (component tests only).
import { PROFILE_CLASS } from '../../../contracts/common.ts';
import { NamespaceSchema } from '../../../contracts/identity.ts';
import {
  MergePolicyListSchema,
  MergePolicySchema,
  type MergePolicy,
} from '../../../contracts/merge-policies.ts';
import {
  MergePolicyImpactSchema,
  MergePolicyPreviewSchema,
  type MergePolicyImpact,
  type MergePolicyPreview,
  type PreviewProfile,
} from '../../../contracts/merge-policy-preview.ts';
import { ORG_ID, NOW, datasetId, makeDataset } from '../../testing/fixtures.ts';

export const CRM = makeDataset({ id: datasetId(1), name: 'CRM Customers', lastBatchStatus: 'success' });
export const LOYALTY = makeDataset({ id: datasetId(2), name: 'Loyalty Members', lastBatchStatus: 'success' });
export const WEB = makeDataset({
  id: datasetId(3),
  name: 'Web Events',
  class: 'experienceevent',
  lastBatchStatus: 'success',
});
export const DISABLED = makeDataset({
  id: datasetId(4),
  name: 'Legacy Import',
  tags: { unifiedProfile: ['enabled:false'] },
});
export const APP = makeDataset({
  id: datasetId(5),
  name: 'Mobile App Events',
  class: 'experienceevent',
  lastBatchStatus: 'success',
});
export const DATASETS = [CRM, LOYALTY, WEB, DISABLED, APP];

let seq = 0;

export function makePolicy(overrides: Partial<MergePolicy> & { name: string }): MergePolicy {
  return MergePolicySchema.parse({
    id: `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`,
    imsOrgId: ORG_ID,
    sandbox: { sandboxId: 'id-prod', sandboxName: 'prod', type: 'production', default: true },
    schema: { name: PROFILE_CLASS },
    version: 1,
    identityGraph: { type: 'pdg' },
    attributeMerge: { type: 'timestampOrdered' },
    isActiveOnEdge: false,
    default: false,
    updateEpoch: Math.floor(NOW / 1000) - 3600,
    ...overrides,
  });
}

export const DEFAULT_POLICY = makePolicy({ name: 'Default Timebased', default: true });
export const LOYALTY_FIRST = makePolicy({
  name: 'Loyalty first',
  attributeMerge: { type: 'dataSetPrecedence', order: [LOYALTY.id, CRM.id] },
  version: 3,
});

export function policyList(policies: MergePolicy[], total = policies.length) {
  return MergePolicyListSchema.parse({
    _page: { totalCount: total, pageSize: policies.length, count: policies.length, next: '' },
    children: policies,
    _links: { next: { href: '' } },
  });
}

export const NAMESPACES = ['Email', 'CRMID', 'ECID'].map((code, i) =>
  NamespaceSchema.parse({
    id: i + 1,
    code,
    name: code,
    description: '',
    idType: 'CROSS_DEVICE',
    custom: false,
    status: 'ACTIVE',
    namespaceType: 'Standard',
    createTime: NOW,
    updateTime: NOW,
  }),
);

const candidate = (datasetIdValue: string, value: unknown, fragmentId: number) => ({
  fragmentId,
  datasetId: datasetIdValue,
  batchId: 'b'.repeat(32),
  identity: { xid: 'xid-1', namespace: 'Email', id: 'robert@example.com' },
  timestamp: NOW - fragmentId * 1000,
  timestampSource: 'lastUpdatedDate' as const,
  value,
});

/** Robert: "Bob" under the draft (loyalty first), "Robert" under the baseline. */
export function robertPreview(): MergePolicyPreview {
  const side = (firstName: string, winner: string, loser: string, reason: string) => ({
    state: 'profile' as const,
    entity: { person: { name: { firstName, lastName: 'Tanaka' } } },
    identities: [{ xid: 'xid-1', namespace: 'Email', id: 'robert@example.com' }],
    sources: [CRM.id, LOYALTY.id],
    provenance: {
      'person.name.firstName': {
        path: 'person.name.firstName',
        winner: candidate(winner, firstName, 1),
        reason,
        losers: [candidate(loser, firstName === 'Bob' ? 'Robert' : 'Bob', 2)],
      },
      'person.name.lastName': {
        path: 'person.name.lastName',
        winner: candidate(CRM.id, 'Tanaka', 1),
        reason: 'only source',
        losers: [],
      },
    },
  });
  const profile: PreviewProfile = {
    identity: { namespace: 'Email', id: 'robert@example.com', xid: 'xid-1' },
    status: 'found',
    policy: side('Bob', LOYALTY.id, CRM.id, 'dataset ranked 1 of 2 in the merge policy order'),
    baseline: side(
      'Robert',
      CRM.id,
      LOYALTY.id,
      'most recent update (lastUpdatedDate 2026-11-13T05:46:01.698Z) among 2 candidates',
    ),
    changedPaths: ['person.name.firstName'],
    identitiesChanged: false,
  };
  return MergePolicyPreviewSchema.parse({
    policy: {
      mergePolicyId: null,
      name: null,
      identityGraph: { type: 'pdg' },
      attributeMerge: { type: 'dataSetPrecedence', order: [LOYALTY.id, CRM.id] },
    },
    baseline: {
      mergePolicyId: DEFAULT_POLICY.id,
      name: DEFAULT_POLICY.name,
      identityGraph: { type: 'pdg' },
      attributeMerge: { type: 'timestampOrdered' },
    },
    profiles: [profile],
    datasets: { [CRM.id]: CRM.name, [LOYALTY.id]: LOYALTY.name },
    computedAt: NOW,
  });
}

export function impact(overrides: Partial<MergePolicyImpact> = {}): MergePolicyImpact {
  return MergePolicyImpactSchema.parse({
    policy: {
      mergePolicyId: null,
      name: null,
      identityGraph: { type: 'pdg' },
      attributeMerge: { type: 'dataSetPrecedence', order: [LOYALTY.id, CRM.id] },
    },
    baseline: {
      mergePolicyId: DEFAULT_POLICY.id,
      name: DEFAULT_POLICY.name,
      identityGraph: { type: 'pdg' },
      attributeMerge: { type: 'timestampOrdered' },
    },
    sample: { identities: 10_000, totalIdentities: 444_611, complete: false },
    counts: {
      policy: { inSample: 4100, estimatedTotal: 180_784, tooManyIdentities: 12 },
      baseline: { inSample: 4100, estimatedTotal: 180_784, tooManyIdentities: 12 },
    },
    compared: 9_000,
    changed: 918,
    changedShare: 0.102,
    onlyUnderPolicy: 0,
    onlyUnderBaseline: 0,
    identitiesChanged: 0,
    topAttributes: [
      { path: 'extSourceSystemAudit.lastUpdatedDate', profiles: 700 },
      { path: 'person.name.firstName', profiles: 310 },
    ],
    examples: [{ namespace: 'Email', id: 'robert@example.com' }],
    durationMs: 812.5,
    computedAt: NOW,
    ...overrides,
  });
}

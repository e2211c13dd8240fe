// Test data for the profile pages, built through the contract schemas (a fixture that drifts from
// the contract fails here): demo person 0 of the seed-42 demo, merged two ways (timestamp ordered:
// CRM says "Robert"; "Loyalty first": Loyalty says "Bob"), its graph, fragments and events.
import { EntitiesErrorSchema } from '../../../contracts/errors.ts';
import { EntityMapSchema, EventPageSchema, type EntityMap, type EventPage, type ExperienceEvent } from '../../../contracts/entities.ts';
import { NamespaceSchema, type Namespace } from '../../../contracts/identity.ts';
import { SampleProfilesSchema, type SampleProfile, type SampleProfiles } from '../../../contracts/local-profiles.ts';
import { MergePolicyListSchema, MergePolicySchema, type MergePolicy, type MergePolicyList } from '../../../contracts/merge-policies.ts';
import { batchId, datasetId, makeDataset, NOW, ORG_ID } from '../../testing/fixtures.ts';

export const CRM = makeDataset({ id: datasetId(11), name: 'CRM Customers' });
export const LOYALTY = makeDataset({ id: datasetId(12), name: 'Loyalty Members' });
export const WEB = makeDataset({ id: datasetId(13), name: 'Web Events', class: 'experienceevent' });
export const DATASETS = [CRM, LOYALTY, WEB];

export const EMAIL = 'robert.tanaka0@example.org';
export const XID = {
  email: 'XZW1haWwAcm9iZXJ0LnRhbmFrYTBAZXhhbXBsZS5vcmc',
  crm: 'XY3JtaWQAQ1JNLTAwMDAwMDAx',
  loyalty: 'XbG95YWx0eWlkAE5XUi0wMDAwMDAwMDE',
  ecid: 'XZWNpZAA1MTcwNjYyMDI2MTUxMDAwMDAwMDAwMDAwMDIxNDY2NjIyNzExMQ',
};

const NAMESPACE_ROWS: [string, string, string, boolean][] = [
  ['ECID', 'ECID', 'COOKIE', false],
  ['Email', 'Email', 'EMAIL', false],
  ['Phone', 'Phone', 'PHONE', false],
  ['IDFA', 'Apple IDFA (ID for Advertisers)', 'DEVICE', false],
  ['GAID', 'Google Ad ID (GAID)', 'DEVICE', false],
  ['Email_LC_SHA256', 'Emails (SHA256, lowercased)', 'EMAIL', false],
  ['CRMID', 'Northwind CRM ID', 'CROSS_DEVICE', true],
  ['loyaltyId', 'Northwind Rewards ID', 'CROSS_DEVICE', true],
];

export const NAMESPACES: Namespace[] = NAMESPACE_ROWS.map(([code, name, idType, custom], i) =>
  NamespaceSchema.parse({
    id: i + 1,
    code,
    name,
    description: name,
    idType,
    custom,
    status: 'ACTIVE',
    namespaceType: custom ? 'Custom' : 'Standard',
    createTime: NOW,
    updateTime: NOW,
  }),
);

function policy(overrides: Partial<MergePolicy> & { id: string; name: string }): MergePolicy {
  return MergePolicySchema.parse({
    imsOrgId: ORG_ID,
    sandbox: { sandboxId: 'id-prod', sandboxName: 'prod', type: 'production', default: true },
    schema: { name: '_xdm.context.profile' },
    version: 1,
    identityGraph: { type: 'pdg' },
    attributeMerge: { type: 'timestampOrdered' },
    isActiveOnEdge: false,
    default: false,
    updateEpoch: Math.floor(NOW / 1000),
    ...overrides,
  });
}

export const DEFAULT_POLICY = policy({ id: 'policy-default', name: 'Default Timebased', default: true });
export const LOYALTY_FIRST = policy({
  id: 'policy-loyalty',
  name: 'Loyalty first',
  attributeMerge: { type: 'dataSetPrecedence', order: [LOYALTY.id, CRM.id] },
});
export const NO_STITCHING = policy({ id: 'policy-none', name: 'Single identity', identityGraph: { type: 'none' } });

export function policyList(policies: MergePolicy[] = [DEFAULT_POLICY, LOYALTY_FIRST]): MergePolicyList {
  return MergePolicyListSchema.parse({
    _page: { totalCount: policies.length, pageSize: policies.length, count: policies.length, next: '' },
    children: policies,
    _links: { next: { href: '' } },
  });
}

const CRM_BATCH = batchId(21);
const LOYALTY_BATCH = batchId(22);
const WEB_BATCH = batchId(23);
const identity = (xid: string, namespace: string, id: string) => ({ xid, namespace, id });
const crmIdentity = identity(XID.crm, 'CRMID', 'CRM-00000001');
const loyaltyIdentity = identity(XID.loyalty, 'loyaltyId', 'NWR-000000001');

const crmCandidate = (value: unknown) => ({
  fragmentId: 1,
  datasetId: CRM.id,
  batchId: CRM_BATCH,
  identity: crmIdentity,
  timestamp: Date.UTC(2026, 10, 13, 5, 46, 1),
  timestampSource: 'lastUpdatedDate' as const,
  value,
});
const loyaltyCandidate = (value: unknown) => ({
  fragmentId: 220,
  datasetId: LOYALTY.id,
  batchId: LOYALTY_BATCH,
  identity: loyaltyIdentity,
  timestamp: Date.UTC(2026, 7, 27, 3, 53, 21),
  timestampSource: 'lastUpdatedDate' as const,
  value,
});

/** Person 0 merged under a policy: "Loyalty first" makes the loyalty first name win. */
export function person0(policyId: string = DEFAULT_POLICY.id): EntityMap {
  const loyaltyWins = policyId === LOYALTY_FIRST.id;
  const firstName = loyaltyWins ? 'Bob' : 'Robert';
  const [winner, loser] = loyaltyWins ? [loyaltyCandidate('Bob'), crmCandidate('Robert')] : [crmCandidate('Robert'), loyaltyCandidate('Bob')];
  return EntityMapSchema.parse({
    [XID.email]: {
      entityId: XID.email,
      sources: [CRM.id, LOYALTY.id],
      tags: [CRM_BATCH, LOYALTY_BATCH],
      identityGraph: [XID.crm, XID.email, XID.loyalty, XID.ecid],
      mergePolicy: { id: policyId },
      entity: {
        person: { name: { firstName, lastName: 'Tanaka' } },
        personalEmail: { address: EMAIL },
        loyalty: { tier: 'gold', points: 24971 },
        identityMap: {
          CRMID: [{ id: 'CRM-00000001' }],
          Email: [{ id: EMAIL, primary: true }],
          loyaltyId: [{ id: 'NWR-000000001' }],
        },
      },
      lastModifiedAt: new Date(NOW - 3_600_000).toISOString().slice(0, 19) + 'Z',
      provenance: {
        'person.name.firstName': {
          path: 'person.name.firstName',
          winner,
          reason: loyaltyWins
            ? 'dataset ranked 1 of 2 in the merge policy order'
            : 'most recent update (lastUpdatedDate 2026-11-13T05:46:01.000Z) among 2 candidates',
          losers: [loser],
        },
        'person.name.lastName': { path: 'person.name.lastName', winner: crmCandidate('Tanaka'), reason: 'only source', losers: [] },
        'personalEmail.address': { path: 'personalEmail.address', winner: crmCandidate(EMAIL), reason: 'only source', losers: [] },
        'loyalty.tier': { path: 'loyalty.tier', winner: loyaltyCandidate('gold'), reason: 'only source', losers: [] },
        'loyalty.points': { path: 'loyalty.points', winner: loyaltyCandidate(24971), reason: 'only source', losers: [] },
      },
      fragments: [
        {
          fragmentId: 1,
          datasetId: CRM.id,
          batchId: CRM_BATCH,
          identity: crmIdentity,
          ingestedAt: NOW - 3_600_000,
          record: { _id: 'crm-0', person: { name: { firstName: 'Robert', lastName: 'Tanaka' } }, personalEmail: { address: EMAIL } },
        },
        {
          fragmentId: 220,
          datasetId: LOYALTY.id,
          batchId: LOYALTY_BATCH,
          identity: loyaltyIdentity,
          ingestedAt: NOW - 3_500_000,
          record: { _id: 'loyalty-0', person: { name: { firstName: 'Bob' } }, loyalty: { tier: 'gold', points: 24971 } },
        },
      ],
      graph: {
        identities: [
          crmIdentity,
          identity(XID.email, 'Email', EMAIL),
          loyaltyIdentity,
          identity(XID.ecid, 'ECID', '51706620261510000000000000214666227111'),
        ],
        links: [
          { from: XID.crm, to: XID.email, datasetId: CRM.id, batchId: CRM_BATCH, createdAt: NOW - 3_600_000 },
          { from: XID.crm, to: XID.loyalty, datasetId: LOYALTY.id, batchId: LOYALTY_BATCH, createdAt: NOW - 3_500_000 },
          { from: XID.email, to: XID.loyalty, datasetId: LOYALTY.id, batchId: LOYALTY_BATCH, createdAt: NOW - 3_500_000 },
          { from: XID.email, to: XID.ecid, datasetId: WEB.id, batchId: WEB_BATCH, createdAt: NOW - 3_400_000 },
        ],
      },
    },
  });
}

export function makeEvent(n: number, timestamp: number, entity: Record<string, unknown> = {}): ExperienceEvent {
  return {
    relatedEntityId: XID.email,
    entityId: `web-${n}`,
    timestamp,
    entity: { _id: `web-${n}`, timestamp: new Date(timestamp).toISOString(), eventType: 'web.webpagedetails.pageViews', ...entity },
    lastModifiedAt: new Date(NOW).toISOString().slice(0, 19) + 'Z',
  };
}

/** A page of events; `next` is the `_id` where the next page starts ('' on the last page). */
export function eventPage(children: ExperienceEvent[], next = '', query = ''): EventPage {
  return EventPageSchema.parse({
    _page: { orderby: 'timestamp', start: children[0]?.entityId ?? '', count: children.length, next },
    children,
    _links: { next: { href: next ? `/entities?start=${next}&orderby=-timestamp&${query}` : '' } },
  });
}

export function sampleProfiles(children: SampleProfile[], seed = 0, policyId = DEFAULT_POLICY.id): SampleProfiles {
  return SampleProfilesSchema.parse({ children, _page: { count: children.length, seed }, mergePolicy: { id: policyId } });
}

export function entitiesError(status: number, message: string, cause?: string) {
  return EntitiesErrorSchema.parse({ message, ...(cause ? { cause } : {}), statusCode: String(status) });
}

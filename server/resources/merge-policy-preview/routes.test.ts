import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MERGE_POLICIES,
  MergePolicyImpactSchema,
  MergePolicyPreviewSchema,
  mergePolicyImpact,
  previewMergePolicy,
  type MergePolicy,
  type MergePolicyImpact,
  type MergePolicyPreview,
} from '../../../contracts/index.ts';
import { createDataset, createTestApp, ingest, type TestApp } from '../../testing/test-app.ts';
import { changedPaths } from './diff.ts';
import { readProfile, readProfileUnder, resolveIdentity } from '../entities/profile-reader.ts';
import type { MergePolicyRules } from '../../engine/merge.ts';

let t: TestApp;
const PREVIEW = previewMergePolicy.path;
const IMPACT = mergePolicyImpact.path;

async function call(sandbox: string, method: 'GET' | 'POST', url: string, payload?: unknown) {
  const res = await t.app.inject({
    method,
    url,
    headers: t.headers(sandbox),
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
  return {
    status: res.statusCode,
    json: () => res.json() as Record<string, unknown>,
    body: res.body,
    headers: res.headers,
  };
}

/**
 * A small sandbox: Robert (CRM "Robert", loyalty "Bob" ingested later, linked through CRMID) and
 * Carol (CRM only, with an email), and a visitor with events only (E9). 6 identities; pdg: 3 profiles;
 * none: 4 (C1, L1, C2, E9).
 */
const SMALL = 'mpp-small';
let crm: string;
let loyalty: string;
let web: string;

beforeAll(async () => {
  t = await createTestApp();
  for (const code of ['CRMID', 'loyaltyId']) {
    const ns = await call(SMALL, 'POST', '/data/core/idnamespace/identities', {
      name: code,
      code,
      idType: 'CROSS_DEVICE',
    });
    expect(ns.status, ns.body).toBe(200);
  }
  crm = await createDataset(t, SMALL, { name: 'CRM' });
  loyalty = await createDataset(t, SMALL, { name: 'Loyalty' });
  web = await createDataset(t, SMALL, { name: 'Web', kind: 'event' });
  await ingest(t, SMALL, crm, [
    {
      _id: 'c1',
      identityMap: { CRMID: [{ id: 'C1', primary: true }], Email: [{ id: 'robert@example.com' }] },
      person: { name: { firstName: 'Robert', lastName: 'Tanaka' } },
    },
    {
      _id: 'c2',
      identityMap: { CRMID: [{ id: 'C2', primary: true }], Email: [{ id: 'carol@example.com' }] },
      person: { name: { firstName: 'Carol' } },
    },
  ]);
  await ingest(t, SMALL, loyalty, [
    {
      _id: 'l1',
      identityMap: { loyaltyId: [{ id: 'L1', primary: true }], CRMID: [{ id: 'C1' }] },
      person: { name: { firstName: 'Bob' } },
      loyalty: { tier: 'gold' },
    },
  ]);
  // An unstitched visitor: events only (a profile without attributes under every policy).
  await ingest(t, SMALL, web, [
    {
      _id: 'e1',
      timestamp: '2026-01-02T03:04:05Z',
      eventType: 'web.webpagedetails.pageViews',
      identityMap: { ECID: [{ id: 'E9', primary: true }] },
    },
  ]);
});

afterAll(async () => {
  await t.close();
});

const crmFirst = () => ({
  identityGraph: { type: 'pdg' },
  attributeMerge: { type: 'dataSetPrecedence', order: [crm, loyalty] },
});

describe('POST /_local/merge-policies/preview', () => {
  it('merges each profile under the draft and the default policy, with the changed paths and provenance', async () => {
    const res = await call(SMALL, 'POST', PREVIEW, {
      policy: crmFirst(),
      identities: [{ namespace: 'Email', id: 'robert@example.com' }],
    });
    expect(res.status, res.body).toBe(200);
    const body = MergePolicyPreviewSchema.parse(res.json());
    expect(body.policy).toMatchObject({
      mergePolicyId: null,
      name: null,
      attributeMerge: { type: 'dataSetPrecedence', order: [crm, loyalty] },
    });
    expect(body.baseline).toMatchObject({
      name: 'Default Timebased',
      identityGraph: { type: 'pdg' },
      attributeMerge: { type: 'timestampOrdered' },
    });
    expect(body.datasets[crm]).toBe('CRM');
    const [robert] = body.profiles;
    expect(robert.status).toBe('found');
    expect(robert.changedPaths).toEqual(['person.name.firstName']);
    expect(robert.identitiesChanged).toBe(false);
    if (robert.policy?.state !== 'profile' || robert.baseline?.state !== 'profile')
      throw new Error('expected two profiles');
    expect(robert.policy.entity).toMatchObject({
      person: { name: { firstName: 'Robert', lastName: 'Tanaka' } },
      loyalty: { tier: 'gold' },
    });
    expect(robert.baseline.entity).toMatchObject({ person: { name: { firstName: 'Bob' } } });
    const why = robert.policy.provenance['person.name.firstName'];
    expect(why.winner).toMatchObject({ datasetId: crm, value: 'Robert' });
    expect(why.reason).toBe('dataset ranked 1 of 2 in the merge policy order');
    expect(why.losers.map((l) => l.value)).toEqual(['Bob']);
    expect(robert.baseline.provenance['person.name.firstName'].reason).toMatch(/^most recent update/);
    expect(robert.policy.identities.map((i) => i.id).sort()).toEqual(['C1', 'L1', 'robert@example.com']);
  });

  it('compares two saved policies, and reports stitching changes and profiles that exist under one policy only', async () => {
    const created = await call(SMALL, 'POST', MERGE_POLICIES, {
      name: 'No stitching',
      schema: { name: '_xdm.context.profile' },
      identityGraph: { type: 'none' },
      attributeMerge: { type: 'timestampOrdered' },
    });
    expect(created.status, created.body).toBe(200);
    const none = created.json() as unknown as MergePolicy;
    const list = (await call(SMALL, 'GET', MERGE_POLICIES)).json() as { children: MergePolicy[] };
    const fallback = list.children.find((p) => p.default)!;
    const res = await call(SMALL, 'POST', PREVIEW, {
      policy: { mergePolicyId: none.id },
      baseline: { mergePolicyId: fallback.id },
      identities: [
        { namespace: 'CRMID', id: 'C2' },
        { namespace: 'email', id: 'carol@example.com' },
      ],
    });
    expect(res.status, res.body).toBe(200);
    const body = MergePolicyPreviewSchema.parse(res.json());
    expect(body.policy).toMatchObject({ mergePolicyId: none.id, name: 'No stitching' });
    expect(body.baseline).toMatchObject({ mergePolicyId: fallback.id });
    const [c2, carol] = body.profiles;
    expect(c2).toMatchObject({ status: 'found', changedPaths: [], identitiesChanged: true });
    // Carol's email has no fragment of its own: no profile without stitching.
    expect(carol.policy).toEqual({ state: 'noProfile' });
    expect(carol.baseline?.state).toBe('profile');
  });

  it('answers per profile when an identity or namespace is unknown', async () => {
    const res = await call(SMALL, 'POST', PREVIEW, {
      policy: crmFirst(),
      identities: [
        { namespace: 'Email', id: 'nobody@example.com' },
        { namespace: 'NoSuchNamespace', id: 'x' },
      ],
    });
    expect(res.status, res.body).toBe(200);
    const body = MergePolicyPreviewSchema.parse(res.json());
    expect(body.profiles.map((p) => p.status)).toEqual(['notFound', 'unknownNamespace']);
    expect(body.profiles[0].policy).toBeUndefined();
  });

  it('takes a sample: profiles whose attributes change come first, one per profile', async () => {
    const res = await call(SMALL, 'POST', PREVIEW, { policy: crmFirst(), sample: 5 });
    expect(res.status, res.body).toBe(200);
    const body = MergePolicyPreviewSchema.parse(res.json());
    // pdg: three profiles in the sandbox (Robert's graph, Carol's, the visitor's); Robert's changes.
    expect(body.profiles).toHaveLength(3);
    expect(body.profiles[0].changedPaths).toEqual(['person.name.firstName']);
    expect(body.profiles.slice(1).map((p) => p.changedPaths)).toEqual([[], []]);
  });

  it.each([
    ['no body', undefined, /body/i],
    ['neither identities nor sample', { policy: { mergePolicyId: 'x' } }, /either identities .* or sample/],
    [
      'both identities and sample',
      { policy: { mergePolicyId: 'x' }, sample: 2, identities: [{ namespace: 'Email', id: 'a' }] },
      /not both/,
    ],
    [
      'more than 20 identities',
      {
        policy: { mergePolicyId: 'x' },
        identities: Array.from({ length: 21 }, (_, i) => ({ namespace: 'Email', id: `p${i}@x` })),
      },
      /at most 20/,
    ],
    ['a sample of 0', { policy: { mergePolicyId: 'x' }, sample: 0 }, /sample must be at least 1/],
    ['a sample of 21', { policy: { mergePolicyId: 'x' }, sample: 21 }, /sample may be at most 20/],
    ['no policy', { sample: 1 }, /policy/],
    [
      'a policy with both forms',
      {
        policy: {
          mergePolicyId: 'x',
          identityGraph: { type: 'none' },
          attributeMerge: { type: 'timestampOrdered' },
        },
        sample: 1,
      },
      /not both/,
    ],
    [
      'a draft without attributeMerge',
      { policy: { identityGraph: { type: 'none' } }, sample: 1 },
      /needs both identityGraph and attributeMerge/,
    ],
    [
      'a bad identity graph',
      { policy: { identityGraph: { type: 'all' }, attributeMerge: { type: 'timestampOrdered' } }, sample: 1 },
      /none or pdg/,
    ],
    [
      'dataset precedence without datasets',
      {
        policy: { identityGraph: { type: 'none' }, attributeMerge: { type: 'dataSetPrecedence', order: [] } },
        sample: 1,
      },
      /at least one dataset/,
    ],
    [
      'an empty identity value',
      { policy: { mergePolicyId: 'x' }, identities: [{ namespace: 'Email', id: ' ' }] },
      /id must not be empty/,
    ],
  ])('refuses %s with 400', async (_name, payload, message) => {
    const res = await call(SMALL, 'POST', PREVIEW, payload);
    expect(res.status, res.body).toBe(400);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.json()).toMatchObject({ status: 400, title: 'Bad Request' });
    expect(String(res.json().detail)).toMatch(message);
  });

  it('refuses a draft whose order names an unknown dataset or an event dataset (400), and an unknown saved policy (404)', async () => {
    const unknown = await call(SMALL, 'POST', PREVIEW, {
      policy: {
        identityGraph: { type: 'pdg' },
        attributeMerge: { type: 'dataSetPrecedence', order: [crm, 'ffffffffffffffffffffffff'] },
      },
      sample: 1,
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json().detail).toBe(
      'Invalid policy: attributeMerge.order[1]: dataset ffffffffffffffffffffffff does not exist in this sandbox',
    );
    const events = await call(SMALL, 'POST', PREVIEW, {
      policy: { mergePolicyId: 'whatever' },
      baseline: {
        identityGraph: { type: 'pdg' },
        attributeMerge: { type: 'dataSetPrecedence', order: [web] },
      },
      sample: 1,
    });
    // The policy is resolved first: an unknown saved policy is a 404.
    expect(events.status).toBe(404);
    expect(events.json().detail).toBe('Merge policy whatever not found');
    const baseline = await call(SMALL, 'POST', PREVIEW, {
      policy: crmFirst(),
      baseline: {
        identityGraph: { type: 'pdg' },
        attributeMerge: { type: 'dataSetPrecedence', order: [web] },
      },
      sample: 1,
    });
    expect(baseline.status).toBe(400);
    expect(baseline.json().detail).toMatch(
      /^Invalid baseline: attributeMerge.order must rank at least one Profile-class dataset .*only ExperienceEvent datasets/,
    );
  });

  it('needs the tenant headers', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: PREVIEW,
      payload: { policy: crmFirst(), sample: 1 },
    });
    expect(res.statusCode).toBe(400);
  });
});

describe('POST /_local/merge-policies/impact', () => {
  it('counts profiles under each policy (stitching changes counts) and the attributes that change', async () => {
    const res = await call(SMALL, 'POST', IMPACT, {
      policy: { identityGraph: { type: 'none' }, attributeMerge: { type: 'timestampOrdered' } },
    });
    expect(res.status, res.body).toBe(200);
    const body: MergePolicyImpact = MergePolicyImpactSchema.parse(res.json());
    expect(body.sample).toEqual({ identities: 6, totalIdentities: 6, complete: true });
    expect(body.counts.policy).toEqual({ inSample: 4, estimatedTotal: 4, tooManyIdentities: 0 });
    expect(body.counts.baseline).toEqual({ inSample: 3, estimatedTotal: 3, tooManyIdentities: 0 });
    // C1 (loses loyalty), L1 (loses CRM), both emails (no profile without stitching); C2 and E9 keep theirs.
    expect(body).toMatchObject({
      compared: 6,
      changed: 4,
      onlyUnderPolicy: 0,
      onlyUnderBaseline: 2,
      identitiesChanged: 3,
    });
    expect(body.changedShare).toBeCloseTo(4 / 6);
    // C1 without loyalty: first name and tier differ; L1 without CRM: last name differs.
    expect(body.topAttributes).toEqual([
      { path: 'loyalty.tier', profiles: 1 },
      { path: 'person.name.firstName', profiles: 1 },
      { path: 'person.name.lastName', profiles: 1 },
    ]);
    // One example per profile (graph): Robert's and Carol's.
    expect(body.examples).toHaveLength(2);
    expect(body.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('reports no change for the same policy, and samples fewer identities when asked', async () => {
    const res = await call(SMALL, 'POST', IMPACT, {
      policy: { identityGraph: { type: 'pdg' }, attributeMerge: { type: 'timestampOrdered' } },
      sampleSize: 2,
    });
    expect(res.status, res.body).toBe(200);
    const body = MergePolicyImpactSchema.parse(res.json());
    expect(body.sample).toMatchObject({ identities: 2, totalIdentities: 6, complete: false });
    expect(body).toMatchObject({ changed: 0, changedShare: 0, topAttributes: [], examples: [] });
    expect(body.counts.policy).toEqual(body.counts.baseline);
  });

  it('answers an empty sandbox with zero counts', async () => {
    const res = await call('mpp-empty', 'POST', IMPACT, {
      policy: { identityGraph: { type: 'none' }, attributeMerge: { type: 'timestampOrdered' } },
    });
    expect(res.status, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      sample: { identities: 0, totalIdentities: 0, complete: true },
      compared: 0,
      changed: 0,
      changedShare: 0,
    });
  });

  it.each([
    ['a sample over 10,000', { policy: { mergePolicyId: 'x' }, sampleSize: 10_001 }, /at most 10000/],
    ['a fractional sample', { policy: { mergePolicyId: 'x' }, sampleSize: 2.5 }, /whole number/],
    ['no policy', {}, /policy/],
  ])('refuses %s with 400', async (_name, payload, message) => {
    const res = await call(SMALL, 'POST', IMPACT, payload);
    expect(res.status, res.body).toBe(400);
    expect(String(res.json().detail)).toMatch(message);
  });
});

describe('the demo organisation', () => {
  const DEMO = 'mpp-demo';
  let demo: { datasets: { id: string; name: string }[] };

  beforeAll(async () => {
    const res = await call(DEMO, 'POST', '/_local/demo', { profiles: 300, seed: 42 });
    expect(res.status, res.body).toBe(200);
    demo = res.json() as typeof demo;
  });

  const id = (name: string) => demo.datasets.find((d) => d.name === name)!.id;

  it('person 0 is "Robert" in CRM and "Bob" in loyalty: the order decides', async () => {
    const previews = await Promise.all(
      [
        [id('CRM Customers'), id('Loyalty Members')],
        [id('Loyalty Members'), id('CRM Customers')],
      ].map(async (order) => {
        const res = await call(DEMO, 'POST', PREVIEW, {
          policy: { identityGraph: { type: 'pdg' }, attributeMerge: { type: 'dataSetPrecedence', order } },
          identities: [{ namespace: 'Email', id: 'robert.tanaka0@example.org' }],
        });
        expect(res.status, res.body).toBe(200);
        return res.json() as unknown as MergePolicyPreview;
      }),
    );
    const firstName = (p: MergePolicyPreview) => {
      const side = p.profiles[0].policy;
      return side?.state === 'profile'
        ? (side.entity.person as { name: { firstName: string } }).name.firstName
        : undefined;
    };
    expect(previews.map(firstName)).toEqual(['Robert', 'Bob']);
    // Exactly one of the two orders disagrees with the default policy on the first name.
    const changed = previews.map((p) => p.profiles[0].changedPaths.includes('person.name.firstName'));
    expect(changed.filter(Boolean)).toHaveLength(1);
  });

  it('impact of "Loyalty first" against the default over the whole demo', async () => {
    const list = (await call(DEMO, 'GET', MERGE_POLICIES)).json() as { children: MergePolicy[] };
    expect(list.children.map((p) => p.name).sort()).toEqual(['Default Timebased', 'Loyalty first']);
    const loyaltyFirst = list.children.find((p) => p.name === 'Loyalty first')!;
    const res = await call(DEMO, 'POST', IMPACT, { policy: { mergePolicyId: loyaltyFirst.id } });
    expect(res.status, res.body).toBe(200);
    const body = MergePolicyImpactSchema.parse(res.json());
    expect(body.sample.complete).toBe(true);
    // Both stitch, and event-only profiles exist under both: the counts agree, the attributes do not.
    expect(body.counts.policy.inSample).toBe(body.counts.baseline.inSample);
    expect(body.changed).toBeGreaterThan(0);
    expect(body.changedShare).toBeGreaterThan(0);
    expect(body.changedShare).toBeLessThanOrEqual(1);
    expect(body.topAttributes.length).toBeGreaterThan(0);
    expect(body.examples.length).toBeGreaterThan(0);
  });
});

describe('readProfileUnder', () => {
  it('equals readProfile under each policy, for every identity (one read, several merges)', () => {
    const db = t.store.org(t.orgId).context(SMALL, false)!.db;
    const policies: MergePolicyRules[] = [
      { identityGraph: { type: 'pdg' }, attributeMerge: { type: 'timestampOrdered' } },
      { identityGraph: { type: 'none' }, attributeMerge: { type: 'timestampOrdered' } },
      { identityGraph: { type: 'pdg' }, attributeMerge: { type: 'dataSetPrecedence', order: [loyalty] } },
      {
        identityGraph: { type: 'none' },
        attributeMerge: { type: 'dataSetPrecedence', order: [crm, loyalty] },
      },
    ];
    for (const [namespace, id] of [
      ['CRMID', 'C1'],
      ['Email', 'robert@example.com'],
      ['loyaltyId', 'L1'],
      ['CRMID', 'C2'],
      ['Email', 'carol@example.com'],
      ['ECID', 'E9'],
    ]) {
      const found = resolveIdentity(db, id, namespace);
      if (!found.ok) throw new Error(`${namespace}:${id} not found`);
      const together = readProfileUnder(db, found.identity, policies, { provenance: true });
      policies.forEach((rules, i) =>
        expect(together[i], `${namespace}:${id} policy ${i}`).toEqual(
          readProfile(db, found.identity, rules, { provenance: true }),
        ),
      );
    }
  });
});

describe('changedPaths', () => {
  it.each([
    [{ a: 1 }, { a: 1 }, []],
    [{ a: 1 }, { a: 2 }, ['a']],
    [{ a: { b: 1, c: 2 } }, { a: { b: 1 } }, ['a.c']],
    [{ a: [1, 2] }, { a: [1, 2] }, []],
    [{ a: [1, 2] }, { a: [2, 1] }, ['a']],
    [{ a: { b: 1 } }, { a: 1 }, ['a']],
    [{}, { x: { y: { z: true } } }, ['x.y.z']],
    [{ identityMap: { Email: [{ id: 'a' }] }, n: 1 }, { identityMap: {}, n: 1 }, []],
  ])('%j vs %j → %j', (a, b, expected) => {
    expect(changedPaths(a, b)).toEqual(expected);
  });
});

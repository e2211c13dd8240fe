import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ENTITIES,
  EVENT_SCHEMA_ID,
  MERGE_POLICIES,
  PROFILE_SCHEMA_ID,
  entitiesHrefToPath,
  type Entity,
  type EntityMap,
  type EventPage,
  type MergePolicy,
  type MergePolicyList,
} from '../../../contracts/index.ts';
import { buildApp, DEFAULT_ORG_ID, type App } from '../../app.ts';
import { xidOf } from '../../engine/identity-graph.ts';
import { createBatchService } from '../../ingest/batch-service.ts';
import { describePerson, specialPersons } from '../../demo/generate.ts';
import { seedDemo } from '../../demo/seed.ts';
import { createDatasetRepository } from '../datasets/repository.ts';
import { withProfileFlags } from '../datasets/tags.ts';
import { createNamespaceRepository } from '../namespaces/repository.ts';
import type { SandboxContext } from '../../store/tenant-store.ts';

let dataDir: string;
let built: App;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'entities-test-'));
  built = await buildApp({ dataDir });
});

afterAll(async () => {
  await built.app.close();
  rmSync(dataDir, { recursive: true, force: true });
});

type Method = 'GET' | 'POST' | 'DELETE' | 'PATCH';

function client(sandbox: string) {
  const headers = { 'x-gw-ims-org-id': DEFAULT_ORG_ID, 'x-sandbox-name': sandbox };
  return async (method: Method, url: string, payload?: unknown) => {
    const res = await built.app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
    return { status: res.statusCode, body: (res.body ? JSON.parse(res.body) : undefined) as Record<string, unknown>, raw: res.body };
  };
}

const ctxOf = (sandbox: string): SandboxContext => built.store.org(DEFAULT_ORG_ID).context(sandbox, true)!;

function createDataset(ctx: SandboxContext, name: string, cls: 'profile' | 'experienceevent'): string {
  return createDatasetRepository(ctx.db, { orgId: ctx.orgId, sandboxId: ctx.sandbox.id }).create(
    {
      name,
      schemaRef: { id: cls === 'profile' ? PROFILE_SCHEMA_ID : EVENT_SCHEMA_ID },
      tags: withProfileFlags({}, { profileEnabled: true, upsert: false }),
    },
    'test',
  );
}

async function ingest(ctx: SandboxContext, datasetId: string, records: Record<string, unknown>[]): Promise<string> {
  const batches = createBatchService(ctx);
  const batch = batches.create({ datasetId, inputFormat: { format: 'json' } });
  await batches.upload(batch.id, datasetId, 'records.ndjson', Readable.from([records.map((r) => JSON.stringify(r)).join('\n')]));
  const outcome = await batches.complete(batch.id);
  expect(outcome.failed, JSON.stringify(outcome.errors)).toBe(0);
  return batch.id;
}

const q = (params: Record<string, string | number | boolean | string[] | undefined>) => {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(String(one))}`);
  }
  return `${ENTITIES}?${parts.join('&')}`;
};

const PROFILE = '_xdm.context.profile';
const EVENTS = '_xdm.context.experienceevent';
const T0 = Date.UTC(2026, 0, 10, 12); // 2026-01-10T12:00:00Z
const HOUR = 3_600_000;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

// ------------------------------------------------------------------------------------------
// A hand-made sandbox with exact expectations:
//  Jane: CRM record (Email primary + CRMID; newer lastUpdatedDate) and Loyalty record (CRMID
//  primary; older), web events on ECID ecid-jane logged in with her Email → one graph of 3.
//  Anon: web events on ECID ecid-anon only (an events-only profile).
//  Crowd: one CRM record linking big@example.com to 51 ECIDs (a graph of 52).
//  Solo: CRM record of solo@example.com (deleted in the DELETE tests).

const W = 'hand';
let crm: string;
let loyalty: string;
let web: string;
let crmBatch: string;
let loyaltyBatch: string;
let defaultPolicy: MergePolicy;
let loyaltyFirst: MergePolicy;
let crmOnlyNone: MergePolicy;
const JANE = 'jane@example.com';
const JANE_XID = xidOf('Email', JANE);
const CRM_XID = xidOf('CRMID', 'crm-1');
const ECID_XID = xidOf('ECID', 'ecid-jane');
const call = client(W);

function webEvent(n: number, ecid: string, extra: Record<string, unknown> = {}, email?: string) {
  return {
    _id: `ev-${ecid}-${n}`,
    timestamp: new Date(T0 + n * HOUR).toISOString(),
    eventType: 'web.webpagedetails.pageViews',
    identityMap: { ECID: [{ id: ecid, primary: true }], ...(email ? { Email: [{ id: email }] } : {}) },
    web: { webPageDetails: { name: `Page ${n}`, isHomepage: n % 2 === 0, pageViews: { value: n } } },
    placeContext: { localTime: new Date(T0 + n * 24 * HOUR).toISOString().replace('Z', '-07:00') },
    ...extra,
  };
}

beforeAll(async () => {
  const ctx = ctxOf(W);
  createNamespaceRepository(ctx.db).create({ code: 'CRMID', name: 'CRM id', idType: 'CROSS_DEVICE' });
  crm = createDataset(ctx, 'CRM', 'profile');
  loyalty = createDataset(ctx, 'Loyalty', 'profile');
  web = createDataset(ctx, 'Web', 'experienceevent');
  crmBatch = await ingest(ctx, crm, [
    {
      _id: 'crm-1',
      identityMap: { Email: [{ id: JANE, primary: true }], CRMID: [{ id: 'crm-1' }] },
      person: { name: { firstName: 'Jane', lastName: 'Doe' } },
      homeAddress: { city: 'Berlin' },
      extSourceSystemAudit: { lastUpdatedDate: '2026-01-02T00:00:00Z' },
    },
    {
      _id: 'crm-crowd',
      identityMap: {
        Email: [{ id: 'big@example.com', primary: true }],
        ECID: Array.from({ length: 51 }, (_, i) => ({ id: `crowd-${i}` })),
      },
      person: { name: { firstName: 'Crowd' } },
    },
    { _id: 'crm-solo', identityMap: { Email: [{ id: 'solo@example.com', primary: true }] }, person: { name: { firstName: 'Solo' } } },
  ]);
  loyaltyBatch = await ingest(ctx, loyalty, [
    {
      _id: 'loyalty-1',
      identityMap: { CRMID: [{ id: 'crm-1', primary: true }] },
      person: { name: { firstName: 'Janie', lastName: 'Doe' } },
      loyalty: { tier: 'gold', points: 1200 },
      extSourceSystemAudit: { lastUpdatedDate: '2026-01-01T00:00:00Z' },
    },
  ]);
  await ingest(ctx, web, [
    ...[0, 1, 2, 3, 4].map((n) => webEvent(n, 'ecid-jane', {}, n === 0 ? JANE : undefined)),
    webEvent(0, 'ecid-anon'),
    webEvent(1, 'ecid-anon'),
    webEvent(0, 'solo-ecid', {}, 'solo@example.com'),
  ]);
  const policies = (await call('GET', MERGE_POLICIES)).body as unknown as MergePolicyList;
  defaultPolicy = policies.children[0];
  loyaltyFirst = (
    await call('POST', MERGE_POLICIES, {
      name: 'Loyalty first',
      schema: { name: PROFILE },
      identityGraph: { type: 'pdg' },
      attributeMerge: { type: 'dataSetPrecedence', order: [loyalty, crm] },
    })
  ).body as unknown as MergePolicy;
  crmOnlyNone = (
    await call('POST', MERGE_POLICIES, {
      name: 'No stitching',
      schema: { name: PROFILE },
      identityGraph: { type: 'none' },
      attributeMerge: { type: 'timestampOrdered' },
    })
  ).body as unknown as MergePolicy;
});

const entityOf = (body: Record<string, unknown>, key: string) => (body as unknown as EntityMap)[key];

describe('GET profile lookup', () => {
  it('looks up a profile by entityId + entityIdNS and merges its graph under the default policy', async () => {
    const res = await call('GET', q({ 'schema.name': PROFILE, entityId: JANE, entityIdNS: 'Email' }));
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual([JANE_XID]);
    const e = entityOf(res.body, JANE_XID);
    expect(e.entityId).toBe(JANE_XID);
    expect(e.sources).toEqual([crm, loyalty].sort());
    expect(e.tags).toEqual([crmBatch, loyaltyBatch].sort());
    expect(new Set(e.identityGraph)).toEqual(new Set([JANE_XID, CRM_XID, ECID_XID]));
    expect(e.mergePolicy).toEqual({ id: defaultPolicy.id });
    expect(e.lastModifiedAt).toMatch(RFC3339);
    // timestampOrdered: CRM's lastUpdatedDate is newer, so CRM's first name wins; loyalty adds its own attributes
    expect(e.entity).toMatchObject({
      person: { name: { firstName: 'Jane', lastName: 'Doe' } },
      homeAddress: { city: 'Berlin' },
      loyalty: { tier: 'gold', points: 1200 },
    });
    expect(e.entity.identityMap).toEqual({
      Email: [{ id: JANE, primary: true }],
      CRMID: [{ id: 'crm-1' }],
    });
    expect(e.provenance).toBeUndefined();
    expect(e.fragments).toBeUndefined();
  });

  it('matches namespace codes case-insensitively and accepts entityIdNs', async () => {
    for (const params of [
      { entityIdNS: 'email' },
      { entityIdNS: 'EMAIL' },
      { entityIdNs: 'eMail' },
    ]) {
      const res = await call('GET', q({ 'schema.name': PROFILE, entityId: JANE, ...params }));
      expect(res.status, JSON.stringify(params)).toBe(200);
      expect(Object.keys(res.body)).toEqual([JANE_XID]);
    }
  });

  it('looks up by XID alone, keyed by that XID', async () => {
    const res = await call('GET', q({ 'schema.name': PROFILE, entityId: CRM_XID }));
    expect(res.status).toBe(200);
    const e = entityOf(res.body, CRM_XID);
    expect(e.entity.person).toEqual({ name: { firstName: 'Jane', lastName: 'Doe' } });
    // the looked-up identity is the primary one in identityMap
    expect(e.entity.identityMap).toEqual({ Email: [{ id: JANE }], CRMID: [{ id: 'crm-1', primary: true }] });
  });

  it('projects fields and accepts withCA', async () => {
    const res = await call('GET', q({ 'schema.name': PROFILE, entityId: JANE, entityIdNS: 'Email', fields: 'person.name.firstName,loyalty', withCA: true }));
    expect(res.status).toBe(200);
    expect(entityOf(res.body, JANE_XID).entity).toEqual({ person: { name: { firstName: 'Jane' } }, loyalty: { tier: 'gold', points: 1200 } });
  });

  it('a value changes between timestampOrdered and dataSetPrecedence', async () => {
    const ts = await call('GET', q({ 'schema.name': PROFILE, entityId: JANE, entityIdNS: 'Email', mergePolicyId: defaultPolicy.id }));
    const dp = await call('GET', q({ 'schema.name': PROFILE, entityId: JANE, entityIdNS: 'Email', mergePolicyId: loyaltyFirst.id }));
    expect(ts.status).toBe(200);
    expect(dp.status).toBe(200);
    expect((entityOf(ts.body, JANE_XID).entity.person as { name: { firstName: string } }).name.firstName).toBe('Jane');
    expect((entityOf(dp.body, JANE_XID).entity.person as { name: { firstName: string } }).name.firstName).toBe('Janie');
    expect(entityOf(dp.body, JANE_XID).mergePolicy).toEqual({ id: loyaltyFirst.id });
  });

  it('identityGraph none merges only the looked-up identity', async () => {
    const res = await call('GET', q({ 'schema.name': PROFILE, entityId: JANE, entityIdNS: 'Email', mergePolicyId: crmOnlyNone.id }));
    expect(res.status).toBe(200);
    const e = entityOf(res.body, JANE_XID);
    expect(e.identityGraph).toEqual([JANE_XID]);
    expect(e.sources).toEqual([crm]);
    expect(e.entity.loyalty).toBeUndefined();
    // the loyalty record belongs to the CRMID alone
    const byCrm = await call('GET', q({ 'schema.name': PROFILE, entityId: 'crm-1', entityIdNS: 'CRMID', mergePolicyId: crmOnlyNone.id }));
    expect(entityOf(byCrm.body, CRM_XID).entity.person).toEqual({ name: { firstName: 'Janie', lastName: 'Doe' } });
  });

  it('provenance=true adds per-attribute provenance, the fragments and the identity graph', async () => {
    const res = await call('GET', q({ 'schema.name': PROFILE, entityId: JANE, entityIdNS: 'Email', provenance: true }));
    const e = entityOf(res.body, JANE_XID) as Entity;
    const first = e.provenance!['person.name.firstName'];
    expect(first.winner).toMatchObject({ datasetId: crm, batchId: crmBatch, value: 'Jane', timestampSource: 'lastUpdatedDate', timestamp: Date.parse('2026-01-02T00:00:00Z') });
    expect(first.losers).toEqual([expect.objectContaining({ datasetId: loyalty, value: 'Janie' })]);
    expect(first.reason).toMatch(/most recent update/);
    expect(e.provenance!['loyalty.tier']).toMatchObject({ reason: 'only source', winner: { datasetId: loyalty } });
    expect(e.fragments!.map((f) => f.datasetId)).toEqual([crm, loyalty]);
    expect(e.fragments![0]).toMatchObject({ batchId: crmBatch, identity: { namespace: 'Email', id: JANE, xid: JANE_XID }, record: { _id: 'crm-1' } });
    expect(e.fragments![0].ingestedAt).toBeGreaterThan(0);
    expect(e.graph!.identities.map((i) => `${i.namespace}:${i.id}`).sort()).toEqual(['CRMID:crm-1', 'ECID:ecid-jane', `Email:${JANE}`]);
    expect(e.graph!.links).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ datasetId: crm, batchId: crmBatch }),
        expect.objectContaining({ datasetId: web }),
      ]),
    );
    // provenance follows `fields`
    const projected = await call('GET', q({ 'schema.name': PROFILE, entityId: JANE, entityIdNS: 'Email', provenance: true, fields: 'loyalty' }));
    expect(Object.keys(entityOf(projected.body, JANE_XID).provenance!).sort()).toEqual(['loyalty.points', 'loyalty.tier']);
  });

  it('a profile with events only exists, with its event dataset as source', async () => {
    const res = await call('GET', q({ 'schema.name': PROFILE, entityId: 'ecid-anon', entityIdNS: 'ECID' }));
    expect(res.status).toBe(200);
    const e = entityOf(res.body, xidOf('ECID', 'ecid-anon'));
    expect(e.entity).toEqual({});
    expect(e.sources).toEqual([web]);
    expect(e.lastModifiedAt).toMatch(RFC3339);
  });

  it.each([
    ['unknown namespace', { entityId: JANE, entityIdNS: 'Nope' }, 400, /entityIdNS: unknown identity namespace "Nope"/],
    ['missing entityIdNS for a non-XID', { entityId: JANE }, 400, /entityIdNS is required: entityId "jane@example.com" is not an XID/],
    ['missing entityId', {}, 400, /entityId is required/],
    ['unknown merge policy', { entityId: JANE, entityIdNS: 'Email', mergePolicyId: 'no-such-policy' }, 422, /mergePolicyId: merge policy "no-such-policy" does not exist/],
    ['B2B class', { 'schema.name': '_xdm.context.account', entityId: '2334262', entityIdNS: 'b2b_account' }, 422, /B2B/],
    ['unknown schema.name', { 'schema.name': '_xdm.context.segment', entityId: JANE, entityIdNS: 'Email' }, 400, /schema.name/],
  ])('%s → answers in the entities shape naming the parameter', async (_label, params, status, message) => {
    const res = await call('GET', q({ 'schema.name': PROFILE, ...params }));
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ message: expect.stringMatching(message), statusCode: String(status) });
  });

  it('missing schema.name → 400', async () => {
    const res = await call('GET', `${ENTITIES}?entityId=${encodeURIComponent(JANE)}&entityIdNS=Email`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: '400', message: expect.stringMatching(/schema\.name/) });
  });

  it('unknown identity → 404 with statusCode "404"', async () => {
    for (const params of [{ entityId: 'nobody@example.com', entityIdNS: 'Email' }, { entityId: xidOf('Email', 'nobody@example.com') }]) {
      const res = await call('GET', q({ 'schema.name': PROFILE, ...params }));
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ statusCode: '404' });
    }
  });

  it('a graph above 50 identities → 422 "Too many related identities" (pdg only)', async () => {
    const res = await call('GET', q({ 'schema.name': PROFILE, entityId: 'big@example.com', entityIdNS: 'Email' }));
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ message: 'Too many related identities', statusCode: '422', cause: expect.stringMatching(/52 identities/) });
    const none = await call('GET', q({ 'schema.name': PROFILE, entityId: 'big@example.com', entityIdNS: 'Email', mergePolicyId: crmOnlyNone.id }));
    expect(none.status).toBe(200);
  });
});

describe('GET experience events', () => {
  const base = { 'schema.name': EVENTS, 'relatedSchema.name': PROFILE, relatedEntityId: JANE, relatedEntityIdNS: 'Email' };
  const ids = (body: Record<string, unknown>) => (body as unknown as EventPage).children.map((c) => c.entityId);

  it('returns the events of the merged profile in timestamp order with the §3.1 page shape', async () => {
    const res = await call('GET', q(base));
    expect(res.status).toBe(200);
    const page = res.body as unknown as EventPage;
    expect(ids(res.body)).toEqual([0, 1, 2, 3, 4].map((n) => `ev-ecid-jane-${n}`));
    expect(page._page).toEqual({ orderby: 'timestamp', start: 'ev-ecid-jane-0', count: 5, next: '' });
    expect(page._links).toEqual({ next: { href: '' } });
    expect(page.children[1]).toMatchObject({
      relatedEntityId: JANE_XID,
      entityId: 'ev-ecid-jane-1',
      timestamp: T0 + HOUR,
      entity: { web: { webPageDetails: { name: 'Page 1' } } },
    });
    expect(page.children[1].lastModifiedAt).toMatch(RFC3339);
    // under "none" the Email identity alone has no events (they belong to the ECID)
    const none = await call('GET', q({ ...base, mergePolicyId: crmOnlyNone.id }));
    expect(ids(none.body)).toEqual([]);
  });

  it('sorts descending with orderby=-timestamp (orderBy accepted too) and projects fields', async () => {
    expect(ids((await call('GET', q({ ...base, orderby: '-timestamp' }))).body)).toEqual([4, 3, 2, 1, 0].map((n) => `ev-ecid-jane-${n}`));
    expect(ids((await call('GET', q({ ...base, orderBy: '-timestamp' }))).body)[0]).toBe('ev-ecid-jane-4');
    expect(ids((await call('GET', q({ ...base, orderby: '+timestamp' }))).body)[0]).toBe('ev-ecid-jane-0');
    const projected = (await call('GET', q({ ...base, fields: 'web.webPageDetails.name', limit: 1 }))).body as unknown as EventPage;
    expect(projected.children[0].entity).toEqual({ web: { webPageDetails: { name: 'Page 0' } } });
  });

  it('pages through _links.next.href', async () => {
    for (const order of ['timestamp', '-timestamp']) {
      const seen: string[] = [];
      const counts: number[] = [];
      let url = q({ ...base, limit: 2, orderby: order, fields: 'web' });
      let first = true;
      while (url) {
        const res = await call('GET', url);
        expect(res.status).toBe(200);
        const page = res.body as unknown as EventPage;
        seen.push(...page.children.map((c) => c.entityId));
        counts.push(page._page.count);
        if (first) {
          expect(page._page.next).toBe(order === 'timestamp' ? 'ev-ecid-jane-2' : 'ev-ecid-jane-2');
          expect(page._links.next.href).toMatch(/^\/entities\?start=ev-ecid-jane-2&orderby=-?timestamp&schema\.name=_xdm\.context\.experienceevent&/);
          expect(page._links.next.href).toContain('limit=2');
          expect(page._links.next.href).toContain('fields=web');
          first = false;
        }
        url = page._links.next.href ? entitiesHrefToPath(page._links.next.href) : '';
        if (!url) expect(page._page.next).toBe('');
      }
      const expected = [0, 1, 2, 3, 4].map((n) => `ev-ecid-jane-${n}`);
      expect(seen).toEqual(order === 'timestamp' ? expected : expected.reverse());
      expect(counts).toEqual([2, 2, 1]);
    }
  });

  it('startTime is inclusive and endTime exclusive (ms)', async () => {
    const res = await call('GET', q({ ...base, startTime: T0 + HOUR, endTime: T0 + 3 * HOUR }));
    expect(ids(res.body)).toEqual(['ev-ecid-jane-1', 'ev-ecid-jane-2']);
    expect(ids((await call('GET', q({ ...base, startTime: T0 + HOUR, endTime: T0 + HOUR }))).body)).toEqual([]);
  });

  it('filters by up to three property expressions', async () => {
    const get = async (property: string | string[]) => {
      const res = await call('GET', q({ ...base, property }));
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return ids(res.body).map((id) => Number(id.slice(-1)));
    };
    expect(await get('web.webPageDetails.isHomepage=true')).toEqual([0, 2, 4]);
    expect(await get('web.webPageDetails.isHomepage!=true')).toEqual([1, 3]);
    expect(await get('web.webPageDetails.pageViews.value>2')).toEqual([3, 4]);
    expect(await get('web.webPageDetails.pageViews.value<=1')).toEqual([0, 1]);
    expect(await get('web.webPageDetails.name="Page 3"')).toEqual([3]);
    expect(await get('web.webPageDetails.name!=Page 3')).toEqual([0, 1, 2, 4]);
    // date literals compare at day granularity against the value's own date: T0 + n days
    expect(await get('placeContext.localTime<="2026-01-11"')).toEqual([0, 1]);
    expect(await get('placeContext.localTime>"20260112"')).toEqual([3, 4]);
    expect(await get('placeContext.localTime="2026-01-12"')).toEqual([2]);
    expect(await get(['web.webPageDetails.isHomepage=true', 'web.webPageDetails.pageViews.value>=2', 'placeContext.localTime<"2026-01-14"'])).toEqual([2]);
    expect(await get('no.such.field=1')).toEqual([]);
  });

  it.each([
    ['malformed property', { property: 'web.webPageDetails.isHomepage' }, /property: .*not path<op>value/],
    ['property without a value', { property: 'web.name=' }, /property: .*has no value/],
    ['boolean with <', { property: 'web.webPageDetails.isHomepage<true' }, /property: .*cannot compare booleans/],
    ['four properties', { property: ['a=1', 'b=2', 'c=3', 'd=4'] }, /at most 3 property filters/],
    ['limit 0', { limit: 0 }, /limit/],
    ['limit above 1000', { limit: 1001 }, /limit/],
    ['limit not a number', { limit: 'ten' }, /limit/],
    ['startTime after endTime', { startTime: 2000, endTime: 1000 }, /startTime \(2000\) must not be after endTime \(1000\)/],
    ['negative startTime', { startTime: -1 }, /startTime/],
    ['bad orderby', { orderby: 'name' }, /orderby/],
    ['unknown start cursor', { start: 'ev-nope' }, /start: "ev-nope" is not an event of this profile/],
    ['missing relatedSchema.name', { 'relatedSchema.name': undefined }, /relatedSchema\.name is required/],
    ['missing relatedEntityId', { relatedEntityId: undefined }, /relatedEntityId is required/],
    ['unknown namespace', { relatedEntityIdNS: 'Nope' }, /relatedEntityIdNS: unknown identity namespace/],
    ['missing namespace for a non-XID', { relatedEntityIdNS: undefined }, /relatedEntityIdNS is required/],
  ])('%s → 400 naming the parameter', async (_label, params, message) => {
    const res = await call('GET', q({ ...base, ...params }));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: '400', message: expect.stringMatching(message) });
  });

  it('unknown profile → 404; unknown merge policy → 422; too many identities → 422', async () => {
    expect((await call('GET', q({ ...base, relatedEntityId: 'nobody@example.com' }))).body).toMatchObject({ statusCode: '404' });
    expect((await call('GET', q({ ...base, mergePolicyId: 'nope' }))).body).toMatchObject({ statusCode: '422', message: expect.stringMatching(/mergePolicyId/) });
    const big = await call('GET', q({ ...base, relatedEntityId: 'big@example.com' }));
    expect(big.status).toBe(422);
    expect(big.body).toMatchObject({ message: 'Too many related identities' });
  });

  it('looks up events by the profile XID alone', async () => {
    const res = await call('GET', q({ 'schema.name': EVENTS, 'relatedSchema.name': PROFILE, relatedEntityId: ECID_XID }));
    expect(ids(res.body)).toHaveLength(5);
    expect((res.body as unknown as EventPage).children[0].relatedEntityId).toBe(ECID_XID);
  });
});

describe('POST several profiles or their events', () => {
  it('answers 200 with one entry per profile and a stub for an identity that matches nothing', async () => {
    const res = await call('POST', ENTITIES, {
      schema: { name: PROFILE },
      fields: ['person.name'],
      identities: [
        { entityId: JANE, entityIdNS: { code: 'email' } },
        { entityId: CRM_XID },
        { entityId: 'ghost@example.com', entityIdNS: { code: 'Email' } },
      ],
    });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual([JANE_XID, CRM_XID, xidOf('Email', 'ghost@example.com')].sort());
    expect(entityOf(res.body, JANE_XID).entity).toEqual({ person: { name: { firstName: 'Jane', lastName: 'Doe' } } });
    expect(entityOf(res.body, xidOf('Email', 'ghost@example.com'))).toEqual({
      entityId: xidOf('Email', 'ghost@example.com'),
      sources: [''],
      entity: {},
      lastModifiedAt: '1970-01-01T00:00:00Z',
    });
  });

  it('answers 207 when some identities fail, with {xid, error} entries next to the results', async () => {
    const res = await call('POST', ENTITIES, {
      schema: { name: PROFILE },
      mergePolicyId: loyaltyFirst.id,
      identities: [
        { entityId: JANE, entityIdNS: { code: 'Email' } },
        { entityId: 'big@example.com', entityIdNS: 'Email' },
        { entityId: 'x', entityIdNS: { code: 'Nope' } },
        { entityId: 'plain-value' },
      ],
    });
    expect(res.status).toBe(207);
    expect((entityOf(res.body, JANE_XID).entity.person as { name: { firstName: string } }).name.firstName).toBe('Janie');
    const bigXid = xidOf('Email', 'big@example.com');
    expect(res.body[bigXid]).toEqual({ xid: bigXid, error: expect.objectContaining({ message: 'Too many related identities', statusCode: '422' }) });
    expect(res.body.x).toEqual({ xid: 'x', error: expect.objectContaining({ statusCode: '400', message: expect.stringMatching(/unknown identity namespace "Nope"/) }) });
    expect(res.body['plain-value']).toMatchObject({ error: { statusCode: '400', message: expect.stringMatching(/entityIdNS is required/) } });
  });

  it('refuses a bad body in the entities shape', async () => {
    const cases: [unknown, number, RegExp][] = [
      [{ schema: { name: PROFILE }, identities: [] }, 400, /identities/],
      [{ identities: [{ entityId: JANE }] }, 400, /schema/],
      [{ schema: { name: PROFILE }, identities: [{ entityId: JANE, entityIdNS: { code: 'Email' } }], mergePolicyId: 'nope' }, 422, /mergePolicyId/],
      [{ schema: { name: EVENTS }, relatedSchema: { name: PROFILE }, identities: [{ relatedEntityId: JANE_XID }], limit: 5000 }, 400, /limit/],
      [{ schema: { name: EVENTS }, relatedSchema: { name: PROFILE }, identities: [{ relatedEntityId: JANE_XID }], timeFilter: { startTime: 9, endTime: 1 } }, 400, /timeFilter\.startTime/],
      [{ schema: { name: EVENTS }, identities: [{ relatedEntityId: JANE_XID }] }, 400, /relatedSchema\.name/],
    ];
    for (const [body, status, message] of cases) {
      const res = await call('POST', ENTITIES, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body).toMatchObject({ statusCode: String(status), message: expect.stringMatching(message) });
    }
  });

  it('pages the events of several profiles through _links.next.payload', async () => {
    const first = await call('POST', ENTITIES, {
      schema: { name: EVENTS },
      relatedSchema: { name: PROFILE },
      identities: [{ relatedEntityId: ECID_XID }, { relatedEntityId: 'ecid-anon', relatedEntityIdNS: { code: 'ECID' } }, { relatedEntityId: xidOf('ECID', 'never-seen') }],
      fields: ['web.webPageDetails.name'],
      limit: 2,
      orderBy: '-timestamp',
    });
    expect(first.status).toBe(200);
    const janePage = first.body[ECID_XID] as unknown as EventPage;
    const anonPage = first.body['ecid-anon'] as unknown as EventPage;
    expect(janePage.children.map((c) => c.entityId)).toEqual(['ev-ecid-jane-4', 'ev-ecid-jane-3']);
    expect(janePage.children[0].entity).toEqual({ web: { webPageDetails: { name: 'Page 4' } } });
    expect(anonPage.children.map((c) => c.entityId)).toEqual(['ev-ecid-anon-1', 'ev-ecid-anon-0']);
    expect(anonPage._links.next).toEqual({ href: '' });
    expect(first.body[xidOf('ECID', 'never-seen')]).toEqual({ _page: { orderby: 'timestamp', start: '', count: 0, next: '' }, children: [], _links: { next: { href: '' } } });
    expect(janePage._links.next.href).toBe('/entities');
    expect(janePage._links.next.payload).toMatchObject({ identities: [{ relatedEntityId: ECID_XID, start: 'ev-ecid-jane-2' }], limit: 2, orderby: '-timestamp' });

    const seen = janePage.children.map((c) => c.entityId);
    let payload = janePage._links.next.payload;
    while (payload) {
      const res = await call('POST', ENTITIES, payload);
      expect(res.status).toBe(200);
      const page = res.body[ECID_XID] as unknown as EventPage;
      seen.push(...page.children.map((c) => c.entityId));
      payload = page._links.next.payload;
    }
    expect(seen).toEqual([4, 3, 2, 1, 0].map((n) => `ev-ecid-jane-${n}`));
  });

  it('applies timeFilter to event lookups', async () => {
    const res = await call('POST', ENTITIES, {
      schema: { name: EVENTS },
      relatedSchema: { name: PROFILE },
      identities: [{ relatedEntityId: JANE, relatedEntityIdNS: 'Email' }],
      timeFilter: { startTime: T0 + 3 * HOUR },
    });
    expect((res.body[JANE] as unknown as EventPage).children.map((c) => c.entityId)).toEqual(['ev-ecid-jane-3', 'ev-ecid-jane-4']);
  });
});

describe('DELETE a profile', () => {
  it("deletes the profile's fragments and events (202), then lookups answer 404", async () => {
    const lookup = q({ 'schema.name': PROFILE, entityId: 'solo@example.com', entityIdNS: 'Email' });
    expect((await call('GET', lookup)).status).toBe(200);
    const res = await call('DELETE', q({ 'schema.name': PROFILE, entityId: 'solo@example.com', entityIdNS: 'email' }));
    expect(res.status).toBe(202);
    expect(res.raw).toBe('');
    expect((await call('GET', lookup)).body).toMatchObject({ statusCode: '404' });
    // its events (on the linked ECID) are gone too
    const events = await call('GET', q({ 'schema.name': EVENTS, 'relatedSchema.name': PROFILE, relatedEntityId: 'solo-ecid', relatedEntityIdNS: 'ECID' }));
    expect((events.body as unknown as EventPage).children).toEqual([]);
    expect((await call('GET', q({ 'schema.name': PROFILE, entityId: 'solo-ecid', entityIdNS: 'ECID' }))).status).toBe(404);
    // deleting again finds nothing; other profiles are untouched
    expect((await call('DELETE', q({ 'schema.name': PROFILE, entityId: 'solo@example.com', entityIdNS: 'Email' }))).status).toBe(404);
    expect((await call('GET', q({ 'schema.name': PROFILE, entityId: JANE, entityIdNS: 'Email' }))).status).toBe(200);
  });

  it.each([
    ['an event class', { 'schema.name': EVENTS, entityId: JANE, entityIdNS: 'Email' }, 400, /schema\.name must be _xdm\.context\.profile/],
    ['no entityId', { 'schema.name': PROFILE }, 400, /entityId/],
    ['unknown namespace', { 'schema.name': PROFILE, entityId: JANE, entityIdNS: 'Nope' }, 400, /entityIdNS: unknown identity namespace/],
    ['unknown identity', { 'schema.name': PROFILE, entityId: 'nobody@example.com', entityIdNS: 'Email' }, 404, /nobody/],
    ['unknown merge policy', { 'schema.name': PROFILE, entityId: JANE, entityIdNS: 'Email', mergePolicyId: 'nope' }, 422, /mergePolicyId/],
    ['too many identities', { 'schema.name': PROFILE, entityId: 'big@example.com', entityIdNS: 'Email' }, 422, /Too many related identities/],
  ])('refuses %s', async (_label, params, status, message) => {
    const res = await call('DELETE', q(params));
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ statusCode: String(status), message: expect.stringMatching(message) });
  });
});

describe('demo organisation', () => {
  const D = 'demo';
  const demoCall = client(D);
  const options = { profiles: 120, seed: 7, now: Date.UTC(2026, 1, 1) };

  beforeAll(async () => {
    await seedDemo(ctxOf(D), options);
  });

  it('seeds a "Loyalty first" dataSetPrecedence policy next to the default', async () => {
    const page = (await demoCall('GET', MERGE_POLICIES)).body as unknown as MergePolicyList;
    const loyaltyPolicy = page.children.find((p) => p.name === 'Loyalty first')!;
    expect(page.children.find((p) => p.default)).toMatchObject({ identityGraph: { type: 'pdg' }, attributeMerge: { type: 'timestampOrdered' } });
    expect(loyaltyPolicy.attributeMerge.type).toBe('dataSetPrecedence');
    const datasets = createDatasetRepository(ctxOf(D).db, { orgId: DEFAULT_ORG_ID, sandboxId: ctxOf(D).sandbox.id }).allInfo();
    const nameOf = (id: string) => datasets.find((d) => d.id === id)?.name;
    expect(loyaltyPolicy.attributeMerge.order!.map(nameOf)).toEqual(['Loyalty Members', 'CRM Customers']);
  });

  it('looks up the demo person by email: attributes from two datasets, loyalty name under "Loyalty first"', async () => {
    const person = describePerson(options, 0);
    const lookup = { 'schema.name': PROFILE, entityId: person.email, entityIdNS: 'Email' };
    const res = await demoCall('GET', q({ ...lookup, provenance: true }));
    expect(res.status).toBe(200);
    const e = Object.values(res.body as unknown as EntityMap)[0];
    expect(e.sources.length).toBeGreaterThanOrEqual(2);
    expect(new Set(e.fragments!.map((f) => f.datasetId)).size).toBe(2);
    const policies = (await demoCall('GET', MERGE_POLICIES)).body as unknown as MergePolicyList;
    const loyaltyPolicy = policies.children.find((p) => p.name === 'Loyalty first')!;
    const dp = await demoCall('GET', q({ ...lookup, mergePolicyId: loyaltyPolicy.id }));
    const name = (Object.values(dp.body as unknown as EntityMap)[0].entity.person as { name: { firstName: string } }).name.firstName;
    expect(name).toBe(person.loyaltyFirstName);
    expect(person.loyaltyFirstName).not.toBe(person.firstName);
    // the person's events page through next links
    const events = await demoCall('GET', q({ 'schema.name': EVENTS, 'relatedSchema.name': PROFILE, relatedEntityId: person.email, relatedEntityIdNS: 'Email', limit: 2 }));
    const page = events.body as unknown as EventPage;
    expect(page._page.count).toBe(2);
    expect(page._links.next.href).toMatch(/^\/entities\?start=/);
  });

  it("the demo's overflow person answers 422 Too many related identities", async () => {
    const overflow = specialPersons(options).overflow!;
    const person = describePerson(options, overflow);
    expect(person.graphSize).toBeGreaterThan(50);
    const res = await demoCall('GET', q({ 'schema.name': PROFILE, entityId: person.email, entityIdNS: 'Email' }));
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ message: 'Too many related identities', statusCode: '422' });
  });
});

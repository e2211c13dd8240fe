// A dataSetPrecedence policy whose order lists event datasets: the entities API returns only those
// datasets' events (GET and POST, paged), and an events-only profile exists only through them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTITIES, MERGE_POLICIES, type EntityMap, type EventPage, type MergePolicy } from '../../../contracts/index.ts';
import { xidOf } from '../../engine/identity-graph.ts';
import { createDataset, createTestApp, ingest, type TestApp } from '../../testing/test-app.ts';

const SANDBOX = 'ee-selection';
const PROFILE = '_xdm.context.profile';
const EVENTS = '_xdm.context.experienceevent';
const T0 = Date.UTC(2026, 0, 10, 12);

let t: TestApp;
let crm: string;
let web: string;
let app: string;
let webOnly: MergePolicy;
let crmOnly: MergePolicy;

const call = async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) => {
  const res = await t.app.inject({ method, url, headers: t.headers(SANDBOX), ...(payload !== undefined ? { payload: payload as object } : {}) });
  return { status: res.statusCode, body: JSON.parse(res.body) as Record<string, unknown> };
};
const q = (params: Record<string, string | number>) =>
  `${ENTITIES}?${Object.entries(params).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&')}`;
const event = (id: string, ecid: string, minute: number) => ({
  _id: id,
  timestamp: new Date(T0 + minute * 60_000).toISOString(),
  eventType: 'web.webpagedetails.pageViews',
  identityMap: { ECID: [{ id: ecid, primary: true }] },
});
const policy = async (name: string, order: string[]) =>
  (await call('POST', MERGE_POLICIES, { name, schema: { name: PROFILE }, identityGraph: { type: 'pdg' }, attributeMerge: { type: 'dataSetPrecedence', order } }))
    .body as unknown as MergePolicy;

/** Every event id of Jane's profile under a policy, following the next links two at a time. */
async function janeEvents(mergePolicyId?: string): Promise<string[]> {
  const ids: string[] = [];
  let url = q({ 'schema.name': EVENTS, 'relatedSchema.name': PROFILE, relatedEntityId: 'jane@example.com', relatedEntityIdNS: 'Email', limit: 2, ...(mergePolicyId ? { mergePolicyId } : {}) });
  for (let i = 0; i < 10 && url; i++) {
    const res = await call('GET', url);
    expect(res.status).toBe(200);
    const page = res.body as unknown as EventPage;
    ids.push(...page.children.map((c) => c.entityId));
    url = page._links.next.href ? page._links.next.href.replace(/^\/entities/, ENTITIES) : '';
  }
  return ids;
}

beforeAll(async () => {
  t = await createTestApp();
  crm = await createDataset(t, SANDBOX, { name: 'CRM' });
  web = await createDataset(t, SANDBOX, { name: 'Web events', kind: 'event' });
  app = await createDataset(t, SANDBOX, { name: 'App events', kind: 'event' });
  await ingest(t, SANDBOX, crm, [
    { _id: 'jane', identityMap: { Email: [{ id: 'jane@example.com', primary: true }], ECID: [{ id: 'ecid-jane' }] }, person: { name: { firstName: 'Jane' } } },
  ]);
  await ingest(t, SANDBOX, web, [event('web-1', 'ecid-jane', 1), event('web-2', 'ecid-jane', 3), event('web-3', 'ecid-jane', 5)]);
  await ingest(t, SANDBOX, app, [event('app-1', 'ecid-jane', 2), event('app-2', 'ecid-jane', 4), event('app-anon', 'ecid-anon', 1)]);
  webOnly = await policy('Web events only', [crm, web]);
  crmOnly = await policy('CRM, all events', [crm]);
}, 30_000);
afterAll(() => t.close());

describe('event datasets selected by a dataSetPrecedence order', () => {
  it('GET events pages only the included dataset’s events', async () => {
    expect(await janeEvents(webOnly.id)).toEqual(['web-1', 'web-2', 'web-3']);
  });

  it('an order without event datasets, and the timestampOrdered default, include every event dataset', async () => {
    const all = ['web-1', 'app-1', 'web-2', 'app-2', 'web-3'];
    expect(await janeEvents(crmOnly.id)).toEqual(all);
    expect(await janeEvents()).toEqual(all);
  });

  it('POST events applies the same selection', async () => {
    const res = await call('POST', ENTITIES, {
      schema: { name: EVENTS },
      relatedSchema: { name: PROFILE },
      mergePolicyId: webOnly.id,
      identities: [{ relatedEntityId: 'ecid-jane', relatedEntityIdNS: { code: 'ECID' } }],
    });
    expect(res.status).toBe(200);
    expect((res.body['ecid-jane'] as unknown as EventPage).children.map((c) => c.entityId)).toEqual(['web-1', 'web-2', 'web-3']);
  });

  it('a profile with events only in an excluded dataset is not found; with every dataset it is', async () => {
    const lookup = (mergePolicyId: string) =>
      call('GET', q({ 'schema.name': PROFILE, entityId: 'ecid-anon', entityIdNS: 'ECID', mergePolicyId }));
    expect((await lookup(webOnly.id)).status).toBe(404);
    const found = await lookup(crmOnly.id);
    expect(found.status).toBe(200);
    expect((found.body as unknown as EntityMap)[xidOf('ECID', 'ecid-anon')].sources).toEqual([app]);
  });

  it('a changed order takes effect on the next lookup', async () => {
    const patched = await call('PATCH', `${MERGE_POLICIES}/${webOnly.id}`, { op: 'add', path: '/attributeMerge.order', value: [app, crm] });
    expect(patched.status).toBe(200);
    expect(await janeEvents(webOnly.id)).toEqual(['app-1', 'app-2']);
  });
});

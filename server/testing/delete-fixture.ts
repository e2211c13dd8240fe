// A small hand-made store for delete-request tests, built through the public ingestion API.
//
// Graphs (links by dataset in brackets):
//   c1–e1 [CRM], l1–e1, l1–c1 [Loyalty], l1 has a store purchase      → loyalty delete splits off l1
//   l2–e2 [Loyalty], x1–e2 [Web W1], x1 also has an event in W2       → loyalty delete keeps e2–x1
//   c3–e3 [CRM], l3–e3, l3–p3 [Loyalty], x3–p3 [Web W1]               → loyalty delete splits {c3,e3} / {p3,x3}
//   l4–e4 [Loyalty] only                                              → loyalty delete removes the profile
//   c5–e5 [CRM], x6–e5 [Web W2]                                       → untouched by the loyalty delete
//   x5 [Web W1] alone                                                 → a W1 batch delete removes it
import type { TestApp } from './test-app.ts';
import { createDataset, ingest } from './test-app.ts';

const id = (code: string, value: string, primary = false) => ({ [code]: [{ id: value, ...(primary ? { primary: true } : {}) }] });
const record = (key: string, maps: object[], extra: object = {}) => ({ _id: key, identityMap: Object.assign({}, ...maps), ...extra });
const event = (key: string, maps: object[], extra: object = {}) =>
  record(key, maps, { timestamp: '2026-03-01T10:00:00Z', eventType: 'web.webpagedetails.pageViews', ...extra });

export interface DeleteFixture {
  crm: string;
  loyalty: string;
  web: string;
  store: string;
  /** Web batches: W1 (x1, x3, x5 events), W2 (x6, x1). */
  w1: string;
  w2: string;
}

export async function buildDeleteFixture(t: TestApp, sandbox: string): Promise<DeleteFixture> {
  for (const code of ['CRMID', 'loyaltyId']) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/data/core/idnamespace/identities',
      headers: t.headers(sandbox),
      payload: { name: code, code, idType: 'CROSS_DEVICE' },
    });
    if (res.statusCode !== 200) throw new Error(`namespace ${code}: ${res.statusCode} ${res.body}`);
  }
  const crm = await createDataset(t, sandbox, { name: 'CRM' });
  const loyalty = await createDataset(t, sandbox, { name: 'Loyalty' });
  const web = await createDataset(t, sandbox, { name: 'Web', kind: 'event' });
  const store = await createDataset(t, sandbox, { name: 'Store', kind: 'event' });
  await ingest(t, sandbox, crm, [
    record('crm-1', [id('CRMID', 'c1', true), id('Email', 'e1')], { person: { name: { firstName: 'Robert' } }, crm: { since: '2020' } }),
    record('crm-3', [id('CRMID', 'c3', true), id('Email', 'e3')], { crm: { since: '2021' } }),
    record('crm-5', [id('CRMID', 'c5', true), id('Email', 'e5')], { crm: { since: '2022' } }),
  ]);
  await ingest(t, sandbox, loyalty, [
    record('loy-1', [id('loyaltyId', 'l1', true), id('Email', 'e1'), id('CRMID', 'c1')], { loyalty: { tier: 'gold' }, person: { name: { firstName: 'Bob' } } }),
    record('loy-2', [id('loyaltyId', 'l2', true), id('Email', 'e2')], { loyalty: { tier: 'silver' } }),
    record('loy-3', [id('loyaltyId', 'l3', true), id('Email', 'e3'), id('Phone', 'p3')], { loyalty: { tier: 'bronze' } }),
    record('loy-4', [id('loyaltyId', 'l4', true), id('Email', 'e4')], { loyalty: { tier: 'bronze' } }),
  ]);
  const w1 = await ingest(t, sandbox, web, [
    event('w1', [id('ECID', 'x1', true), id('Email', 'e2')]),
    event('w3', [id('ECID', 'x3', true), id('Phone', 'p3')]),
    event('w5', [id('ECID', 'x5', true)]),
  ]);
  const w2 = await ingest(t, sandbox, web, [event('w6', [id('ECID', 'x6', true), id('Email', 'e5')]), event('w7', [id('ECID', 'x1', true)])]);
  await ingest(t, sandbox, store, [event('s1', [id('loyaltyId', 'l1', true)], { eventType: 'commerce.purchases' })]);
  return { crm, loyalty, web, store, w1: w1.id as string, w2: w2.id as string };
}

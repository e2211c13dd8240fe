// A hand-built store for the preview reports: nine profiles whose every figure is known (see the
// table below and preview-sample/routes.test.ts). Built through the public ingestion API.
//
//   profile  records (dataset: identities, primary first)          identities  last event
//   P1       CRM: Email a, Phone 1 · Loyalty: Email a · Web: ECID e1, Email a     3   1 day ago
//   P2       CRM: Email b                                             1   —
//   P3       Loyalty: Phone 2 · App: Phone 2                           1   3 days ago
//   P4       Web: ECID e2 (two events)                                 1   10 days ago (and 40)
//   P5       Web: ECID e3                                              1   100 days ago
//   P6       App: ECID e4                                              1   200 days ago
//   P7       Web: ECID e5, ECID e6 (one event linking both)            2   50 days ago
//   P8       App: ECID e7                                              1   2 days ago
//   P9       Web: Phone 3                                              1   70 days ago
import { createDataset, ingest, type TestApp } from './test-app.ts';

const DAY = 86_400_000;

export interface PreviewFixture {
  crm: string;
  loyalty: string;
  web: string;
  app: string;
}

const ids = (entries: [string, string][]) => {
  const map: Record<string, { id: string; primary?: boolean }[]> = {};
  entries.forEach(([ns, id], i) => (map[ns] ??= []).push(i === 0 ? { id, primary: true } : { id }));
  return map;
};

export async function buildPreviewFixture(t: TestApp, sandbox: string, now = Date.now()): Promise<PreviewFixture> {
  const crm = await createDataset(t, sandbox, { name: 'CRM' });
  const loyalty = await createDataset(t, sandbox, { name: 'Loyalty' });
  const web = await createDataset(t, sandbox, { name: 'Web', kind: 'event' });
  const app = await createDataset(t, sandbox, { name: 'App', kind: 'event' });
  const at = (daysAgo: number) => new Date(now - daysAgo * DAY).toISOString();
  const event = (id: string, daysAgo: number, entries: [string, string][]) => ({
    _id: id,
    timestamp: at(daysAgo),
    eventType: 'web.webpagedetails.pageViews',
    identityMap: ids(entries),
  });
  await ingest(t, sandbox, crm, [
    { _id: 'crm-a', identityMap: ids([['Email', 'a@example.com'], ['Phone', '+15550000001']]), person: { name: { firstName: 'Ann' } } },
    { _id: 'crm-b', identityMap: ids([['Email', 'b@example.com']]), person: { name: { firstName: 'Bob' } } },
  ]);
  await ingest(t, sandbox, loyalty, [
    { _id: 'loy-a', identityMap: ids([['Email', 'a@example.com']]), loyalty: { tier: 'gold' } },
    { _id: 'loy-2', identityMap: ids([['Phone', '+15550000002']]), loyalty: { tier: 'silver' } },
  ]);
  await ingest(t, sandbox, web, [
    event('w1', 1, [['ECID', 'e1'], ['Email', 'a@example.com']]),
    event('w2', 10, [['ECID', 'e2']]),
    event('w3', 40, [['ECID', 'e2']]),
    event('w4', 100, [['ECID', 'e3']]),
    event('w5', 50, [['ECID', 'e5'], ['ECID', 'e6']]),
    event('w6', 70, [['Phone', '+15550000003']]),
  ]);
  await ingest(t, sandbox, app, [
    event('a1', 3, [['Phone', '+15550000002']]),
    event('a2', 200, [['ECID', 'e4']]),
    event('a3', 2, [['ECID', 'e7']]),
  ]);
  return { crm, loyalty, web, app };
}

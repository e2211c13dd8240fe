import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { listBatches, listDatasets } from '../../../contracts/catalog.ts';
import { getEntities } from '../../../contracts/entities.ts';
import { listNamespaces } from '../../../contracts/identity.ts';
import { listSampleProfiles } from '../../../contracts/local-profiles.ts';
import { listMergePolicies } from '../../../contracts/merge-policies.ts';
import type { RecentLookup } from '../../features/profiles/recent-lookups.ts';
import {
  DATASETS,
  DEFAULT_POLICY,
  EMAIL,
  entitiesError,
  eventPage,
  LOYALTY_FIRST,
  makeEvent,
  NAMESPACES,
  NO_STITCHING,
  person0,
  policyList,
  XID,
} from '../../features/profiles/test-fixtures.ts';
import { batchMap, datasetMap, NOW, ORG_ID, problem } from '../../testing/fixtures.ts';
import { mockService, renderApp } from '../../testing/render.tsx';
import type { MockReply, MockRequest } from '../../testing/mock-api.ts';

const PROFILE_URL = '/prod/profiles/Email/robert.tanaka0@example.org';
const DAY = 86_400_000;

/** Events of person 0, newest first, in pages of `limit`, paged by `_id` like the service. */
const EVENTS = Array.from({ length: 7 }, (_, i) => makeEvent(i, NOW - (i + 1) * DAY, { web: { webPageDetails: { name: `Page ${i}` } } }));

function events({ query }: MockRequest): MockReply {
  const limit = Number(query.get('limit') ?? 1000);
  const start = query.get('start');
  const from = start ? EVENTS.findIndex((e) => e.entityId === start) : 0;
  const page = EVENTS.slice(from, from + limit);
  const next = EVENTS[from + limit]?.entityId ?? '';
  const rest = [...query.entries()]
    .filter(([k]) => k !== 'start' && k !== 'orderby')
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
  return { body: eventPage(page, next, rest) };
}

function withProfile(profile: (req: MockRequest) => MockReply = ({ query }) => ({ body: person0(query.get('mergePolicyId') ?? undefined) })) {
  return mockService()
    .on(listNamespaces, { body: NAMESPACES })
    .on(listMergePolicies, { body: policyList([DEFAULT_POLICY, LOYALTY_FIRST, NO_STITCHING]) })
    .on(listDatasets, { body: datasetMap(DATASETS), headers: { 'x-total-count': String(DATASETS.length) } })
    .on(listBatches, { body: batchMap([]), headers: { 'x-total-count': '0' } })
    .on(listSampleProfiles, { status: 404, body: problem(404, 'No route') })
    .on(getEntities, (req) => (req.query.get('schema.name') === '_xdm.context.experienceevent' ? events(req) : profile(req)));
}

const profileCalls = (api: ReturnType<typeof withProfile>) => api.callsTo(getEntities).filter((c) => c.query.get('schema.name') === '_xdm.context.profile');

describe('Profile page', () => {
  it('shows the header and the attributes with the dataset each value came from', async () => {
    const api = withProfile();
    renderApp(PROFILE_URL);
    expect(await screen.findByRole('heading', { level: 1, name: 'Robert Tanaka' })).toBeTruthy();
    const call = profileCalls(api)[0];
    expect(call.query.get('entityId')).toBe(EMAIL);
    expect(call.query.get('entityIdNS')).toBe('Email');
    expect(call.query.get('provenance')).toBe('true');
    expect(call.query.get('mergePolicyId')).toBeNull();
    const identities = screen.getByRole('list', { name: 'Key identities' });
    expect(within(identities).getAllByRole('listitem')[0].textContent).toContain(`Email${EMAIL}`);
    expect(within(identities).getByText('CRM-00000001')).toBeTruthy();
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Merge policy' }).textContent).toBe('Default Timebased (default)'));

    const tree = screen.getByRole('list', { name: 'Profile attributes' });
    expect(within(tree).getByText('Robert')).toBeTruthy();
    expect((await within(tree).findAllByText('CRM Customers')).length).toBeGreaterThan(0);
    expect(within(tree).getAllByText('Loyalty Members').length).toBeGreaterThan(0);
    expect(within(tree).getByText('2 values')).toBeTruthy();
  });

  it('searches the attribute tree, switches to display names and to raw JSON (as text)', async () => {
    withProfile();
    const { user, router } = renderApp(PROFILE_URL);
    const tree = await screen.findByRole('list', { name: 'Profile attributes' });
    await user.type(screen.getByRole('searchbox', { name: 'Search attributes' }), 'gold');
    expect(within(tree).getByText('loyalty.tier')).toBeTruthy();
    expect(within(tree).queryByText('person.name.firstName')).toBeNull();
    expect(new URLSearchParams(router.state.location.search).get('q')).toBe('gold');
    await user.click(screen.getByRole('button', { name: 'Display names' }));
    expect(within(tree).getByText('Loyalty details')).toBeTruthy();
    expect(within(tree).getByText('Tier')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'JSON' }));
    const json = screen.getByLabelText('Merged profile JSON');
    expect(JSON.parse(json.textContent ?? '')).toEqual(person0()[XID.email].entity);
    expect(screen.getByRole('button', { name: 'Copy Merged profile JSON' })).toBeTruthy();
  });

  it('explains why a value won, with the losing candidate side by side', async () => {
    withProfile();
    const { user, router } = renderApp(PROFILE_URL);
    await screen.findByRole('list', { name: 'Profile attributes' });
    await user.click(screen.getByRole('button', { name: 'Why this value: person.name.firstName' }));
    expect(new URLSearchParams(router.state.location.search).get('tab')).toBe('why');
    const why = await screen.findByRole('region', { name: 'Why this value: person.name.firstName' });
    expect(within(why).getByText(/most recent update/)).toBeTruthy();
    const winner = within(why).getByRole('article', { name: 'Winner: CRM Customers' });
    expect(within(winner).getByText('Robert')).toBeTruthy();
    expect(within(winner).getByText('CRMID CRM-00000001')).toBeTruthy();
    const loser = within(why).getByRole('article', { name: 'Candidate 2: Loyalty Members' });
    expect(within(loser).getByText('Bob')).toBeTruthy();
  });

  it('re-renders everything under another merge policy, which is in the URL', async () => {
    const api = withProfile();
    const { user, router } = renderApp(`${PROFILE_URL}?tab=why&path=person.name.firstName`);
    const why = await screen.findByRole('region', { name: 'Why this value: person.name.firstName' });
    expect(within(why).getByRole('article', { name: 'Winner: CRM Customers' })).toBeTruthy();
    await user.click(screen.getByRole('combobox', { name: 'Merge policy' }));
    await user.click(await screen.findByRole('option', { name: /Loyalty first/ }));
    expect(new URLSearchParams(router.state.location.search).get('mergePolicyId')).toBe(LOYALTY_FIRST.id);
    expect(await screen.findByRole('heading', { level: 1, name: 'Bob Tanaka' })).toBeTruthy();
    const after = screen.getByRole('region', { name: 'Why this value: person.name.firstName' });
    const winner = within(after).getByRole('article', { name: 'Winner: Loyalty Members' });
    expect(within(winner).getByText('ranked 1 of 2')).toBeTruthy();
    expect(profileCalls(api).at(-1)?.query.get('mergePolicyId')).toBe(LOYALTY_FIRST.id);
    // The lookup is remembered with the profile's name under that policy.
    expect(recentLookups()[0]).toMatchObject({ namespace: 'Email', id: EMAIL, mergePolicyId: LOYALTY_FIRST.id, label: 'Bob Tanaka' });
  });

  it('draws the identity graph with nodes per identity and lists it as a table', async () => {
    withProfile();
    const { user } = renderApp(`${PROFILE_URL}?tab=identities`);
    const graph = await screen.findByRole('group', { name: 'Identity graph: 4 identities, 4 links' });
    const center = within(graph).getByRole('button', { name: `Email ${EMAIL} (looked up), 3 links` });
    expect(center.getAttribute('aria-pressed')).toBe('true');
    await user.click(within(graph).getByRole('button', { name: 'CRMID CRM-00000001, 2 links' }));
    const details = screen.getByRole('region', { name: 'Selected identity' });
    expect(within(details).getByText(/by CRM Customers/)).toBeTruthy();
    expect(within(details).getByText(/by Loyalty Members/)).toBeTruthy();
    expect(within(details).getByRole('link', { name: 'Look up by this identity' }).getAttribute('href')).toBe('/prod/profiles/CRMID/CRM-00000001');
    expect(screen.getByText('4 of at most 50 identities · 4 links')).toBeTruthy();
    expect(screen.queryByText(/close to the limit/)).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Table' }));
    const table = screen.getByRole('table', { name: 'Identities' });
    expect(within(table).getAllByRole('row')).toHaveLength(5);
    expect(within(table).getByText('51706620261510000000000000214666227111')).toBeTruthy();
  });

  it('warns when the identity graph is close to the 50-identity limit', async () => {
    withProfile(() => {
      const map = person0();
      const entity = map[XID.email];
      const many = Array.from({ length: 45 }, (_, i) => ({ xid: `XECID${i}`, namespace: 'ECID', id: String(10n ** 37n + BigInt(i)) }));
      entity.graph = {
        identities: [...entity.graph!.identities, ...many],
        links: [...entity.graph!.links, ...many.map((m) => ({ from: XID.email, to: m.xid, datasetId: DATASETS[2].id, batchId: 'b'.repeat(32), createdAt: NOW }))],
      };
      return { body: map };
    });
    renderApp(`${PROFILE_URL}?tab=identities`);
    expect(await screen.findByText(/links 49 identities, close to the limit of 50/)).toBeTruthy();
  });

  it('shows each fragment per dataset with its ingest time and JSON', async () => {
    withProfile();
    const { user } = renderApp(`${PROFILE_URL}?tab=fragments`);
    const crm = await screen.findByRole('region', { name: 'CRM Customers' });
    const fragment = within(crm).getByRole('button', { name: 'Fragment of CRMID CRM-00000001 in CRM Customers' });
    expect(within(fragment).getByText(/Ingested/)).toBeTruthy();
    await user.click(fragment);
    expect(JSON.parse(screen.getByLabelText('Fragment 1 JSON').textContent ?? '')).toMatchObject({ _id: 'crm-0' });
    expect(screen.getByRole('region', { name: 'Loyalty Members' })).toBeTruthy();
  });

  it('asks for the events newest first, with the page size from the URL', async () => {
    const api = withProfile();
    const { user, router } = renderApp(`${PROFILE_URL}?tab=events&limit=10`);
    await screen.findByText('Showing 7 events, newest first · all loaded');
    const first = api.callsTo(getEntities).find((c) => c.query.get('schema.name') === '_xdm.context.experienceevent')!;
    expect(first.query.get('orderby')).toBe('-timestamp');
    expect(first.query.get('relatedEntityId')).toBe(EMAIL);
    expect(first.query.get('relatedEntityIdNS')).toBe('Email');
    expect(first.query.get('relatedSchema.name')).toBe('_xdm.context.profile');
    expect(first.query.get('limit')).toBe('10');

    await user.click(screen.getByRole('combobox', { name: 'Events per page' }));
    await user.click(await screen.findByRole('option', { name: '50' }));
    expect(new URLSearchParams(router.state.location.search).get('limit')).toBe('50');
    await waitFor(() => expect(api.callsTo(getEntities).at(-1)?.query.get('limit')).toBe('50'));
  });

  it('follows _links.next.href for the next page', async () => {
    const api = withProfile();
    const { user } = renderApp(`${PROFILE_URL}?tab=events`);
    await screen.findByText(/Showing 7 events/);
    // Shrink the service's pages to 3 to page.
    api.on(getEntities, (req) => {
      if (req.query.get('schema.name') !== '_xdm.context.experienceevent') return { body: person0() };
      const q = new URLSearchParams(req.query);
      if (!q.get('start')) q.set('limit', '3');
      return events({ ...req, query: q });
    });
    await user.click(screen.getByRole('button', { name: 'Last 120 days' }));
    await screen.findByText('Showing 3 events, newest first · more available');
    await user.click(screen.getByRole('button', { name: 'Load older events' }));
    await screen.findByText('Showing 6 events, newest first · more available');
    const next = api.callsTo(getEntities).at(-1)!;
    expect(next.query.get('start')).toBe('web-3');
    expect(next.query.get('startTime')).not.toBeNull();
    await user.click(screen.getByRole('button', { name: 'Load older events' }));
    await screen.findByText('Showing 7 events, newest first · all loaded');
    expect(screen.getByText('No more events.')).toBeTruthy();
    const events7 = within(screen.getByRole('list', { name: 'Events' }));
    await user.click(events7.getAllByRole('button', { expanded: false })[0]);
    expect(JSON.parse(screen.getByLabelText('Event web-0 JSON').textContent ?? '')).toMatchObject({ _id: 'web-0' });
  });

  it('sends property filters and shows the AEP message when one is refused', async () => {
    const api = withProfile();
    const { user, router } = renderApp(`${PROFILE_URL}?tab=events`);
    await screen.findByText(/Showing 7 events/);
    api.on(getEntities, (req) =>
      req.query.get('schema.name') === '_xdm.context.experienceevent'
        ? { status: 400, body: entitiesError(400, 'property: "commerce.order.priceTotal>x" is not supported'), headers: { 'x-request-id': 'req-events' } }
        : { body: person0() },
    );
    await user.click(screen.getByRole('button', { name: 'Add property filter' }));
    await user.type(screen.getByRole('combobox', { name: 'Property 1 path' }), 'commerce.order.priceTotal');
    await user.click(screen.getByRole('combobox', { name: 'Operator' }));
    await user.click(await screen.findByRole('option', { name: '>' }));
    await user.type(screen.getByRole('textbox', { name: 'Property 1 value' }), 'x');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    expect(new URLSearchParams(router.state.location.search).getAll('prop')).toEqual(['commerce.order.priceTotal>x']);
    expect(await screen.findByText(/is not supported/)).toBeTruthy();
    expect(screen.getByText('req-events')).toBeTruthy();
    expect(api.callsTo(getEntities).at(-1)?.query.getAll('property')).toEqual(['commerce.order.priceTotal>x']);
  });

  it('reads well when there is no profile (404), with the request id and other policies to try', async () => {
    withProfile(() => ({ status: 404, body: entitiesError(404, 'No profile found for entityId "nobody@example.org" in namespace Email'), headers: { 'x-request-id': 'req-404' } }));
    renderApp('/prod/profiles/Email/nobody@example.org');
    expect(await screen.findByRole('heading', { name: 'No profile for Email “nobody@example.org”' })).toBeTruthy();
    expect(screen.getByText('req-404')).toBeTruthy();
    expect(await screen.findByRole('button', { name: 'Try Loyalty first' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Look up another identity' }).getAttribute('href')).toBe('/prod/profiles');
  });

  it('explains "Too many related identities" (422) and offers a policy that does not stitch', async () => {
    const api = withProfile(({ query }) =>
      query.get('mergePolicyId') === NO_STITCHING.id
        ? { body: person0() }
        : {
            status: 422,
            body: entitiesError(422, 'Too many related identities', 'The identity graph links 57 identities; profiles above 50 are excluded from lookups'),
            headers: { 'x-request-id': 'req-422' },
          },
    );
    const { user } = renderApp(PROFILE_URL);
    expect(await screen.findByText('Too many related identities')).toBeTruthy();
    expect(screen.getByText(/links 57 identities/)).toBeTruthy();
    expect(screen.getByText('req-422')).toBeTruthy();
    await user.click(await screen.findByRole('button', { name: 'Use Single identity' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Robert Tanaka' })).toBeTruthy();
    expect(profileCalls(api).at(-1)?.query.get('mergePolicyId')).toBe(NO_STITCHING.id);
  });

  it('renders profile values as text, never as HTML', async () => {
    withProfile(() => {
      const map = person0();
      (map[XID.email].entity.person as { name: { firstName: string } }).name.firstName = '<img src=x onerror=alert(1)>';
      return { body: map };
    });
    const { container } = renderApp(PROFILE_URL);
    expect((await screen.findAllByText('<img src=x onerror=alert(1)>')).length).toBeGreaterThan(0);
    expect(container.querySelector('img')).toBeNull();
  });
});

/** The recent lookups of the test org's prod sandbox, read outside React. */
function recentLookups() {
  const raw = localStorage.getItem(`profile-console:recent-lookups:${ORG_ID}:prod`);
  return raw ? (JSON.parse(raw) as RecentLookup[]) : [];
}

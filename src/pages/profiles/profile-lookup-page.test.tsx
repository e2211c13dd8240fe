import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { listBatches, listDatasets } from '../../../contracts/catalog.ts';
import { getEntities } from '../../../contracts/entities.ts';
import { listNamespaces } from '../../../contracts/identity.ts';
import { listSampleProfiles } from '../../../contracts/local-profiles.ts';
import { listMergePolicies } from '../../../contracts/merge-policies.ts';
import { addRecentLookup } from '../../features/profiles/recent-lookups.ts';
import { DATASETS, DEFAULT_POLICY, LOYALTY_FIRST, NAMESPACES, person0, policyList, sampleProfiles, CRM, LOYALTY } from '../../features/profiles/test-fixtures.ts';
import { batchMap, datasetMap, ORG_ID, problem } from '../../testing/fixtures.ts';
import { mockService, renderApp } from '../../testing/render.tsx';

function withLookup(sample: 'missing' | 'ok' = 'missing') {
  const api = mockService()
    .on(listNamespaces, { body: NAMESPACES })
    .on(listMergePolicies, { body: policyList() })
    .on(listDatasets, { body: datasetMap(DATASETS), headers: { 'x-total-count': String(DATASETS.length) } })
    .on(listBatches, { body: batchMap([]), headers: { 'x-total-count': '0' } })
    .on(getEntities, ({ query }) => ({ body: person0(query.get('mergePolicyId') ?? undefined) }));
  if (sample === 'missing') api.on(listSampleProfiles, { status: 404, body: problem(404, 'No route for GET /_local/profiles/sample', 'req-browse') });
  else
    api.on(listSampleProfiles, ({ query }) => ({
      body: sampleProfiles(
        [
          {
            entityId: 'XZW1haWwAcm9iZXJ0',
            identity: { namespace: 'Email', id: 'robert.tanaka0@example.org' },
            identities: [
              { namespace: 'Email', id: 'robert.tanaka0@example.org' },
              { namespace: 'CRMID', id: 'CRM-00000001' },
            ],
            identityCount: 7,
            displayName: query.get('mergePolicyId') === LOYALTY_FIRST.id ? 'Bob Tanaka' : 'Robert Tanaka',
            sources: [CRM.id, LOYALTY.id],
            lastModifiedAt: '2026-11-29T10:00:00Z',
          },
        ],
        Number(query.get('seed') ?? 0),
        query.get('mergePolicyId') ?? DEFAULT_POLICY.id,
      ),
    }));
  return api;
}

const identityBox = () => screen.getByRole('textbox', { name: 'Identity value' }) as HTMLInputElement;
const namespaceField = () => screen.getByRole('combobox', { name: 'Namespace' });

describe('Profile lookup page', () => {
  it('is the first area of the navigation', async () => {
    withLookup();
    renderApp('/prod/profiles');
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    const first = within(nav).getAllByRole('link')[0];
    expect(first.textContent).toBe('Profiles');
    expect(first.getAttribute('aria-current')).toBe('page');
  });

  it('suggests the namespace from the shape of the value, and lets it be changed', async () => {
    withLookup();
    const { user } = renderApp('/prod/profiles');
    await waitFor(() => expect(namespaceField().getAttribute('aria-disabled')).toBeNull());
    const cases: [string, string, RegExp][] = [
      ['robert.tanaka0@example.org', 'Email', /^Suggested: looks like an email address$/],
      ['+15550000000', 'Phone', /^Suggested: looks like a phone number$/],
      ['51706620261510000000000000214666227111', 'ECID', /^Suggested: looks like an ECID/],
      ['CRM-00000001', 'CRMID', /^Suggested: starts with CRM$/],
      ['4F3C2A10-1B2C-4D5E-8F90-0A1B2C3D4E5F', 'IDFA', /^Suggested: looks like an Apple advertising id$/],
    ];
    for (const [value, code, reason] of cases) {
      await user.clear(identityBox());
      await user.paste(value);
      expect(namespaceField().textContent).toBe(code);
      expect(screen.getByText(reason)).toBeTruthy();
    }
    // A manual choice wins over the suggestion, which stays one click away.
    await user.clear(identityBox());
    await user.paste('robert.tanaka0@example.org');
    await user.click(namespaceField());
    await user.click(await screen.findByRole('option', { name: /Email_LC_SHA256/ }));
    expect(namespaceField().textContent).toBe('Email_LC_SHA256');
    await user.click(screen.getByRole('button', { name: 'Use Email' }));
    expect(namespaceField().textContent).toBe('Email');
  });

  it('asks for a namespace when the value has no recognisable shape', async () => {
    withLookup();
    const { user, router } = renderApp('/prod/profiles');
    await waitFor(() => expect(namespaceField().getAttribute('aria-disabled')).toBeNull());
    await user.type(identityBox(), 'zzz');
    await user.click(screen.getByRole('button', { name: 'Look up' }));
    expect(screen.getByText('Pick the namespace of this value')).toBeTruthy();
    expect(router.state.location.pathname).toBe('/prod/profiles');
  });

  it('opens the profile URL with the namespace, the value and the default policy', async () => {
    withLookup();
    const { user, router } = renderApp('/prod/profiles');
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Merge policy' }).textContent).toBe('Default Timebased (default)'));
    await user.type(identityBox(), 'robert.tanaka0@example.org{Enter}');
    await waitFor(() => expect(router.state.location.pathname).toBe('/prod/profiles/Email/robert.tanaka0@example.org'));
    expect(router.state.location.search).toBe(`?mergePolicyId=${DEFAULT_POLICY.id}`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Robert Tanaka' })).toBeTruthy();
  });

  it('keeps the chosen merge policy in the URL and passes it on', async () => {
    withLookup();
    const { user, router } = renderApp(`/prod/profiles?mergePolicyId=${LOYALTY_FIRST.id}`);
    const policy = await screen.findByRole('combobox', { name: 'Merge policy' });
    await waitFor(() => expect(policy.textContent).toBe('Loyalty first'));
    await user.click(policy);
    await user.click(await screen.findByRole('option', { name: /Default Timebased/ }));
    expect(router.state.location.search).toBe('');
    await user.click(screen.getByRole('combobox', { name: 'Merge policy' }));
    await user.click(await screen.findByRole('option', { name: /Loyalty first/ }));
    expect(router.state.location.search).toBe(`?mergePolicyId=${LOYALTY_FIRST.id}`);
    await user.type(identityBox(), 'CRM-00000001{Enter}');
    await waitFor(() => expect(router.state.location.pathname).toBe('/prod/profiles/CRMID/CRM-00000001'));
    expect(router.state.location.search).toBe(`?mergePolicyId=${LOYALTY_FIRST.id}`);
  });

  it('lists recent lookups of this sandbox and learns the namespace of their shape', async () => {
    withLookup();
    addRecentLookup(ORG_ID, 'prod', { namespace: 'loyaltyId', id: 'NWR-000000001', label: 'Bob Tanaka' }, Date.now() - 60_000);
    addRecentLookup(ORG_ID, 'dev', { namespace: 'Email', id: 'dev@example.org' });
    const { user } = renderApp('/prod/profiles');
    const list = await screen.findByRole('list', { name: 'Recent lookups' });
    const link = within(list).getByRole('link', { name: /Bob Tanaka/ });
    expect(link.getAttribute('href')).toBe('/prod/profiles/loyaltyId/NWR-000000001');
    expect(within(list).queryByText(/dev@example.org/)).toBeNull();
    await waitFor(() => expect(namespaceField().getAttribute('aria-disabled')).toBeNull());
    await user.type(identityBox(), 'NWR-000000042');
    expect(namespaceField().textContent).toBe('loyaltyId');
    expect(screen.getByText(/shaped like your earlier lookup NWR-000000001/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Clear' }));
    expect(screen.getByText(/No lookups yet/)).toBeTruthy();
  });

  it('explains when the service cannot list a sample of profiles, and asks only once', async () => {
    const api = withLookup('missing');
    const { user } = renderApp('/prod/profiles');
    expect(await screen.findByText('Browsing is not available from this service')).toBeTruthy();
    expect(screen.getByText('req-browse')).toBeTruthy();
    await user.click(screen.getByRole('combobox', { name: 'Merge policy' }));
    await user.click(await screen.findByRole('option', { name: /Loyalty first/ }));
    expect(screen.getByText('Browsing is not available from this service')).toBeTruthy();
    expect(api.callsTo(listSampleProfiles)).toHaveLength(1);
  });

  it('browses a sample of profiles for the chosen policy, with another sample on demand', async () => {
    const api = withLookup('ok');
    const { user, router } = renderApp(`/prod/profiles?mergePolicyId=${LOYALTY_FIRST.id}`);
    const table = await screen.findByRole('table', { name: 'Sample profiles' });
    const link = await within(table).findByRole('link', { name: 'Bob Tanaka' });
    expect(link.getAttribute('href')).toBe(`/prod/profiles/Email/robert.tanaka0@example.org?mergePolicyId=${LOYALTY_FIRST.id}`);
    expect(within(table).getByText('CRM Customers, Loyalty Members')).toBeTruthy();
    expect(api.callsTo(listSampleProfiles)[0].query.get('mergePolicyId')).toBe(LOYALTY_FIRST.id);
    await user.click(screen.getByRole('button', { name: 'Another sample' }));
    expect(new URLSearchParams(router.state.location.search).get('seed')).toBe('1');
    await waitFor(() => expect(api.callsTo(listSampleProfiles).at(-1)?.query.get('seed')).toBe('1'));
  });

  it('focuses the search box with "/" unless typing, and opens the lookup page from elsewhere', async () => {
    withLookup();
    const { router } = renderApp('/prod/datasets');
    await screen.findByRole('heading', { level: 1, name: 'Datasets' });
    fireEvent.keyDown(document.body, { key: '/' });
    await waitFor(() => expect(router.state.location.pathname).toBe('/prod/profiles'));
    await waitFor(() => expect(document.activeElement).toBe(identityBox()));
    // From a button the shortcut moves focus; in a text field "/" is typed as usual.
    const button = screen.getByRole('button', { name: 'Look up' });
    button.focus();
    expect(fireEvent.keyDown(button, { key: '/' })).toBe(false);
    expect(document.activeElement).toBe(identityBox());
    const other = document.createElement('input');
    document.body.appendChild(other);
    other.focus();
    expect(fireEvent.keyDown(other, { key: '/' })).toBe(true);
    expect(document.activeElement).toBe(other);
    other.remove();
  });
});

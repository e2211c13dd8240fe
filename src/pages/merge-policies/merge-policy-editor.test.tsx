import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { listDatasets } from '../../../contracts/catalog.ts';
import { listNamespaces } from '../../../contracts/identity.ts';
import { getConsoleConfig, getDatasetStats } from '../../../contracts/local.ts';
import {
  createMergePolicy,
  getMergePolicy,
  listMergePolicies,
  patchMergePolicy,
  type MergePolicy,
} from '../../../contracts/merge-policies.ts';
import { mergePolicyImpact, previewMergePolicy } from '../../../contracts/merge-policy-preview.ts';
import {
  APP,
  CRM,
  DATASETS,
  DEFAULT_POLICY,
  LOYALTY,
  LOYALTY_FIRST,
  NAMESPACES,
  WEB,
  impact,
  makePolicy,
  policyList,
  robertPreview,
} from '../../features/merge-policies/test-fixtures.ts';
import { datasetMap, makeConfig, problem, stats } from '../../testing/fixtures.ts';
import { mockService, renderApp } from '../../testing/render.tsx';

function service(policies: MergePolicy[] = [DEFAULT_POLICY, LOYALTY_FIRST]) {
  return mockService()
    .on(listMergePolicies, () => ({ body: policyList(policies) }))
    .on(getMergePolicy, ({ params }) => {
      const p = policies.find((x) => x.id === params.mergePolicyId);
      return p
        ? { body: p }
        : { status: 404, body: problem(404, `Merge policy ${params.mergePolicyId} not found`) };
    })
    .on(listDatasets, { body: datasetMap(DATASETS), headers: { 'x-total-count': String(DATASETS.length) } })
    .on(getDatasetStats, {
      body: stats({
        [CRM.id]: { fragments: 1234, events: 0, batches: 1 },
        [LOYALTY.id]: { fragments: 567, events: 0, batches: 1 },
      }),
    })
    .on(listNamespaces, { body: NAMESPACES })
    .on(mergePolicyImpact, { body: impact() })
    .on(previewMergePolicy, { body: robertPreview() });
}

const next = () => screen.getByRole('button', { name: 'Next' });
const stepTitle = () =>
  screen.getByRole('heading', {
    level: 2,
    name: /Configure|Profile datasets|Experience event datasets|Review/,
  });

// A busy machine makes the DataGrid and the longer walks slow in happy-dom.
describe('Merge policy editor: create', { timeout: 60_000 }, () => {
  it('walks the steps, orders datasets with the keyboard, and sends the create body', async () => {
    const created = makePolicy({
      name: 'CRM over loyalty',
      attributeMerge: { type: 'dataSetPrecedence', order: [CRM.id, LOYALTY.id, WEB.id] },
    });
    const api = service().on(createMergePolicy, { body: created });
    const { user, router } = renderApp('/prod/merge-policies/new');
    expect(await screen.findByRole('heading', { level: 1, name: 'Create merge policy' })).toBeTruthy();
    expect(screen.getByText('2 of 5 merge policies in this sandbox')).toBeTruthy();

    // 1. Configure: name required, and unique (case-insensitive).
    await user.click(next());
    expect(await screen.findByText('Give the policy a name')).toBeTruthy();
    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'LOYALTY FIRST');
    expect(
      await screen.findByText('A merge policy named "Loyalty first" already exists in this sandbox'),
    ).toBeTruthy();
    await user.clear(screen.getByRole('textbox', { name: 'Name' }));
    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'CRM over loyalty');
    await user.click(screen.getByRole('radio', { name: /Dataset precedence/ }));
    await user.click(next());

    // 2. Profile datasets: at least one; Profile-enabled Profile datasets only, with their counts.
    expect(stepTitle().textContent).toBe('Profile datasets');
    const available = screen.getByRole('list', { name: /Available Profile datasets/ });
    expect(within(available).getByText('CRM Customers')).toBeTruthy();
    expect(within(available).getByText(/1,234 profile fragments/)).toBeTruthy();
    expect(within(available).queryByText('Web Events')).toBeNull();
    expect(within(available).queryByText('Legacy Import')).toBeNull();
    await user.click(next());
    expect(await screen.findByText('Dataset precedence needs at least one Profile dataset')).toBeTruthy();
    expect(stepTitle().textContent).toBe('Profile datasets');

    await user.click(screen.getByRole('button', { name: 'Include Loyalty Members' }));
    await user.click(screen.getByRole('button', { name: 'Include CRM Customers' }));
    const included = screen.getByRole('list', { name: /Included datasets/ });
    const order = () =>
      within(included)
        .getAllByRole('listitem')
        .map((li) => li.getAttribute('data-dataset-id'));
    expect(order()).toEqual([LOYALTY.id, CRM.id]);
    await user.click(screen.getByRole('button', { name: 'Move CRM Customers up' }));
    expect(order()).toEqual([CRM.id, LOYALTY.id]);
    expect(screen.getByRole('status').textContent).toBe('CRM Customers moved to position 1 of 2');
    // Alt+↓ on a focused dataset moves it too.
    const crmItem = within(included).getByRole('listitem', { name: 'CRM Customers, priority 1 of 2' });
    crmItem.focus();
    fireEvent.keyDown(crmItem, { key: 'ArrowDown', altKey: true });
    expect(order()).toEqual([LOYALTY.id, CRM.id]);
    fireEvent.keyDown(within(included).getByRole('listitem', { name: 'CRM Customers, priority 2 of 2' }), {
      key: 'ArrowUp',
      altKey: true,
    });
    expect(order()).toEqual([CRM.id, LOYALTY.id]);
    await user.click(next());

    // 3. Experience event datasets: every one until one is excluded; then the included ones are listed.
    expect(stepTitle().textContent).toBe('Experience event datasets');
    expect((screen.getByRole('switch', { name: 'Include Web Events' }) as HTMLInputElement).checked).toBe(
      true,
    );
    expect(screen.queryByRole('switch', { name: 'Include Legacy Import' })).toBeNull();
    await user.click(screen.getByRole('switch', { name: 'Include Mobile App Events' }));
    expect(
      (screen.getByRole('switch', { name: 'Include Mobile App Events' }) as HTMLInputElement).checked,
    ).toBe(false);
    await user.click(next());

    // 4. Review: the diff against the default, the JSON that will be sent, the preview.
    expect(stepTitle().textContent).toBe('Review');
    const diff = screen.getByRole('table', { name: 'New policy and the default policy' });
    const precedenceRow = within(diff)
      .getByRole('rowheader', { name: /Attribute merge/ })
      .closest('tr')!;
    expect(precedenceRow.getAttribute('data-changed')).toBe('true');
    expect(within(diff).getByText(/1\. CRM Customers\s+2\. Loyalty Members/)).toBeTruthy();
    const eventsRow = within(diff)
      .getByRole('rowheader', { name: /Event datasets/ })
      .closest('tr')!;
    expect(eventsRow.getAttribute('data-changed')).toBe('true');
    expect(within(eventsRow).getByText('All Profile-enabled event datasets')).toBeTruthy();
    expect(within(eventsRow).getByText('Web Events')).toBeTruthy();
    const json = screen.getByLabelText('POST /data/core/ups/config/mergePolicies');
    expect(JSON.parse(json.textContent ?? '')).toEqual({
      name: 'CRM over loyalty',
      schema: { name: '_xdm.context.profile' },
      identityGraph: { type: 'pdg' },
      attributeMerge: { type: 'dataSetPrecedence', order: [CRM.id, LOYALTY.id, WEB.id] },
      isActiveOnEdge: false,
      default: false,
    });
    await screen.findByText('Attributes that change most');
    expect(api.callsTo(mergePolicyImpact)[0].body).toEqual({
      policy: {
        identityGraph: { type: 'pdg' },
        attributeMerge: { type: 'dataSetPrecedence', order: [CRM.id, LOYALTY.id, WEB.id] },
      },
      sampleSize: 10_000,
    });

    await user.click(screen.getByRole('button', { name: 'Create policy' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/prod/merge-policies'));
    expect(api.callsTo(createMergePolicy)[0].body).toEqual(JSON.parse(json.textContent ?? ''));
    expect(await screen.findByText('Saved merge policy “CRM over loyalty”.')).toBeTruthy();
  });

  it('shows the API’s refusal inline and keeps the draft', async () => {
    service().on(createMergePolicy, {
      status: 400,
      body: problem(
        400,
        `attributeMerge.order[0]: dataset ${CRM.id} ("CRM Customers") is not enabled for Profile (tags.unifiedProfile enabled:true)`,
        'req-42',
      ),
    });
    const { user, router } = renderApp('/prod/merge-policies/new');
    await user.type(await screen.findByRole('textbox', { name: 'Name' }), 'CRM only');
    await user.click(screen.getByRole('radio', { name: /Dataset precedence/ }));
    await user.click(screen.getByRole('tab', { name: 'Review' }));
    expect(stepTitle().textContent).toBe('Review');
    // Jumping ahead validates the steps passed over.
    expect(
      screen.getByText(/Fix these before saving: Dataset precedence needs at least one Profile dataset/),
    ).toBeTruthy();
    await user.click(screen.getByRole('tab', { name: 'Profile datasets' }));
    await user.click(screen.getByRole('button', { name: 'Include CRM Customers' }));
    await user.click(screen.getByRole('tab', { name: 'Review' }));
    await user.click(screen.getByRole('button', { name: 'Create policy' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('Could not create the policy')).toBeTruthy();
    expect(within(alert).getByText(/is not enabled for Profile/)).toBeTruthy();
    expect(within(alert).getByText('req-42')).toBeTruthy();
    expect(router.state.location.pathname).toBe('/prod/merge-policies/new');
  });

  it('refuses a sixth policy and a second policy active on edge before sending', async () => {
    const onEdge = makePolicy({ name: 'Edge', isActiveOnEdge: true });
    const five = [
      DEFAULT_POLICY,
      LOYALTY_FIRST,
      onEdge,
      makePolicy({ name: 'Four' }),
      makePolicy({ name: 'Five' }),
    ];
    const api = service(five);
    const { user } = renderApp('/prod/merge-policies/new');
    expect(
      await screen.findByText(
        'This sandbox already has 5 of 5 merge policies: delete one before creating another',
      ),
    ).toBeTruthy();
    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'Six');
    await user.click(screen.getByRole('switch', { name: 'Active on edge' }));
    expect(
      await screen.findByText(
        '"Edge" is already active on edge, and a sandbox has only one: turn it off there first',
      ),
    ).toBeTruthy();
    await user.click(screen.getByRole('tab', { name: 'Review' }));
    expect((screen.getByRole('button', { name: 'Create policy' }) as HTMLButtonElement).disabled).toBe(true);
    expect(api.callsTo(createMergePolicy)).toHaveLength(0);
  });

  it('asks before leaving with unsaved changes', async () => {
    service();
    const { user, router } = renderApp('/prod/merge-policies/new');
    await user.type(await screen.findByRole('textbox', { name: 'Name' }), 'Half done');
    await user.click(screen.getByRole('link', { name: 'Merge policies', current: false }));
    const dialog = await screen.findByRole('dialog', { name: 'Discard unsaved changes?' });
    await user.click(within(dialog).getByRole('button', { name: 'Keep editing' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(router.state.location.pathname).toBe('/prod/merge-policies/new');
    expect((screen.getByRole('textbox', { name: 'Name' }) as HTMLInputElement).value).toBe('Half done');
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    await user.click(
      within(await screen.findByRole('dialog', { name: 'Discard unsaved changes?' })).getByRole('button', {
        name: 'Discard changes',
      }),
    );
    await waitFor(() => expect(router.state.location.pathname).toBe('/prod/merge-policies'));
  });
});

describe('Merge policy editor: edit', { timeout: 60_000 }, () => {
  it('sends only the changes, with the loaded version as a precondition', async () => {
    const policies = [DEFAULT_POLICY, LOYALTY_FIRST];
    const api = service(policies).on(patchMergePolicy, {
      body: {
        ...LOYALTY_FIRST,
        version: 4,
        attributeMerge: { type: 'dataSetPrecedence', order: [CRM.id, LOYALTY.id] },
      },
    });
    const { user, router } = renderApp(`/prod/merge-policies/${LOYALTY_FIRST.id}`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Loyalty first' })).toBeTruthy();
    await user.click(screen.getByRole('tab', { name: 'Profile datasets' }));
    await user.click(await screen.findByRole('button', { name: 'Move CRM Customers up' }));
    await user.click(screen.getByRole('tab', { name: 'Review' }));
    const diff = screen.getByRole('table', { name: 'Changes against the saved version' });
    const changed = within(diff)
      .getAllByRole('row')
      .filter((r) => r.getAttribute('data-changed') === 'true')
      .map((r) => within(r).getByRole('rowheader').textContent);
    expect(changed).toEqual(['Profile datasetsChanged']);
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/prod/merge-policies'));
    expect(api.callsTo(patchMergePolicy)[0].body).toEqual([
      { op: 'add', path: '/version', value: 3 },
      { op: 'add', path: '/attributeMerge.order', value: [CRM.id, LOYALTY.id] },
    ]);
  });

  it('reads event datasets out of the order and patches the order when one is included', async () => {
    const webOnly = makePolicy({
      name: 'Web events only',
      attributeMerge: { type: 'dataSetPrecedence', order: [LOYALTY.id, WEB.id, CRM.id] },
    });
    const api = service([DEFAULT_POLICY, webOnly]).on(patchMergePolicy, { body: { ...webOnly, version: 2 } });
    const { user } = renderApp(`/prod/merge-policies/${webOnly.id}`);
    await user.click(await screen.findByRole('tab', { name: 'Profile datasets' }));
    const included = await screen.findByRole('list', { name: /Included datasets/ });
    expect(
      within(included)
        .getAllByRole('listitem')
        .map((li) => li.getAttribute('data-dataset-id')),
    ).toEqual([LOYALTY.id, CRM.id]);
    await user.click(screen.getByRole('tab', { name: 'Event datasets' }));
    expect(
      (screen.getByRole('radio', { name: /Only the event datasets included below/ }) as HTMLInputElement)
        .checked,
    ).toBe(true);
    expect((screen.getByRole('switch', { name: 'Include Web Events' }) as HTMLInputElement).checked).toBe(
      true,
    );
    await user.click(screen.getByRole('switch', { name: 'Include Mobile App Events' }));
    await user.click(screen.getByRole('tab', { name: 'Review' }));
    const diff = screen.getByRole('table', { name: 'Changes against the saved version' });
    const changed = within(diff)
      .getAllByRole('row')
      .filter((r) => r.getAttribute('data-changed') === 'true')
      .map((r) => within(r).getByRole('rowheader').textContent);
    expect(changed).toEqual(['Event datasetsChanged']);
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(api.callsTo(patchMergePolicy)).toHaveLength(1));
    expect(api.callsTo(patchMergePolicy)[0].body).toEqual([
      { op: 'add', path: '/version', value: 1 },
      { op: 'add', path: '/attributeMerge.order', value: [LOYALTY.id, CRM.id, WEB.id, APP.id] },
    ]);
  });

  it('a concurrent change: the save is refused, shown, and the latest version can be reloaded', async () => {
    const policies = [DEFAULT_POLICY, LOYALTY_FIRST];
    const api = service(policies).on(patchMergePolicy, () => {
      // Someone else saved version 4 meanwhile (identity stitching off).
      policies[1] = { ...LOYALTY_FIRST, version: 4, identityGraph: { type: 'none' } };
      return {
        status: 409,
        body: problem(
          409,
          'Operation 0: version 3 does not match the current version 4 (the policy changed meanwhile)',
        ),
      };
    });
    const { user } = renderApp(`/prod/merge-policies/${LOYALTY_FIRST.id}`);
    await user.clear(await screen.findByRole('textbox', { name: 'Name' }));
    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'Loyalty wins');
    await user.click(screen.getByRole('tab', { name: 'Review' }));
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText(/version 3 does not match the current version 4/)).toBeTruthy();
    expect(await screen.findByText('Someone else changed this policy')).toBeTruthy();
    expect(screen.getByText(/You opened version 3; the saved policy is now version 4/)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Save changes' }) as HTMLButtonElement).disabled).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Show their changes' }));
    const theirs = screen.getByRole('table', { name: 'Their changes' });
    expect(
      within(theirs)
        .getByRole('rowheader', { name: /Identity stitching/ })
        .closest('tr')!
        .getAttribute('data-changed'),
    ).toBe('true');
    await user.click(screen.getByRole('button', { name: 'Reload latest' }));
    await waitFor(() => expect(screen.queryByText('Someone else changed this policy')).toBeNull());
    expect((screen.getByRole('textbox', { name: 'Name' }) as HTMLInputElement).value).toBe('Loyalty first');
    expect(screen.getByText(/Version 4/)).toBeTruthy();
    expect(api.callsTo(patchMergePolicy)).toHaveLength(1);
  });

  it('flags a dataset of the order that no longer exists', async () => {
    const gone = makePolicy({
      name: 'Old order',
      attributeMerge: { type: 'dataSetPrecedence', order: ['f'.repeat(24), CRM.id] },
    });
    service([DEFAULT_POLICY, gone]);
    const { user } = renderApp(`/prod/merge-policies/${gone.id}`);
    await user.click(await screen.findByRole('tab', { name: 'Profile datasets' }));
    expect(await screen.findByText('This dataset no longer exists in the sandbox')).toBeTruthy();
    await user.click(screen.getByRole('tab', { name: 'Review' }));
    expect(
      screen.getByText(
        /ffffffffffffffffffffffff: This dataset no longer exists in the sandbox\. Remove it from the order\./,
      ),
    ).toBeTruthy();
    await user.click(screen.getByRole('tab', { name: 'Profile datasets' }));
    await user.click(screen.getByRole('button', { name: `Exclude ${'f'.repeat(24)}` }));
    await user.click(screen.getByRole('tab', { name: 'Review' }));
    expect(screen.queryByText(/Fix these before saving/)).toBeNull();
  });
});

describe('What-if preview', { timeout: 60_000 }, () => {
  it('previews typed identities with the differences highlighted and why each value wins', async () => {
    const api = service();
    const { user } = renderApp(`/prod/merge-policies/${LOYALTY_FIRST.id}`);
    await user.click(await screen.findByRole('tab', { name: 'Review' }));
    const figures = await screen.findByRole('list', { name: 'Attributes that change most' });
    expect(within(figures).getByText('person.name.firstName')).toBeTruthy();
    expect(screen.getByText('10.2 %')).toBeTruthy();
    expect(screen.getAllByText('180,784')).toHaveLength(2);
    expect(screen.getByText(/A sample of 10,000 of 444,611 identities/)).toBeTruthy();

    await user.type(screen.getByRole('textbox', { name: 'Identity value' }), 'robert@example.com');
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    const table = await screen.findByRole('table', { name: 'Attributes of Email: robert@example.com' });
    const row = within(table)
      .getByRole('rowheader', { name: /person\.name\.firstName/ })
      .closest('tr')!;
    expect(row.getAttribute('data-changed')).toBe('true');
    expect(within(row).getByText('Bob')).toBeTruthy();
    expect(within(row).getByText('Robert')).toBeTruthy();
    expect(within(row).getByText('(differs)')).toBeTruthy();
    await user.click(within(row).getByRole('button', { name: 'Why this value: person.name.firstName' }));
    expect(await screen.findByText('Why: dataset ranked 1 of 2 in the merge policy order')).toBeTruthy();
    expect(screen.getAllByText(/from Loyalty Members/).length).toBeGreaterThan(0);
    expect(api.callsTo(previewMergePolicy)[0].body).toEqual({
      policy: {
        identityGraph: { type: 'pdg' },
        attributeMerge: { type: 'dataSetPrecedence', order: [LOYALTY.id, CRM.id] },
      },
      baseline: { mergePolicyId: LOYALTY_FIRST.id },
      identities: [{ namespace: 'Email', id: 'robert@example.com' }],
    });
  });

  it('explains that the preview is unavailable when connected to AEP', async () => {
    const api = service().on(getConsoleConfig, { body: makeConfig({ mode: 'aep' }) });
    const { user } = renderApp(`/prod/merge-policies/${LOYALTY_FIRST.id}`);
    await user.click(await screen.findByRole('tab', { name: 'Review' }));
    expect(await screen.findByText('What-if preview is not available here')).toBeTruthy();
    expect(api.callsTo(mergePolicyImpact)).toHaveLength(0);
    expect(api.callsTo(getDatasetStats)).toHaveLength(0);
  });

  it('explains it too when the service answers 501', async () => {
    service().on(mergePolicyImpact, {
      status: 501,
      body: problem(501, 'POST /_local/merge-policies/impact is available in local mode only'),
    });
    const { user } = renderApp(`/prod/merge-policies/${LOYALTY_FIRST.id}`);
    await user.click(await screen.findByRole('tab', { name: 'Review' }));
    expect(await screen.findByText('What-if preview is not available here')).toBeTruthy();
  });
});

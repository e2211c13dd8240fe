import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import {
  deleteMergePolicy,
  listMergePolicies,
  patchMergePolicy,
  type MergePolicy,
} from '../../../contracts/merge-policies.ts';
import {
  DEFAULT_POLICY,
  LOYALTY_FIRST,
  makePolicy,
  policyList,
} from '../../features/merge-policies/test-fixtures.ts';
import { problem } from '../../testing/fixtures.ts';
import { mockService, renderApp } from '../../testing/render.tsx';

function service(policies: MergePolicy[]) {
  return mockService().on(listMergePolicies, ({ query }) => {
    const stitching = query.get('identityGraph.type');
    const merge = query.get('attributeMerge.type');
    const rows = policies.filter(
      (p) =>
        (!stitching || p.identityGraph.type === stitching) && (!merge || p.attributeMerge.type === merge),
    );
    return { body: policyList(rows) };
  });
}

const row = (grid: HTMLElement, name: string) =>
  within(grid).getByRole('link', { name }).closest('[role="row"]') as HTMLElement;

// A busy machine makes the DataGrid and the longer walks slow in happy-dom.
describe('Merge policies page', { timeout: 60_000 }, () => {
  it('lists the policies with their settings, the n-of-5 limit, and sorts on the server', async () => {
    const onEdge = makePolicy({
      name: 'Edge profile',
      identityGraph: { type: 'none' },
      isActiveOnEdge: true,
      version: 7,
    });
    const api = service([DEFAULT_POLICY, LOYALTY_FIRST, onEdge]);
    const { user, router } = renderApp('/prod/merge-policies');
    const grid = await screen.findByRole('grid', { name: 'Merge policies' });
    await within(grid).findByRole('link', { name: 'Loyalty first' });
    expect(screen.getByText(/· 3 of 5 policies/)).toBeTruthy();
    const defaultRow = row(grid, 'Default Timebased');
    expect(within(defaultRow).getByText('Private graph')).toBeTruthy();
    expect(within(defaultRow).getByText('Timestamp ordered')).toBeTruthy();
    expect(within(defaultRow).getByText('Default')).toBeTruthy();
    const loyaltyRow = row(grid, 'Loyalty first');
    expect(within(loyaltyRow).getByText('Dataset precedence')).toBeTruthy();
    expect(within(loyaltyRow).getByText('3')).toBeTruthy();
    const edgeRow = row(grid, 'Edge profile');
    expect(within(edgeRow).getByText('None')).toBeTruthy();
    expect(within(edgeRow).getByText('On edge')).toBeTruthy();
    const first = api.callsTo(listMergePolicies).find((c) => c.query.get('limit') === '25')!;
    expect(first.query.get('orderBy')).toBe('name');
    expect(first.query.get('start')).toBeNull();

    await user.click(within(grid).getByText('Version'));
    await waitFor(() => expect(router.state.location.search).toBe('?sort=asc%3Aversion'));
    await waitFor(() => expect(api.callsTo(listMergePolicies).at(-1)?.query.get('orderBy')).toBe('version'));
    await user.click(within(grid).getByText('Version'));
    await waitFor(() => expect(api.callsTo(listMergePolicies).at(-1)?.query.get('orderBy')).toBe('-version'));
  });

  it('takes the filters from the URL and sends them to the API', async () => {
    const api = service([DEFAULT_POLICY, LOYALTY_FIRST]);
    renderApp('/prod/merge-policies?merge=dataSetPrecedence&stitching=pdg');
    const grid = await screen.findByRole('grid', { name: 'Merge policies' });
    await within(grid).findByRole('link', { name: 'Loyalty first' });
    expect(within(grid).queryByRole('link', { name: 'Default Timebased' })).toBeNull();
    const call = api.callsTo(listMergePolicies).find((c) => c.query.get('limit') === '25')!;
    expect(call.query.get('attributeMerge.type')).toBe('dataSetPrecedence');
    expect(call.query.get('identityGraph.type')).toBe('pdg');
    expect(screen.getByRole('button', { name: 'Clear filters' })).toBeTruthy();
  });

  it('sets a policy as default after explaining what changes, with the version as a precondition', async () => {
    const api = service([DEFAULT_POLICY, LOYALTY_FIRST]).on(patchMergePolicy, {
      body: { ...LOYALTY_FIRST, default: true, version: 4 },
    });
    const { user } = renderApp('/prod/merge-policies');
    const grid = await screen.findByRole('grid', { name: 'Merge policies' });
    await user.click(await within(grid).findByRole('button', { name: 'Actions for Loyalty first' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Set as default' }));
    const dialog = await screen.findByRole('dialog', { name: 'Make “Loyalty first” the default?' });
    expect(dialog.textContent).toMatch(
      /instead of “Default Timebased”, which stays as a policy but is no longer the default/,
    );
    expect(dialog.textContent).toMatch(/Profile counts can change/);
    await user.click(within(dialog).getByRole('button', { name: 'Make default' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.callsTo(patchMergePolicy)[0].body).toEqual([
      { op: 'add', path: '/version', value: 3 },
      { op: 'add', path: '/default', value: true },
    ]);
  });

  it('refuses to delete the active-on-edge and the default policy, with the reason; deletes others after typed confirmation', async () => {
    const onEdge = makePolicy({ name: 'Edge profile', isActiveOnEdge: true });
    const api = service([DEFAULT_POLICY, LOYALTY_FIRST, onEdge]).on(deleteMergePolicy, { status: 200 });
    const { user } = renderApp('/prod/merge-policies');
    const grid = await screen.findByRole('grid', { name: 'Merge policies' });

    await user.click(await within(grid).findByRole('button', { name: 'Actions for Edge profile' }));
    let item = await screen.findByRole('menuitem', { name: /^Delete/ });
    expect(item.getAttribute('aria-disabled')).toBe('true');
    expect(item.textContent).toMatch(/Active on edge: deactivate it on edge before deleting it/);
    await user.keyboard('{Escape}');

    await user.click(within(grid).getByRole('button', { name: 'Actions for Default Timebased' }));
    item = await screen.findByRole('menuitem', { name: /^Delete/ });
    expect(item.getAttribute('aria-disabled')).toBe('true');
    expect(item.textContent).toMatch(/make another policy the default first/);
    await user.keyboard('{Escape}');

    await user.click(within(grid).getByRole('button', { name: 'Actions for Loyalty first' }));
    await user.click(await screen.findByRole('menuitem', { name: /^Delete/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete “Loyalty first”?' });
    const submit = within(dialog).getByRole('button', { name: 'Delete policy' }) as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    await user.type(
      within(dialog).getByRole('textbox', { name: 'Type Loyalty first to confirm' }),
      'Loyalty first',
    );
    await user.click(submit);
    await waitFor(() => expect(api.callsTo(deleteMergePolicy)).toHaveLength(1));
    expect(api.callsTo(deleteMergePolicy)[0].params.mergePolicyId).toBe(LOYALTY_FIRST.id);
  });

  it('shows an API refusal in the dialog', async () => {
    service([DEFAULT_POLICY, LOYALTY_FIRST]).on(patchMergePolicy, {
      status: 409,
      body: problem(
        409,
        'Operation 0: version 3 does not match the current version 4 (the policy changed meanwhile)',
      ),
    });
    const { user } = renderApp('/prod/merge-policies');
    const grid = await screen.findByRole('grid', { name: 'Merge policies' });
    await user.click(await within(grid).findByRole('button', { name: 'Actions for Loyalty first' }));
    await user.click(await screen.findByRole('menuitem', { name: /^Activate on edge/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Activate “Loyalty first” on edge?' });
    await user.click(within(dialog).getByRole('button', { name: 'Activate' }));
    expect(await within(dialog).findByText(/does not match the current version 4/)).toBeTruthy();
  });

  it('at 5 of 5 policies, creating and duplicating are refused with the reason', async () => {
    const five = [
      DEFAULT_POLICY,
      LOYALTY_FIRST,
      makePolicy({ name: 'Three' }),
      makePolicy({ name: 'Four' }),
      makePolicy({ name: 'Five' }),
    ];
    service(five);
    const { user } = renderApp('/prod/merge-policies');
    expect(await screen.findByText(/This sandbox has 5 of 5 merge policies/)).toBeTruthy();
    const create = screen.getAllByRole('link', { name: 'Create merge policy' })[0];
    expect(create.getAttribute('aria-disabled')).toBe('true');
    const grid = screen.getByRole('grid', { name: 'Merge policies' });
    await user.click(await within(grid).findByRole('button', { name: 'Actions for Three' }));
    const duplicate = await screen.findByRole('menuitem', { name: /^Duplicate/ });
    expect(duplicate.getAttribute('aria-disabled')).toBe('true');
    expect(duplicate.textContent).toMatch(/5 of 5/);
  });
});

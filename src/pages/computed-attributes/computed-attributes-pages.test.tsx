import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import {
  createComputedAttribute,
  getComputedAttribute,
  getComputedAttributeSummary,
  listComputedAttributes,
  listEventFields,
  patchComputedAttribute,
  validateExpression,
  type ComputedAttribute,
  type ValidationResult,
} from '../../../contracts/computed-attributes.ts';
import { mockService, renderApp } from '../../testing/render.tsx';

const SUM = 'xEvent[eventType = "commerce.purchases" and timestamp occurs <= 7 days before now].sum(commerce.order.priceTotal)';

function attribute(overrides: Partial<ComputedAttribute> = {}): ComputedAttribute {
  return {
    id: '3456fccc-0d33-4a05-97c4-76c10dd1134c',
    type: 'ComputedAttribute',
    name: 'totalSpend7d',
    displayName: 'Total spend, last 7 days',
    description: '',
    imsOrgId: 'D3M0C0FFEE0000000000A1B2@AdobeOrg',
    sandbox: { sandboxId: 's1', sandboxName: 'prod', type: 'production', isDefault: true },
    path: '_northwind/ComputedAttributes',
    positionPath: ['_northwind', 'ComputedAttributes'],
    keepCurrent: false,
    expression: { type: 'PQL', format: 'pql/text', value: SUM },
    mergeFunction: { value: 'SUM' },
    status: 'PROCESSED',
    schema: { name: '_xdm.context.profile' },
    duration: { count: 7, unit: 'DAYS' },
    returnSchema: { 'meta:xdmType': 'number' },
    lastEvaluationTs: '2026-11-29T07:32:02.000',
    createEpoch: 1_795_000_000_000,
    updateEpoch: 1_795_000_000_000,
    createdBy: 'profile-console',
    evaluation: { job: null, nextEvaluationEpoch: null, lastRun: null, error: null },
    ...overrides,
  };
}

const list = (items: ComputedAttribute[]) => ({
  _links: { self: { href: '/attributes?offset=0&limit=20' } },
  computedAttributes: items,
  _page: { offset: 0, limit: 20, count: items.length, totalCount: items.length },
});

const FIELDS = {
  fields: [
    { path: 'eventType', types: ['string' as const], example: 'commerce.purchases' },
    { path: 'commerce.order.priceTotal', types: ['number' as const], example: 263 },
  ],
  scannedEvents: 10,
  totalEvents: 10,
  complete: true,
};

describe('Computed attributes pages', () => {
  it('lists attributes with status, function, lookback and filters in the URL', async () => {
    const api = mockService().on(listComputedAttributes, { body: list([attribute(), attribute({ id: 'b', name: 'draftOne', displayName: 'Draft one', status: 'DRAFT', lastEvaluationTs: '' })]) });
    const { user, router } = renderApp('/prod/computed-attributes');
    const grid = await screen.findByRole('grid', { name: 'Computed attributes' });
    const row = (await within(grid).findByRole('link', { name: 'Total spend, last 7 days' })).closest('[role="row"]') as HTMLElement;
    expect(within(row).getByText('Processed')).toBeTruthy();
    expect(within(row).getByText('Sum')).toBeTruthy();
    expect(within(row).getByText('7 days')).toBeTruthy();
    const draft = within(grid).getByRole('link', { name: 'Draft one' }).closest('[role="row"]') as HTMLElement;
    expect(within(draft).getByText('Not yet')).toBeTruthy();
    expect(api.callsTo(listComputedAttributes)[0].query.get('sortBy')).toBe('-updateEpoch');

    await user.click(screen.getByRole('combobox', { name: 'Status' }));
    await user.click(await screen.findByRole('option', { name: 'Published' }));
    await waitFor(() => expect(router.state.location.search).toBe('?status=published'));
    await waitFor(() => expect(api.callsTo(listComputedAttributes).at(-1)!.query.getAll('property')).toEqual(['status=contains(new,initializing,processing,processed)']));
  });

  it('builds the PQL from the rows, shows the parser’s verdict and publishes', { timeout: 60_000 }, async () => {
    const created = attribute({ status: 'NEW', lastEvaluationTs: '' });
    const api = mockService()
      .on(listEventFields, { body: FIELDS })
      .on(validateExpression, ({ body }) => {
        const expression = (body as { expression: string }).expression;
        const verdict: ValidationResult =
          expression === SUM
            ? { valid: true, function: 'sum', mergeFunction: 'SUM', returnSchema: { 'meta:xdmType': 'number' }, fields: ['eventType', 'commerce.order.priceTotal'], canonical: SUM }
            : { valid: false, message: 'Invalid expression: Expected a value at column 20', position: { offset: 19, line: 1, column: 20 }, expected: ['a number'] };
        return { body: verdict };
      })
      .on(createComputedAttribute, { body: created })
      .on(getComputedAttribute, { body: created });
    const { user, router } = renderApp('/prod/computed-attributes/new');
    await user.click(await screen.findByRole('textbox', { name: 'Display name' }));
    await user.paste('Total spend 7d');
    expect((screen.getByRole('textbox', { name: 'Name' }) as HTMLInputElement).value).toBe('totalSpend7d');
    await user.click(screen.getByRole('combobox', { name: 'Event field' }));
    await user.click(await screen.findByRole('option', { name: /commerce\.order\.priceTotal/ }));
    await user.click(screen.getByRole('button', { name: 'Add condition' }));
    const row = screen.getByRole('group', { name: 'Condition 1' });
    await user.click(within(row).getByRole('combobox', { name: 'Field' }));
    await user.click(await screen.findByRole('option', { name: /^eventType/ }));
    await user.click(within(row).getByRole('textbox', { name: 'Value' }));
    await user.paste('commerce.purchases');
    await waitFor(() => expect((screen.getByRole('textbox', { name: 'PQL expression' }) as HTMLTextAreaElement).value).toBe(SUM));
    expect(await screen.findByText(/Valid · Sum returning number/)).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Publish' }));
    const dialog = await screen.findByRole('dialog', { name: 'Publish this computed attribute?' });
    await user.click(within(dialog).getByRole('button', { name: 'Publish' }));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/prod/computed-attributes/${created.id}`));
    expect(api.callsTo(createComputedAttribute)[0].body).toEqual({
      name: 'totalSpend7d',
      displayName: 'Total spend 7d',
      description: '',
      expression: { type: 'PQL', format: 'pql/text', value: SUM },
      keepCurrent: false,
      duration: { count: 7, unit: 'DAYS' },
      status: 'NEW',
    });
  });

  it('shows an invalid hand-written expression with the position', async () => {
    mockService()
      .on(listEventFields, { body: FIELDS })
      .on(validateExpression, { body: { valid: false, message: 'Invalid expression: Expected a value at column 20', position: { offset: 19, line: 1, column: 20 }, expected: ['a number'] } });
    const { user } = renderApp('/prod/computed-attributes/new');
    await user.click(await screen.findByLabelText('Edit by hand'));
    const pql = screen.getByRole('textbox', { name: 'PQL expression' });
    await user.clear(pql);
    await user.paste('xEvent[eventType = ].count()');
    expect(await screen.findByText('Expected a value at column 20')).toBeTruthy();
    expect(screen.getByLabelText('Position: line 1, column 20').textContent).toContain('^');
    expect((screen.getByRole('button', { name: 'Publish' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows a processed attribute’s evaluation and disables it after typing its name', async () => {
    const a = attribute({ evaluation: { job: null, nextEvaluationEpoch: 1_795_100_000_000, lastRun: { fromEpoch: 1, toEpoch: 2, eventsEvaluated: 243, profilesWithValue: 64, durationMs: 100 }, error: null } });
    const api = mockService()
      .on(getComputedAttribute, { body: a })
      .on(getComputedAttributeSummary, {
        body: { profilesWithValue: 64, distribution: { kind: 'numeric', min: 29, max: 880, buckets: [{ from: 29, to: 99, count: 19 }] }, samples: [{ entityId: 'x', namespace: 'Email', id: 'jonathan@example.org', value: 880 }], asOf: a.lastEvaluationTs },
      })
      .on(patchComputedAttribute, { body: { ...a, status: 'DISABLED' } });
    const { user } = renderApp(`/prod/computed-attributes/${a.id}`);
    expect(await screen.findByText(/243 events evaluated, 64 profiles with a value/)).toBeTruthy();
    expect(await screen.findByRole('link', { name: 'jonathan@example.org' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Disable' }));
    const dialog = await screen.findByRole('dialog', { name: /Disable/ });
    const confirm = within(dialog).getByRole('button', { name: 'Disable' }) as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    await user.type(within(dialog).getByRole('textbox'), 'totalSpend7d');
    await user.click(confirm);
    await waitFor(() => expect(api.callsTo(patchComputedAttribute)[0]?.body).toEqual({ status: 'DISABLED' }));
  });
});

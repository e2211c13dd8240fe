import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import { datasetId } from '../../../testing/fixtures.ts';
import { mockService, renderWithProviders } from '../../../testing/render.tsx';
import type { PolicyDataset } from '../api/requests.ts';
import { emptyDraft, splitOrder, type PolicyDraft } from '../model.ts';
import { EventDatasetsStep } from './event-datasets-step.tsx';

const ds = (
  n: number,
  name: string,
  datasetClass: PolicyDataset['datasetClass'],
  profileEnabled = true,
): PolicyDataset => ({
  id: datasetId(n),
  name,
  datasetClass,
  profileEnabled,
  lastBatchId: undefined,
  lastBatchStatus: undefined,
  updated: 0,
});
const CRM = ds(1, 'CRM Customers', 'profile');
const WEB = ds(3, 'Web Events', 'experienceevent');
const APP = ds(4, 'Mobile App Events', 'experienceevent');
const RAW = ds(5, 'Raw Clickstream', 'experienceevent', false);
const DATASETS = [CRM, WEB, APP, RAW];
const TENANT = { orgId: 'org', sandbox: 'prod' };

/** The step with the editor's wiring: included event datasets go after the ranked Profile datasets. */
function Harness({
  initial,
  datasets = DATASETS,
  error,
}: {
  initial: Partial<PolicyDraft>;
  datasets?: PolicyDataset[];
  error?: string;
}) {
  const [draft, setDraft] = useState<PolicyDraft>({ ...emptyDraft(), name: 'p', ...initial });
  const { records, events } = splitOrder(draft.order, datasets);
  return (
    <>
      <EventDatasetsStep
        tenant={TENANT}
        draft={draft}
        included={events}
        datasets={datasets}
        counts={{ [WEB.id]: { fragments: 0, events: 1234, batches: 1 } }}
        onChange={(included) => setDraft((d) => ({ ...d, order: [...records, ...included] }))}
        onUsePrecedence={() => setDraft((d) => ({ ...d, attributeMerge: 'dataSetPrecedence' }))}
        error={error}
      />
      <pre data-testid="order">{JSON.stringify(draft.order)}</pre>
    </>
  );
}

const order = () => JSON.parse(screen.getByTestId('order').textContent ?? '[]') as string[];
const toggle = (name: string) => screen.getByRole('switch', { name: `Include ${name}` }) as HTMLInputElement;

describe('Experience event datasets step', () => {
  it('dataset precedence: every event dataset by default; excluding one writes the others into the order', async () => {
    mockService();
    const { user } = renderWithProviders(
      <Harness initial={{ attributeMerge: 'dataSetPrecedence', order: [CRM.id] }} />,
    );
    expect(
      (screen.getByRole('radio', { name: /Every Profile-enabled event dataset/ }) as HTMLInputElement)
        .checked,
    ).toBe(true);
    expect(toggle('Web Events').checked).toBe(true);
    expect(toggle('Mobile App Events').checked).toBe(true);
    expect(screen.getByText(/1,234 events/)).toBeTruthy();
    // Not enabled for Profile: listed apart, no toggle.
    expect(screen.queryByRole('switch', { name: 'Include Raw Clickstream' })).toBeNull();
    expect(screen.getByRole('heading', { name: 'Not enabled for Profile (1)' })).toBeTruthy();
    const listed = screen.getByRole('list', { name: /Profile-enabled event datasets \(2 of 2 included\)/ });
    expect(within(listed).queryByText('Raw Clickstream')).toBeNull();

    await user.click(toggle('Mobile App Events'));
    expect(order()).toEqual([CRM.id, WEB.id]);
    expect(
      (screen.getByRole('radio', { name: /Only the event datasets included below/ }) as HTMLInputElement)
        .checked,
    ).toBe(true);
    expect(toggle('Mobile App Events').checked).toBe(false);
    expect(screen.getByText('Excluded: its events are not part of the profile')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe(
      'Mobile App Events excluded; events come from 1 of 2 event datasets',
    );
    // The last included dataset stays on: no dataset at all would read as "every dataset".
    expect(toggle('Web Events').disabled).toBe(true);

    await user.click(toggle('Mobile App Events'));
    expect(order()).toEqual([CRM.id, WEB.id, APP.id]);
    await user.click(screen.getByRole('radio', { name: /Every Profile-enabled event dataset/ }));
    expect(order()).toEqual([CRM.id]);
  });

  it('is keyboard-operable: Tab to a toggle and Space flips it', async () => {
    mockService();
    const { user } = renderWithProviders(
      <Harness initial={{ attributeMerge: 'dataSetPrecedence', order: [CRM.id] }} />,
    );
    toggle('Web Events').focus();
    await user.tab();
    expect(document.activeElement).toBe(toggle('Mobile App Events'));
    await user.keyboard(' ');
    expect(order()).toEqual([CRM.id, WEB.id]);
    await user.keyboard(' ');
    expect(order()).toEqual([CRM.id, WEB.id, APP.id]);
  });

  it('an included dataset that is no longer enabled for Profile is flagged and can be excluded', async () => {
    mockService();
    const { user } = renderWithProviders(
      <Harness
        initial={{ attributeMerge: 'dataSetPrecedence', order: [CRM.id, RAW.id] }}
        error="Raw Clickstream: This dataset is no longer enabled for Profile. Exclude it."
      />,
    );
    expect(screen.getByText('This dataset is no longer enabled for Profile: exclude it')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toMatch(/Exclude it\./);
    await user.click(toggle('Raw Clickstream'));
    expect(order()).toEqual([CRM.id]);
  });

  it('timestamp ordering: explains that every event dataset contributes, and offers dataset precedence', async () => {
    mockService();
    const { user } = renderWithProviders(
      <Harness initial={{ attributeMerge: 'timestampOrdered', order: [] }} />,
    );
    expect(screen.getByText(/every Profile-enabled event dataset contributes its events/)).toBeTruthy();
    expect(screen.queryByRole('switch')).toBeNull();
    expect(screen.getByText('Web Events')).toBeTruthy();
    expect(screen.getAllByText('Included (every event dataset)')).toHaveLength(2);
    await user.click(screen.getByRole('button', { name: 'Use dataset precedence' }));
    expect(toggle('Web Events').checked).toBe(true);
  });

  it('says so when the sandbox has no event datasets', () => {
    mockService();
    renderWithProviders(
      <Harness initial={{ attributeMerge: 'dataSetPrecedence', order: [CRM.id] }} datasets={[CRM]} />,
    );
    expect(screen.getByText('This sandbox has no experience event datasets.')).toBeTruthy();
  });
});

import { describe, expect, it } from 'vitest';
import type { PolicyDataset } from './api/requests.ts';
import { configRows, emptyDraft, splitOrder, validateDraft, type PolicyDraft } from './model.ts';

const ds = (
  id: string,
  datasetClass: PolicyDataset['datasetClass'],
  profileEnabled = true,
): PolicyDataset => ({
  id,
  name: `Dataset ${id}`,
  datasetClass,
  profileEnabled,
  lastBatchId: undefined,
  lastBatchStatus: undefined,
  updated: 0,
});
const events = Array.from({ length: 51 }, (_, i) => ds(`ee-${i}`, 'experienceevent'));
const DATASETS = [
  ds('crm', 'profile'),
  ds('loyalty', 'profile'),
  ds('ee-off', 'experienceevent', false),
  ...events,
];
const draft = (order: string[]): PolicyDraft => ({
  ...emptyDraft(),
  name: 'p',
  attributeMerge: 'dataSetPrecedence',
  order,
});
const validate = (order: string[]) => validateDraft(draft(order), { policies: [], datasets: DATASETS });

describe('event datasets in the order (the API’s rules)', () => {
  it('splits the order into ranked Profile datasets and included event datasets', () => {
    expect(splitOrder(['ee-1', 'crm', 'ee-0', 'loyalty'], DATASETS)).toEqual({
      records: ['crm', 'loyalty'],
      events: ['ee-1', 'ee-0'],
    });
    // while datasets load every id reads as a Profile dataset
    expect(splitOrder(['ee-1', 'crm'], undefined)).toEqual({ records: ['ee-1', 'crm'], events: [] });
  });

  it('accepts Profile-enabled event datasets next to at least one Profile dataset', () => {
    expect(validate(['crm', 'ee-0', 'ee-1'])).toEqual({});
    expect(validate(['crm', ...events.slice(0, 50).map((d) => d.id)])).toEqual({});
  });

  it('refuses what the API refuses, on the step that can fix it', () => {
    expect(validate(['ee-0'])).toEqual({ order: 'Dataset precedence needs at least one Profile dataset' });
    expect(validate(['crm', 'ee-off'])).toEqual({
      eventDatasets: 'Dataset ee-off: This dataset is no longer enabled for Profile. Exclude it.',
    });
    expect(validate(['crm', ...events.map((d) => d.id)])).toEqual({
      eventDatasets: 'At most 50 event datasets can be included',
    });
  });

  it('shows the included event datasets in the comparison, or that every one is included', () => {
    const row = (a: PolicyDraft, b: PolicyDraft) =>
      configRows(a, b, DATASETS).find((r) => r.label === 'Event datasets')!;
    expect(row(draft(['crm']), draft(['crm', 'ee-0', 'ee-1']))).toEqual({
      label: 'Event datasets',
      a: 'All Profile-enabled event datasets',
      b: 'Dataset ee-0\nDataset ee-1',
      changed: true,
    });
    // timestamp ordering ignores a kept order: every event dataset
    expect(
      row({ ...draft(['crm', 'ee-0']), attributeMerge: 'timestampOrdered' }, draft(['crm'])).changed,
    ).toBe(false);
  });
});

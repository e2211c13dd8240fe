import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { listDatasets } from '../../../contracts/catalog.ts';
import { getDatasetStats } from '../../../contracts/local.ts';
import { datasetId, datasetMap, makeDataset, stats } from '../../testing/fixtures.ts';
import { mockService, renderApp } from '../../testing/render.tsx';

const crm = makeDataset({ id: datasetId(1), name: 'CRM Customers', tags: { unifiedProfile: ['enabled:true', 'isUpsert:true'] }, lastBatchStatus: 'success' });
const web = makeDataset({ id: datasetId(2), name: 'Web Events', class: 'experienceevent', lastBatchStatus: 'failed' });

describe('Datasets page', () => {
  it('lists the datasets of the sandbox with their counts', async () => {
    const api = mockService()
      .on(listDatasets, { body: datasetMap([crm, web]), headers: { 'x-total-count': '2' } })
      .on(getDatasetStats, { body: stats({ [crm.id]: { fragments: 1234, events: 0, batches: 2 } }) });
    renderApp('/prod/datasets');
    const grid = await screen.findByRole('grid', { name: 'Datasets' });
    expect(await within(grid).findByRole('link', { name: 'CRM Customers' })).toBeTruthy();
    expect(within(grid).getByText('Web Events')).toBeTruthy();
    expect(within(grid).getByText('1,234')).toBeTruthy();
    expect(within(grid).getByText('ExperienceEvent')).toBeTruthy();
    const call = api.callsTo(listDatasets)[0];
    expect(call.headers.get('x-sandbox-name')).toBe('prod');
    expect(call.query.get('orderBy')).toBe('desc:created');
    expect(call.query.get('limit')).toBe('25');
  });
});

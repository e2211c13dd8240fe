import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { createDataset, getDataset, listBatches, listDatasets } from '../../../contracts/catalog.ts';
import { EVENT_SCHEMA_ID, PROFILE_SCHEMA_ID } from '../../../contracts/common.ts';
import { getDatasetStats } from '../../../contracts/local.ts';
import { batchMap, datasetId, datasetMap, makeDataset, problem, stats } from '../../testing/fixtures.ts';
import { mockService, renderApp } from '../../testing/render.tsx';

const crm = makeDataset({
  id: datasetId(1),
  name: 'CRM Customers',
  tags: { unifiedProfile: ['enabled:true', 'isUpsert:true'] },
  lastBatchStatus: 'success',
});
const web = makeDataset({
  id: datasetId(2),
  name: 'Web Events',
  class: 'experienceevent',
  lastBatchStatus: 'failed',
});

function withList(rows = [crm, web], total = rows.length) {
  return mockService().on(listDatasets, {
    body: datasetMap(rows),
    headers: { 'x-total-count': String(total) },
  });
}

describe('Datasets page', () => {
  it('lists the datasets of the sandbox with their flags, counts and last batch', async () => {
    const api = withList().on(getDatasetStats, {
      body: stats({
        [crm.id]: { fragments: 1234, events: 0, batches: 2 },
        [web.id]: { fragments: 0, events: 98, batches: 1 },
      }),
    });
    renderApp('/prod/datasets');
    const grid = await screen.findByRole('grid', { name: 'Datasets' });
    expect(await within(grid).findByRole('link', { name: 'CRM Customers' })).toBeTruthy();
    const crmRow = within(grid)
      .getByRole('link', { name: 'CRM Customers' })
      .closest('[role="row"]') as HTMLElement;
    expect(within(crmRow).getByText('Profile')).toBeTruthy();
    expect(within(crmRow).getByText('Enabled')).toBeTruthy();
    expect(within(crmRow).getByText('On')).toBeTruthy();
    expect(within(crmRow).getByText('1,234')).toBeTruthy();
    expect(within(crmRow).getByText('Success')).toBeTruthy();
    const webRow = within(grid)
      .getByRole('link', { name: 'Web Events' })
      .closest('[role="row"]') as HTMLElement;
    expect(within(webRow).getByText('ExperienceEvent')).toBeTruthy();
    expect(within(webRow).getByText('Failed')).toBeTruthy();
    expect(within(webRow).getByText('98')).toBeTruthy();
    expect(screen.getByText(/· 2 datasets/)).toBeTruthy();
    const call = api.callsTo(listDatasets)[0];
    expect(call.headers.get('x-sandbox-name')).toBe('prod');
    expect(call.query.get('orderBy')).toBe('desc:created');
    expect(call.query.get('limit')).toBe('25');
    expect(call.query.get('start')).toBe('0');
  });

  it('takes paging, sort and filters from the URL', async () => {
    const api = withList([crm], 61);
    renderApp('/prod/datasets?page=3&size=10&sort=asc:name&q=crm&class=profile');
    await screen.findByRole('grid', { name: 'Datasets' });
    const call = api.callsTo(listDatasets)[0];
    expect(call.query.get('start')).toBe('20');
    expect(call.query.get('limit')).toBe('10');
    expect(call.query.get('orderBy')).toBe('asc:name');
    expect(call.query.getAll('property')).toEqual(['name~crm', `schemaRef.id==${PROFILE_SCHEMA_ID}`]);
    expect((screen.getByRole('searchbox', { name: 'Filter by name' }) as HTMLInputElement).value).toBe('crm');
    expect(await screen.findByText('21–30 of 61')).toBeTruthy();
  });

  it('writes the name and class filters to the URL and resets the page', async () => {
    const api = withList();
    const { router, user } = renderApp('/prod/datasets?page=2');
    await screen.findByRole('grid', { name: 'Datasets' });
    await user.type(screen.getByRole('searchbox', { name: 'Filter by name' }), 'web');
    await waitFor(() => expect(router.state.location.search).toBe('?q=web'));
    await waitFor(() =>
      expect(api.callsTo(listDatasets).at(-1)?.query.getAll('property')).toEqual(['name~web']),
    );
    await user.click(screen.getByRole('combobox', { name: 'Class' }));
    await user.click(await screen.findByRole('option', { name: 'ExperienceEvent' }));
    await waitFor(() => expect(router.state.location.search).toBe('?q=web&class=experienceevent'));
    await waitFor(() =>
      expect(api.callsTo(listDatasets).at(-1)?.query.getAll('property')).toEqual([
        'name~web',
        `schemaRef.id==${EVENT_SCHEMA_ID}`,
      ]),
    );
  });

  it('sorts by name on the server', async () => {
    const api = withList();
    const { router, user } = renderApp('/prod/datasets');
    const grid = await screen.findByRole('grid', { name: 'Datasets' });
    await user.click(within(grid).getByText('Name'));
    await waitFor(() => expect(router.state.location.search).toBe('?sort=asc%3Aname'));
    await waitFor(() => expect(api.callsTo(listDatasets).at(-1)?.query.get('orderBy')).toBe('asc:name'));
  });

  it('shows an empty state with a way forward', async () => {
    withList([]);
    renderApp('/prod/datasets');
    expect(await screen.findByText('No datasets in this sandbox yet')).toBeTruthy();
    expect(screen.getAllByRole('button', { name: 'Create dataset' })).toHaveLength(2);
  });

  it('shows a filtered empty state that clears the filters', async () => {
    withList([]);
    const { router, user } = renderApp('/prod/datasets?q=zzz');
    expect(await screen.findByText('No datasets match these filters')).toBeTruthy();
    await user.click(screen.getAllByRole('button', { name: 'Clear filters' })[0]);
    await waitFor(() => expect(router.state.location.search).toBe(''));
  });

  it('shows the AEP error with its request id, and retries', async () => {
    const api = mockService().on(listDatasets, {
      status: 400,
      body: problem(400, 'Unsupported property filter "x"', 'req-list-1'),
    });
    const { user } = renderApp('/prod/datasets');
    expect(await screen.findByText('Could not load the datasets')).toBeTruthy();
    expect(screen.getByText('Unsupported property filter "x"')).toBeTruthy();
    expect(screen.getByText('req-list-1')).toBeTruthy();
    api.on(listDatasets, { body: datasetMap([crm]), headers: { 'x-total-count': '1' } });
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('link', { name: 'CRM Customers' })).toBeTruthy();
  });

  it('renders dataset names as text, never as HTML', async () => {
    const evil = makeDataset({ id: datasetId(66), name: '<img src=x onerror=alert(1)>' });
    withList([evil]);
    const { container } = renderApp('/prod/datasets');
    expect(await screen.findByRole('link', { name: '<img src=x onerror=alert(1)>' })).toBeTruthy();
    expect(container.querySelector('img')).toBeNull();
  });
});

describe('Create dataset', () => {
  it('validates the name before sending anything', async () => {
    const api = withList();
    const { user } = renderApp('/prod/datasets');
    await user.click(await screen.findByRole('button', { name: 'Create dataset' }));
    const dialog = await screen.findByRole('dialog', { name: 'Create dataset' });
    await user.type(within(dialog).getByRole('textbox', { name: /Name/ }), '   ');
    await user.click(within(dialog).getByRole('button', { name: 'Create dataset' }));
    expect(within(dialog).getByText('The name must not be empty')).toBeTruthy();
    expect(api.callsTo(createDataset)).toEqual([]);
  });

  it('shows a name that exists (409) on the name field and creates nothing', async () => {
    const api = withList().on(createDataset, {
      status: 409,
      body: problem(409, 'A dataset named "CRM Customers" already exists in this sandbox'),
    });
    const { user } = renderApp('/prod/datasets');
    await user.click(await screen.findByRole('button', { name: 'Create dataset' }));
    const dialog = await screen.findByRole('dialog', { name: 'Create dataset' });
    const name = within(dialog).getByRole('textbox', { name: /Name/ });
    await user.type(name, 'CRM Customers');
    await user.click(within(dialog).getByRole('button', { name: 'Create dataset' }));
    await within(dialog).findByText('A dataset named "CRM Customers" already exists in this sandbox');
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('dialog', { name: 'Create dataset' })).toBeTruthy();
    expect(api.callsTo(createDataset)).toHaveLength(1);
    expect(api.callsTo(listDatasets)).toHaveLength(1);
  });

  it('creates a Profile dataset with upsert and opens it', async () => {
    const created = makeDataset({
      id: datasetId(77),
      name: 'Loyalty',
      tags: { unifiedProfile: ['enabled:true', 'isUpsert:true'] },
    });
    const api = withList()
      .on(createDataset, { status: 201, body: [`@/dataSets/${created.id}`] })
      .on(getDataset, { body: datasetMap([created]) })
      .on(listBatches, { body: batchMap([]), headers: { 'x-total-count': '0' } });
    const { user, router } = renderApp('/prod/datasets');
    await user.click(await screen.findByRole('button', { name: 'Create dataset' }));
    const dialog = await screen.findByRole('dialog', { name: 'Create dataset' });
    await user.type(within(dialog).getByRole('textbox', { name: /Name/ }), '  Loyalty ');
    await user.type(within(dialog).getByRole('textbox', { name: 'Description' }), 'Members');
    await user.click(within(dialog).getByRole('checkbox', { name: /Upsert/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Create dataset' }));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/prod/datasets/${created.id}`));
    expect(api.callsTo(createDataset)[0].body).toEqual({
      name: 'Loyalty',
      description: 'Members',
      schemaRef: { id: PROFILE_SCHEMA_ID, contentType: 'application/vnd.adobe.xed+json;version=1' },
      tags: { unifiedProfile: ['enabled:true', 'isUpsert:true'] },
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Loyalty' })).toBeTruthy();
  });

  it('offers upsert only for Profile-class datasets enabled for Profile', async () => {
    withList();
    const { user } = renderApp('/prod/datasets');
    await user.click(await screen.findByRole('button', { name: 'Create dataset' }));
    const dialog = await screen.findByRole('dialog', { name: 'Create dataset' });
    const upsert = within(dialog).getByRole('checkbox', { name: /Upsert/ }) as HTMLInputElement;
    expect(upsert.disabled).toBe(false);
    await user.click(within(dialog).getByRole('radio', { name: /ExperienceEvent/ }));
    expect(upsert.disabled).toBe(true);
    await user.click(within(dialog).getByRole('radio', { name: /^Profile/ }));
    await user.click(within(dialog).getByRole('checkbox', { name: 'Enable for Profile' }));
    expect(upsert.disabled).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { listBatches, listDatasets } from '../../../contracts/catalog.ts';
import {
  createSystemJob,
  deleteSystemJob,
  getSystemJob,
  listSystemJobs,
  previewDeleteImpact,
  type DeleteImpact,
  type LegacySystemJob,
} from '../../../contracts/system-jobs.ts';
import { ORG_ID, batchId, batchMap, datasetId, datasetMap, makeBatch, makeDataset } from '../../testing/fixtures.ts';
import { mockService, renderApp } from '../../testing/render.tsx';

const crm = makeDataset({ id: datasetId(1), name: 'CRM Customers' });
const loyalty = makeDataset({ id: datasetId(2), name: 'Loyalty Members' });
const web = makeDataset({ id: datasetId(3), name: 'Web Events', class: 'experienceevent' });
const REQUEST_ID = '9c2018e2-cd04-46a4-b38e-89ef7b1fcdf4';
const EPOCH = 1_795_000_000;

function job(overrides: Partial<LegacySystemJob> = {}): LegacySystemJob {
  return {
    id: REQUEST_ID,
    imsOrgId: ORG_ID,
    dataSetId: loyalty.id,
    jobType: 'DELETE',
    status: 'COMPLETED',
    metrics: JSON.stringify({ recordsProcessed: 868, timeTakenInSec: 1.5, fragmentsDeleted: 868, graphsSplit: 293, startEpoch: EPOCH, endEpoch: EPOCH + 2 }),
    createEpoch: EPOCH,
    updateEpoch: EPOCH + 2,
    ...overrides,
  };
}

const impact: DeleteImpact = {
  datasetId: loyalty.id,
  fragments: 868,
  events: 0,
  profilesRemoved: 37,
  profilesReduced: 831,
  graphsAffected: 868,
  graphsSplit: 293,
  identitiesRemoved: 665,
  computedAt: EPOCH * 1000,
};

function service(jobs: LegacySystemJob[] = [job()]) {
  return mockService()
    .on(listDatasets, { body: datasetMap([crm, loyalty, web]) })
    .on(listSystemJobs, { body: { _page: { count: jobs.length }, children: jobs } });
}

describe('Delete requests page', () => {
  it('lists requests by target name with status, records and duration, paged and sorted on the server', async () => {
    const batchJob = job({ id: 'b1b1b1b1-0000-4000-8000-000000000000', dataSetId: undefined, datasetId: web.id, batchId: batchId(7), status: 'PROCESSING', metrics: JSON.stringify({ recordsProcessed: 40, timeTakenInSec: 1, recordsToProcess: 100, startEpoch: EPOCH }) });
    const api = service([batchJob, job()]);
    renderApp('/prod/delete-requests');
    const grid = await screen.findByRole('grid', { name: 'Delete requests' });
    const row = (await within(grid).findByRole('link', { name: 'Loyalty Members' })).closest('[role="row"]') as HTMLElement;
    expect(within(row).getByText('Whole dataset')).toBeTruthy();
    expect(within(row).getByText('Succeeded')).toBeTruthy();
    expect(within(row).getByText('868')).toBeTruthy();
    expect(within(row).getByText('1.5 s')).toBeTruthy();
    const batchRow = within(grid).getByRole('link', { name: 'Web Events' }).closest('[role="row"]') as HTMLElement;
    expect(within(batchRow).getByText(`batch ${batchId(7)}`)).toBeTruthy();
    expect(within(batchRow).getByText('Processing')).toBeTruthy();
    expect(within(batchRow).getByText('40 of 100')).toBeTruthy();
    expect(screen.getByText('Production sandbox')).toBeTruthy();
    const call = api.callsTo(listSystemJobs)[0];
    expect(call.query.get('start')).toBe('0');
    expect(call.query.get('limit')).toBe('25');
    expect(call.query.get('sort')).toBe('createEpoch:desc');
  });

  it('walks through target, impact and typed confirmation, then opens the new request', async () => {
    const api = service([])
      .on(previewDeleteImpact, { body: impact })
      .on(createSystemJob, { body: job({ status: 'NEW', metrics: undefined }) })
      .on(getSystemJob, { body: job({ status: 'NEW', metrics: undefined }) });
    const { user, router } = renderApp('/prod/delete-requests');
    expect(await screen.findByText('No delete requests in this sandbox')).toBeTruthy();
    await user.click(screen.getAllByRole('button', { name: 'New delete request' })[0]);
    const dialog = await screen.findByRole('dialog', { name: 'New delete request' });
    const next = within(dialog).getByRole('button', { name: 'Next' });
    expect((next as HTMLButtonElement).disabled).toBe(true);
    await user.click(within(dialog).getByRole('combobox', { name: 'Dataset' }));
    await user.click(await screen.findByRole('option', { name: /Loyalty Members/ }));
    await user.click(next);

    const figures = await within(dialog).findByLabelText('Impact of the delete request');
    expect(within(figures).getByText('37')).toBeTruthy();
    expect(within(figures).getByText('293')).toBeTruthy();
    expect(api.callsTo(previewDeleteImpact)[0].body).toEqual({ datasetId: loyalty.id });
    await user.click(within(dialog).getByRole('button', { name: 'Next' }));

    expect(within(dialog).getByText('Production sandbox: Production')).toBeTruthy();
    const submit = within(dialog).getByRole('button', { name: 'Delete data' }) as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    await user.type(within(dialog).getByLabelText('Type Loyalty Members to confirm'), 'Loyalty Members');
    expect(submit.disabled).toBe(false);
    await user.click(submit);
    await waitFor(() => expect(router.state.location.pathname).toBe(`/prod/delete-requests/${REQUEST_ID}`));
    expect(api.callsTo(createSystemJob)[0].body).toEqual({ dataSetId: loyalty.id });
    expect(await screen.findByRole('heading', { name: 'Delete Loyalty Members', level: 1 })).toBeTruthy();
  });

  it('offers only experience-event datasets and their batches for a batch delete', async () => {
    const api = service([])
      .on(listBatches, { body: batchMap([makeBatch({ id: batchId(9), datasetId: web.id })]) })
      .on(previewDeleteImpact, { body: { ...impact, datasetId: web.id, batchId: batchId(9), fragments: 0, events: 12 } })
      .on(createSystemJob, { body: job({ dataSetId: undefined, datasetId: web.id, batchId: batchId(9), status: 'NEW', metrics: undefined }) })
      .on(getSystemJob, { body: job({ dataSetId: undefined, datasetId: web.id, batchId: batchId(9), status: 'NEW', metrics: undefined }) });
    const { user } = renderApp('/prod/delete-requests');
    await user.click((await screen.findAllByRole('button', { name: 'New delete request' }))[0]);
    const dialog = await screen.findByRole('dialog', { name: 'New delete request' });
    await user.click(within(dialog).getByRole('radio', { name: 'One batch of an ExperienceEvent dataset' }));
    await user.click(within(dialog).getByRole('combobox', { name: 'Dataset' }));
    expect(screen.queryByRole('option', { name: /CRM Customers/ })).toBeNull();
    await user.click(await screen.findByRole('option', { name: /Web Events/ }));
    await user.click(await within(dialog).findByRole('combobox', { name: 'Batch' }));
    await user.click(await screen.findByRole('option', { name: new RegExp(batchId(9)) }));
    expect(api.callsTo(listBatches)[0].query.get('dataSet')).toBe(web.id);
    await user.click(within(dialog).getByRole('button', { name: 'Next' }));
    await within(dialog).findByLabelText('Impact of the delete request');
    await user.click(within(dialog).getByRole('button', { name: 'Next' }));
    await user.type(within(dialog).getByLabelText('Type Web Events to confirm'), 'Web Events');
    await user.click(within(dialog).getByRole('button', { name: 'Delete data' }));
    await waitFor(() => expect(api.callsTo(createSystemJob)).toHaveLength(1));
    expect(api.callsTo(createSystemJob)[0].body).toEqual({ datasetId: web.id, batchId: batchId(9) });
  });
});

describe('Delete request page', () => {
  it('shows status, timeline and metrics; a processing request cannot be removed', async () => {
    service().on(getSystemJob, {
      body: job({ status: 'PROCESSING', metrics: JSON.stringify({ recordsProcessed: 400, timeTakenInSec: 3, recordsToProcess: 868, startEpoch: EPOCH, phase: 'records' }) }),
    });
    renderApp(`/prod/delete-requests/${REQUEST_ID}`);
    expect(await screen.findByRole('heading', { name: 'Delete Loyalty Members', level: 1 })).toBeTruthy();
    expect(screen.getByText('400 of 868 records deleted')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Remove record' }) as HTMLButtonElement).disabled).toBe(true);
    expect(within(screen.getByRole('region', { name: 'Status' })).getByText('PROCESSING')).toBeTruthy();
  });

  it('removes a finished request record after confirmation and goes back to the list', async () => {
    const api = service().on(getSystemJob, { body: job() }).on(deleteSystemJob, { status: 200 });
    const { user, router } = renderApp(`/prod/delete-requests/${REQUEST_ID}`);
    const metrics = await screen.findByRole('region', { name: 'Metrics' });
    expect(within(metrics).getAllByText('868', { selector: 'dd' })).toHaveLength(2); // records processed, fragments deleted
    expect(within(metrics).getByText('1.5 s')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Remove record' }));
    const dialog = await screen.findByRole('dialog', { name: 'Remove this request record?' });
    await user.click(within(dialog).getByRole('button', { name: 'Remove record' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/prod/delete-requests'));
    expect(api.callsTo(deleteSystemJob)[0].params).toEqual({ id: REQUEST_ID });
  });

  it('says so when the request does not exist', async () => {
    service().on(getSystemJob, { status: 404, body: { requestId: 'r-1', errors: { '404': [{ code: '404', message: `Delete request ${REQUEST_ID} not found` }] } } });
    renderApp(`/prod/delete-requests/${REQUEST_ID}`);
    expect(await screen.findByText('Delete request not found')).toBeTruthy();
  });
});

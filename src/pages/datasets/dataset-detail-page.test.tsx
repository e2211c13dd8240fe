import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { getBatch, getDataset, listBatches, patchDataset } from '../../../contracts/catalog.ts';
import { listFailedRecords } from '../../../contracts/ingestion.ts';
import { getDatasetStats } from '../../../contracts/local.ts';
import {
  batchId,
  batchMap,
  datasetId,
  datasetMap,
  failedRecords,
  makeBatch,
  makeDataset,
  problem,
  stats,
} from '../../testing/fixtures.ts';
import { mockService, renderApp } from '../../testing/render.tsx';

const ds = makeDataset({
  id: datasetId(5),
  name: 'CRM Customers',
  description: 'Nightly CRM export',
  tags: { unifiedProfile: ['enabled:true'], other: ['keep:me'] },
  lastBatchStatus: 'success',
});
const good = makeBatch({
  id: batchId(1),
  datasetId: ds.id,
  status: 'success',
  metrics: { inputRecordCount: 10, outputRecordCount: 10, failedRecordCount: 0 },
  completed: Date.now() - 1000,
});
const partial = makeBatch({
  id: batchId(2),
  datasetId: ds.id,
  status: 'success',
  metrics: { inputRecordCount: 3, outputRecordCount: 2, failedRecordCount: 1, inputByteSize: 178 },
  errors: [{ code: 'NO_IDENTITY', description: 'record has no primary identity', recordCount: 1 }],
  completed: Date.now() - 500,
});

function withDataset(dataset = ds) {
  return mockService()
    .on(getDataset, { body: datasetMap([dataset]) })
    .on(listBatches, { body: batchMap([partial, good]), headers: { 'x-total-count': '2' } })
    .on(getDatasetStats, { body: stats({ [dataset.id]: { fragments: 364, events: 0, batches: 2 } }) });
}

describe('Dataset detail page', () => {
  it('shows the dataset, its Profile settings, counts and batches', async () => {
    const api = withDataset();
    renderApp(`/prod/datasets/${ds.id}`);
    expect(await screen.findByRole('heading', { level: 1, name: 'CRM Customers' })).toBeTruthy();
    expect(screen.getByText('Nightly CRM export')).toBeTruthy();
    expect(screen.getByText(ds.id)).toBeTruthy();
    expect((screen.getByRole('switch', { name: 'Enabled for Profile' }) as HTMLInputElement).checked).toBe(
      true,
    );
    expect((screen.getByRole('switch', { name: 'Upsert' }) as HTMLInputElement).checked).toBe(false);
    expect(await screen.findByText('364')).toBeTruthy();
    const grid = await screen.findByRole('grid', { name: 'Batches' });
    expect(await within(grid).findByRole('button', { name: `Open batch ${partial.id}` })).toBeTruthy();
    const call = api.callsTo(listBatches)[0];
    expect(call.query.get('dataSet')).toBe(ds.id);
    expect(call.query.get('limit')).toBe('10');
  });

  it("opens a batch's failed records with their reasons, bound to the URL", async () => {
    withDataset()
      .on(getBatch, { body: batchMap([partial]) })
      .on(listFailedRecords, {
        body: failedRecords([
          {
            file: 'crm.ndjson',
            line: 7,
            code: 'NO_IDENTITY',
            message: 'record has no primary identity',
            record: '{"person":{}}',
          },
        ]),
      });
    const { user, router } = renderApp(`/prod/datasets/${ds.id}`);
    const grid = await screen.findByRole('grid', { name: 'Batches' });
    await user.click(await within(grid).findByRole('button', { name: `Open batch ${partial.id}` }));
    await waitFor(() => expect(router.state.location.search).toBe(`?batch=${partial.id}`));
    const panel = await screen.findByRole('dialog', { name: 'Batch' });
    const table = await within(panel).findByRole('table', { name: `Failed records of batch ${partial.id}` });
    expect(within(table).getByText('7')).toBeTruthy();
    expect(within(table).getByText('record has no primary identity')).toBeTruthy();
    expect(within(table).getByText('{"person":{}}')).toBeTruthy();
    expect(within(panel).getByText('Records failed').nextElementSibling?.textContent).toBe('1');
    await user.click(within(panel).getByRole('button', { name: 'Close the batch panel' }));
    await waitFor(() => expect(router.state.location.search).toBe(''));
  });

  it('says so when the dataset does not exist', async () => {
    mockService().on(getDataset, { status: 404, body: problem(404, `Dataset ${datasetId(99)} not found`) });
    renderApp(`/prod/datasets/${datasetId(99)}`);
    expect(await screen.findByText('Dataset not found')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Back to datasets' }).getAttribute('href')).toBe(
      '/prod/datasets',
    );
  });

  it('turns upsert on after confirmation, keeping the other tags', async () => {
    const api = withDataset().on(patchDataset, { body: [`@/dataSets/${ds.id}`] });
    const { user } = renderApp(`/prod/datasets/${ds.id}`);
    await user.click(await screen.findByRole('switch', { name: 'Upsert' }));
    const dialog = await screen.findByRole('dialog', { name: 'Turn on upsert?' });
    expect(api.callsTo(patchDataset)).toEqual([]);
    api.on(getDataset, {
      body: datasetMap([
        { ...ds, tags: { unifiedProfile: ['enabled:true', 'isUpsert:true'], other: ['keep:me'] } },
      ]),
    });
    await user.click(within(dialog).getByRole('button', { name: 'Turn on upsert' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Turn on upsert?' })).toBeNull());
    expect(api.callsTo(patchDataset)[0].body).toEqual({
      tags: { unifiedProfile: ['enabled:true', 'isUpsert:true'], other: ['keep:me'] },
    });
    await waitFor(() =>
      expect((screen.getByRole('switch', { name: 'Upsert' }) as HTMLInputElement).checked).toBe(true),
    );
  });

  it('needs the dataset name typed to disable Profile, and cancelling changes nothing', async () => {
    const api = withDataset().on(patchDataset, { body: [`@/dataSets/${ds.id}`] });
    const { user } = renderApp(`/prod/datasets/${ds.id}`);
    await user.click(await screen.findByRole('switch', { name: 'Enabled for Profile' }));
    let dialog = await screen.findByRole('dialog', { name: 'Disable for Profile?' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Disable for Profile?' })).toBeNull());
    expect(api.callsTo(patchDataset)).toEqual([]);

    await user.click(screen.getByRole('switch', { name: 'Enabled for Profile' }));
    dialog = await screen.findByRole('dialog', { name: 'Disable for Profile?' });
    const confirm = within(dialog).getByRole('button', { name: 'Disable for Profile' }) as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    await user.type(within(dialog).getByLabelText('Type CRM Customers to confirm'), 'CRM Customers');
    await user.click(confirm);
    await waitFor(() => expect(api.callsTo(patchDataset)).toHaveLength(1));
    expect(api.callsTo(patchDataset)[0].body).toEqual({
      tags: { unifiedProfile: ['enabled:false'], other: ['keep:me'] },
    });
  });

  it('keeps the confirmation open with the AEP error when the change fails', async () => {
    withDataset().on(patchDataset, {
      status: 400,
      body: problem(400, 'tags.unifiedProfile is invalid', 'req-patch-1'),
    });
    const { user } = renderApp(`/prod/datasets/${ds.id}`);
    await user.click(await screen.findByRole('switch', { name: 'Upsert' }));
    const dialog = await screen.findByRole('dialog', { name: 'Turn on upsert?' });
    await user.click(within(dialog).getByRole('button', { name: 'Turn on upsert' }));
    expect(await within(dialog).findByText('tags.unifiedProfile is invalid')).toBeTruthy();
    expect(within(dialog).getByText('req-patch-1')).toBeTruthy();
  });
});

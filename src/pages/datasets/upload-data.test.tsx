import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { getBatch, getDataset, listBatches } from '../../../contracts/catalog.ts';
import {
  batchAction,
  createBatch,
  listFailedRecords,
  MAX_UPLOAD_BYTES,
  uploadBatchFile,
} from '../../../contracts/ingestion.ts';
import {
  batchId,
  batchMap,
  datasetId,
  datasetMap,
  failedRecords,
  makeBatch,
  makeDataset,
  problem,
} from '../../testing/fixtures.ts';
import { mockService, renderApp } from '../../testing/render.tsx';

const ds = makeDataset({ id: datasetId(8), name: 'Loyalty Members' });
const id = batchId(42);
const loading = makeBatch({ id, datasetId: ds.id, status: 'loading' });
const processing = makeBatch({ id, datasetId: ds.id, status: 'processing' });
const done = makeBatch({
  id,
  datasetId: ds.id,
  status: 'success',
  metrics: { inputRecordCount: 3, outputRecordCount: 2, failedRecordCount: 1 },
  errors: [{ code: 'INVALID_JSON', description: 'invalid JSON: Unexpected token', recordCount: 1 }],
  completed: Date.now(),
});

const NDJSON =
  '{"identityMap":{"Email":[{"id":"a@example.com","primary":true}]}}\nnot json\n{"identityMap":{"Email":[{"id":"b@example.com","primary":true}]}}\n';

function withDataset() {
  return mockService()
    .on(getDataset, { body: datasetMap([ds]) })
    .on(listBatches, { body: batchMap([]), headers: { 'x-total-count': '0' } });
}

async function openUpload(user: ReturnType<typeof renderApp>['user']) {
  await user.click(await screen.findByRole('button', { name: 'Upload data' }));
  return screen.findByRole('dialog', { name: /Upload data/ });
}

describe('Upload data', () => {
  it('creates a batch, uploads with progress, completes, polls and shows the outcome with reasons', async () => {
    let polls = 0;
    const api = withDataset()
      .on(createBatch, { status: 201, body: loading })
      .on(uploadBatchFile, { status: 200 })
      .on(batchAction, { status: 200 })
      .on(getBatch, () => ({ body: batchMap([++polls < 2 ? processing : done]) }))
      .on(listFailedRecords, {
        body: failedRecords([
          {
            file: 'people.ndjson',
            line: 2,
            code: 'INVALID_JSON',
            message: 'invalid JSON: Unexpected token',
            record: 'not json',
          },
        ]),
      });
    const { user } = renderApp(`/prod/datasets/${ds.id}`);
    const dialog = await openUpload(user);
    const upload = within(dialog).getByRole('button', { name: 'Upload' }) as HTMLButtonElement;
    expect(upload.disabled).toBe(true);
    await user.upload(
      within(dialog).getByLabelText('Data file'),
      new File([NDJSON], 'people.ndjson', { type: 'application/x-ndjson' }),
    );
    expect(within(dialog).getByText('people.ndjson')).toBeTruthy();
    await user.click(upload);

    expect(
      await within(dialog).findByText('Ingested 2 records; 1 record failed', {}, { timeout: 8000 }),
    ).toBeTruthy();
    expect(within(dialog).getByText('Records read').nextElementSibling?.textContent).toBe('3');
    expect(within(dialog).getByText('Records ingested').nextElementSibling?.textContent).toBe('2');
    expect(within(dialog).getByText('Records failed').nextElementSibling?.textContent).toBe('1');
    const table = await within(dialog).findByRole('table', { name: 'Failed records of the upload' });
    expect(within(table).getByText('not json')).toBeTruthy();
    expect(within(table).getAllByText('invalid JSON: Unexpected token')).toHaveLength(1);

    expect(api.callsTo(createBatch)[0].body).toEqual({ datasetId: ds.id, inputFormat: { format: 'json' } });
    const put = api.callsTo(uploadBatchFile)[0];
    expect(put.params).toEqual({ batchId: id, datasetId: ds.id, fileName: 'people.ndjson' });
    expect(await (put.body as Blob).text()).toBe(NDJSON);
    expect(api.callsTo(batchAction).map((c) => c.query.get('action'))).toEqual(['COMPLETE']);
    expect(polls).toBeGreaterThanOrEqual(2);
    // The mutation refreshes the dataset's batches.
    await waitFor(() => expect(api.callsTo(listBatches).length).toBeGreaterThan(1));
  });

  it('shows the upload progress, then the batch processing', async () => {
    let release: (() => void) | undefined;
    withDataset()
      .on(createBatch, { status: 201, body: loading })
      .on(uploadBatchFile, () => new Promise((resolve) => (release = () => resolve({ status: 200 }))))
      .on(batchAction, { status: 200 })
      .on(getBatch, { body: batchMap([done]) })
      .on(listFailedRecords, { body: failedRecords([]) });
    const { user } = renderApp(`/prod/datasets/${ds.id}`);
    const dialog = await openUpload(user);
    await user.upload(within(dialog).getByLabelText('Data file'), new File([NDJSON], 'people.ndjson'));
    await user.click(within(dialog).getByRole('button', { name: 'Upload' }));
    const bar = await within(dialog).findByRole('progressbar', { name: 'Upload progress' });
    await waitFor(() => expect(bar.getAttribute('aria-valuenow')).toBe('100'));
    expect(within(dialog).getByText(/^100% ·/)).toBeTruthy();
    expect((within(dialog).getByRole('button', { name: 'Uploading…' }) as HTMLButtonElement).disabled).toBe(
      true,
    );
    release?.();
    expect(await within(dialog).findByText('Ingested 2 records; 1 record failed')).toBeTruthy();
  });

  it.each([
    ['an empty file', new File([''], 'empty.json'), 'The file empty.json is empty'],
    ['a whitespace-only file', new File(['  \n\n '], 'blank.ndjson'), 'The file blank.ndjson is empty'],
    [
      'a file that is not JSON',
      new File(['name,email\nA,a@example.com\n'], 'people.json'),
      'The file people.json is not JSON',
    ],
  ])('refuses %s without creating a batch', async (_, file, message) => {
    const api = withDataset();
    const { user } = renderApp(`/prod/datasets/${ds.id}`);
    const dialog = await openUpload(user);
    await user.upload(within(dialog).getByLabelText('Data file'), file);
    await user.click(within(dialog).getByRole('button', { name: 'Upload' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('Nothing was uploaded');
    expect(alert.textContent).toContain(message);
    expect(api.callsTo(createBatch)).toEqual([]);
  });

  it('refuses a file over the upload limit without sending it', async () => {
    const api = withDataset();
    const { user } = renderApp(`/prod/datasets/${ds.id}`);
    const dialog = await openUpload(user);
    const big = new File(['{}'], 'huge.ndjson');
    Object.defineProperty(big, 'size', { value: MAX_UPLOAD_BYTES + 1 });
    await user.upload(within(dialog).getByLabelText('Data file'), big);
    await user.click(within(dialog).getByRole('button', { name: 'Upload' }));
    expect((await within(dialog).findByRole('alert')).textContent).toMatch(
      /larger than the 512\.0 MB upload limit/,
    );
    expect(api.callsTo(createBatch)).toEqual([]);
  });

  it('aborts the batch when the service refuses the file, and shows why', async () => {
    const api = withDataset()
      .on(createBatch, { status: 201, body: loading })
      .on(uploadBatchFile, {
        status: 400,
        body: problem(400, 'The file is not JSON: upload a JSON array or NDJSON', 'req-up-9'),
      })
      .on(batchAction, { status: 200 });
    const { user } = renderApp(`/prod/datasets/${ds.id}`);
    const dialog = await openUpload(user);
    await user.upload(within(dialog).getByLabelText('Data file'), new File(['[oops'], 'broken.json'));
    await user.click(within(dialog).getByRole('button', { name: 'Upload' }));
    expect(await within(dialog).findByText('The upload failed; nothing was ingested')).toBeTruthy();
    expect(within(dialog).getByText('The file is not JSON: upload a JSON array or NDJSON')).toBeTruthy();
    expect(within(dialog).getByText('req-up-9')).toBeTruthy();
    expect(api.callsTo(batchAction).map((c) => c.query.get('action'))).toEqual(['ABORT']);
  });
});

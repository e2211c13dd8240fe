import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { listDatasets, getDataset } from '../../../contracts/catalog.ts';
import { cancelExportJob, getExportJob, listExportJobs, type ExportJob } from '../../../contracts/export-jobs.ts';
import { listMergePolicies, type MergePolicy } from '../../../contracts/merge-policies.ts';
import { datasetId, datasetMap, makeDataset, NOW, ORG_ID, problem } from '../../testing/fixtures.ts';
import { mockService, renderApp } from '../../testing/render.tsx';

const destination = makeDataset({ id: datasetId(7), name: 'Profile export' });
const policy: MergePolicy = {
  id: 'policy-default',
  name: 'Default Timebased',
  imsOrgId: ORG_ID,
  sandbox: { sandboxId: 'sb-1', sandboxName: 'prod', type: 'production', default: true },
  schema: { name: '_xdm.context.profile' },
  version: 1,
  identityGraph: { type: 'pdg' },
  attributeMerge: { type: 'timestampOrdered' },
  isActiveOnEdge: false,
  default: true,
  updateEpoch: 1_700_000_000,
};

function job(id: number, overrides: Partial<ExportJob> = {}): ExportJob {
  return {
    id,
    jobType: 'BATCH',
    status: 'SUCCEEDED',
    profileInstanceId: 'ups',
    requestId: `req-${id}`,
    imsOrgId: ORG_ID,
    schema: { name: '_xdm.context.profile' },
    mergePolicy: { id: policy.id, version: 1 },
    destination: { datasetId: destination.id, segmentPerBatch: false, batchId: 'b'.repeat(32) },
    computeGatewayJobId: {},
    metrics: {
      totalTime: { startTimeInMs: NOW - 60_000, endTimeInMs: NOW - 57_500, totalTimeInMs: 2500 },
      totalExportedProfileCounter: 1234,
      exportedProfileByNamespaceCounter: { Email: 1200, CRMID: 900 },
    },
    creationTime: NOW - 60_000,
    updateTime: NOW - 57_500,
    progress: { profilesProcessed: 2000, profilesTotal: 2000, profilesSkipped: 1, files: 1 },
    ...overrides,
  };
}

const running = job(12, {
  status: 'PROCESSING',
  fields: 'person.name.firstName,personalEmail.address',
  additionalFields: { eventList: {} },
  metrics: { totalTime: { startTimeInMs: NOW - 5000 }, totalExportedProfileCounter: 300 },
  progress: { profilesProcessed: 500, profilesTotal: 2000, profilesSkipped: 0, files: 1 },
});

function service(records: ExportJob[]) {
  return mockService()
    .on(listExportJobs, { body: { records, page: { sortField: 'createdTime', sort: 'desc', pageOffset: '', pageSize: records.length, totalCount: records.length }, link: { next: '' } } })
    .on(listMergePolicies, { body: { _page: { totalCount: 1, pageSize: 1, count: 1, next: '' }, children: [policy], _links: { next: { href: '' } } } })
    .on(listDatasets, { body: datasetMap([destination]), headers: { 'x-total-count': '1' } })
    .on(getDataset, { body: datasetMap([destination]) });
}

describe('Export jobs page', () => {
  it('lists jobs with status, live progress, profiles exported, policy and destination; the status filter is in the URL', async () => {
    const api = service([running, job(11)]);
    const { user, router } = renderApp('/prod/export-jobs');
    const grid = await screen.findByRole('grid', { name: 'Export jobs' });
    const runningRow = (await within(grid).findByRole('link', { name: 'Export 12' })).closest('[role="row"]') as HTMLElement;
    expect(within(runningRow).getByText('Processing')).toBeTruthy();
    expect(within(runningRow).getByRole('progressbar', { name: 'Export 12 progress' }).getAttribute('aria-valuenow')).toBe('25');
    expect(within(runningRow).getByText('2 fields + events')).toBeTruthy();
    const doneRow = within(grid).getByRole('link', { name: 'Export 11' }).closest('[role="row"]') as HTMLElement;
    expect(within(doneRow).getByText('Succeeded')).toBeTruthy();
    expect(within(doneRow).getByText('1,234')).toBeTruthy();
    expect(within(doneRow).getByText('Default Timebased')).toBeTruthy();
    expect(within(doneRow).getByRole('link', { name: 'Profile export' })).toBeTruthy();

    await user.click(screen.getByRole('combobox', { name: 'Status' }));
    await user.click(await screen.findByRole('option', { name: 'Failed' }));
    await waitFor(() => expect(router.state.location.search).toBe('?status=FAILED'));
    await waitFor(() => expect(api.callsTo(listExportJobs).some((c) => c.query.get('status') === 'FAILED')).toBe(true));
  });

  it('shows an inline error with the AEP message and a retry', async () => {
    mockService().on(listExportJobs, { status: 503, body: problem(503, 'The export service is unavailable') })
      .on(listMergePolicies, { body: { _page: { totalCount: 0, pageSize: 0, count: 0, next: '' }, children: [], _links: { next: { href: '' } } } })
      .on(listDatasets, { body: {}, headers: { 'x-total-count': '0' } });
    renderApp('/prod/export-jobs');
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('The export service is unavailable')).toBeTruthy();
    expect(within(alert).getByRole('button', { name: 'Retry' })).toBeTruthy();
  });
});

describe('Export job page', () => {
  it('a running job: progress and a confirmed cancel; downloads wait until it succeeds', async () => {
    const api = service([]).on(getExportJob, { body: running }).on(cancelExportJob, { status: 204 });
    const { user } = renderApp('/prod/export-jobs/12');
    expect(await screen.findByRole('heading', { name: /Export 12/, level: 1 })).toBeTruthy();
    expect(screen.getByRole('progressbar', { name: 'Export 12 progress' })).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Download CSV' }) as HTMLButtonElement).disabled).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Cancel export' }));
    const dialog = await screen.findByRole('dialog', { name: 'Cancel export 12?' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel export' }));
    await waitFor(() => expect(api.callsTo(cancelExportJob)).toHaveLength(1));
  });

  it('a cancelled job says so in plain words', async () => {
    service([]).on(getExportJob, {
      body: job(13, {
        status: 'FAILED',
        destination: { datasetId: destination.id, segmentPerBatch: false, batchId: '' },
        errors: [{ code: '0100000010', msg: 'The export job was cancelled on request; no batch was written.', callStack: 'export-job' }],
      }),
    });
    renderApp('/prod/export-jobs/13');
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('The export was cancelled')).toBeTruthy();
    expect(screen.getByText('None (the job failed)')).toBeTruthy();
  });
});

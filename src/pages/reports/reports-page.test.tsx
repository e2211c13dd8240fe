import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import {
  getDatasetOverlapReport,
  getDatasetReport,
  getNamespaceOverlapReport,
  getNamespaceReport,
  getPreviewSampleStatus,
  getUnstitchedProfilesReport,
  listPreviewReports,
  listPreviewSampleJobs,
  runPreviewSample,
  type DatasetReport,
  type PreviewSampleStatus,
  type SampleJob,
  type UnstitchedProfilesReport,
} from '../../../contracts/preview-sample.ts';
import { getDataset, listBatches } from '../../../contracts/catalog.ts';
import { datasetId, datasetMap, makeDataset, problem } from '../../testing/fixtures.ts';
import type { MockRequest } from '../../testing/mock-api.ts';
import { mockService, renderApp } from '../../testing/render.tsx';

const CRM = datasetId(1);
const WEB = datasetId(2);
const TODAY = '2026-11-29';
const YESTERDAY = '2026-11-28';

const status = (overrides: Partial<PreviewSampleStatus> = {}): PreviewSampleStatus => ({
  numRowsToRead: '9',
  sampleJobRunning: { status: false, submissionTimestamp: '2026-11-29 10:00:00.0' },
  cosmosDocCount: '"13"',
  totalFragmentCount: 4,
  lastSuccessfulBatchTimestamp: '"2026-11-29 09:59:00.5"',
  streamingDriven: '"false"',
  totalRows: '9',
  lastBatchId: '"null"',
  status: 'TASK_FINISHED',
  samplingRatio: 1,
  mergeStrategy: 'timestampOrdered_pdg',
  lastSampledTimestamp: '2026-11-29 10:00:00.0',
  ...overrides,
});

const ts = (day: string) => `${day}T10:00:01.250`;

function datasetReport(day: string, web: number, crm: number): DatasetReport {
  const item = (value: string, name: string, n: number) => ({
    sampleCount: n,
    samplePercentage: n / 9,
    fullIDsCount: n,
    fullIDsPercentage: Math.round((n / 9) * 1e6) / 1e6,
    name,
    description: '',
    value,
    streamingIngestionEnabled: '',
    createdUser: 'someone',
    reportTimestamp: ts(day),
  });
  return { data: [item(WEB, 'Web Events', web), item(CRM, 'CRM Customers', crm)], reportTimestamp: ts(day) };
}

function unstitched(day: string, profiles: number): UnstitchedProfilesReport {
  const period = (n: number) => ({
    countOfProfiles: n,
    eventsAssociated: 2 * n,
    nsDistribution: (n ? { ECID: { countOfProfiles: n, eventsAssociated: 2 * n } } : {}) as Record<string, { countOfProfiles: number; eventsAssociated: number }>,
  });
  return {
    data: {
      totalNumberOfProfiles: profiles,
      totalNumberOfEvents: 9,
      unstitchedProfiles: { '7days': period(4), '30days': period(3), '60days': period(3), '90days': period(2), '120days': period(1) },
    },
    reportTimestamp: ts(day),
  };
}

const job = (overrides: Partial<SampleJob> = {}): SampleJob => ({
  id: '1',
  status: 'succeeded',
  trigger: 'manual',
  submittedAt: Date.UTC(2026, 10, 29, 10),
  startedAt: Date.UTC(2026, 10, 29, 10),
  finishedAt: Date.UTC(2026, 10, 29, 10, 0, 1),
  phase: 'done',
  done: 60,
  total: 60,
  reportDate: TODAY,
  error: null,
  ...overrides,
});

/** Reports of today (the latest) and yesterday; other days answer 404. */
function byDay<T>(today: T, yesterday: T) {
  return (request: MockRequest) => {
    const date = request.query.get('date');
    if (!date || date === TODAY) return { body: today };
    if (date === YESTERDAY) return { body: yesterday };
    return { status: 404, body: problem(404, `No report exists for ${date} (the latest report is from ${TODAY})`) };
  };
}

function service(options: { jobs?: SampleJob[]; status?: PreviewSampleStatus } = {}) {
  return mockService()
    .on(getPreviewSampleStatus, { body: options.status ?? status() })
    .on(listPreviewSampleJobs, { body: { jobs: options.jobs ?? [job()] } })
    .on(listPreviewReports, {
      body: {
        reports: [
          { date: TODAY, reportTimestamp: ts(TODAY), totalRows: 9, fragments: 4, identities: 12, events: 9 },
          { date: YESTERDAY, reportTimestamp: ts(YESTERDAY), totalRows: 7, fragments: 3, identities: 10, events: 8 },
        ],
      },
    })
    .on(getDatasetReport, byDay(datasetReport(TODAY, 5, 2), datasetReport(YESTERDAY, 4, 2)))
    .on(getNamespaceReport, byDay(
      { data: [{ sampleCount: 6, samplePercentage: 0.666667, reportTimestamp: ts(TODAY), fullIDsFragmentCount: 0, fullIDsCount: 6, fullIDsPercentage: 0.666667, code: 'ECID', value: '4' }], reportTimestamp: ts(TODAY) },
      { data: [{ sampleCount: 5, samplePercentage: 0.714286, reportTimestamp: ts(YESTERDAY), fullIDsFragmentCount: 0, fullIDsCount: 5, fullIDsPercentage: 0.714286, code: 'ECID', value: '4' }], reportTimestamp: ts(YESTERDAY) },
    ))
    .on(getDatasetOverlapReport, byDay({ data: { [WEB]: 4, [`${CRM},${WEB}`]: 1, [CRM]: 1 }, reportTimestamp: ts(TODAY) }, { data: { [WEB]: 4, [CRM]: 2 }, reportTimestamp: ts(YESTERDAY) }))
    .on(getNamespaceOverlapReport, byDay({ data: { ECID: 5, Email: 1 }, reportTimestamp: ts(TODAY) }, { data: { ECID: 5 }, reportTimestamp: ts(YESTERDAY) }))
    .on(getUnstitchedProfilesReport, byDay(unstitched(TODAY, 9), unstitched(YESTERDAY, 7)));
}

async function showTable(report: string) {
  const card = await screen.findByRole('region', { name: report });
  const table = await within(card).findByRole('button', { name: 'Table' });
  table.click();
  return within(card).findByRole('table', { name: report });
}

describe('Reports page', () => {
  it('shows the headline figures as of the sample, and every report with a table view and CSV download', async () => {
    service()
      .on(getDataset, { body: datasetMap([makeDataset({ id: WEB, name: 'Web Events', class: 'experienceevent' })]) })
      .on(listBatches, { body: {} });
    const { user, router } = renderApp('/prod/reports');
    const profiles = await screen.findByRole('region', { name: 'Profiles' });
    await waitFor(() => expect(within(profiles).getByText('9')).toBeTruthy());
    expect(within(screen.getByRole('region', { name: 'Identities' })).getByText('12')).toBeTruthy();
    expect(within(screen.getByRole('region', { name: 'Profile fragments' })).getByText('4')).toBeTruthy();
    expect(within(profiles).getByText(/As of/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Reports' }).getAttribute('aria-current')).toBe('page');
    for (const name of ['Profiles by dataset', 'Profiles by namespace', 'Dataset overlap', 'Namespace overlap', 'Unstitched profiles']) {
      const card = screen.getByRole('region', { name });
      expect(within(card).getByRole('button', { name: `Download ${name} as CSV` })).toBeTruthy();
    }
    const table = await showTable('Profiles by dataset');
    const link = within(table).getByRole('link', { name: 'Web Events' });
    expect(link.getAttribute('href')).toBe(`/prod/datasets/${WEB}`);
    await user.click(link);
    await waitFor(() => expect(router.state.location.pathname).toBe(`/prod/datasets/${WEB}`));
  });

  it('lists the exact dataset combinations, largest first, in the overlap table', async () => {
    service();
    renderApp('/prod/reports');
    const table = await showTable('Dataset overlap');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell').slice(1, 3).map((c) => c.textContent))).toEqual([
      ['1', '4'],
      ['1', '1'],
      ['2', '1'],
    ]);
    expect(within(rows[2]).getAllByRole('link').map((l) => l.textContent)).toEqual(['CRM Customers', 'Web Events']);
  });

  it('compares with another day: changes in the figures and the tables, kept in the URL', async () => {
    service();
    const { user, router } = renderApp('/prod/reports');
    await screen.findByRole('region', { name: 'Profiles by dataset' });
    await user.click(screen.getByRole('combobox', { name: 'Compare with' }));
    await user.click(await screen.findByRole('option', { name: YESTERDAY }));
    await waitFor(() => expect(router.state.location.search).toBe(`?compare=${YESTERDAY}`));
    const profiles = screen.getByRole('region', { name: 'Profiles' });
    expect(await within(profiles).findByLabelText(`Change since ${YESTERDAY}: +2`)).toBeTruthy();
    const table = await showTable('Profiles by dataset');
    const web = within(table).getByRole('link', { name: 'Web Events' }).closest('tr')!;
    expect(within(web).getByText('+1')).toBeTruthy();
    const overlap = await showTable('Dataset overlap');
    const crmOnly = within(overlap).getAllByRole('row').find((r) => r.textContent?.startsWith('CRM Customers1'))!;
    expect(within(crmOnly).getByText('−1')).toBeTruthy();
  });

  it('says so when the chosen day has no report, and goes back to the latest', async () => {
    service();
    const { user, router } = renderApp('/prod/reports?date=2020-01-01');
    expect(await screen.findByText('No report for 2020-01-01')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Show the latest' }));
    await waitFor(() => expect(router.state.location.search).toBe(''));
    expect(await screen.findByRole('region', { name: 'Profiles by dataset' })).toBeTruthy();
  });

  it('before the first sample: an empty state that runs it, then live progress', async () => {
    let running = false;
    const api = service({ status: status({ status: 'NOT_STARTED', totalRows: '0', lastSampledTimestamp: '"null"' }) })
      .on(getDatasetReport, { status: 404, body: problem(404, 'No dataset report exists yet') })
      .on(listPreviewSampleJobs, () => ({ body: { jobs: running ? [job({ status: 'running', phase: 'events', done: 30, total: 60, reportDate: null, finishedAt: null })] : [] } }))
      .on(runPreviewSample, () => {
        running = true;
        return { status: 202, body: job({ status: 'queued', phase: 'queued', done: 0, total: null, startedAt: null, finishedAt: null, reportDate: null }) };
      });
    const { user } = renderApp('/prod/reports');
    expect(await screen.findByText('No preview report yet')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Run the sample' }));
    expect(api.callsTo(runPreviewSample)).toHaveLength(1);
    const progress = await screen.findByRole('progressbar', { name: 'Sample progress' });
    expect(progress.getAttribute('aria-valuenow')).toBe('50');
    expect(screen.getByText(/Reading experience events · 50 %/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Sampling…' }).hasAttribute('disabled')).toBe(true);
  });

  it('run now while a sample is running says so', async () => {
    service().on(runPreviewSample, { status: 200, body: job({ status: 'running', phase: 'identities', done: 5, total: 60, reportDate: null, finishedAt: null }) });
    const { user } = renderApp('/prod/reports');
    await user.click(await screen.findByRole('button', { name: 'Run now' }));
    expect(await screen.findByText(/A sample is already running/)).toBeTruthy();
  });
});

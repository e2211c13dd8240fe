// Export jobs: create an export of two fields with the events of the last 30 days from the console,
// watch it finish, download the CSV and check its header and row count against the job's metrics.
import { readFileSync } from 'node:fs';
import type { APIRequestContext } from '@playwright/test';
import { expect, seedDemo, tenantHeaders, test, watchConsole } from './fixtures.ts';

interface ExportJob {
  id: number;
  status: string;
  fields?: string;
  metrics: { totalExportedProfileCounter?: number };
  additionalFields?: { eventList?: { filter?: { fromEventTimestamp?: string } } };
  destination: { datasetId: string; batchId: string };
}

async function exportJob(request: APIRequestContext, sandbox: string, id: number): Promise<ExportJob> {
  const res = await request.get(`/data/core/ups/export/jobs/${id}`, { headers: tenantHeaders(sandbox) });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as ExportJob;
}

test('exports two fields with the last 30 days of events, watches it finish and downloads a CSV that matches its metrics', async ({ page, request, sandbox }) => {
  const errors = watchConsole(page);
  await seedDemo(request, sandbox);

  await page.goto(`/${sandbox}/export-jobs`);
  await expect(page.getByRole('heading', { name: 'Export jobs', level: 1 })).toBeVisible();
  await expect(page.getByText('No export jobs in this sandbox yet')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Export jobs' })).toHaveAttribute('aria-current', 'page');

  await page.getByRole('link', { name: 'New export' }).first().click();
  await expect(page.getByRole('heading', { name: 'New export', level: 1 })).toBeVisible();

  // Two fields, picked from the attribute paths present in the sandbox.
  await page.getByRole('radio', { name: 'Only these fields' }).check();
  const fields = page.getByRole('combobox', { name: 'Fields', exact: true });
  for (const path of ['person.name.firstName', 'personalEmail.address']) {
    await fields.fill(path);
    await page.getByRole('option', { name: path, exact: true }).click();
  }

  // Events of the last 30 days.
  await page.getByRole('switch', { name: /Add each profile’s events/ }).check();
  await page.getByRole('combobox', { name: 'Events from' }).click();
  await page.getByRole('option', { name: 'Last 30 days' }).click();

  // A destination dataset created inline.
  await page.getByRole('button', { name: 'Create a new dataset' }).click();
  await page.getByLabel('New dataset name').fill('Profile export');
  await page.getByRole('button', { name: 'Create dataset' }).click();
  await expect(page.getByRole('combobox', { name: 'Dataset' })).toHaveText('Profile export');

  // The request shown is the one sent.
  const requestPanel = page.getByRole('complementary', { name: 'Request' });
  await expect(requestPanel).toContainText('"fields": "person.name.firstName,personalEmail.address"');
  await expect(requestPanel).toContainText('"fromEventTimestamp"');
  await expect(requestPanel.getByRole('button', { name: 'Copy as cURL' })).toBeVisible();

  await page.getByRole('button', { name: 'Start export' }).click();
  await expect(page).toHaveURL(new RegExp(`/${sandbox}/export-jobs/\\d+$`));
  const id = Number(page.url().split('/').pop());
  await expect(page.getByRole('heading', { name: `Export ${id}`, level: 1 })).toBeVisible();
  await expect(page.locator('h1 [data-status="SUCCEEDED"]')).toBeVisible({ timeout: 30_000 });

  const job = await exportJob(request, sandbox, id);
  expect(job.status).toBe('SUCCEEDED');
  expect(job.fields).toBe('person.name.firstName,personalEmail.address');
  const since = Date.parse(job.additionalFields!.eventList!.filter!.fromEventTimestamp!);
  expect(Math.abs(Date.now() - 30 * 86_400_000 - since)).toBeLessThan(5 * 60_000);
  const exported = job.metrics.totalExportedProfileCounter!;
  expect(exported).toBeGreaterThan(100);
  const result = page.getByRole('region', { name: 'Result' });
  await expect(result.getByText('Profiles exported').locator('xpath=following-sibling::p[1]')).toHaveText(exported.toLocaleString('en-US'));
  await expect(page.getByRole('region', { name: 'Profiles by namespace' }).getByRole('img')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Status' })).toContainText('Batch registered in the dataset');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
  expect(download.suggestedFilename()).toBe(`export-${id}.csv`);
  const csv = readFileSync((await download.path())!, 'utf8');
  const lines = csv.split('\r\n');
  expect(lines.pop()).toBe(''); // the last line ends with CRLF too
  expect(lines[0].split(',').sort()).toEqual(['eventList', 'person.name.firstName', 'personalEmail.address']);
  expect(lines.length - 1).toBe(exported);

  // The list shows the finished job with its figures.
  await page.getByRole('link', { name: 'Export jobs' }).first().click();
  const grid = page.getByRole('grid', { name: 'Export jobs' });
  const row = grid.getByRole('row').filter({ has: page.getByRole('link', { name: `Export ${id}` }) });
  await expect(row.locator('[data-status="SUCCEEDED"]')).toBeVisible();
  await expect(row).toContainText(exported.toLocaleString('en-US'));
  await expect(row).toContainText('Profile export');

  expect(errors).toEqual([]);
});

test('the status filter is part of the URL; a job opens from the list', async ({ page, request, sandbox }) => {
  const errors = watchConsole(page);
  await seedDemo(request, sandbox);
  const created = await request.post('/data/foundation/catalog/dataSets', {
    headers: tenantHeaders(sandbox),
    data: { name: 'Exports', schemaRef: { id: 'https://ns.adobe.com/xdm/context/profile' } },
  });
  expect(created.status()).toBe(201);
  const datasetId = ((await created.json()) as string[])[0].split('/').pop()!;
  const res = await request.post('/data/core/ups/export/jobs', {
    headers: tenantHeaders(sandbox),
    data: { destination: { datasetId }, schema: { name: '_xdm.context.profile' } },
  });
  expect(res.status(), await res.text()).toBe(200);
  const { id } = (await res.json()) as ExportJob;
  await expect.poll(async () => (await exportJob(request, sandbox, id)).status, { timeout: 30_000 }).toBe('SUCCEEDED');

  await page.goto(`/${sandbox}/export-jobs?status=FAILED`);
  await expect(page.getByText('No failed export jobs')).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Status' })).toHaveText('Failed');
  await page.getByRole('button', { name: 'Show all jobs' }).click();
  await expect(page).toHaveURL(new RegExp(`/${sandbox}/export-jobs$`));
  await page.getByRole('combobox', { name: 'Status' }).click();
  await page.getByRole('option', { name: 'Succeeded' }).click();
  await expect(page).toHaveURL(/status=SUCCEEDED/);
  await page.getByRole('grid', { name: 'Export jobs' }).getByRole('link', { name: `Export ${id}` }).click();
  await expect(page.getByRole('heading', { name: `Export ${id}`, level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Request' })).toContainText('All attributes');
  await expect(page.getByRole('button', { name: 'Cancel export' })).toHaveCount(0);

  expect(errors).toEqual([]);
});

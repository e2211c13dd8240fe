// The console shell and the Datasets page in real Chromium against the real service: demo data,
// sandbox switching, creating a dataset, ingesting a file from the browser, dark mode, and the bad
// inputs of issue 3. Each test works in a sandbox of its own.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { APIRequestContext, Page, TestInfo } from '@playwright/test';
import { expect, ORG_ID, seedDemo, tenantHeaders, test, watchConsole } from './fixtures.ts';

const DEMO_DATASETS = [
  'CRM Customers',
  'Loyalty Members',
  'Web Events',
  'Mobile App Events',
  'In-Store Purchases',
];

const record = (email: string, extra: object = {}) =>
  JSON.stringify({ identityMap: { Email: [{ id: email, primary: true }] }, ...extra });

/** Three records; line 2 has no identity and is refused with a reason. */
const NDJSON_WITH_ONE_BAD_LINE = [
  record('a@example.com', { person: { name: { firstName: 'Ada' } } }),
  JSON.stringify({ person: { name: { firstName: 'Nobody' } } }),
  record('b@example.com', { person: { name: { firstName: 'Bo' } } }),
].join('\n');

/**
 * Creates the test's (empty) sandbox. The console refuses sandboxes the org does not have, and the
 * service creates one only on first API use, so a test that does not seed creates it first.
 */
async function createSandbox(request: APIRequestContext, sandbox: string) {
  const res = await request.post('/data/foundation/sandbox-management/sandboxes', {
    headers: { 'x-gw-ims-org-id': ORG_ID },
    data: { name: sandbox, title: sandbox },
  });
  expect(res.status(), await res.text()).toBe(201);
}

/** Chromium logs every 4xx answer as a console error; a test that expects one drops exactly it. */
const except409 = (errors: string[]) => errors.filter((e) => !/status of 409 \(Conflict\)/.test(e));

const file = (name: string, text: string) => ({
  name,
  mimeType: 'application/x-ndjson',
  buffer: Buffer.from(text),
});

async function createDatasetInUi(page: Page, name: string) {
  await page.getByRole('button', { name: 'Create dataset' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Create dataset' });
  await dialog.getByRole('textbox', { name: 'Name' }).fill(name);
  await dialog.getByRole('button', { name: 'Create dataset' }).click();
  return dialog;
}

async function switchSandbox(page: Page, from: string, to: RegExp | string) {
  await page.getByRole('button', { name: `Sandbox: ${from}` }).click();
  await page.getByRole('menuitem', { name: to }).click();
}

test('loads the built console, shows the demo data and switches sandbox keeping the area', async ({
  page,
  request,
  sandbox,
}, testInfo) => {
  const errors = watchConsole(page);
  await seedDemo(request, sandbox);
  const started = Date.now();
  await page.goto(`/${sandbox}/datasets`);
  const grid = page.getByRole('grid', { name: 'Datasets' });
  for (const name of DEMO_DATASETS) await expect(grid.getByRole('link', { name })).toBeVisible();
  // Recorded, not asserted: parallel tests share two cores, so a bound here would only be noise.
  testInfo.annotations.push({
    type: 'datasets page interactive (ms)',
    description: String(Date.now() - started),
  });
  await expect(
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Datasets' }),
  ).toHaveAttribute('aria-current', 'page');

  await grid.getByRole('link', { name: 'CRM Customers' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'CRM Customers' })).toBeVisible();
  await expect(page.getByRole('grid', { name: 'Batches' }).getByText('Success')).toBeVisible();

  // Production is marked in the switcher; switching keeps the area (datasets), not the dataset.
  await page.getByRole('button', { name: `Sandbox: ${sandbox}` }).click();
  await expect(page.getByRole('menuitem', { name: /Production/ })).toContainText('Production');
  await page.getByRole('menuitem', { name: /^Production/ }).click();
  await expect(page).toHaveURL(/\/prod\/datasets$/);
  await expect(page.getByRole('button', { name: 'Sandbox: Production' })).toBeVisible();
  await expect(
    page.getByRole('grid', { name: 'Datasets' }).getByRole('link', { name: 'CRM Customers' }),
  ).toBeVisible();

  await switchSandbox(page, 'Production', new RegExp(sandbox));
  await expect(page).toHaveURL(new RegExp(`/${sandbox}/datasets$`));
  await expect(
    page.getByRole('grid', { name: 'Datasets' }).getByRole('link', { name: 'Web Events' }),
  ).toBeVisible();
  expect(errors).toEqual([]);
});

test('creates a dataset, uploads NDJSON with one bad line and sees the counts and the reason', async ({
  page,
  request,
  sandbox,
}) => {
  const errors = watchConsole(page);
  await createSandbox(request, sandbox);
  await page.goto(`/${sandbox}/datasets`);
  await expect(page.getByText('No datasets in this sandbox yet')).toBeVisible();

  await createDatasetInUi(page, 'E2E Loyalty');
  await expect(page).toHaveURL(new RegExp(`/${sandbox}/datasets/[0-9a-f]{24}$`));
  await expect(page.getByRole('heading', { level: 1, name: 'E2E Loyalty' })).toBeVisible();
  await expect(page.getByText('No batches yet: upload data to create one')).toBeVisible();

  await page.getByRole('button', { name: 'Upload data' }).click();
  const dialog = page.getByRole('dialog', { name: /Upload data/ });
  await dialog.getByLabel('Data file').setInputFiles(file('people.ndjson', NDJSON_WITH_ONE_BAD_LINE));
  await dialog.getByRole('button', { name: 'Upload', exact: true }).click();

  await expect(dialog.getByText('Ingested 2 records; 1 record failed')).toBeVisible();
  await expect(dialog.getByTestId('count-Records read')).toHaveText('3');
  await expect(dialog.getByTestId('count-Records ingested')).toHaveText('2');
  await expect(dialog.getByTestId('count-Records failed')).toHaveText('1');
  const failed = dialog.getByRole('table', { name: 'Failed records of the upload' });
  await expect(failed.getByRole('row')).toHaveCount(2);
  await expect(failed.getByRole('cell', { name: '2', exact: true })).toBeVisible();
  await expect(failed.getByText('record has no identity: identityMap is missing or empty')).toBeVisible();
  await expect(failed.getByText('NO_IDENTITY')).toBeVisible();

  // The batch is in the dataset's history, with its failed record a click away.
  await dialog.getByRole('button', { name: 'Open batch' }).click();
  const panel = page.getByRole('dialog', { name: 'Batch' });
  const panelRecords = panel.getByRole('table', { name: /^Failed records of batch/ });
  await expect(
    panelRecords.getByText('record has no identity: identityMap is missing or empty'),
  ).toBeVisible();
  await panel.getByRole('button', { name: 'Close the batch panel' }).click();
  const batches = page.getByRole('grid', { name: 'Batches' });
  await expect(batches.getByText('Success')).toBeVisible();

  // The list shows what landed: two profile fragments and a successful last batch.
  await page.getByRole('link', { name: 'Datasets' }).first().click();
  const row = page
    .getByRole('grid', { name: 'Datasets' })
    .getByRole('row')
    .filter({ hasText: 'E2E Loyalty' });
  await expect(row.getByRole('gridcell').filter({ hasText: /^2$/ })).toBeVisible();
  await expect(row.getByText('Success')).toBeVisible();
  expect(errors).toEqual([]);
});

test('turns upsert on with a confirmation', async ({ page, request, sandbox }) => {
  const errors = watchConsole(page);
  await seedDemo(request, sandbox);
  await page.goto(`/${sandbox}/datasets`);
  await page.getByRole('grid', { name: 'Datasets' }).getByRole('link', { name: 'CRM Customers' }).click();
  const upsert = page.getByRole('switch', { name: 'Upsert' });
  await expect(upsert).not.toBeChecked();
  await upsert.click();
  await page
    .getByRole('dialog', { name: 'Turn on upsert?' })
    .getByRole('button', { name: 'Turn on upsert' })
    .click();
  await expect(upsert).toBeChecked();
  await page.reload();
  await expect(page.getByRole('switch', { name: 'Upsert' })).toBeChecked();
  expect(errors).toEqual([]);
});

test('switches to dark mode and remembers it', async ({ page, request, sandbox }) => {
  const errors = watchConsole(page);
  await createSandbox(request, sandbox);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(`/${sandbox}/datasets`);
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(await background()).toBe('rgb(245, 246, 248)');
  await page.getByRole('button', { name: 'Theme: System' }).click();
  await page.getByRole('menuitemradio', { name: 'Dark' }).click();
  await expect(page.locator('html')).toHaveClass(/dark/);
  await expect.poll(background).toBe('rgb(17, 20, 24)');
  await page.reload();
  await expect(page.getByRole('button', { name: 'Theme: Dark' })).toBeVisible();
  expect(await background()).toBe('rgb(17, 20, 24)');
  expect(errors).toEqual([]);
});

test.describe('bad input changes nothing and says why', () => {
  test('a file that is not JSON and an empty file', async ({ page, request, sandbox }) => {
    const errors = watchConsole(page);
    await createSandbox(request, sandbox);
    await page.goto(`/${sandbox}/datasets`);
    await createDatasetInUi(page, 'Bad files');
    await expect(page.getByRole('heading', { level: 1, name: 'Bad files' })).toBeVisible();
    await page.getByRole('button', { name: 'Upload data' }).click();
    const dialog = page.getByRole('dialog', { name: /Upload data/ });

    await dialog
      .getByLabel('Data file')
      .setInputFiles(file('people.ndjson', 'email,name\na@example.com,Ada\n'));
    await dialog.getByRole('button', { name: 'Upload', exact: true }).click();
    await expect(dialog.getByRole('alert')).toContainText('The file people.ndjson is not JSON');

    await dialog.getByLabel('Data file').setInputFiles(file('empty.json', ''));
    await dialog.getByRole('button', { name: 'Upload', exact: true }).click();
    await expect(dialog.getByRole('alert')).toContainText('The file empty.json is empty');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await expect(page.getByText('No batches yet: upload data to create one')).toBeVisible();
    const datasetId = page.url().split('/').pop()!;
    const res = await request.get(`/data/foundation/catalog/batches?dataSet=${datasetId}`, {
      headers: tenantHeaders(sandbox),
    });
    expect(res.headers()['x-total-count']).toBe('0');
    expect(errors).toEqual([]);
  });

  test('a dataset name that exists', async ({ page, request, sandbox }) => {
    const errors = watchConsole(page);
    await createSandbox(request, sandbox);
    await page.goto(`/${sandbox}/datasets`);
    await createDatasetInUi(page, 'Twice');
    await expect(page.getByRole('heading', { level: 1, name: 'Twice' })).toBeVisible();
    await page.getByRole('link', { name: 'Datasets' }).first().click();
    const dialog = await createDatasetInUi(page, 'Twice');
    await expect(dialog.getByText('A dataset named "Twice" already exists in this sandbox')).toBeVisible();
    await expect(dialog.getByRole('textbox', { name: 'Name' })).toHaveAttribute('aria-invalid', 'true');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    const res = await request.get('/data/foundation/catalog/dataSets?property=name~Twice', {
      headers: tenantHeaders(sandbox),
    });
    expect(Object.keys(await res.json())).toHaveLength(1);
    expect(except409(errors)).toEqual([]);
  });

  test('a sandbox in the URL that does not exist', async ({ page, request }) => {
    const errors = watchConsole(page);
    const missing = `missing-${Date.now().toString(36)}`;
    await page.goto(`/${missing}/datasets`);
    await expect(page.getByText(`Sandbox "${missing}" does not exist`)).toBeVisible();
    await page.getByRole('link', { name: 'Go to Production' }).click();
    await expect(page).toHaveURL(/\/prod\/datasets$/);
    const res = await request.get('/data/foundation/sandbox-management/sandboxes', {
      headers: { 'x-gw-ims-org-id': ORG_ID },
    });
    const names = ((await res.json()) as { sandboxes: { name: string }[] }).sandboxes.map((s) => s.name);
    expect(names).not.toContain(missing);
    expect(errors).toEqual([]);
  });
});

// ------------------------------------------------------------------------------ screenshots
// Every page at desktop and phone size, light and dark. Saved to SCREENSHOT_DIR when set (to look
// at them), else to the test's output directory.

function shotDir(testInfo: TestInfo): string {
  const dir = process.env.SCREENSHOT_DIR ?? testInfo.outputPath('screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
}

for (const viewport of [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
]) {
  for (const scheme of ['light', 'dark'] as const) {
    test(`screenshots ${viewport.width}x${viewport.height} ${scheme}`, async ({
      browser,
      request,
      sandbox,
    }, testInfo) => {
      test.setTimeout(120_000);
      await seedDemo(request, sandbox);
      const context = await browser.newContext({
        viewport,
        colorScheme: scheme,
        baseURL: testInfo.project.use.baseURL,
      });
      const page = await context.newPage();
      const errors = watchConsole(page);
      const dir = shotDir(testInfo);
      const shot = async (name: string) => {
        await page.waitForTimeout(400); // let menus, dialogs and drawers finish their transitions
        await page.screenshot({ path: join(dir, `${name}-${viewport.width}-${scheme}.png`) });
      };
      const phone = viewport.width < 600;

      await page.goto(`/${sandbox}/datasets`);
      await expect(
        page.getByRole('grid', { name: 'Datasets' }).getByRole('link', { name: 'CRM Customers' }),
      ).toBeVisible();
      await shot('datasets-list');

      if (phone) {
        await page.getByRole('button', { name: 'Open navigation' }).click();
        await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
        await shot('navigation-drawer');
        await page.keyboard.press('Escape');
      }

      await page.getByRole('button', { name: `Sandbox: ${sandbox}` }).click();
      await expect(page.getByRole('menu')).toBeVisible();
      await shot('sandbox-switcher');
      await page.keyboard.press('Escape');

      await createDatasetInUi(page, 'CRM Customers');
      await expect(
        page.getByText('A dataset named "CRM Customers" already exists in this sandbox'),
      ).toBeVisible();
      await shot('create-dataset-conflict');
      await page.getByRole('button', { name: 'Cancel' }).click();

      await page.getByRole('grid', { name: 'Datasets' }).getByRole('link', { name: 'CRM Customers' }).click();
      await expect(page.getByRole('grid', { name: 'Batches' }).getByText('Success').first()).toBeVisible();
      await shot('dataset-detail');

      await page.getByRole('button', { name: 'Upload data' }).click();
      const dialog = page.getByRole('dialog', { name: /Upload data/ });
      await dialog
        .getByLabel('Data file')
        .setInputFiles(file(`shots-${scheme}.ndjson`, NDJSON_WITH_ONE_BAD_LINE));
      await dialog.getByRole('button', { name: 'Upload', exact: true }).click();
      await expect(dialog.getByRole('table', { name: 'Failed records of the upload' })).toBeVisible();
      await shot('upload-outcome');
      await dialog.getByRole('button', { name: 'Open batch' }).click();
      await expect(
        page.getByRole('dialog', { name: 'Batch' }).getByText('NO_IDENTITY').first(),
      ).toBeVisible();
      await shot('batch-panel');

      await page.goto(`/unknown-${sandbox}/datasets`);
      await expect(page.getByText(/does not exist/)).toBeVisible();
      await shot('unknown-sandbox');

      await page.goto(`/${sandbox}/no-such-page`);
      await expect(page.getByText('Page not found')).toBeVisible();
      await shot('not-found');

      expect(except409(errors)).toEqual([]);
      await context.close();
    });
  }
}

// The console in AEP mode: the browser talks to the AEP-mode service, which holds the credentials,
// gets a token from (a stand-in) IMS and forwards to the platform (here: the local service).
import { test, expect, watchConsole } from './fixtures.ts';

test('looks up a demo profile through the AEP-mode service', async ({ page, request }) => {
  const errors = watchConsole(page);
  const config = await (await request.get('/_local/config')).json();
  expect(config.mode).toBe('aep');
  const connection = await (await request.get('/_local/connection')).text();
  expect(connection).not.toContain('e2e-not-a-real-secret');

  await page.goto('/prod/profiles');
  const search = page.getByRole('search', { name: 'Profile lookup' });
  await search.getByRole('textbox', { name: 'Identity value' }).fill('robert.tanaka0@example.org');
  await expect(search.getByRole('combobox', { name: 'Namespace' })).toHaveText('Email');
  await search.getByRole('button', { name: 'Look up' }).click();
  await expect(page).toHaveURL(/\/prod\/profiles\/Email\/robert\.tanaka0@example\.org/);
  await expect(page.getByRole('heading', { level: 1, name: 'Robert Tanaka' })).toBeVisible();

  // Local-only features answer 501 in AEP mode, with a message saying so.
  const demo = await request.post('/_local/demo', { headers: { 'x-gw-ims-org-id': config.orgId, 'x-sandbox-name': 'prod' }, data: {} });
  expect(demo.status()).toBe(501);
  expect(errors.filter((e) => !/501|Not Implemented|local mode/i.test(e))).toEqual([]);
});

test('shows the connection, never the token or secret', async ({ page }) => {
  await page.goto('/prod/datasets');
  await page.getByRole('button', { name: /^Connection: Adobe Experience Platform/ }).click();
  const details = page.getByRole('table', { name: 'Connection details' });
  await expect(details).toContainText('Adobe Experience Platform');
  await expect(details).toContainText('D3M0C0FFEE0000000000A1B2@AdobeOrg');
  await expect(details).toContainText(/valid until/);
  await expect(page.getByRole('dialog')).not.toContainText('e2e-not-a-real-secret');
});

// Delete requests: delete the demo organisation's loyalty dataset from the console, watch the
// request complete, and see a demo profile lose its loyalty attributes while keeping its CRM ones.
import type { APIRequestContext } from '@playwright/test';
import { expect, seedDemo, tenantHeaders, test, watchConsole } from './fixtures.ts';

/** Demo person 0 ("Robert" in CRM, "Bob" in loyalty) by CRM id: the merged profile's attributes. */
async function person0(request: APIRequestContext, sandbox: string): Promise<Record<string, unknown>> {
  const res = await request.get('/data/core/ups/access/entities', {
    headers: tenantHeaders(sandbox),
    params: { 'schema.name': '_xdm.context.profile', entityIdNS: 'CRMID', entityId: 'CRM-00000001' },
  });
  expect(res.status(), await res.text()).toBe(200);
  const [profile] = Object.values((await res.json()) as Record<string, { entity: Record<string, unknown> }>);
  return profile.entity;
}

test('deletes the loyalty dataset: impact, typed confirmation, live status, and the profile loses its loyalty data', async ({ page, request, sandbox }) => {
  const errors = watchConsole(page);
  const demo = await seedDemo(request, sandbox);
  const loyalty = demo.datasets.find((d: { name: string }) => d.name === 'Loyalty Members');
  expect(loyalty.records).toBeGreaterThan(0);

  const before = await person0(request, sandbox);
  expect(before).toHaveProperty('loyalty.tier');
  expect(before).toHaveProperty('_northwind.crm.customerSince');

  await page.goto(`/${sandbox}/delete-requests`);
  await expect(page.getByRole('heading', { name: 'Delete requests', level: 1 })).toBeVisible();
  await expect(page.getByText('No delete requests in this sandbox')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Delete requests' })).toHaveAttribute('aria-current', 'page');

  // 1. What to delete
  await page.getByRole('button', { name: 'New delete request' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'New delete request' });
  await dialog.getByRole('combobox', { name: 'Dataset' }).click();
  await page.getByRole('option', { name: /Loyalty Members/ }).click();
  await dialog.getByRole('button', { name: 'Next' }).click();

  // 2. Impact preview
  const figure = (label: string) => dialog.getByText(label, { exact: true }).locator('xpath=following-sibling::dd[1]');
  await expect(figure('Profile fragments deleted')).toHaveText(loyalty.records.toLocaleString('en-US'));
  await expect(figure('Experience events deleted')).toHaveText('0');
  await expect(dialog.getByText('Identity graphs split')).toBeVisible();
  await dialog.getByRole('button', { name: 'Next' }).click();

  // 3. Typed confirmation
  const submit = dialog.getByRole('button', { name: 'Delete data' });
  await expect(submit).toBeDisabled();
  await dialog.getByLabel('Type Loyalty Members to confirm').fill('Loyalty');
  await expect(submit).toBeDisabled();
  await dialog.getByLabel('Type Loyalty Members to confirm').fill('Loyalty Members');
  await submit.click();

  // The request page: live status until it completes, then its metrics.
  await expect(page).toHaveURL(new RegExp(`/${sandbox}/delete-requests/[0-9a-f-]{36}$`));
  await expect(page.getByRole('heading', { name: 'Delete Loyalty Members', level: 1 })).toBeVisible();
  await expect(page.getByText('AEP status').locator('code')).toHaveText('COMPLETED', { timeout: 30_000 });
  const metrics = page.getByRole('region', { name: 'Metrics' });
  await expect(metrics.getByText('Records processed').locator('xpath=following-sibling::dd[1]')).toHaveText(loyalty.records.toLocaleString('en-US'));
  await expect(page.getByRole('region', { name: 'Status' })).toContainText('Completed');

  // The profile lost its loyalty attributes and kept its CRM ones.
  const after = await person0(request, sandbox);
  expect(after).not.toHaveProperty('loyalty');
  expect(after).toHaveProperty('_northwind.crm.customerSince');
  expect(after).toHaveProperty('person.name.firstName', 'Robert');

  // The list shows the finished request; removing its record empties it again.
  await page.getByRole('link', { name: 'Delete requests' }).first().click();
  const grid = page.getByRole('grid', { name: 'Delete requests' });
  await expect(grid.getByRole('link', { name: 'Loyalty Members' })).toBeVisible();
  await expect(grid.getByText(loyalty.records.toLocaleString('en-US'))).toBeVisible();
  await grid.getByRole('link', { name: 'Loyalty Members' }).click();
  await page.getByRole('button', { name: 'Remove record' }).click();
  await page.getByRole('dialog', { name: 'Remove this request record?' }).getByRole('button', { name: 'Remove record' }).click();
  await expect(page.getByText('No delete requests in this sandbox')).toBeVisible();

  expect(errors).toEqual([]);
});

test('deletes one batch of an experience-event dataset and refuses a record dataset batch through the API', async ({ page, request, sandbox }) => {
  const errors = watchConsole(page);
  const demo = await seedDemo(request, sandbox);
  const web = demo.datasets.find((d: { name: string }) => d.name === 'Web Events');
  const crm = demo.datasets.find((d: { name: string }) => d.name === 'CRM Customers');

  const refused = await request.post('/data/core/ups/system/jobs', { headers: tenantHeaders(sandbox), data: { datasetId: crm.id, batchId: crm.batchId } });
  expect(refused.status()).toBe(400);
  expect((await refused.json()).errors['400'][0]).toEqual({ code: '500', message: `Batch can only be specified for EE type '${crm.id}'` });

  await page.goto(`/${sandbox}/delete-requests`);
  await page.getByRole('button', { name: 'New delete request' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'New delete request' });
  await dialog.getByRole('radio', { name: 'One batch of an ExperienceEvent dataset' }).check();
  await dialog.getByRole('combobox', { name: 'Dataset' }).click();
  await expect(page.getByRole('option', { name: /CRM Customers/ })).toHaveCount(0);
  await page.getByRole('option', { name: /Web Events/ }).click();
  await dialog.getByRole('combobox', { name: 'Batch' }).click();
  await page.getByRole('option', { name: new RegExp(web.batchId) }).click();
  await dialog.getByRole('button', { name: 'Next' }).click();
  await expect(dialog.getByLabel('Impact of the delete request')).toBeVisible();
  await dialog.getByRole('button', { name: 'Next' }).click();
  await dialog.getByLabel('Type Web Events to confirm').fill('Web Events');
  await dialog.getByRole('button', { name: 'Delete data' }).click();
  await expect(page.getByRole('heading', { name: 'Delete a batch of Web Events', level: 1 })).toBeVisible();
  await expect(page.getByText('AEP status').locator('code')).toHaveText('COMPLETED', { timeout: 30_000 });

  const stats = await request.get('/_local/datasets/stats', { headers: tenantHeaders(sandbox) });
  expect((await stats.json())[web.id].events).toBe(0);
  expect(errors).toEqual([]);
});

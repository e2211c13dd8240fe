// Merge policies: create a dataset-precedence policy by dragging datasets into order, preview it
// against demo person 0 (CRM "Robert", loyalty "Bob") and see the difference highlighted, save it,
// make it the default, and see the old default demoted.
import type { Locator } from '@playwright/test';
import { expect, seedDemo, tenantHeaders, test, watchConsole } from './fixtures.ts';

const names = (list: Locator) =>
  list.locator('[data-dataset-item]').evaluateAll((items) => items.map((i) => i.getAttribute('aria-label')));

test('creates a dataset-precedence policy by drag and drop, previews it, saves it and makes it the default', async ({
  page,
  request,
  sandbox,
}) => {
  const errors = watchConsole(page);
  await seedDemo(request, sandbox);

  await page.goto(`/${sandbox}/merge-policies`);
  await expect(page.getByRole('heading', { name: 'Merge policies', level: 1 })).toBeVisible();
  await expect(page.getByText(/· 2 of 5 policies/)).toBeVisible();
  const grid = page.getByRole('grid', { name: 'Merge policies' });
  const row = (name: string) =>
    grid.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
  await expect(row('Default Timebased').getByText('Default', { exact: true })).toBeVisible();
  await expect(row('Loyalty first')).toBeVisible();

  // 1. Configure
  await page.getByRole('link', { name: 'Create merge policy' }).click();
  await expect(page.getByRole('heading', { name: 'Create merge policy', level: 1 })).toBeVisible();
  await page.getByRole('textbox', { name: 'Name' }).fill('Rewards over CRM');
  await page.getByRole('radio', { name: /Dataset precedence/ }).check();
  await page.getByRole('button', { name: 'Next' }).click();

  // 2. Profile datasets: drag both in, then drag Loyalty Members above CRM Customers.
  const included = page.getByTestId('included-datasets');
  const available = page.getByTestId('available-datasets');
  await expect(available.getByText('CRM Customers')).toBeVisible();
  await expect(available.getByText(/profile fragments/).first()).toBeVisible();
  await available.locator('[data-dataset-available]', { hasText: 'CRM Customers' }).dragTo(included);
  await expect.poll(() => names(included)).toEqual(['CRM Customers, priority 1 of 1']);
  await available.locator('[data-dataset-available]', { hasText: 'Loyalty Members' }).dragTo(included);
  await expect
    .poll(() => names(included))
    .toEqual(['CRM Customers, priority 1 of 2', 'Loyalty Members, priority 2 of 2']);
  const loyalty = included.locator('[data-dataset-item]', { hasText: 'Loyalty Members' });
  const crm = included.locator('[data-dataset-item]', { hasText: 'CRM Customers' });
  await loyalty.dragTo(crm, { targetPosition: { x: 40, y: 4 } });
  await expect
    .poll(() => names(included))
    .toEqual(['Loyalty Members, priority 1 of 2', 'CRM Customers, priority 2 of 2']);
  await page.getByRole('button', { name: 'Next' }).click();

  // 3. Experience event datasets: every one by default; exclude the in-store purchases.
  await expect(page.getByRole('heading', { name: 'Experience event datasets', level: 2 })).toBeVisible();
  await expect(page.getByRole('switch', { name: 'Include Web Events' })).toBeChecked();
  await page.getByRole('switch', { name: 'Include In-Store Purchases' }).press('Space');
  await expect(page.getByRole('switch', { name: 'Include In-Store Purchases' })).not.toBeChecked();
  await expect(page.getByRole('radio', { name: /Only the event datasets included below/ })).toBeChecked();
  await page.getByRole('button', { name: 'Next' }).click();

  // 4. Review: the JSON that will be sent, the impact, and person 0 merged under both policies.
  const json = page.getByLabel('POST /data/core/ups/config/mergePolicies', { exact: true });
  await expect(json).toContainText('"dataSetPrecedence"');
  const impact = page.getByRole('region', { name: 'Impact summary' });
  await expect(impact.getByText('Attributes that change most')).toBeVisible({ timeout: 30_000 });
  await expect(impact.getByText('person.name.firstName')).toBeVisible();

  await page.getByRole('textbox', { name: 'Identity value' }).fill('robert.tanaka0@example.org');
  await page.getByRole('button', { name: 'Preview', exact: true }).click();
  const attributes = page.getByRole('table', { name: 'Attributes of Email: robert.tanaka0@example.org' });
  const firstName = attributes.locator('tr[data-path="person.name.firstName"]');
  await expect(firstName).toHaveAttribute('data-changed', 'true');
  await expect(firstName.getByRole('cell').nth(0)).toHaveText('Bob');
  await expect(firstName.getByRole('cell').nth(1)).toHaveText('Robert');
  // The highlight is visible: a tinted row, unlike unchanged attributes.
  const tint = await firstName.evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(tint).not.toBe('rgba(0, 0, 0, 0)');
  await firstName.getByRole('button', { name: 'Why this value: person.name.firstName' }).click();
  await expect(attributes.getByText('Why: dataset ranked 1 of 2 in the merge policy order')).toBeVisible();

  // Save.
  await page.getByRole('button', { name: 'Create policy' }).click();
  await expect(page).toHaveURL(new RegExp(`/${sandbox}/merge-policies$`));
  await expect(page.getByText('Saved merge policy “Rewards over CRM”.')).toBeVisible();
  await expect(page.getByText(/· 3 of 5 policies/)).toBeVisible();

  // Make it the default: the old default is demoted.
  await row('Rewards over CRM').getByRole('button', { name: 'Actions for Rewards over CRM' }).click();
  await page.getByRole('menuitem', { name: 'Set as default' }).click();
  const dialog = page.getByRole('dialog', { name: 'Make “Rewards over CRM” the default?' });
  await expect(dialog).toContainText('instead of “Default Timebased”');
  await dialog.getByRole('button', { name: 'Make default' }).click();
  await expect(dialog).toBeHidden();
  await expect(row('Rewards over CRM').getByText('Default', { exact: true })).toBeVisible();
  await expect(row('Default Timebased').getByText('Default', { exact: true })).toHaveCount(0);
  await expect(row('Default Timebased').getByRole('gridcell', { name: '2' })).toBeVisible();

  // The service agrees: one default, the old one demoted (its version moved on).
  const res = await request.get('/data/core/ups/config/mergePolicies', { headers: tenantHeaders(sandbox) });
  const policies = (await res.json()).children as {
    name: string;
    default: boolean;
    version: number;
    attributeMerge: { order?: string[] };
  }[];
  expect(policies.filter((p) => p.default).map((p) => p.name)).toEqual(['Rewards over CRM']);
  expect(policies.find((p) => p.name === 'Default Timebased')).toMatchObject({ default: false, version: 2 });
  // Its order: the two Profile datasets ranked, then the two event datasets kept.
  const datasets = await (
    await request.get('/data/foundation/catalog/dataSets?limit=100', { headers: tenantHeaders(sandbox) })
  ).json();
  const nameOf = (id: string) => (datasets as Record<string, { name: string }>)[id]?.name;
  const saved = policies.find((p) => p.name === 'Rewards over CRM')!;
  expect(saved.attributeMerge.order?.map(nameOf)).toEqual([
    'Loyalty Members',
    'CRM Customers',
    'Mobile App Events',
    'Web Events',
  ]);

  expect(errors).toEqual([]);
});

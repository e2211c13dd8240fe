// Computed attributes in real Chromium against the real service (issue 9's "Done when"): build
// "sum of order totals over 7 days" in the builder, dry-run it on a demo profile, publish it, wait
// for PROCESSED and find the value on the profile (entity lookup with withCA=true). Plus the live
// validation of a broken expression and the lifecycle of a draft. Each test has its own sandbox.
import type { APIRequestContext } from '@playwright/test';
import { expect, seedDemo, tenantHeaders, test, watchConsole } from './fixtures.ts';

const CA = '/data/core/ca/attributes';
const SUM_7D = 'xEvent[eventType = "commerce.purchases" and timestamp occurs <= 7 days before now].sum(commerce.order.priceTotal)';

/**
 * A demo profile with purchases in the last 7 days and its value, found through the API: a probe
 * attribute is published, evaluated, and its top profile read from the summary; then disabled.
 */
async function profileWithRecentPurchases(request: APIRequestContext, sandbox: string) {
  const headers = tenantHeaders(sandbox);
  const created = await request.post(CA, {
    headers,
    data: { name: 'probe', displayName: 'Probe', expression: { value: SUM_7D }, duration: { count: 7, unit: 'DAYS' }, status: 'NEW' },
  });
  expect(created.status(), await created.text()).toBe(200);
  const id = (await created.json()).id as string;
  await expect.poll(async () => (await (await request.get(`${CA}/${id}`, { headers })).json()).status, { timeout: 30_000 }).toBe('PROCESSED');
  const summary = await (await request.get(`/_local/computed-attributes/${id}/summary`, { headers })).json();
  const top = summary.samples.find((s: { namespace: string }) => s.namespace === 'Email') as { namespace: string; id: string; value: number };
  expect(top, 'a demo profile with a recent purchase').toBeTruthy();
  expect((await request.patch(`${CA}/${id}`, { headers, data: { status: 'DISABLED' } })).status()).toBe(200);
  return top;
}

/** How the console shows a number value: whole numbers as counts, others with two decimals. */
const shown = (n: number) => (Number.isInteger(n) ? n.toLocaleString('en-US') : n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));

test('builds "sum of order totals over 7 days", dry-runs it, publishes it and sees the value on the profile', async ({ page, request, sandbox }) => {
  test.setTimeout(120_000);
  const errors = watchConsole(page);
  await seedDemo(request, sandbox);
  const who = await profileWithRecentPurchases(request, sandbox);

  await page.goto(`/${sandbox}/computed-attributes`);
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Computed attributes' })).toHaveAttribute('aria-current', 'page');
  await page.getByRole('button', { name: 'Create computed attribute' }).first().click();
  await expect(page.getByRole('heading', { name: 'New computed attribute' })).toBeVisible();

  await page.getByRole('textbox', { name: 'Display name' }).fill('Order total, last 7 days');
  await expect(page.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue('orderTotalLast7Days');
  // function: sum (the default); field from the sandbox's event fields
  const field = page.getByRole('combobox', { name: 'Event field' });
  await field.fill('priceTotal');
  await page.getByRole('option', { name: /^commerce\.order\.priceTotal/ }).click();
  // one condition row: eventType equals commerce.purchases
  await page.getByRole('button', { name: 'Add condition' }).click();
  const row = page.getByRole('group', { name: 'Condition 1' });
  await row.getByRole('combobox', { name: 'Field' }).fill('eventType');
  await page.getByRole('option', { name: /^eventType/ }).click();
  await row.getByRole('textbox', { name: 'Value' }).fill('commerce.purchases');
  // lookback: 7 days (the default); the generated PQL, validated live by the service's parser
  await expect(page.getByRole('textbox', { name: 'PQL expression' })).toHaveValue(SUM_7D);
  await expect(page.getByTestId('validation-result')).toContainText('Valid · Sum returning number');

  // dry run on the demo profile
  await page.getByRole('combobox', { name: 'Namespace' }).fill(who.namespace);
  await page.getByRole('textbox', { name: 'Identity value' }).fill(who.id);
  await page.getByRole('button', { name: 'Dry run' }).click();
  await expect(page.getByTestId('dry-run-value')).toHaveText(shown(who.value));
  const events = page.getByRole('table', { name: 'Events that produced the value' });
  await expect(events.getByRole('row').nth(1)).toContainText('commerce.purchases');

  // publish
  await page.getByRole('button', { name: 'Publish' }).click();
  await page.getByRole('dialog', { name: 'Publish this computed attribute?' }).getByRole('button', { name: 'Publish' }).click();
  await expect(page).toHaveURL(new RegExp(`/${sandbox}/computed-attributes/[0-9a-f-]{36}$`));
  await expect(page.getByRole('heading', { name: /Order total, last 7 days/ })).toBeVisible();
  await expect(page.locator('[data-status="PROCESSED"]')).toBeVisible({ timeout: 30_000 });
  const values = page.getByRole('region', { name: 'Values' });
  await expect(values).toContainText(/profiles? ha(s|ve) a value/);
  await expect(values.getByRole('img', { name: /Profiles by value/ })).toBeVisible();
  await expect(values.getByRole('link', { name: who.id })).toBeVisible();

  // the value on the profile: the entity lookup with withCA=true, as the profile page asks for it
  const lookup = await request.get(
    `/data/core/ups/access/entities?schema.name=_xdm.context.profile&entityId=${encodeURIComponent(who.id)}&entityIdNS=${who.namespace}&withCA=true`,
    { headers: tenantHeaders(sandbox) },
  );
  expect(lookup.status()).toBe(200);
  const entity = (Object.values(await lookup.json())[0] as { entity: { _northwind: { ComputedAttributes: Record<string, number> } } }).entity;
  expect(entity._northwind.ComputedAttributes.orderTotalLast7Days).toBe(who.value);

  // and the profile page opens from the sample profiles
  await values.getByRole('link', { name: who.id }).click();
  await expect(page).toHaveURL(new RegExp(`/${sandbox}/profiles/`));
  await expect(page.getByText(who.id).first()).toBeVisible();
  // the profile page shows the computed attribute among the attributes
  await page.getByLabel('Search attributes').fill('orderTotalLast7Days');
  await expect(page.getByText('orderTotalLast7Days').first()).toBeVisible();
  await expect(page.getByText(String(who.value)).first()).toBeVisible();
  expect(errors).toEqual([]);
});

test('shows the parser’s error with its position, keeps the lifecycle rules of a draft', async ({ page, request, sandbox }) => {
  const errors = watchConsole(page);
  await seedDemo(request, sandbox);
  await page.goto(`/${sandbox}/computed-attributes/new`);
  await page.getByRole('textbox', { name: 'Display name' }).fill('Purchases');
  await page.getByLabel('Function').click();
  await page.getByRole('option', { name: 'Count' }).click();
  await page.getByLabel('Edit by hand').check();
  const pql = page.getByRole('textbox', { name: 'PQL expression' });
  await pql.fill('xEvent[eventType = ].count()');
  const verdict = page.getByTestId('validation-result');
  await expect(verdict).toContainText('Expected a value (a number, a "string", true, false) but found "]" at column 20');
  await expect(verdict.getByLabel('Position: line 1, column 20')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Publish' })).toBeDisabled();
  await pql.fill('xEvent.sum(eventType)');
  await expect(verdict).toContainText('sum() needs a number field, but "eventType" holds string values');
  await pql.fill('xEvent[eventType = "commerce.purchases"].count()');
  await expect(verdict).toContainText('Valid · Count returning integer');

  await page.getByRole('button', { name: 'Save as draft' }).click();
  await expect(page.locator('[data-status="DRAFT"]')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Disable' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page).toHaveURL(new RegExp(`/${sandbox}/computed-attributes$`));
  await expect(page.getByText('No computed attributes in this sandbox yet')).toBeVisible();
  expect(errors).toEqual([]);
});

// No profile value reaches the DOM as HTML (DESIGN §9): a sandbox whose every user-supplied value is
// an XSS payload (xss-seed.ts), and every page of the console visited in it. On each page the
// payload shows as text, nothing ran and nothing from it became markup (xss-checks.ts).
// Two tests, each on a sandbox of its own, so the pages are visited in parallel.
import { expect, test, watchConsole } from './fixtures.ts';
import { injectedMarkup, xssVisitor } from './xss-checks.ts';
import { seedXss, XSS, XSS_EMAIL, XSS_NAMESPACE } from './xss-seed.ts';

// The console's CSP would stop an injected handler from running; bypassing it here makes the test
// about the rendering itself (the CSP has its own test in security-headers.spec.ts).
test.use({ bypassCSP: true, actionTimeout: 15_000 });

test('datasets, profiles and the sandbox menu show markup from the data as text and run none of it', async ({ page, request, sandbox }) => {
  const errors = watchConsole(page);
  const seed = await seedXss(request, sandbox);
  const { visit, check } = xssVisitor(page, sandbox);

  // Datasets: list, detail (name, description), the failed records of a batch, an event dataset.
  await visit('/datasets', [`Profiles ${XSS.img}`, `Events ${XSS.svg}`, `Export ${XSS.imgBare}`]);
  await page.getByRole('button', { name: /^Sandbox:/ }).click();
  await check('sandbox menu', [XSS.svg]);
  await page.keyboard.press('Escape');
  await visit(`/datasets/${seed.profileDataset}`, [`Profiles ${XSS.img}`, `About ${XSS.script}`]);
  await visit(`/datasets/${seed.profileDataset}?batch=${seed.failedBatch}`, [XSS.imgBare]);
  await visit(`/datasets/${seed.eventDataset}`, [`Events ${XSS.svg}`, XSS.url]);

  // Profiles: every tab (the identity graph is an SVG drawing), by email and by a payload identity.
  const profile = `/profiles/Email/${encodeURIComponent(XSS_EMAIL)}`;
  await visit(profile, [XSS.img, XSS.script, XSS.url]);
  await visit(`${profile}?tab=why&path=person.name.firstName`, [XSS.img]);
  await visit(`${profile}?tab=identities`, [XSS.svg]);
  await visit(`${profile}?tab=fragments`, [`Profiles ${XSS.img}`]);
  await visit(`${profile}?tab=events`, [XSS.imgBare]);
  await visit(`/profiles/${XSS_NAMESPACE}/${encodeURIComponent(XSS.img)}`, [XSS.script]);
  await visit('/profiles', [XSS_EMAIL]);
  await page.getByRole('combobox', { name: 'Namespace' }).click();
  await check('namespace menu', [XSS.img]);
  await page.keyboard.press('Escape');
  expect(errors).toEqual([]);

  // The check itself: markup put into the page the way a hole would put it runs (the CSP is
  // bypassed) and is caught.
  await page.evaluate((html) => document.querySelector('main')!.insertAdjacentHTML('beforeend', html), XSS.img);
  await expect.poll(() => injectedMarkup(page)).toEqual(['window.__xss was set', '<img onerror="window.__xss=1">']);
});

test('merge policies, export jobs, reports, computed attributes and delete requests show markup as text and run none of it', async ({ page, request, sandbox }) => {
  const errors = watchConsole(page);
  const seed = await seedXss(request, sandbox);
  const { visit, check } = xssVisitor(page, sandbox);

  // Merge policies: list, compare, new, and every step of the editor with a profile preview.
  await visit('/merge-policies', [`Policy ${XSS.svg}`]);
  await visit('/merge-policies/compare', [`Policy ${XSS.svg}`]);
  await visit('/merge-policies/new', []);
  await visit(`/merge-policies/${seed.policyId}`, [`Policy ${XSS.svg}`]);
  await page.getByRole('tab', { name: 'Profile datasets' }).click();
  await check('policy editor, profile datasets', [`Profiles ${XSS.img}`]);
  await page.getByRole('tab', { name: 'Event datasets' }).click();
  await check('policy editor, event datasets', [`Events ${XSS.svg}`]);
  await page.getByRole('tab', { name: 'Review' }).click();
  await page.getByRole('textbox', { name: 'Identity value' }).fill(XSS_EMAIL);
  await page.getByRole('button', { name: 'Preview', exact: true }).click();
  await check('policy editor, review and preview', [XSS.img, XSS.script]);

  // Export jobs: list, new, the job.
  await visit('/export-jobs', [`Export ${XSS.imgBare}`]);
  await visit('/export-jobs/new', []);
  await visit(`/export-jobs/${seed.exportJobId}`, [`Export ${XSS.imgBare}`, `Policy ${XSS.svg}`]);

  // Reports: the charts (their labels are shortened), then every card as a table (names in full).
  await visit('/reports', ['Profiles <img src=x on', 'Events "><svg onload=w']);
  for (const toggle of await page.getByRole('button', { name: 'Table', exact: true, disabled: false }).all()) await toggle.click();
  await check('reports as tables', [`Profiles ${XSS.img}`, `Events ${XSS.svg}`]);

  // Computed attributes: list, new, the attribute, its editor.
  await visit('/computed-attributes', [`Count ${XSS.img}`]);
  await visit('/computed-attributes/new', []);
  await visit(`/computed-attributes/${seed.attributeId}`, [`Count ${XSS.img}`, `Describes ${XSS.script}`]);
  await visit(`/computed-attributes/${seed.attributeId}/edit`, []);

  // Delete requests: list, the request, the new-request dialog's dataset list.
  await visit('/delete-requests', [`Doomed ${XSS.script}`]);
  await visit(`/delete-requests/${seed.deleteRequestId}`, [`Doomed ${XSS.script}`]);
  await visit('/delete-requests', []);
  await page.getByRole('button', { name: 'New delete request' }).first().click();
  await page.getByRole('dialog').getByRole('combobox', { name: 'Dataset' }).click();
  await check('new delete request dialog', [`Profiles ${XSS.img}`]);

  expect(errors).toEqual([]);
});

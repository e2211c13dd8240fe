// The built console under its security headers: index.html carries a CSP without inline script
// (and has no inline script the CSP would block), nosniff and no-referrer on the page and on every
// asset it loads, and a page of the console runs under that CSP without a single violation.
import { expect, seedDemo, test, watchConsole } from './fixtures.ts';

test('the built index.html and its assets carry the security headers; the console runs under the CSP', async ({ page, request, sandbox }) => {
  const index = await request.get('/');
  expect(index.status()).toBe(200);
  const headers = index.headers();
  const csp = headers['content-security-policy'] ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(csp).toContain("object-src 'none'");
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');

  // No inline script and no inline handler in the build: the CSP would block them.
  const html = await index.text();
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
  expect(scripts.length).toBeGreaterThan(0);
  for (const [, attrs, body] of scripts) {
    expect(attrs, 'every script is a file').toMatch(/\ssrc="\/[^"]+"/);
    expect(body.trim()).toBe('');
  }
  expect(html).not.toMatch(/\son[a-z]+\s*=/i);

  // Every file the page references: served as what it is, never sniffed.
  const files = [...html.matchAll(/\s(?:src|href)="(\/[^"]+)"/g)].map((m) => m[1]);
  expect(files.some((f) => f.startsWith('/assets/'))).toBe(true);
  for (const file of files) {
    const res = await request.get(file);
    expect(res.status(), file).toBe(200);
    expect(res.headers()['x-content-type-options'], file).toBe('nosniff');
    expect(res.headers()['referrer-policy'], file).toBe('no-referrer');
    if (file.endsWith('.js')) expect(res.headers()['content-type'], file).toMatch(/javascript/);
  }

  // The console itself under the CSP: no violation, no error.
  const errors = watchConsole(page);
  await seedDemo(request, sandbox, 50);
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`));
  });
  await page.goto(`/${sandbox}/datasets`);
  await expect(page.getByRole('grid', { name: 'Datasets' }).getByRole('link', { name: 'CRM Customers' })).toBeVisible();
  await page.goto(`/${sandbox}/profiles/Email/${encodeURIComponent('robert.tanaka0@example.org')}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Robert Tanaka' })).toBeVisible();
  expect(errors).toEqual([]);
});

// Shared e2e fixtures: every test gets a sandbox of its own, created on first use by the service.
import { test as base, expect, type APIRequestContext, type Page } from '@playwright/test';

export const ORG_ID = 'D3M0C0FFEE0000000000A1B2@AdobeOrg';

export const tenantHeaders = (sandbox: string) => ({ 'x-gw-ims-org-id': ORG_ID, 'x-sandbox-name': sandbox });

/** Seeds the demo organisation into the sandbox through the local endpoint. */
export async function seedDemo(request: APIRequestContext, sandbox: string, profiles = 300) {
  const res = await request.post('/_local/demo', { headers: tenantHeaders(sandbox), data: { profiles, seed: 42 } });
  expect(res.status(), await res.text()).toBe(200);
  return res.json();
}

/** Fails the test when the page logs an error or throws. */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

export const test = base.extend<{ sandbox: string }>({
  // eslint-disable-next-line no-empty-pattern
  sandbox: async ({}, use, testInfo) => {
    const name = `e2e-${testInfo.workerIndex}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
    await use(name);
  },
});

export { expect };

import { defineConfig, devices } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The e2e suite runs the real service (built SPA + API) on a fresh temporary data directory.
// Each test works in a sandbox of its own (see e2e/fixtures.ts), so tests run in parallel.
// A second console runs in AEP mode against the first service standing in for the platform, with a
// stand-in IMS token endpoint (e2e/aep-mode.spec.ts).
const PORT = Number(process.env.E2E_PORT ?? 3199);
const IMS_PORT = PORT - 1;
const AEP_PORT = PORT - 2;
const dataDir = process.env.E2E_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'profile-console-e2e-'));
process.env.E2E_DATA_DIR = dataDir;

const chromium = {
  ...devices['Desktop Chrome'],
  viewport: { width: 1440, height: 900 },
  launchOptions: {
    // Debian's Chromium; Playwright cannot download browsers on these machines.
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  },
};

// Test-only credentials for the stand-in IMS; nothing real.
const aepEnv = {
  AEP_CLIENT_ID: 'e2e-console-client',
  AEP_CLIENT_SECRET: 'e2e-not-a-real-secret',
  AEP_ORG_ID: 'D3M0C0FFEE0000000000A1B2@AdobeOrg',
  AEP_SCOPES: 'openid,AdobeID',
  AEP_IMS_URL: `http://127.0.0.1:${IMS_PORT}`,
  AEP_PLATFORM_URL: `http://127.0.0.1:${PORT}`,
};

const server = (command: string, port: number, env: Record<string, string> = {}) => ({
  command,
  url: `http://127.0.0.1:${port}/_local/health`,
  env,
  reuseExistingServer: false,
  timeout: 90_000,
  stdout: 'ignore' as const,
  stderr: 'pipe' as const,
});

export default defineConfig({
  testDir: './e2e',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  retries: 0,
  workers: 2,
  fullyParallel: true,
  reporter: [['list']],
  outputDir: './test-results',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'chromium', use: chromium, testIgnore: /aep-mode\.spec\.ts/ },
    { name: 'aep-mode', use: { ...chromium, baseURL: `http://127.0.0.1:${AEP_PORT}` }, testMatch: /aep-mode\.spec\.ts/ },
  ],
  // `npm test` builds the SPA before the e2e step.
  webServer: [
    server(`node --import tsx server/main.ts --port ${PORT} --data-dir ${dataDir} --demo-profiles 400`, PORT),
    {
      ...server(`node --import tsx server/aep/fake-ims-cli.ts --port ${IMS_PORT}`, IMS_PORT, aepEnv),
      url: undefined,
      port: IMS_PORT,
    },
    server(`node --import tsx server/main.ts --aep --port ${AEP_PORT}`, AEP_PORT, aepEnv),
  ],
});

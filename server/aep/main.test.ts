// `npm start -- --aep` as a user runs it: a child process, credentials from the environment.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeIms, startFakePlatform, type FakeIms, type FakePlatform } from './test-platform.ts';

const CLIENT_ID = 'c0ffee00c0ffee00c0ffee00c0ffee01';
const SECRET = 'p8e-main-test-secret-never-printed-42';
const ORG = '5EC0DE00000000000000AE02@AdobeOrg';

let ims: FakeIms;
let platform: FakePlatform;

beforeAll(async () => {
  ims = await startFakeIms({ clientId: CLIENT_ID, clientSecret: SECRET });
  platform = await startFakePlatform(ims, CLIENT_ID);
});
afterAll(async () => {
  await platform?.close();
  await ims?.close();
});

function aepEnv(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AEP_CLIENT_ID: CLIENT_ID,
    AEP_CLIENT_SECRET: SECRET,
    AEP_ORG_ID: ORG,
    AEP_SCOPES: 'openid,AdobeID',
    AEP_IMS_URL: ims.url,
    AEP_PLATFORM_URL: platform.url,
    ...overrides,
  };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  return env;
}

function run(args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--port', '0', '--dist-dir', '/nonexistent-dist', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, exited, output: () => output };
}

async function listening(p: ReturnType<typeof run>): Promise<string> {
  for (let i = 0; i < 300; i++) {
    const m = /Profile Console at (http:\/\/[\d.]+:\d+)/.exec(p.output());
    if (m) return m[1];
    if (p.child.exitCode !== null) throw new Error(`exited ${p.child.exitCode}: ${p.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`did not start: ${p.output()}`);
}

const stop = async (child: ChildProcess, exited: Promise<number | null>) => {
  child.kill('SIGTERM');
  return exited;
};

describe('npm start -- --aep', () => {
  it.each([
    ['AEP_CLIENT_ID', ['--aep'], { AEP_CLIENT_ID: undefined }],
    ['AEP_ORG_ID', [], { MODE: 'aep', AEP_ORG_ID: 'not-an-org' }],
    ['--auth', ['--aep', '--host', '0.0.0.0'], {}],
  ])('stops with exit code 2 and a message naming %s', async (name, args, overrides) => {
    const p = run(args, aepEnv(overrides));
    expect(await p.exited).toBe(2);
    expect(p.output()).toContain(name);
    expect(p.output()).not.toContain(SECRET);
  });

  it('starts in AEP mode, forwards to the platform and never prints a credential', async () => {
    const p = run(['--aep'], aepEnv({ LOG_LEVEL: 'debug' }));
    try {
      const url = await listening(p);
      const config = await (await fetch(`${url}/_local/config`)).json();
      expect(config).toMatchObject({ mode: 'aep', orgId: ORG, defaultSandbox: 'prod' });
      const res = await fetch(`${url}/data/foundation/catalog/dataSets`, {
        headers: { 'x-gw-ims-org-id': ORG, 'x-sandbox-name': 'main-test', authorization: 'Bearer browser', 'x-api-key': 'browser' },
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({});
      expect((await fetch(`${url}/_local/demo`, { method: 'POST' })).status).toBe(501);
    } finally {
      expect(await stop(p.child, p.exited)).toBe(0);
    }
    expect(p.output()).toContain('obtained an access token from Adobe IMS');
    expect(ims.issued.length).toBeGreaterThan(0);
    for (const secret of [SECRET, ...ims.issued]) expect(p.output()).not.toContain(secret);
  });
});

// The service as a newcomer runs it: a child process on a fresh data directory.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ORG = 'D3M0C0FFEE0000000000A1B2@AdobeOrg';

function start(args: string[]): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /Profile Console at (http:\/\/[\d.]+:\d+)/.exec(out);
      if (m) resolve({ child, url: m[1], output: () => out });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
}

const exited = (child: ChildProcess) => new Promise<number | null>((r) => child.on('exit', (code) => r(code)));

describe('server/main.ts', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'profile-console-main-'));
    dirs.push(d);
    return d;
  };
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('seeds the demo organisation on a fresh data directory, keeps it across restarts, and stops cleanly on SIGTERM', async () => {
    const dataDir = tempDir();
    const first = await start(['--data-dir', dataDir, '--demo-profiles', '200']);
    const headers = { 'x-gw-ims-org-id': ORG, 'x-sandbox-name': 'prod' };
    const datasets = await (await fetch(`${first.url}/data/foundation/catalog/dataSets`, { headers })).json();
    const names = Object.values(datasets).map((d) => (d as { name: string }).name);
    expect(names).toEqual(expect.arrayContaining(['CRM Customers', 'Loyalty Members', 'Web Events']));
    first.child.kill('SIGTERM');
    expect(await exited(first.child)).toBe(0);
    expect(first.output()).toContain('shutting down');

    const second = await start(['--data-dir', dataDir, '--demo-profiles', '200']);
    const again = await (await fetch(`${second.url}/data/foundation/catalog/dataSets`, { headers })).json();
    expect(Object.keys(again)).toHaveLength(Object.keys(datasets).length);
    second.child.kill('SIGINT');
    expect(await exited(second.child)).toBe(0);
  });

  it('refuses bad flags with a message naming them', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--org', 'nope'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    expect(await exited(child)).toBe(2);
    expect(err).toContain('--org');
  });
});

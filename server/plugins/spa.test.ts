import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

describe('serving the console', () => {
  let t: TestApp;
  let dist: string;
  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Profile Console</title>');
    writeFileSync(join(dist, 'assets', 'app.js'), 'console.log(1)');
    t = await createTestApp({ distDir: dist });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('answers deep links with index.html', async () => {
    const res = await t.app.inject({ url: '/prod/datasets/0123456789abcdef01234567?tab=batches' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('Profile Console');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).not.toContain("script-src 'self' 'unsafe-inline'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('sends nosniff and no-referrer on assets and API answers too; the CSP and frame ban on pages', async () => {
    for (const url of ['/assets/app.js', '/_local/health']) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['referrer-policy'], url).toBe('no-referrer');
    }
    const page = await t.app.inject({ url: '/prod/profiles' });
    expect(page.headers['content-security-policy']).toContain("object-src 'none'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['x-frame-options']).toBe('DENY');
  });

  it('answers the home page / with index.html under the CSP', async () => {
    const res = await t.app.inject({ url: '/', headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Profile Console');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers a browser navigation to a path ending like a file name with index.html', async () => {
    const res = await t.app.inject({ url: '/prod/profiles/Email/robert.tanaka0@example.org', headers: { accept: 'text/html,*/*' } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Profile Console');
  });

  it('serves assets, including ones built after start-up', async () => {
    expect((await t.app.inject({ url: '/assets/app.js' })).statusCode).toBe(200);
    writeFileSync(join(dist, 'assets', 'later.js'), 'console.log(2)');
    expect((await t.app.inject({ url: '/assets/later.js' })).statusCode).toBe(200);
  });

  it('answers a missing asset, an unknown API path and a non-GET with a 404 problem', async () => {
    for (const [method, url] of [
      ['GET', '/assets/missing.js'],
      ['GET', '/data/core/ups/nothing-here'],
      ['POST', '/prod/datasets'],
    ] as const) {
      const res = await t.app.inject({ method, url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json()).toMatchObject({ status: 404, title: 'Not Found' });
      expect(res.json().requestId).toBe(res.headers['x-request-id']);
    }
  });

  it('never serves files outside the build', async () => {
    const res = await t.app.inject({ url: '/assets/..%2f..%2fpackage.json' });
    expect(res.statusCode).not.toBe(200);
  });
});

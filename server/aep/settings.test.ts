import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../config.ts';
import { isLoopbackHost, readAepSettings } from './settings.ts';

const SECRET = 'p8e-very-secret-value-123';
const good = {
  AEP_CLIENT_ID: 'c0ffee00c0ffee00c0ffee00c0ffee00',
  AEP_CLIENT_SECRET: SECRET,
  AEP_ORG_ID: '5EC0DE00000000000000AE01@AdobeOrg',
  AEP_SCOPES: 'openid,AdobeID,read_organizations',
};
const loopback = { host: '127.0.0.1', auth: false };

function refusal(env: Record<string, string | undefined>, listen = loopback): string {
  try {
    readAepSettings(env, listen);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('readAepSettings', () => {
  it('reads the credentials with Adobe defaults for the hosts and prod for the sandbox', () => {
    expect(readAepSettings(good, loopback)).toEqual({
      clientId: good.AEP_CLIENT_ID,
      clientSecret: SECRET,
      orgId: good.AEP_ORG_ID,
      scopes: 'openid,AdobeID,read_organizations',
      defaultSandbox: 'prod',
      sandboxConfigured: false,
      imsUrl: 'https://ims-na1.adobelogin.com',
      platformUrl: 'https://platform.adobe.io',
    });
  });

  it('takes overrides, normalises scopes and trims trailing slashes', () => {
    const s = readAepSettings(
      { ...good, AEP_SCOPES: ' openid, AdobeID  session ', AEP_SANDBOX: 'dev-1', AEP_IMS_URL: 'https://ims-na1-stg1.adobelogin.com/', AEP_PLATFORM_URL: 'http://127.0.0.1:9000/prefix/' },
      loopback,
    );
    expect(s).toMatchObject({ scopes: 'openid,AdobeID,session', defaultSandbox: 'dev-1', sandboxConfigured: true, imsUrl: 'https://ims-na1-stg1.adobelogin.com', platformUrl: 'http://127.0.0.1:9000/prefix' });
  });

  it.each([
    ['AEP_CLIENT_ID', { AEP_CLIENT_ID: undefined }],
    ['AEP_CLIENT_ID', { AEP_CLIENT_ID: 'has spaces in it' }],
    ['AEP_CLIENT_SECRET', { AEP_CLIENT_SECRET: undefined }],
    ['AEP_CLIENT_SECRET', { AEP_CLIENT_SECRET: '   ' }],
    ['AEP_CLIENT_SECRET', { AEP_CLIENT_SECRET: 'short' }],
    ['AEP_CLIENT_SECRET', { AEP_CLIENT_SECRET: `${SECRET} with space` }],
    ['AEP_ORG_ID', { AEP_ORG_ID: undefined }],
    ['AEP_ORG_ID', { AEP_ORG_ID: '5EC0DE00000000000000AE01' }],
    ['AEP_SCOPES', { AEP_SCOPES: undefined }],
    ['AEP_SCOPES', { AEP_SCOPES: 'openid,<script>' }],
    ['AEP_SANDBOX', { AEP_SANDBOX: 'Prod' }],
    ['AEP_IMS_URL', { AEP_IMS_URL: 'not a url' }],
    ['AEP_IMS_URL', { AEP_IMS_URL: 'http://ims.example.com' }],
    ['AEP_PLATFORM_URL', { AEP_PLATFORM_URL: 'ftp://platform.adobe.io' }],
    ['AEP_PLATFORM_URL', { AEP_PLATFORM_URL: 'https://user:pw@platform.adobe.io' }],
  ])('refuses with a message naming %s', (name, overrides) => {
    const message = refusal({ ...good, ...overrides });
    expect(message).toContain(name);
    expect(message).not.toContain(SECRET);
  });

  it('refuses a non-loopback bind without --auth, naming the flags', () => {
    const message = refusal(good, { host: '0.0.0.0', auth: false });
    expect(message).toContain('--host');
    expect(message).toContain('--auth');
    expect(readAepSettings(good, { host: '0.0.0.0', auth: true }).orgId).toBe(good.AEP_ORG_ID);
  });

  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['localhost', true],
    ['::1', true],
    ['[::1]', true],
    ['::ffff:127.0.0.1', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.168.1.10', false],
    ['example.com', false],
  ])('treats %s as loopback: %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});

describe('readConfig mode', () => {
  it('is local unless --aep or MODE=aep', () => {
    expect(readConfig([], {}).mode).toBe('local');
    expect(readConfig(['--aep'], {}).mode).toBe('aep');
    expect(readConfig([], { MODE: 'aep' }).mode).toBe('aep');
    expect(readConfig([], { MODE: 'local' }).mode).toBe('local');
  });

  it('ignores other MODE values (tools such as vitest set MODE=test)', () => {
    expect(readConfig([], { MODE: 'test' }).mode).toBe('local');
  });
});

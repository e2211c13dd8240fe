// AEP mode's settings, read from the environment only (credentials never come from flags, which
// show up in `ps`). Every refusal names the variable and never echoes a secret.
import { isIP } from 'node:net';
import { OrgIdSchema, SandboxNameSchema } from '../../contracts/index.ts';
import { ConfigError } from '../config.ts';

export const DEFAULT_IMS_URL = 'https://ims-na1.adobelogin.com';
export const DEFAULT_PLATFORM_URL = 'https://platform.adobe.io';
export const DEFAULT_AEP_SANDBOX = 'prod';

export interface AepSettings {
  clientId: string;
  clientSecret: string;
  orgId: string;
  /** Comma-separated, as IMS expects them. */
  scopes: string;
  /** The sandbox the console opens and the one sent when a request names none. */
  defaultSandbox: string;
  /** Whether AEP_SANDBOX was set (only then is it sent on requests that name no sandbox). */
  sandboxConfigured: boolean;
  /** Without a trailing slash. */
  imsUrl: string;
  /** Without a trailing slash; may carry a path prefix. */
  platformUrl: string;
}

/** 127.0.0.0/8, ::1 and localhost: the only binds allowed without --auth in AEP mode. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const v4 = h.startsWith('::ffff:') ? h.slice('::ffff:'.length) : h;
  return isIP(v4) === 4 && v4.startsWith('127.');
}

function required(env: NodeJS.ProcessEnv, name: string, what: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigError(`AEP mode needs ${name}: ${what}`);
  return value;
}

function baseUrl(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name]?.trim() || fallback;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be an absolute URL such as ${fallback}, got "${raw.slice(0, 200)}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError(`${name} must be an https URL, got "${url.protocol}"`);
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new ConfigError(`${name} must use https (plain http is accepted only for a loopback host, as in tests), got "${url.origin}"`);
  }
  if (url.username || url.password) throw new ConfigError(`${name} must not carry credentials`);
  if (url.search || url.hash) throw new ConfigError(`${name} must not have a query string or fragment`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * Reads AEP_CLIENT_ID, AEP_CLIENT_SECRET, AEP_ORG_ID, AEP_SCOPES, AEP_SANDBOX, AEP_IMS_URL and
 * AEP_PLATFORM_URL. `listen` is where the service will bind: a non-loopback host needs --auth,
 * because whoever reaches the port acts with the org's credentials.
 */
export function readAepSettings(env: NodeJS.ProcessEnv, listen: { host: string; auth: boolean }): AepSettings {
  const clientId = required(env, 'AEP_CLIENT_ID', 'the client id (API key) of your Adobe Developer Console project (OAuth server-to-server credential)');
  if (!/^[A-Za-z0-9_-]{8,128}$/.test(clientId)) {
    throw new ConfigError('AEP_CLIENT_ID must be the client id (API key) of an OAuth server-to-server credential: 8 to 128 letters, digits, "-" or "_"');
  }
  const rawSecret = env.AEP_CLIENT_SECRET;
  if (!rawSecret || !rawSecret.trim()) {
    throw new ConfigError('AEP mode needs AEP_CLIENT_SECRET: the client secret of the same credential');
  }
  const clientSecret = rawSecret.trim();
  // The value is never echoed: only what is wrong with it.
  if (clientSecret.length < 8 || clientSecret.length > 512 || /[\s\p{Cc}]/u.test(clientSecret)) {
    throw new ConfigError('AEP_CLIENT_SECRET does not look like a client secret (8 to 512 characters, no spaces or control characters)');
  }
  const orgId = required(env, 'AEP_ORG_ID', 'your IMS organisation id, such as 1BD6382559DF0C130A49422D@AdobeOrg');
  if (!OrgIdSchema.safeParse(orgId).success) {
    throw new ConfigError(`AEP_ORG_ID must be an IMS org id such as 1BD6382559DF0C130A49422D@AdobeOrg, got "${orgId.slice(0, 100)}"`);
  }
  const rawScopes = required(env, 'AEP_SCOPES', 'the scopes of the credential, e.g. openid,AdobeID,read_organizations,additional_info.projectedProductContext,session');
  const scopeList = rawScopes.split(/[\s,]+/).filter(Boolean);
  const badScope = scopeList.find((s) => !/^[A-Za-z0-9_.:/-]{1,200}$/.test(s));
  if (badScope !== undefined || scopeList.length === 0) {
    throw new ConfigError(`AEP_SCOPES must be a comma-separated list of scopes such as openid,AdobeID,read_organizations; "${(badScope ?? '').slice(0, 60)}" is not a scope`);
  }
  const sandbox = env.AEP_SANDBOX?.trim();
  if (sandbox && !SandboxNameSchema.safeParse(sandbox).success) {
    throw new ConfigError(`AEP_SANDBOX must be a sandbox name (lowercase letters, digits and hyphens, starting with a letter), got "${sandbox.slice(0, 80)}"`);
  }
  const imsUrl = baseUrl(env, 'AEP_IMS_URL', DEFAULT_IMS_URL);
  const platformUrl = baseUrl(env, 'AEP_PLATFORM_URL', DEFAULT_PLATFORM_URL);
  if (!isLoopbackHost(listen.host) && !listen.auth) {
    throw new ConfigError(
      `AEP mode acts with your organisation's credentials, so it listens on --host / HOST "${listen.host}" (not a loopback address) only with --auth: ` +
        'set AUTH_TOKENS or --auth-tokens-file, or bind to 127.0.0.1',
    );
  }
  return {
    clientId,
    clientSecret,
    orgId,
    scopes: scopeList.join(','),
    defaultSandbox: sandbox || DEFAULT_AEP_SANDBOX,
    sandboxConfigured: Boolean(sandbox),
    imsUrl,
    platformUrl,
  };
}

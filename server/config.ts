// Command-line flags and environment variables of the service (documented in the README).
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { OrgIdSchema } from '../contracts/index.ts';

export interface ServiceConfig {
  port: number;
  host: string;
  dataDir: string;
  orgId?: string;
  demoProfiles: number;
  demo: boolean;
  authTokens?: string[];
  distDir: string;
  logLevel: string;
  /** local: the embedded store; aep: forward to Adobe Experience Platform (settings in server/aep/settings.ts). */
  mode: 'local' | 'aep';
}

export const DEFAULT_DEMO_PROFILES = 5000;

export class ConfigError extends Error {}

function integer(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  return n;
}

export function readConfig(argv: string[], env: NodeJS.ProcessEnv): ServiceConfig {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      org: { type: 'string' },
      'demo-profiles': { type: 'string' },
      'no-demo': { type: 'boolean' },
      auth: { type: 'boolean' },
      'auth-tokens-file': { type: 'string' },
      'dist-dir': { type: 'string' },
      aep: { type: 'boolean' },
    },
    strict: true,
  });
  const orgId = values.org ?? env.ORG_ID;
  if (orgId !== undefined && !OrgIdSchema.safeParse(orgId).success) {
    throw new ConfigError(`--org / ORG_ID must be an IMS org id such as 1BD6382559DF0C130A49422D@AdobeOrg, got "${orgId}"`);
  }
  let authTokens: string[] | undefined;
  if (values.auth || values['auth-tokens-file'] || env.AUTH_TOKENS_FILE) {
    const file = values['auth-tokens-file'] ?? env.AUTH_TOKENS_FILE;
    const raw = file ? readFileSync(file, 'utf8') : (env.AUTH_TOKENS ?? '');
    authTokens = raw.split(/[\s,]+/).filter(Boolean);
    if (authTokens.length === 0) {
      throw new ConfigError('--auth needs accepted tokens: set AUTH_TOKENS (comma-separated) or --auth-tokens-file / AUTH_TOKENS_FILE');
    }
  }
  return {
    port: integer('--port / PORT', values.port ?? env.PORT, 8080, 0, 65535),
    host: values.host ?? env.HOST ?? '127.0.0.1',
    dataDir: resolve(values['data-dir'] ?? env.DATA_DIR ?? './data'),
    orgId,
    demoProfiles: integer('--demo-profiles / DEMO_PROFILES', values['demo-profiles'] ?? env.DEMO_PROFILES, DEFAULT_DEMO_PROFILES, 1, 10_000_000),
    demo: !(values['no-demo'] ?? env.NO_DEMO === '1'),
    authTokens,
    distDir: resolve(values['dist-dir'] ?? env.DIST_DIR ?? './dist'),
    logLevel: env.LOG_LEVEL ?? 'info',
    // Only MODE=aep switches: MODE is a common name (Vite and vitest set MODE=test, for one).
    mode: values.aep || env.MODE?.trim().toLowerCase() === 'aep' ? 'aep' : 'local',
  };
}

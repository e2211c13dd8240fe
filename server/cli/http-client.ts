// A tiny AEP client for the command-line tools: they talk to a running service over its public API,
// exactly as any AEP client would (and so work against aep mode too).
import { DEFAULT_ORG_ID } from '../app.ts';

export interface CliTarget {
  url: string;
  orgId: string;
  sandbox: string;
  token?: string;
}

export const targetOptions = {
  url: { type: 'string', default: process.env.PROFILE_CONSOLE_URL ?? 'http://127.0.0.1:8080' },
  org: { type: 'string', default: process.env.ORG_ID ?? DEFAULT_ORG_ID },
  sandbox: { type: 'string', default: 'prod' },
  token: { type: 'string', default: process.env.PROFILE_CONSOLE_TOKEN },
} as const;

export function headers(t: CliTarget, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'x-gw-ims-org-id': t.orgId,
    'x-sandbox-name': t.sandbox,
    ...(t.token ? { authorization: `Bearer ${t.token}`, 'x-api-key': 'profile-console-cli' } : {}),
    ...extra,
  };
}

export async function call<T>(t: CliTarget, method: string, path: string, init: { body?: unknown; raw?: BodyInit } = {}): Promise<T> {
  const res = await fetch(new URL(path, t.url), {
    method,
    headers: headers(t, init.raw ? { 'content-type': 'application/octet-stream' } : init.body !== undefined ? { 'content-type': 'application/json' } : {}),
    body: init.raw ?? (init.body !== undefined ? JSON.stringify(init.body) : undefined),
    ...(init.raw ? { duplex: 'half' } : {}),
  } as RequestInit);
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text} (request ${res.headers.get('x-request-id')})`);
  return (text ? JSON.parse(text) : undefined) as T;
}

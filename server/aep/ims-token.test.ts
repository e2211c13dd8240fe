import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createImsTokenProvider, ImsError, refreshMargin } from './ims-token.ts';
import { parseRetryAfter } from './forward.ts';

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

/** An IMS that answers each token request after `delayMs` with what `answer` returns. */
async function ims(answer: (n: number) => { status: number; body: unknown }, delayMs = 0) {
  let n = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const { status, body } = answer(++n);
      setTimeout(() => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      }, delayMs);
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, count: () => n };
}

const credentials = { clientId: 'client-id-1', clientSecret: 'the-secret-1', scopes: 'openid' };

describe('IMS token provider', () => {
  it('asks once for concurrent callers and caches the token until the refresh margin', async () => {
    const server = await ims((n) => ({ status: 200, body: { access_token: `t${n}`, token_type: 'bearer', expires_in: 3600 } }), 50);
    let now = 1_000_000;
    const tokens = createImsTokenProvider({ imsUrl: server.url, ...credentials, now: () => now });
    expect(await Promise.all([tokens.get(), tokens.get(), tokens.get()])).toEqual(['t1', 't1', 't1']);
    expect(server.count()).toBe(1);
    now += 3600_000 - refreshMargin(3600_000) - 1;
    expect(await tokens.get()).toBe('t1');
    now += 1;
    expect(await tokens.get()).toBe('t2');
    expect(tokens.requests).toBe(2);
    expect(tokens.status()).toMatchObject({ state: 'valid', expiresAt: now + 3600_000, lastError: null });
  });

  it('drops only the token that was refused', async () => {
    const server = await ims((n) => ({ status: 200, body: { access_token: `t${n}`, expires_in: 86399 } }));
    const tokens = createImsTokenProvider({ imsUrl: server.url, ...credentials });
    expect(await tokens.get()).toBe('t1');
    tokens.invalidate('t0');
    expect(await tokens.get()).toBe('t1');
    tokens.invalidate('t1');
    expect(await tokens.get()).toBe('t2');
  });

  it('reads a lifetime in milliseconds (the older v2 endpoint) as such', async () => {
    const server = await ims(() => ({ status: 200, body: { access_token: 't', expires_in: 86_399_000 } }));
    const tokens = createImsTokenProvider({ imsUrl: server.url, ...credentials, now: () => 0 });
    await tokens.get();
    expect(tokens.status().expiresAt).toBe(86_399_000);
  });

  it('fails with a safe message, and tries again on the next call', async () => {
    const server = await ims((n) =>
      n === 1 ? { status: 400, body: { error: 'invalid_scope', error_description: `bad scope for the-secret-1` } } : { status: 200, body: { access_token: 'ok', expires_in: 60 } },
    );
    const tokens = createImsTokenProvider({ imsUrl: server.url, ...credentials });
    const error = (await tokens.get().catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(ImsError);
    expect(error.message).toBe('Adobe IMS refused the token request with HTTP 400 (invalid_scope: bad scope for ***): check AEP_CLIENT_ID, AEP_CLIENT_SECRET and AEP_SCOPES');
    expect(tokens.status().state).toBe('error');
    expect(await tokens.get()).toBe('ok');
    expect(tokens.status().state).toBe('valid');
  });

  it('refuses an answer without a token, and gives up on a slow IMS', async () => {
    const empty = await ims(() => ({ status: 200, body: { token_type: 'bearer' } }));
    await expect(createImsTokenProvider({ imsUrl: empty.url, ...credentials }).get()).rejects.toThrow(/without an access_token/);
    const slow = await ims(() => ({ status: 200, body: { access_token: 't', expires_in: 60 } }), 500);
    await expect(createImsTokenProvider({ imsUrl: slow.url, ...credentials, timeoutMs: 50 }).get()).rejects.toThrow(/no answer within 50 ms/);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.UTC(2026, 10, 29, 12);
  it.each([
    ['3', 3000],
    ['0', 0],
    [new Date(now + 5000).toUTCString(), 5000],
    [new Date(now - 5000).toUTCString(), 0],
    ['soon', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('reads %s as %s ms', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});

// OAuth server-to-server access tokens from Adobe IMS (client credentials grant), cached until
// shortly before they expire. Concurrent callers share one token request (single flight).
// Neither the secret nor a token is ever logged or put into an error message.

export interface ImsTokenOptions {
  imsUrl: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
  /** Milliseconds one token request may take. */
  timeoutMs?: number;
  /** Clock (ms since epoch); tests move it forward to expire tokens. */
  now?: () => number;
  log?: { info: (data: object, msg: string) => void; warn: (data: object, msg: string) => void };
}

export interface TokenStatus {
  state: 'none' | 'valid' | 'expired' | 'error';
  obtainedAt: number | null;
  expiresAt: number | null;
  lastError: string | null;
}

export interface TokenProvider {
  /** A token valid for a while yet; fetches one when there is none or it is about to expire. */
  get(): Promise<string>;
  /** Drops `token` from the cache (the platform refused it); a newer token is kept. */
  invalidate(token: string): void;
  status(): TokenStatus;
  /** How many token requests were sent (for the connection panel and tests). */
  readonly requests: number;
}

/** A token request that failed; `message` is safe to show (no secret, no token). */
export class ImsError extends Error {
  override name = 'ImsError';
}

/** Refresh this long before expiry: a tenth of the lifetime, at most five minutes. */
export function refreshMargin(lifetimeMs: number): number {
  return Math.min(5 * 60_000, Math.floor(lifetimeMs / 10));
}

const DAY_SECONDS = 86_400;

export function createImsTokenProvider(options: ImsTokenOptions): TokenProvider {
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const endpoint = `${options.imsUrl}/ims/token/v3`;
  let cached: { token: string; obtainedAt: number; expiresAt: number; refreshAt: number } | undefined;
  let inflight: Promise<string> | undefined;
  let lastError: string | null = null;
  let requests = 0;

  /** Removes anything secret from text that came back from IMS or the network stack. */
  const scrub = (text: string) => {
    let out = text;
    for (const secret of [options.clientSecret, cached?.token]) if (secret) out = out.split(secret).join('***');
    return out.slice(0, 300);
  };

  async function request(): Promise<string> {
    requests++;
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: options.clientId,
      client_secret: options.clientSecret,
      scope: options.scopes,
    });
    let res: Response;
    try {
      res = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form,
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'error',
      });
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      const why = (e as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (cause?.code ?? cause?.message ?? (e as Error).message);
      throw new ImsError(`Adobe IMS at ${options.imsUrl} could not be reached: ${scrub(String(why))}`);
    }
    const text = await res.text().catch(() => '');
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // not JSON: reported below by status
    }
    if (!res.ok) {
      const code = typeof body.error === 'string' ? body.error : undefined;
      const description = typeof body.error_description === 'string' ? body.error_description : undefined;
      const detail = [code, description].filter(Boolean).join(': ');
      const what = `HTTP ${res.status}${detail ? ` (${scrub(detail)})` : ''}`;
      throw new ImsError(
        res.status < 500
          ? `Adobe IMS refused the token request with ${what}: check AEP_CLIENT_ID, AEP_CLIENT_SECRET and AEP_SCOPES`
          : `Adobe IMS failed to answer the token request: ${what}`,
      );
    }
    const token = body.access_token;
    let expiresIn = Number(body.expires_in);
    if (typeof token !== 'string' || !token || !Number.isFinite(expiresIn) || expiresIn <= 0) {
      throw new ImsError(`Adobe IMS answered HTTP ${res.status} without an access_token and expires_in`);
    }
    // IMS v3 answers seconds; the older v2 endpoint answered milliseconds. No token lives 30 days.
    if (expiresIn > 30 * DAY_SECONDS) expiresIn = expiresIn / 1000;
    const obtainedAt = now();
    const lifetime = expiresIn * 1000;
    cached = { token, obtainedAt, expiresAt: obtainedAt + lifetime, refreshAt: obtainedAt + lifetime - refreshMargin(lifetime) };
    lastError = null;
    options.log?.info({ expiresAt: new Date(cached.expiresAt).toISOString() }, 'obtained an access token from Adobe IMS');
    return token;
  }

  return {
    get() {
      if (cached && now() < cached.refreshAt) return Promise.resolve(cached.token);
      if (!inflight) {
        inflight = request()
          .catch((e: unknown) => {
            const err = e instanceof ImsError ? e : new ImsError(`Adobe IMS token request failed: ${scrub((e as Error).message ?? String(e))}`);
            lastError = err.message;
            options.log?.warn({ imsUrl: options.imsUrl }, err.message);
            throw err;
          })
          .finally(() => {
            inflight = undefined;
          });
      }
      return inflight;
    },
    invalidate(token: string) {
      if (cached?.token === token) cached = undefined;
    },
    status(): TokenStatus {
      const t = now();
      const state = cached && t < cached.expiresAt ? 'valid' : lastError ? 'error' : cached ? 'expired' : 'none';
      return { state, obtainedAt: cached?.obtainedAt ?? null, expiresAt: cached?.expiresAt ?? null, lastError };
    },
    get requests() {
      return requests;
    },
  };
}

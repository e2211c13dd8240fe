// One descriptor per API operation: the single source of truth for the service (route schema,
// validation, OpenAPI docs) and the browser (URL building, response parsing).
import type { z } from 'zod';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Which of AEP's error envelopes the operation answers in (api-contract §2).
 * problem: RFC 7807; entities: {message, cause, statusCode:"<n>"}; legacyJob: {requestId, errors};
 * simple: {code, message}.
 */
export type ErrorShape = 'problem' | 'entities' | 'legacyJob' | 'simple';

export interface Endpoint<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends Record<number, z.ZodType> = Record<number, z.ZodType>,
> {
  id: string;
  method: HttpMethod;
  /** Fastify-style path with `:param` segments. */
  path: string;
  summary: string;
  tag: string;
  params?: P;
  query?: Q;
  body?: B;
  /** Success responses by status. */
  responses: R;
  errorShape: ErrorShape;
  /** Tenant headers (x-gw-ims-org-id, x-sandbox-name) required; true unless stated. */
  tenant?: 'sandbox' | 'org' | 'none';
  /** Request body is not JSON (file uploads). */
  rawBody?: boolean;
}

export function defineEndpoint<
  P extends z.ZodType,
  Q extends z.ZodType,
  B extends z.ZodType,
  R extends Record<number, z.ZodType>,
>(endpoint: Endpoint<P, Q, B, R>): Endpoint<P, Q, B, R> {
  return endpoint;
}

/** Fills `:param` segments of a path, encoding each value. */
export function buildPath(path: string, params: Record<string, string | number> = {}): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`Missing path parameter ${name} for ${path}`);
    return encodeURIComponent(String(value));
  });
}

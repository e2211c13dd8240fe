// One fuzzed request and what the generators know about the endpoint it targets.
import fc from 'fast-check';
import type { Endpoint, HttpMethod } from '../../contracts/index.ts';
import type { AnswerShape } from './error-shapes.ts';

export type CaseKind = 'params' | 'query' | 'body' | 'content-type' | 'headers' | 'odd-read';

export interface FuzzCase {
  kind: CaseKind;
  method: HttpMethod;
  url: string;
  headers: Record<string, string | string[]>;
  payload?: string | Buffer;
  /** Envelopes the answer may use besides the endpoint's own (answers of an earlier layer). */
  alsoAllowed: AnswerShape[];
  /** Well-formed input to a read: a 2xx is a fine answer too (never a 5xx, never a change). */
  mayAccept?: boolean;
}

export interface Target {
  endpoint: Endpoint;
  /** Existing resources for every path parameter. */
  params: Record<string, string>;
  /** Path parameters that look a resource up: a well-formed unknown value must answer 404. */
  lookups: Set<string>;
  tenantHeaders: Record<string, string>;
  /** Well-formed tenant headers of an org or sandbox that does not exist: a refused request must not create it. */
  freshTenantHeaders: Record<string, string>[];
  /** Valid queries or bodies about seeded data (reads only), bases for hostile values. */
  examples: Record<string, unknown>[];
}

/** Mostly the seeded tenant; sometimes one a refused request must not bring into existence. */
export const tenantOf = (t: Target) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constant(t.tenantHeaders) },
    { weight: 1, arbitrary: fc.constantFrom(...t.freshTenantHeaders) },
  );

export const fillPath = (path: string, raw: Record<string, string>) =>
  path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => raw[name]);
export const encodeAll = (params: Record<string, string>) =>
  Object.fromEntries(Object.entries(params).map(([k, v]) => [k, encodeURIComponent(v)]));

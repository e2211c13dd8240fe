// Every API operation of the contracts, found by shape among the exports of contracts/index.ts, so
// a new endpoint is fuzzed without being listed anywhere. Exclusions are explicit, with the reason.
import * as contracts from '../../contracts/index.ts';
import type { Endpoint } from '../../contracts/index.ts';

const isEndpoint = (v: unknown): v is Endpoint =>
  typeof v === 'object' &&
  v !== null &&
  ['id', 'method', 'path', 'responses', 'errorShape'].every((k) => k in v);

export const allEndpoints = (): Endpoint[] =>
  (Object.values(contracts) as unknown[]).filter(isEndpoint).sort((a, b) => a.id.localeCompare(b.id));

/** Operations with no input that could be wrong: every request to them is well-formed. */
export const EXCLUDED: Record<string, string> = {
  getHealth: 'GET without tenant headers, params, query or body: every request is valid',
  getConsoleConfig: 'GET without tenant headers, params, query or body: every request is valid',
  getConnection: 'GET without tenant headers, params, query or body: every request is valid',
};

/**
 * POST operations that only read (lookups, previews, checks): like GETs they also get well-formed
 * but hostile input, which may succeed but must never fail with a 5xx or change the store.
 */
export const READ_ONLY_POSTS = new Set([
  'postEntities',
  'bulkGetMergePolicies',
  'previewMergePolicy',
  'mergePolicyImpact',
  'previewDeleteImpact',
  'validateComputedAttributeExpression',
  'dryRunComputedAttribute',
]);

/** `:name` segments of an endpoint path. */
export const pathParams = (endpoint: Endpoint): string[] =>
  [...endpoint.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]);

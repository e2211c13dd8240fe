// Well-formed but hostile reads (GETs and the POSTs that only read): they may succeed, but must
// never answer a 5xx or change the store.
import fc from 'fast-check';
import type { z } from 'zod';
import { READ_ONLY_POSTS } from './endpoints.ts';
import { encodeAll, fillPath, type FuzzCase, type Target } from './fuzz-case.ts';
import { schemaRefuses, toJsonText } from './json-text.ts';
import { replaceStrings } from './mutate.ts';
import { nastyString } from './nasty-values.ts';
import { defOf, nearValid } from './near-valid.ts';
import { mutateQuery, queryMutation, serializeQuery, toWire } from './query-strings.ts';

/**
 * Well-formed but hostile reads: the free-form strings a schema lets through (entity ids, filters,
 * field lists, cursors, expressions) set to hostile values. The route's own parsing must cope.
 */
export function oddReadCases(t: Target): fc.Arbitrary<FuzzCase | null> | undefined {
  const base = fillPath(t.endpoint.path, encodeAll(t.params));
  const start = (schema: z.ZodType) =>
    t.examples.length
      ? fc.oneof(
          { weight: 3, arbitrary: fc.constantFrom(...t.examples) },
          { weight: 1, arbitrary: nearValid(schema, 0, true) },
        )
      : nearValid(schema, 0, true);
  /** Applies the changes one at a time, keeping those the schema still accepts; null when none stuck. */
  const keepValid = <V, C>(schema: z.ZodType, value: V, changes: C[], apply: (v: V, c: C) => V): V | null => {
    if (schemaRefuses(schema, value)) return null;
    let kept = 0;
    for (const change of changes) {
      const next = apply(value, change);
      if (!schemaRefuses(schema, next)) [value, kept] = [next, kept + 1];
    }
    return kept > 0 ? value : null;
  };
  if (t.endpoint.method === 'GET' && t.endpoint.query) {
    const schema = t.endpoint.query;
    const keys = Object.keys(defOf(schema).shape ?? {});
    const sets = fc.array(
      queryMutation.map((m) => ({ ...m, kind: 'set' as const })),
      { minLength: 1, maxLength: 4 },
    );
    return fc.tuple(start(schema), sets).map(([query, mutations]) => {
      const wire = keepValid(schema, toWire(query), mutations, (q, m) => mutateQuery(q, keys, [m]));
      if (!wire) return null;
      return {
        kind: 'odd-read',
        method: 'GET',
        url: `${base}?${serializeQuery(wire)}`,
        headers: t.tenantHeaders,
        alsoAllowed: [],
        mayAccept: true,
      };
    });
  }
  if (READ_ONLY_POSTS.has(t.endpoint.id) && t.endpoint.body) {
    const schema = t.endpoint.body;
    const picks = fc.array(fc.record({ at: fc.nat(), text: nastyString }), { minLength: 1, maxLength: 4 });
    return fc.tuple(start(schema), picks).map(([body, p]) => {
      const value = keepValid(schema, body, p, (v, pick) => replaceStrings(v, [pick]));
      if (value === null) return null;
      const headers = { ...t.tenantHeaders, 'content-type': 'application/json' };
      return {
        kind: 'odd-read',
        method: t.endpoint.method,
        url: base,
        headers,
        payload: toJsonText(value),
        alsoAllowed: [],
        mayAccept: true,
      };
    });
  }
  return undefined;
}

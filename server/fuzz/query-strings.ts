// Query strings as the service sees them: every value a string (a repeated key: an array of them).
// Near-valid parameters are broken at this wire level, so the contract check sees exactly what the
// route's validation will see.
import fc from 'fast-check';
import { nastyUrlString } from './nasty-values.ts';

export type WireQuery = Record<string, string | string[]>;

const scalar = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);

/** The wire form of a near-valid query object (one-element arrays arrive as plain strings). */
export function toWire(query: unknown): WireQuery {
  const out: WireQuery = {};
  for (const [key, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    if (value === undefined) continue;
    if (!Array.isArray(value)) out[key] = scalar(value);
    else if (value.length === 1) out[key] = scalar(value[0]);
    else if (value.length > 1) out[key] = value.map(scalar);
  }
  return out;
}

export interface QueryMutation {
  kind: 'set' | 'drop' | 'extra';
  at: number;
  key: string;
  value: string | string[];
}

export const queryMutation: fc.Arbitrary<QueryMutation> = fc.record({
  kind: fc.constantFrom('set', 'set', 'drop', 'extra'),
  at: fc.nat(),
  key: nastyUrlString.filter((k) => k.length > 0),
  value: fc.oneof(
    { weight: 4, arbitrary: nastyUrlString },
    { weight: 1, arbitrary: fc.array(nastyUrlString, { minLength: 2, maxLength: 3 }) },
  ),
});

/** Applies the mutations; `keys` are the parameters the contract declares. */
export function mutateQuery(query: WireQuery, keys: string[], mutations: QueryMutation[]): WireQuery {
  const out = { ...query };
  for (const m of mutations) {
    if (m.kind === 'set') out[keys[m.at % keys.length]] = m.value;
    else if (m.kind === 'drop') {
      const present = Object.keys(out);
      if (present.length > 0) delete out[present[m.at % present.length]];
    } else if (!keys.includes(m.key)) {
      Object.defineProperty(out, m.key, {
        value: m.value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return out;
}

export const serializeQuery = (query: WireQuery): string =>
  Object.entries(query)
    .flatMap(([k, v]) =>
      (Array.isArray(v) ? v : [v]).map((x) => `${encodeURIComponent(k)}=${encodeURIComponent(x)}`),
    )
    .join('&');

/**
 * Raw junk appended after the parameters: malformed escapes, prototype keys, bracket syntax.
 * Its keys never decode to a declared parameter, so it cannot make a refused query valid.
 */
export const queryJunk = fc.constantFrom(
  '&',
  '&&&',
  '&=',
  '&==x',
  '&__proto__=1',
  '&__proto__[polluted]=1',
  '&constructor[prototype][polluted]=1',
  '&zz[]=1&zz[]=2',
  '&%zz=%zz',
  '&zz=%E0%A4%A',
  '&zz=%',
  '&zz=%00',
  '&zz=' + 'x'.repeat(10_000),
  '#fragment',
);

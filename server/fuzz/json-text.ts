// Request body texts: JSON with literal huge numbers, malformed JSON, and the check that tells
// whether the service must refuse a body (it does not parse, or the contract's schema rejects it).
import fc from 'fast-check';
import type { z } from 'zod';
import { RawNumber } from './nasty-values.ts';

/** JSON text of `value`; RawNumber members are written as their literal text. */
export function toJsonText(value: unknown): string {
  const raws: string[] = [];
  const nonce = Math.random().toString(36).slice(2);
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (!(v instanceof RawNumber)) return v;
    raws.push(v.text);
    return `@@raw-${nonce}-${raws.length - 1}@@`;
  });
  return raws.reduce((t, raw, i) => t.replace(`"@@raw-${nonce}-${i}@@"`, raw), text ?? '');
}

const MALFORMED = [
  '',
  '   ',
  '{',
  '}',
  '[',
  '{"a":}',
  "{'a':1}",
  '{a:1}',
  '[1,]',
  '{"a":1,}',
  'NaN',
  'undefined',
  '{"a":NaN}',
  '{"a":1}{"b":2}',
  '{"a":1} x',
  '\u0000',
  '{"a":"\u0000',
  '// comment\n{}',
  '{"a":1e}',
  '0x10',
  '"unterminated',
  '\ufeff{',
  '{"a":"\\x41"}',
  '{"a":"\\u12"}',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"a":[{"__proto__":{"polluted":true}}]}',
];

/** buildApp's bodyLimit (server/app.ts). */
const BODY_LIMIT = 10 * 1024 * 1024;
let overLimit: string | undefined;
const overLimitBody = () => (overLimit ??= '{"a":"' + 'x'.repeat(BODY_LIMIT + 10) + '"}');

/** Bodies the service must refuse before any route logic: malformed JSON, prototype poisoning, over-size. */
export const badJsonText: fc.Arbitrary<string | Buffer> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...MALFORMED) },
  {
    weight: 4,
    // A valid document cut short.
    arbitrary: fc.tuple(fc.jsonValue({ maxDepth: 3 }), fc.nat()).map(([v, n]) => {
      const t = JSON.stringify(v);
      return t.slice(0, n % t.length);
    }),
  },
  // Deep nesting that never closes (the parser has to give up, not crash).
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 50_000 }).map((n) => '['.repeat(n)) },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 50_000 }).map((n) => '{"a":'.repeat(n)) },
  // Invalid UTF-8 inside a document that is otherwise cut short.
  {
    weight: 1,
    arbitrary: fc
      .uint8Array({ minLength: 1, maxLength: 16 })
      .map((b) => Buffer.concat([Buffer.from('{"a":"'), Buffer.from(b), Buffer.from([0xff, 0xc0])])),
  },
  // Over the service's 10 MB body limit.
  { weight: 1, arbitrary: fc.constant(null).map(overLimitBody) },
);

/** Valid JSON that is deeply nested: parses, but fits no contract body that asks for an object. */
export const deepJsonText = fc
  .tuple(fc.boolean(), fc.integer({ min: 1_000, max: 50_000 }))
  .map(([arrays, n]) => (arrays ? '['.repeat(n) + ']'.repeat(n) : '{"a":'.repeat(n) + '1' + '}'.repeat(n)));

function hasPoisonKey(value: unknown, depth = 0): boolean {
  if (typeof value !== 'object' || value === null || depth > 200) return false;
  if (Object.hasOwn(value, '__proto__')) return true;
  const ctor = (value as Record<string, unknown>).constructor;
  if (
    Object.hasOwn(value, 'constructor') &&
    typeof ctor === 'object' &&
    ctor !== null &&
    Object.hasOwn(ctor, 'prototype')
  )
    return true;
  return Object.values(value).some((v) => hasPoisonKey(v, depth + 1));
}

/** safeParse that reports a throwing schema as a refusal (the service would fail on it, which the test sees). */
export function schemaRefuses(schema: z.ZodType, value: unknown): boolean {
  try {
    return !schema.safeParse(value).success;
  } catch {
    return true;
  }
}

/**
 * Whether the service must refuse this JSON body: it is empty, over the limit, not JSON, poisoned,
 * or (when the operation takes a body) the contract's schema rejects it.
 */
export function jsonBodyRefused(payload: string | Buffer, schema: z.ZodType | undefined): boolean {
  const bytes = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
  if (bytes > BODY_LIMIT) return true;
  const text = (typeof payload === 'string' ? payload : new TextDecoder().decode(payload)).replace(
    /^\ufeff/,
    '',
  );
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return true;
  }
  if (hasPoisonKey(value)) return true;
  return schema ? schemaRefuses(schema, value) : false;
}

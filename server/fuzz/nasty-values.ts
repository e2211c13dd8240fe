// Hostile leaf values: wrong types, huge strings and numbers, unicode, control characters,
// traversal strings, deep nesting. Shared by the body, query, path and header generators.
import fc from 'fast-check';

/** A JSON number written literally (too big or too precise for a JS number); see json-text.ts. */
export class RawNumber {
  constructor(readonly text: string) {}
}

const SPECIAL_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\u0000abc',
  '\r\n',
  '\t',
  '../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '..',
  '.',
  '%2e%2e%2f',
  '%00',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '"; DROP TABLE fragments; --',
  '${jndi:ldap://x}',
  '\u202egnp.exe',
  '\ufeff',
  '\ud800',
  '\udfff\ud800',
  '😀👩‍👩‍👧‍👦',
  'Ω≈ç√∫˜µ≤≥÷',
  'ﷺ',
  '\u0301\u0301\u0301',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-1',
  '1e400',
  '0x1F',
  '9'.repeat(40),
  'true ',
  '[]',
  '{}',
  '__proto__',
  'constructor',
  'prototype',
];

const controlChars = fc.string({
  unit: fc.integer({ min: 0, max: 31 }).map((c) => String.fromCharCode(c)),
  minLength: 1,
  maxLength: 8,
});

/** Long strings, up to 100k characters (past every length limit of the contracts). */
export const hugeString = fc
  .tuple(fc.constantFrom('x', 'é', '😀', '\u0000', '%', '../'), fc.integer({ min: 257, max: 100_000 }))
  .map(([unit, n]) => unit.repeat(Math.ceil(n / unit.length)));

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...SPECIAL_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: controlChars },
  { weight: 1, arbitrary: hugeString },
);

/** The string with lone surrogates replaced, so encodeURIComponent accepts it. */
export const wellFormed = (s: string) =>
  s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');

/** Strings that survive encodeURIComponent. */
export const nastyUrlString = nastyString.map(wellFormed);

export const nastyNumber: fc.Arbitrary<number | RawNumber> = fc.oneof(
  fc.constantFrom(
    -1,
    0,
    -0,
    0.5,
    -273.15,
    1e308,
    -1e308,
    2 ** 53,
    2 ** 53 + 2,
    2 ** 31,
    -(2 ** 31) - 1,
    5e-324,
  ),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc
    .constantFrom('1e999', '-1e999', '123456789012345678901234567890', '0.' + '1'.repeat(400), '1E+2')
    .map((t) => new RawNumber(t)),
);

/** `[[[…]]]` or `{"a":{"a":…}}`, built without recursion (deeper documents: json-text.ts, as text). */
export const deepNesting = fc
  .tuple(fc.boolean(), fc.integer({ min: 20, max: 500 }))
  .map(([arrays, depth]) => {
    let value: unknown = 1;
    for (let i = 0; i < depth; i++) value = arrays ? [value] : { a: value };
    return value;
  });

/** Any JSON value of a (very likely) wrong type for the place it is put. */
export const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 3, arbitrary: nastyNumber },
  { weight: 4, arbitrary: nastyString },
  { weight: 2, arbitrary: fc.array(fc.oneof(nastyString, nastyNumber, fc.constant(null)), { maxLength: 4 }) },
  {
    weight: 2,
    arbitrary: fc.dictionary(nastyString, fc.oneof(nastyString, nastyNumber, fc.constant(null)), {
      maxKeys: 3,
    }),
  },
  { weight: 1, arbitrary: deepNesting },
  // Long arrays, built in one go (fc.array would carry a shrink tree per element).
  {
    weight: 1,
    arbitrary: fc.integer({ min: 1_000, max: 20_000 }).map((n) => new Array<string>(n).fill('x')),
  },
);

/** Keys for extra fields: plausible names, unicode, control characters, near-misses of real ones. */
export const nastyKey = fc.oneof(
  fc.constantFrom(
    'extra',
    'id',
    'ID',
    'Name',
    'name ',
    'schema.name',
    'sandbox',
    'constructor',
    'toString',
    '',
    '\u0000',
    '😀',
    '$where',
  ),
  fc.string({ maxLength: 20 }),
);

/** Header values a real client can send (HTTP field-value characters), usually invalid as ids. */
export const headerString = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    'prod ',
    'PROD',
    'Prod',
    '-prod',
    '1prod',
    'prod_1',
    '../prod',
    'prod/..',
    'a'.repeat(64),
    'x'.repeat(5_000),
    'é',
    'null',
  ),
  fc.string({
    unit: fc
      .oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff }), fc.constant(9))
      .map((c) => String.fromCharCode(c)),
    maxLength: 80,
  }),
);

// Path parameter values: hostile strings (traversal, control characters, unicode, huge) sent
// percent-encoded, and raw segments sent verbatim (pre-encoded traversal, malformed escapes).
import fc from 'fast-check';
import { nastyUrlString } from './nasty-values.ts';

export interface Segment {
  /** What goes into the URL. */
  raw: string;
  /** What the service decodes it to; null when it is not valid percent-encoding. */
  decoded: string | null;
}

const VERBATIM = [
  '%2e%2e%2fetc%2fpasswd',
  '..%2f..%2fetc%2fpasswd',
  '..%2F',
  '%2e%2e%5c',
  '..%5c..%5cwin.ini',
  '%00',
  'a%00b',
  '%0a',
  '%0d%0aSet-Cookie:%20x=1',
  '%1b%5b31m',
  '%252e%252e%252f',
  '%c0%ae%c0%ae%2f',
  '%e0%80%af',
  '%zz',
  '%',
  'a%',
  '%E0%A4%A',
  '%u002e%u002e',
  '%ff%fe',
  '%ed%a0%80',
  '%7f',
  '%C3%A9',
  '%F0%9F%98%80',
];

const decode = (raw: string): string | null => {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
};

const escapes = fc
  .array(
    fc.oneof(
      fc.integer({ min: 0, max: 255 }).map((b) => `%${b.toString(16).padStart(2, '0')}`),
      fc.constantFrom('a', '.', '-', '_', '~', '%', '%z', '%2', '..'),
    ),
    { minLength: 1, maxLength: 12 },
  )
  .map((parts) => parts.join(''));

export const pathSegment: fc.Arbitrary<Segment> = fc.oneof(
  { weight: 5, arbitrary: nastyUrlString.map((s) => ({ raw: encodeURIComponent(s), decoded: s })) },
  { weight: 2, arbitrary: fc.constantFrom(...VERBATIM).map((raw) => ({ raw, decoded: decode(raw) })) },
  { weight: 2, arbitrary: escapes.map((raw) => ({ raw, decoded: decode(raw) })) },
  // Longer than any id the contracts allow (and than the router's default parameter limit).
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 100, max: 20_000 })
      .map((n) => ({ raw: 'a'.repeat(n), decoded: 'a'.repeat(n) })),
  },
);

/** Whether the URL reaches the service as written (inject, like a browser, collapses `.`/`..` segments). */
export function keptAsWritten(pathname: string): boolean {
  return new URL(pathname, 'http://localhost').pathname === pathname;
}

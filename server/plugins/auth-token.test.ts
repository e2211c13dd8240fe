// --auth tokens are compared in constant time: SHA-256 digests (always 32 bytes, whatever the
// token's length) through crypto.timingSafeEqual, against every accepted token without stopping
// at a match, so neither a token's length nor its position in the list shows in the timing.
import type * as Crypto from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { digest, tokenAccepted } from './tenancy.ts';

const calls = vi.hoisted(() => [] as [Buffer, Buffer][]);
vi.mock('node:crypto', async (importOriginal) => {
  const crypto = await importOriginal<typeof Crypto>();
  return {
    ...crypto,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      calls.push([Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength)]);
      return crypto.timingSafeEqual(a, b);
    },
  };
});

describe('tokenAccepted', () => {
  const accepted = ['first-token', 'second-token', 's3cret'].map(digest);
  beforeEach(() => {
    calls.length = 0;
  });

  it('accepts each listed token, comparing against all of them even after a match', () => {
    for (const token of ['first-token', 'second-token', 's3cret']) {
      calls.length = 0;
      expect(tokenAccepted(token, accepted)).toBe(true);
      expect(calls).toHaveLength(accepted.length);
    }
  });

  it('compares equal-length digests, never the raw tokens', () => {
    tokenAccepted('short', accepted);
    tokenAccepted('x'.repeat(10_000), accepted);
    expect(calls).toHaveLength(2 * accepted.length);
    for (const [a, b] of calls) {
      expect(a.length).toBe(32);
      expect(b.length).toBe(32);
    }
  });

  it.each([
    ['a wrong token', 'nope'],
    ['a prefix', 's3cre'],
    ['a longer token', 's3cret-and-more'],
    ['another case', 'S3CRET'],
    ['the empty string', ''],
    ['non-ASCII text', 's3crét'],
  ])('refuses %s without throwing', (_, token) => {
    expect(tokenAccepted(token, accepted)).toBe(false);
    expect(calls).toHaveLength(accepted.length);
  });

  it('refuses everything when no token is accepted', () => {
    expect(tokenAccepted('s3cret', [])).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { parseXid, UnionFind, xidOf } from './identity-graph.ts';

describe('xidOf / parseXid', () => {
  it('is stable, URL-safe, reversible and matches namespace codes case-insensitively', () => {
    expect(xidOf('Email', 'a@example.com')).toBe(xidOf('email', 'a@example.com'));
    expect(xidOf('Email', 'a@example.com')).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(parseXid(xidOf('ECID', 'ü/../x'))).toEqual({ namespaceCode: 'ecid', value: 'ü/../x' });
    expect(xidOf('Email', 'a@example.com')).not.toBe(xidOf('Email', 'A@example.com'));
    expect(xidOf('Email', '1')).not.toBe(xidOf('Phone', '1'));
  });

  it.each(['', 'X', 'BVrqzwVv7o2p3naHvnsWpqZXv3KJgA', 'X!!', `X${Buffer.from('novalue').toString('base64url')}`])('rejects %j', (xid) => {
    expect(parseXid(xid)).toBeUndefined();
  });
});

describe('UnionFind', () => {
  it('groups connected keys', () => {
    const uf = new UnionFind<number>();
    uf.union(1, 2);
    uf.union(3, 4);
    uf.union(2, 4);
    uf.add(5);
    expect(uf.find(1)).toBe(uf.find(3));
    expect(uf.find(5)).toBe(5);
    expect(uf.groups(true).map((g) => g.sort())).toEqual([[1, 2, 3, 4]]);
    expect(uf.groups()).toHaveLength(2);
  });
});

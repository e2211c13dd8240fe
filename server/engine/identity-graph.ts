// Pure identity-graph helpers: XIDs and a union-find over arbitrary keys.

const XID_PREFIX = 'X';

/**
 * The stable id of an identity (AEP's XID). It encodes (namespace code, value) reversibly as
 * base64url, so the store needs no XID index and `parseXid` recovers the identity. Namespace codes
 * match case-insensitively, so the code is lower-cased first; the value is taken as is.
 * Clients must treat XIDs as opaque, as in AEP.
 */
export function xidOf(namespaceCode: string, value: string): string {
  return XID_PREFIX + Buffer.from(`${namespaceCode.toLowerCase()}\u0000${value}`, 'utf8').toString('base64url');
}

/** The (lower-cased namespace code, value) an XID stands for, or undefined when it is not one of ours. */
export function parseXid(xid: string): { namespaceCode: string; value: string } | undefined {
  if (!xid.startsWith(XID_PREFIX) || !/^[A-Za-z0-9_-]+$/.test(xid)) return undefined;
  const decoded = Buffer.from(xid.slice(1), 'base64url').toString('utf8');
  const sep = decoded.indexOf('\u0000');
  if (sep <= 0 || sep === decoded.length - 1) return undefined;
  if (xidOf(decoded.slice(0, sep), decoded.slice(sep + 1)) !== xid) return undefined;
  return { namespaceCode: decoded.slice(0, sep), value: decoded.slice(sep + 1) };
}

/** Union-find with path halving and union by size. */
export class UnionFind<K> {
  private readonly parent = new Map<K, K>();
  private readonly size = new Map<K, number>();

  add(k: K): void {
    if (!this.parent.has(k)) {
      this.parent.set(k, k);
      this.size.set(k, 1);
    }
  }

  find(k: K): K {
    this.add(k);
    let x = k;
    let p = this.parent.get(x)!;
    while (p !== x) {
      const gp = this.parent.get(p)!;
      this.parent.set(x, gp);
      x = gp;
      p = this.parent.get(x)!;
    }
    return x;
  }

  union(a: K, b: K): void {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return;
    if (this.size.get(ra)! < this.size.get(rb)!) [ra, rb] = [rb, ra];
    this.parent.set(rb, ra);
    this.size.set(ra, this.size.get(ra)! + this.size.get(rb)!);
  }

  /** Groups of keys by root (only groups with more than one member when `nonTrivial`). */
  groups(nonTrivial = false): K[][] {
    const byRoot = new Map<K, K[]>();
    for (const k of this.parent.keys()) {
      const r = this.find(k);
      let g = byRoot.get(r);
      if (!g) byRoot.set(r, (g = []));
      g.push(k);
    }
    return [...byRoot.values()].filter((g) => !nonTrivial || g.length > 1);
  }
}

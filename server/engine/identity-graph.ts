// Pure identity-graph helpers: stable XIDs and a union-find over arbitrary keys.
import { createHash } from 'node:crypto';

/**
 * The stable opaque id of an identity (AEP's XID). Namespace codes match case-insensitively, so the
 * code is lower-cased first; the value is taken as is.
 */
export function xidOf(namespaceCode: string, value: string): string {
  return createHash('sha256').update(`${namespaceCode.toLowerCase()}\u0000${value}`).digest('base64url').slice(0, 28);
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

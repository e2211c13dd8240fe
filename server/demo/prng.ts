// Seeded, allocation-free pseudo-random numbers for the demo data generator.
// mulberry32 (32-bit state) plus a murmur3-style integer hash for deriving independent sub-seeds,
// e.g. one stream per (seed, person, dataset) so any person can be regenerated without replaying
// everything before it.

/** murmur3 fmix32 finaliser: a good avalanche over one 32-bit integer. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Folds any finite number (possibly > 2^32, negative or fractional) into 32 bits. */
function fold(v: number): number {
  if (Number.isInteger(v) && v >= -0x80000000 && v <= 0xffffffff) return v | 0;
  const hi = Math.floor(v / 4294967296);
  const lo = v - hi * 4294967296;
  return (Math.floor(lo) ^ fmix32(hi | 0) ^ fmix32(Math.round((lo % 1) * 4294967296))) | 0;
}

/** Hashes a seed and up to three integers into a 32-bit unsigned sub-seed. */
export function hashSeed(seed: number, a = 0, b = 0, c = 0): number {
  let h = fmix32(fold(seed) ^ 0x9e3779b9);
  h = fmix32((h ^ Math.imul(fold(a), 0xcc9e2d51)) + 0x7f4a7c15);
  h = fmix32((h ^ Math.imul(fold(b), 0x1b873593)) + 0x165667b1);
  h = fmix32((h ^ Math.imul(fold(c), 0x27d4eb2f)) + 0x61c88647);
  return h;
}

/** A weighted choice table; build once with `weights()`, sample with `rng.weighted(table)`. */
export interface WeightTable<T> {
  readonly items: readonly T[];
  /** Cumulative weights normalised to end at 1. */
  readonly cumulative: Float64Array;
}

export function weights<T>(entries: ReadonlyArray<readonly [T, number]>): WeightTable<T> {
  if (entries.length === 0) throw new Error('weights(): empty table');
  const total = entries.reduce((s, [, w]) => s + w, 0);
  if (!(total > 0)) throw new Error('weights(): total weight must be positive');
  const cumulative = new Float64Array(entries.length);
  let acc = 0;
  entries.forEach(([, w], i) => {
    acc += w;
    cumulative[i] = acc / total;
  });
  cumulative[entries.length - 1] = 1;
  return { items: entries.map(([item]) => item), cumulative };
}

/** mulberry32. Mutable and re-seedable so hot loops can reuse one instance. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed | 0;
  }

  reseed(seed: number): this {
    this.state = seed | 0;
    return this;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [min, max] (inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Uniform float in [min, max). */
  float(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  weighted<T>(table: WeightTable<T>): T {
    const u = this.next();
    const c = table.cumulative;
    for (let i = 0; i < c.length; i++) if (u < c[i]) return table.items[i];
    return table.items[c.length - 1];
  }

  /**
   * Geometric-like count: floor of an exponential with the given mean of the *result*
   * (mean ≥ 0), capped at `max`. Gives the skewed "most have a few, some have many" shape.
   */
  count(mean: number, max: number): number {
    if (mean <= 0) return 0;
    // P(X >= k) = q^k with q = mean / (1 + mean) gives E[X] = mean.
    const q = mean / (1 + mean);
    const u = 1 - this.next(); // (0, 1]
    const k = Math.floor(Math.log(u) / Math.log(q));
    return k > max ? max : k;
  }
}

export function createRng(seed: number): Rng {
  return new Rng(seed);
}

// Overlap reports as sets: AEP's `{"a,b": n}` (profiles built from exactly {a, b}) turned into the
// intersections of an UpSet chart, the size of each set, and the regions of a Venn diagram.

export interface Intersection {
  key: string;
  members: string[];
  count: number;
}

export interface OverlapSets {
  /** Sets by how many profiles include them (largest first). */
  sets: { id: string; size: number }[];
  /** Exact combinations, most profiles first. */
  intersections: Intersection[];
  total: number;
}

export function parseOverlap(data: Record<string, number>): OverlapSets {
  const intersections: Intersection[] = Object.entries(data)
    .map(([key, count]) => ({ key, members: key.split(',').filter(Boolean), count }))
    .filter((i) => i.members.length > 0)
    .sort((a, b) => b.count - a.count || a.members.length - b.members.length || (a.key < b.key ? -1 : 1));
  const sizes = new Map<string, number>();
  let total = 0;
  for (const i of intersections) {
    total += i.count;
    for (const m of i.members) sizes.set(m, (sizes.get(m) ?? 0) + i.count);
  }
  const sets = [...sizes.entries()].map(([id, size]) => ({ id, size })).sort((a, b) => b.size - a.size || (a.id < b.id ? -1 : 1));
  return { sets, intersections, total };
}

export interface VennRegion {
  /** The selected sets this region is inside of (and outside the other selected ones). */
  members: string[];
  count: number;
}

/** Profiles in exactly each combination of the selected sets (2 or 3), ignoring the others. */
export function vennRegions(intersections: Intersection[], selected: string[]): VennRegion[] {
  const regions = new Map<number, number>();
  for (const i of intersections) {
    let mask = 0;
    selected.forEach((s, bit) => {
      if (i.members.includes(s)) mask |= 1 << bit;
    });
    if (mask) regions.set(mask, (regions.get(mask) ?? 0) + i.count);
  }
  const out: VennRegion[] = [];
  for (let mask = 1; mask < 1 << selected.length; mask++) {
    out.push({ members: selected.filter((_, bit) => mask & (1 << bit)), count: regions.get(mask) ?? 0 });
  }
  return out;
}

/** Change per key between two reports (keys of either). */
export function overlapDelta(current: Record<string, number>, previous: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of new Set([...Object.keys(current), ...Object.keys(previous)])) out[key] = (current[key] ?? 0) - (previous[key] ?? 0);
  return out;
}

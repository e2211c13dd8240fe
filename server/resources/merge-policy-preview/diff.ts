// Attribute-level comparison of two merged entities: which leaf paths differ. Leaves are what the
// merge engine resolves one by one (primitives and arrays; plain objects are walked), so a path here
// is a provenance key of at least one of the two profiles. `identityMap` is the union of the merged
// identities, not an attribute: stitching differences are reported separately.

type Obj = Record<string, unknown>;

const isPlainObject = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

function sameLeaf(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Every leaf path of an entity (dotted), appended to `out`. */
export function leafPaths(entity: Obj, out: string[] = [], prefix = ''): string[] {
  for (const key of Object.keys(entity)) {
    if (prefix === '' && (key === 'identityMap' || key === '_id')) continue;
    const v = entity[key];
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (isPlainObject(v)) leafPaths(v, out, path);
    else out.push(path);
  }
  return out;
}

/**
 * Leaf paths whose value differs between `a` and `b` (present in one only, or different values),
 * appended to `out` in a stable order (a's keys, then b's extra keys).
 */
export function changedPaths(a: Obj, b: Obj, out: string[] = [], prefix = ''): string[] {
  for (const key of Object.keys(a)) {
    if (prefix === '' && (key === 'identityMap' || key === '_id')) continue;
    const path = prefix === '' ? key : `${prefix}.${key}`;
    const va = a[key];
    if (!Object.hasOwn(b, key)) {
      if (isPlainObject(va)) leafPaths(va, out, path);
      else out.push(path);
      continue;
    }
    const vb = b[key];
    if (isPlainObject(va) && isPlainObject(vb)) changedPaths(va, vb, out, path);
    else if (isPlainObject(va) || isPlainObject(vb) || !sameLeaf(va, vb)) out.push(path);
  }
  for (const key of Object.keys(b)) {
    if (prefix === '' && (key === 'identityMap' || key === '_id')) continue;
    if (Object.hasOwn(a, key)) continue;
    const path = prefix === '' ? key : `${prefix}.${key}`;
    const vb = b[key];
    if (isPlainObject(vb)) leafPaths(vb, out, path);
    else out.push(path);
  }
  return out;
}

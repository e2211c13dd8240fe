// Upsert semantics for upsert-enabled datasets: the incoming record patches the stored one.
// Objects merge key by key; arrays and scalars replace; null leaves the stored value (AEP ignores
// nulls on upsert); identityMap entries are unioned per namespace by id.

type Json = Record<string, unknown>;
const isPlainObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export function mergeIdentityMaps(base: unknown, patch: unknown): Json {
  const out: Json = isPlainObject(base) ? { ...base } : {};
  if (!isPlainObject(patch)) return out;
  for (const [ns, entries] of Object.entries(patch)) {
    if (!Array.isArray(entries)) continue;
    const existing = Array.isArray(out[ns]) ? [...(out[ns] as Json[])] : [];
    for (const e of entries as Json[]) {
      const i = existing.findIndex((x) => x.id === e.id);
      if (i >= 0) existing[i] = { ...existing[i], ...e };
      else existing.push(e);
    }
    out[ns] = existing;
  }
  return out;
}

export function deepMerge(base: Json, patch: Json): Json {
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || value === undefined) continue;
    if (key === 'identityMap') out[key] = mergeIdentityMaps(base[key], value);
    else if (isPlainObject(value) && isPlainObject(base[key])) out[key] = deepMerge(base[key] as Json, value);
    else out[key] = value;
  }
  return out;
}

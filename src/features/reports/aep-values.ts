// AEP's preview values as the console needs them: zone-less UTC timestamps in two styles and
// numbers inside (possibly double-quoted) strings (api-contract §7).

/** `"\"300803\""` → `300803`; `"41003"` → `41003`; `"\"null\""` → undefined. */
export function unquote(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const v = value.replace(/^"(.*)"$/, '$1');
  return v === 'null' || v === '' ? undefined : v;
}

export function aepCount(value: string | number | undefined): number | undefined {
  if (typeof value === 'number') return value;
  const v = unquote(value);
  const n = v === undefined ? NaN : Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * `2020-08-01 17:57:57.0` (status) or `2020-08-01T17:57:58.697` (reports), both UTC without a zone,
 * as epoch ms; undefined for `"null"` or anything else.
 */
export function aepTime(value: string | undefined): number | undefined {
  const v = unquote(value);
  if (!v) return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/.exec(v);
  if (!m) return undefined;
  const fraction = m[3] ? m[3].slice(0, 4).padEnd(4, '0') : '';
  const ms = Date.parse(`${m[1]}T${m[2]}${fraction}${m[4] ?? 'Z'}`);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The UTC day of a report timestamp. */
export const reportDay = (value: string) => value.slice(0, 10);

// CSV of an export's NDJSON rows: one line per profile, one column per attribute path (the paths
// the export job saw, in first-seen order). Objects are flattened to dotted columns; arrays (such
// as `identityMap.Email` or `eventList`) are one cell holding their JSON. RFC 4180 quoting, CRLF.
// Formula injection: a text cell starting with = + - @ (or a tab or carriage return) is prefixed
// with ' so a spreadsheet shows it as text instead of running it; JSON numbers are left alone
// (they can hold no formula). Headers are neutralised the same way (attribute names are data too).

type Obj = Record<string, unknown>;

const isPlainObject = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Prefixes text a spreadsheet would evaluate. */
export function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function quote(text: string): string {
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One cell of a JSON value. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return String(value);
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return quote(neutralise(text));
}

function flatten(row: Obj, prefix: string, out: Map<string, unknown>): void {
  for (const key in row) {
    const v = row[key];
    if (v === null || v === undefined) continue;
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (isPlainObject(v)) flatten(v, path, out);
    else out.set(path, v);
  }
}

export function csvHeader(columns: string[]): string {
  return columns.map((c) => quote(neutralise(c))).join(',') + '\r\n';
}

/** The CSV line of one NDJSON row. */
export function csvLine(row: Obj, columns: string[]): string {
  const values = new Map<string, unknown>();
  flatten(row, '', values);
  return columns.map((c) => csvCell(values.get(c))).join(',') + '\r\n';
}

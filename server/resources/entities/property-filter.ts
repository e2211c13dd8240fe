// The entities API's experience-event `property` filter (api-contract §3.1): `path<op>value` with
// op one of = != < <= > >=, e.g. `web.webPageDetails.isHomepage=false` or
// `placeContext.localTime<="2020-07-20"`.
//
// Semantics (Adobe documents the syntax only):
// * Paths are dotted and descend through plain objects only (like `fields`); an event without a
//   value at the path never matches, whatever the operator (SQL-like: missing is not "!=").
// * Date literals — quoted "yyyy-mm-dd" or "yyyymmdd" (an unquoted yyyy-mm-dd too) — compare at day
//   granularity with the date a string value starts with (`2020-07-20T10:00:00-07:00` is on
//   2020-07-20), so `<="2020-07-20"` includes the whole day.
// * true/false compare with booleans (= and != only); numbers numerically with numbers; everything
//   else as strings (lexicographically for < <= > >=). Quoted text is always a string.
import { MAX_PROPERTY_FILTERS } from '../../../contracts/index.ts';

export type PropertyOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';

type Literal =
  | { kind: 'date'; day: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'number'; value: number; raw: string }
  | { kind: 'string'; value: string };

export interface PropertyFilter {
  text: string;
  path: string[];
  op: PropertyOperator;
  literal: Literal;
}

const SYNTAX = /^([^=<>!\s]+)\s*(!=|<=|>=|=|<|>)\s*(.*)$/s;
const SEGMENT = /^[A-Za-z0-9_@$-]+$/;
const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

function dateLiteral(text: string): string | undefined {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [, y, mo, d] = m;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(d)) return undefined;
  return `${y}-${mo}-${d}`;
}

function literalOf(raw: string): Literal {
  const quoted = /^"(.*)"$/s.exec(raw) ?? /^'(.*)'$/s.exec(raw);
  if (quoted) {
    const day = dateLiteral(quoted[1]);
    return day ? { kind: 'date', day } : { kind: 'string', value: quoted[1] };
  }
  if (raw === 'true' || raw === 'false') return { kind: 'boolean', value: raw === 'true' };
  if (/^\d{4}-\d{2}-\d{2}$/.test(raw)) {
    const day = dateLiteral(raw);
    if (day) return { kind: 'date', day };
  }
  if (NUMBER.test(raw)) return { kind: 'number', value: Number(raw), raw };
  return { kind: 'string', value: raw };
}

/** Parses one `property` expression; returns an error message (naming the problem) when malformed. */
export function parsePropertyFilter(text: string): PropertyFilter | string {
  const shown = text.length > 100 ? `${text.slice(0, 100)}…` : text;
  const m = SYNTAX.exec(text.trim());
  if (!m) return `"${shown}" is not path<op>value with op one of =, !=, <, <=, >, >= (e.g. web.webPageDetails.isHomepage=false)`;
  const [, pathText, op, rawValue] = m;
  const path = pathText.split('.');
  if (path.some((s) => !SEGMENT.test(s) || s === '__proto__')) return `"${shown}": "${pathText.slice(0, 100)}" is not a dotted field path`;
  const raw = rawValue.trim();
  if (raw === '') return `"${shown}" has no value after ${op}`;
  const literal = literalOf(raw);
  if (literal.kind === 'boolean' && op !== '=' && op !== '!=') return `"${shown}": ${op} cannot compare booleans; use = or !=`;
  return { text, path, op: op as PropertyOperator, literal };
}

/** Parses the repeated `property` parameter; returns an error message when any is malformed. */
export function parsePropertyFilters(property: string | string[] | undefined): PropertyFilter[] | string {
  const list = property === undefined ? [] : Array.isArray(property) ? property : [property];
  if (list.length > MAX_PROPERTY_FILTERS) return `at most ${MAX_PROPERTY_FILTERS} property filters are supported, got ${list.length}`;
  const out: PropertyFilter[] = [];
  for (const text of list) {
    const f = parsePropertyFilter(text);
    if (typeof f === 'string') return f;
    out.push(f);
  }
  return out;
}

function valueAt(record: Record<string, unknown>, path: string[]): unknown {
  let v: unknown = record;
  for (const key of path) {
    if (v === null || typeof v !== 'object' || Array.isArray(v) || !Object.hasOwn(v, key)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

function test(op: PropertyOperator, c: number): boolean {
  switch (op) {
    case '=':
      return c === 0;
    case '!=':
      return c !== 0;
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
  }
}

const compare = <T extends string | number>(a: T, b: T): number => (a < b ? -1 : a > b ? 1 : 0);

function dayOf(v: unknown): string | undefined {
  if (typeof v === 'string') {
    const m = /^(\d{4})-?(\d{2})-?(\d{2})/.exec(v);
    return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
  }
  if (typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= 8.64e15) return new Date(v).toISOString().slice(0, 10);
  return undefined;
}

export function matchesFilter(record: Record<string, unknown>, f: PropertyFilter): boolean {
  const v = valueAt(record, f.path);
  if (v === undefined || v === null || typeof v === 'object') return false; // objects and arrays are not values
  const lit = f.literal;
  switch (lit.kind) {
    case 'date': {
      const day = dayOf(v);
      return day !== undefined && test(f.op, compare(day, lit.day));
    }
    case 'boolean':
      return test(f.op, typeof v === 'boolean' ? (v === lit.value ? 0 : 1) : compare(String(v), String(lit.value)));
    case 'number':
      return test(f.op, typeof v === 'number' ? compare(v, lit.value) : compare(String(v), lit.raw));
    case 'string':
      return test(f.op, compare(String(v), lit.value));
  }
}

export const matchesAll = (record: Record<string, unknown>, filters: PropertyFilter[]): boolean => {
  for (const f of filters) if (!matchesFilter(record, f)) return false;
  return true;
};

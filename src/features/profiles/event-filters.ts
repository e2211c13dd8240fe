// Event filters of the profile page's Events tab, kept in the URL: `from` and `to` (local
// date-times, `YYYY-MM-DDTHH:mm`), `prop` (repeated `path<op>value`, at most three), `order`
// (desc = newest first, the default) and `limit` (events per page).
import type { EventFilters, EventOrder } from './api/requests.ts';

export const EVENT_PAGE_SIZES = [5, 10, 25, 50, 100] as const;
export const DEFAULT_EVENT_PAGE_SIZE = 25;
export const MAX_PROPERTY_FILTERS = 3;
export const PROPERTY_OPERATORS = ['=', '!=', '<', '<=', '>', '>='] as const;
export type PropertyOperator = (typeof PROPERTY_OPERATORS)[number];

export interface PropertyFilterParts {
  path: string;
  op: PropertyOperator;
  value: string;
}

const SYNTAX = /^([^=<>!\s]+)\s*(!=|<=|>=|=|<|>)\s*(.*)$/s;
const PATH = /^[A-Za-z0-9_@$-]+(\.[A-Za-z0-9_@$-]+)*$/;

export function parseProperty(text: string): PropertyFilterParts | undefined {
  const m = SYNTAX.exec(text.trim());
  return m ? { path: m[1], op: m[2] as PropertyOperator, value: m[3].trim() } : undefined;
}

export const formatProperty = (p: PropertyFilterParts) => `${p.path.trim()}${p.op}${p.value.trim()}`;

/** What is wrong with a filter row, or undefined when the service will accept it. */
export function propertyProblem(p: PropertyFilterParts): string | undefined {
  if (!PATH.test(p.path.trim())) return 'A dotted field path, e.g. web.webPageDetails.name';
  if (p.value.trim() === '') return 'A value to compare with';
  if ((p.value.trim() === 'true' || p.value.trim() === 'false') && p.op !== '=' && p.op !== '!=') return 'true and false compare with = or != only';
  return undefined;
}

const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;

/** ms of a `datetime-local` value, or undefined when empty or invalid. */
export function localToMs(value: string | null | undefined): number | undefined {
  if (!value || !LOCAL_DATE_TIME.test(value)) return undefined;
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? ms : undefined;
}

/** A `datetime-local` value (minutes) for ms. */
export function msToLocal(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export interface EventUrlState {
  from: string;
  to: string;
  property: string[];
  order: EventOrder;
  limit: number;
}

export function readEventUrlState(params: URLSearchParams): EventUrlState {
  const limit = Number(params.get('limit'));
  return {
    from: localToMs(params.get('from')) !== undefined ? params.get('from')! : '',
    to: localToMs(params.get('to')) !== undefined ? params.get('to')! : '',
    property: params
      .getAll('prop')
      .filter((p) => {
        const parts = parseProperty(p);
        return parts !== undefined && propertyProblem(parts) === undefined;
      })
      .slice(0, MAX_PROPERTY_FILTERS),
    order: params.get('order') === 'asc' ? 'asc' : 'desc',
    limit: (EVENT_PAGE_SIZES as readonly number[]).includes(limit) ? limit : DEFAULT_EVENT_PAGE_SIZE,
  };
}

export function writeEventUrlState(current: URLSearchParams, state: EventUrlState): URLSearchParams {
  const next = new URLSearchParams(current);
  for (const key of ['from', 'to', 'prop', 'order', 'limit']) next.delete(key);
  if (state.from) next.set('from', state.from);
  if (state.to) next.set('to', state.to);
  for (const p of state.property) next.append('prop', p);
  if (state.order !== 'desc') next.set('order', state.order);
  if (state.limit !== DEFAULT_EVENT_PAGE_SIZE) next.set('limit', String(state.limit));
  return next;
}

/** The API filters of a URL state (the range is [from, to): `to` is exclusive, as the API's endTime). */
export function toEventFilters(state: EventUrlState): EventFilters {
  return {
    startTime: localToMs(state.from),
    endTime: localToMs(state.to),
    property: state.property,
    order: state.order,
    limit: state.limit,
  };
}

/** A one-line summary of an event: page name, order total, products, app. */
export function eventSummary(entity: Record<string, unknown>): string | undefined {
  const at = (...path: string[]): unknown => {
    let v: unknown = entity;
    for (const k of path) {
      if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
      v = (v as Record<string, unknown>)[k];
    }
    return v;
  };
  const parts: string[] = [];
  const page = at('web', 'webPageDetails', 'name');
  if (typeof page === 'string') parts.push(`Page “${page}”`);
  const app = at('application', 'name');
  if (typeof app === 'string' && parts.length === 0) parts.push(`App ${app}`);
  const total = at('commerce', 'order', 'priceTotal');
  if (typeof total === 'number') {
    const currency = at('commerce', 'order', 'currencyCode');
    parts.push(`Order total ${total}${typeof currency === 'string' ? ` ${currency}` : ''}`);
  }
  const items = at('productListItems');
  if (Array.isArray(items) && items.length > 0) {
    const names = items.map((i) => (i && typeof i === 'object' ? (i as Record<string, unknown>).name : undefined)).filter((n): n is string => typeof n === 'string');
    if (names.length > 0) parts.push(names.length > 2 ? `${names.slice(0, 2).join(', ')} +${names.length - 2}` : names.join(', '));
  }
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

/** Leaf paths of loaded events (for the filter's path suggestions), identities left out. */
export function eventPaths(entities: Record<string, unknown>[], max = 60): string[] {
  const out = new Set<string>();
  const walk = (v: unknown, prefix: string) => {
    if (out.size >= max) return;
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
        if (!prefix && (k === 'identityMap' || k === '_id')) continue;
        walk(child, prefix ? `${prefix}.${k}` : k);
      }
    } else if (!Array.isArray(v) && prefix) {
      out.add(prefix);
    }
  };
  entities.forEach((e) => walk(e, ''));
  return [...out].sort();
}

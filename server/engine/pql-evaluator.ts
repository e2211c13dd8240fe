// Evaluates a parsed PQL expression over the experience events of one profile. Pure: the
// evaluation time (`asOf`) is passed in.
//
// The expression is compiled once into a plan: the event fields it reads (each resolved once per
// event into a `values` array), a predicate over those values and the event timestamp, and the
// aggregation. Both ways of reading events use the same plan and the same `evaluateRows`: the
// per-profile path resolves values from whole records; the set-based evaluation job reads only
// the projected values from SQLite. So the two cannot disagree on semantics.
//
// Semantics (documented choices where PQL leaves room):
// * Window: events with asOf − lookback ≤ timestamp ≤ asOf (see `windowStart`); events outside are
//   never considered. Hours and days are rolling; weeks and months are calendar-aligned (UTC,
//   weeks Sunday–Saturday): N weeks reach back to the start of the week N weeks before the
//   current one, so a weekly refresh at a week start sees exactly N full weeks, and a fast refresh
//   mid-week also sees the current partial week (api-contract §8.7).
// * Field access walks plain objects only; an array or scalar on the way, a missing key or null
//   means "no value". A comparison with no value, or with a value of another JSON type than the
//   literal, is false (also for !=). Non-finite numbers count as no value.
// * Events are ordered by (timestamp, eventId, datasetId) before aggregating, so sums add up in
//   the same order on every path and "most recent" is well defined.
// * sum/min/max/mostRecent over no value → null (the attribute is absent); count → 0.
import type { CaFunction, Duration, DurationUnit } from '../../contracts/computed-attributes.ts';
import type { CompareOp, Condition, PqlExpression } from './pql-parser.ts';

export type Scalar = string | number | boolean;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

/** Sunday 00:00 UTC of the week containing `ms`. */
export function startOfWeekUtc(ms: number): number {
  const day = Math.floor(ms / DAY) * DAY;
  const weekday = new Date(day).getUTCDay(); // 0 = Sunday
  return day - weekday * DAY;
}

/** The 1st, 00:00 UTC, of the month containing `ms`. */
export function startOfMonthUtc(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** Earliest event timestamp (inclusive) a window of `count` units ending at `asOf` includes. */
export function windowStart(count: number, unit: DurationUnit, asOf: number): number {
  switch (unit) {
    case 'HOURS':
      return asOf - count * HOUR;
    case 'DAYS':
      return asOf - count * DAY;
    case 'WEEKS':
      return startOfWeekUtc(asOf) - count * WEEK;
    case 'MONTHS': {
      const d = new Date(startOfMonthUtc(asOf));
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - count, 1);
    }
  }
}

export interface EvalWindow {
  /** ms, inclusive */
  from: number;
  /** ms, inclusive: the evaluation time */
  to: number;
}

export function lookbackWindow(duration: Duration, asOf: number): EvalWindow {
  return { from: windowStart(duration.count, duration.unit, asOf), to: asOf };
}

// ------------------------------------------------------------------------------------- compile

export interface CompiledPql {
  fn: CaFunction;
  /** Paths the plan reads; `values[i]` holds the value at `fields[i]`. */
  fields: string[][];
  /** Index of the aggregated field in `values`, or -1 (count()). */
  valueIndex: number;
  /** Whether an event matches the filter (always true without one). */
  matches(values: readonly unknown[], timestamp: number): boolean;
}

type Pred = (values: readonly unknown[], ts: number) => boolean;

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function compareNumbers(op: CompareOp, a: number, b: number): boolean {
  switch (op) {
    case '=':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
}

/** Compiles an expression for evaluation at `asOf` (which anchors `timestamp occurs`). */
export function compilePql(e: Pick<PqlExpression, 'condition' | 'fn' | 'field'>, asOf: number): CompiledPql {
  const fields: string[][] = [];
  const index = (path: string[]) => {
    const key = path.join('.');
    let i = fields.findIndex((f) => f.join('.') === key);
    if (i < 0) i = fields.push(path) - 1;
    return i;
  };

  const compile = (c: Condition): Pred => {
    switch (c.type) {
      case 'and': {
        const l = compile(c.left);
        const r = compile(c.right);
        return (v, ts) => l(v, ts) && r(v, ts);
      }
      case 'or': {
        const l = compile(c.left);
        const r = compile(c.right);
        return (v, ts) => l(v, ts) || r(v, ts);
      }
      case 'not': {
        const p = compile(c.operand);
        return (v, ts) => !p(v, ts);
      }
      case 'exists': {
        const i = index(c.field.path);
        return (v) => v[i] !== undefined && v[i] !== null && !(typeof v[i] === 'number' && !Number.isFinite(v[i]));
      }
      case 'contains': {
        const i = index(c.field.path);
        const s = c.literal.value;
        return (v) => typeof v[i] === 'string' && (v[i] as string).includes(s);
      }
      case 'startsWith': {
        const i = index(c.field.path);
        const s = c.literal.value;
        return (v) => typeof v[i] === 'string' && (v[i] as string).startsWith(s);
      }
      case 'occurs': {
        const from = windowStart(c.count, c.unit, asOf);
        return (_v, ts) => ts >= from && ts <= asOf;
      }
      case 'compare': {
        const i = index(c.field.path);
        const { op, literal } = c;
        if (literal.kind === 'number') {
          const b = literal.value;
          return (v) => isNumber(v[i]) && compareNumbers(op, v[i] as number, b);
        }
        const b = literal.value;
        const type = literal.kind;
        // strings and booleans: = and != only (checked); ordering on strings would compare code units
        if (op === '=') return (v) => typeof v[i] === type && v[i] === b;
        if (op === '!=') return (v) => typeof v[i] === type && v[i] !== b;
        return (v) => typeof v[i] === type && typeof b === 'string' && compareStrings(op, v[i] as string, b);
      }
    }
  };

  const matches: Pred = e.condition ? compile(e.condition) : () => true;
  const valueIndex = e.field ? index(e.field.path) : -1;
  return { fn: e.fn, fields, valueIndex, matches };
}

function compareStrings(op: CompareOp, a: string, b: string): boolean {
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    default:
      return false;
  }
}

/** The value at a path: walks plain objects only; null and missing are undefined. */
export function valueAt(record: unknown, path: readonly string[]): unknown {
  let v: unknown = record;
  for (const key of path) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
    if (!Object.prototype.hasOwnProperty.call(v, key)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v === null ? undefined : v;
}

export function resolveValues(plan: CompiledPql, record: unknown): unknown[] {
  const out = new Array<unknown>(plan.fields.length);
  for (let i = 0; i < plan.fields.length; i++) out[i] = valueAt(record, plan.fields[i]);
  return out;
}

// ------------------------------------------------------------------------------------ evaluate

/** One event as the evaluation sees it: its identity in the store, timestamp and resolved values. */
export interface EvalRow {
  eventId: string;
  datasetId: string;
  /** ms */
  timestamp: number;
  values: readonly unknown[];
}

export interface Evaluation {
  /** null: nothing to aggregate (count: 0). */
  value: Scalar | null;
  /** Events in the window. */
  inWindow: number;
  /** Events in the window that matched the condition. */
  matched: number;
}

export interface EvaluationTrace extends Evaluation {
  /** The events that fed the aggregate, in event order; `decisive` marks the one that set a min/max/mostRecent. */
  contributing: { row: EvalRow; value: Scalar | null; decisive: boolean }[];
}

const compareRows = (a: EvalRow, b: EvalRow) =>
  a.timestamp - b.timestamp || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0) || (a.datasetId < b.datasetId ? -1 : a.datasetId > b.datasetId ? 1 : 0);

const isScalar = (v: unknown): v is Scalar => typeof v === 'string' || typeof v === 'boolean' || isNumber(v);

/**
 * The attribute's value over one profile's events. `rows` may be in any order and may include
 * events outside the window (they are skipped). With `trace`, also the contributing events.
 */
export function evaluateRows(plan: CompiledPql, rows: EvalRow[], window: EvalWindow, trace: true): EvaluationTrace;
export function evaluateRows(plan: CompiledPql, rows: EvalRow[], window: EvalWindow, trace?: false): Evaluation;
export function evaluateRows(plan: CompiledPql, rows: EvalRow[], window: EvalWindow, trace = false): Evaluation | EvaluationTrace {
  const selected: EvalRow[] = [];
  let inWindow = 0;
  for (const r of rows) {
    if (r.timestamp < window.from || r.timestamp > window.to) continue;
    inWindow++;
    if (plan.matches(r.values, r.timestamp)) selected.push(r);
  }
  if (selected.length > 1) selected.sort(compareRows);
  const vi = plan.valueIndex;
  const contributing: EvaluationTrace['contributing'] = [];
  let value: Scalar | null = null;
  let decisive = -1;

  switch (plan.fn) {
    case 'count': {
      let n = 0;
      for (const r of selected) {
        if (vi >= 0) {
          const v = r.values[vi];
          if (v === undefined || v === null || (typeof v === 'number' && !Number.isFinite(v))) continue;
          if (trace) contributing.push({ row: r, value: isScalar(v) ? v : null, decisive: false });
        } else if (trace) contributing.push({ row: r, value: null, decisive: false });
        n++;
      }
      value = n;
      break;
    }
    case 'sum': {
      let total = 0;
      let any = false;
      for (const r of selected) {
        const v = r.values[vi];
        if (!isNumber(v)) continue;
        total += v;
        any = true;
        if (trace) contributing.push({ row: r, value: v, decisive: false });
      }
      value = any ? total : null;
      break;
    }
    case 'min':
    case 'max': {
      let best: number | null = null;
      for (const r of selected) {
        const v = r.values[vi];
        if (!isNumber(v)) continue;
        if (best === null || (plan.fn === 'min' ? v < best : v > best)) {
          best = v;
          decisive = contributing.length;
        }
        if (trace) contributing.push({ row: r, value: v, decisive: false });
      }
      value = best;
      break;
    }
    case 'mostRecent': {
      for (const r of selected) {
        const v = r.values[vi];
        if (!isScalar(v)) continue;
        value = v;
        decisive = contributing.length;
        if (trace) contributing.push({ row: r, value: v, decisive: false });
      }
      break;
    }
  }
  if (!trace) return { value, inWindow, matched: selected.length };
  if (decisive >= 0 && contributing[decisive]) contributing[decisive].decisive = true;
  return { value, inWindow, matched: selected.length, contributing };
}

/** Convenience for whole records (the per-profile path): resolves each event's values, then evaluates. */
export function evaluateEvents(
  plan: CompiledPql,
  events: readonly { eventId: string; datasetId: string; timestamp: number; record: unknown }[],
  window: EvalWindow,
): Evaluation {
  return evaluateRows(
    plan,
    events.map((e) => ({ eventId: e.eventId, datasetId: e.datasetId, timestamp: e.timestamp, values: resolveValues(plan, e.record) })),
    window,
  );
}

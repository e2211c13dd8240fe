// Type checking of a parsed PQL expression against the event fields of a sandbox: unknown fields,
// type mismatches (sum of a string, a string compared with a number, ...), `timestamp` misuse and a
// `timestamp occurs` window reaching beyond the lookback are refused with the position of the
// offending part. The return type follows from the function and the field. Pure.
import {
  MERGE_FUNCTION_OF,
  type Duration,
  type DurationUnit,
  type FieldType,
  type MergeFunction,
  type XdmType,
  type CaFunction,
} from '../../contracts/computed-attributes.ts';
import { PqlError, positionAt, type Condition, type FieldRef, type PqlExpression, type Span } from './pql-parser.ts';

/** The JSON types seen at a dotted event-field path, or undefined when no event has it. */
export type FieldLookup = (path: string) => readonly FieldType[] | undefined;

export interface CheckedPql {
  expression: PqlExpression;
  fn: CaFunction;
  mergeFunction: MergeFunction;
  returnType: XdmType;
  /** Event fields read (dotted, unique, in order of appearance). */
  fields: string[];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Longest and shortest time a window of N units can reach back (weeks and months are calendar-aligned). */
function reach(count: number, unit: DurationUnit): { min: number; max: number } {
  switch (unit) {
    case 'HOURS':
      return { min: count * HOUR, max: count * HOUR };
    case 'DAYS':
      return { min: count * DAY, max: count * DAY };
    case 'WEEKS':
      return { min: count * 7 * DAY, max: (count + 1) * 7 * DAY };
    case 'MONTHS':
      return { min: count * 28 * DAY, max: (count + 1) * 31 * DAY };
  }
}

const plural = (n: number, unit: DurationUnit) => `${n} ${unit.toLowerCase().replace(/s$/, n === 1 ? '' : 's')}`;

/** Whether a `timestamp occurs <= N unit` window always lies within the lookback. */
export function withinLookback(count: number, unit: DurationUnit, duration: Duration): boolean {
  if (unit === duration.unit) return count <= duration.count;
  return reach(count, unit).max <= reach(duration.count, duration.unit).min;
}

function fail(e: PqlExpression, span: Span, message: string, expected: string[] = []): never {
  const p = positionAt(e.source, span.start);
  const where = e.source.includes('\n') ? `line ${p.line}, column ${p.column}` : `column ${p.column}`;
  throw new PqlError(`${message} (at ${where})`, p, expected);
}

const typeList = (types: readonly FieldType[]) => types.join(' and ');

/**
 * Checks an expression's fields and types. `duration`, when given, bounds `timestamp occurs`.
 * Throws PqlError naming the position.
 */
export function checkPql(e: PqlExpression, lookup: FieldLookup, options: { duration?: Duration } = {}): CheckedPql {
  const fields: string[] = [];

  /** The single scalar type of a field (or the list when `any`), refusing unknown, `timestamp` and mixed fields. */
  const typeOf = (f: FieldRef, purpose: string, any = false): readonly FieldType[] => {
    if (f.text === 'timestamp') {
      fail(e, f, `timestamp can only be used as "timestamp occurs <= N days before now"; the lookback window already limits events by time`, ['timestamp occurs <= N days before now']);
    }
    if (f.path[0] === 'identityMap') fail(e, f, `identityMap holds the event's identities and cannot be used in a computed attribute`);
    const types = lookup(f.text);
    if (!types || types.length === 0) fail(e, f, `Unknown event field "${f.text}": no experience event in this sandbox has it`, ['a field listed in the sandbox\'s event fields']);
    if (!fields.includes(f.text)) fields.push(f.text);
    if (!any && types.length > 1) fail(e, f, `Event field "${f.text}" holds ${typeList(types)} values, so it cannot be used for ${purpose}`);
    return types;
  };

  const check = (c: Condition): void => {
    switch (c.type) {
      case 'and':
      case 'or':
        check(c.left);
        check(c.right);
        return;
      case 'not':
        check(c.operand);
        return;
      case 'exists':
        typeOf(c.field, 'exists', true);
        return;
      case 'contains':
      case 'startsWith': {
        const [t] = typeOf(c.field, `${c.type}()`);
        if (t !== 'string') fail(e, c.field, `${c.type}() needs a string field, but "${c.field.text}" holds ${t} values`);
        return;
      }
      case 'compare': {
        const [t] = typeOf(c.field, `a comparison with ${c.op}`);
        const l = c.literal;
        if (t === 'object' || t === 'array') fail(e, c.field, `"${c.field.text}" is an ${t}; only numbers, strings and booleans can be compared (use .exists() to test for it)`);
        if (l.kind !== t) fail(e, l, `Type mismatch: "${c.field.text}" holds ${t} values but is compared with a ${l.kind}`, [`a ${t}`]);
        if (t !== 'number' && c.op !== '=' && c.op !== '!=') {
          fail(e, c, `${c.op} needs a number field; "${c.field.text}" holds ${t} values (use = or !=${t === 'string' ? ', .contains() or .startsWith()' : ''})`, ['=', '!=']);
        }
        return;
      }
      case 'occurs':
        if (options.duration && !withinLookback(c.count, c.unit, options.duration)) {
          fail(
            e,
            c,
            `The condition "timestamp occurs <= ${plural(c.count, c.unit)} before now" reaches further back than the lookback of ${plural(options.duration.count, options.duration.unit)}: widen the lookback (duration) or shorten the condition`,
          );
        }
        return;
    }
  };
  if (e.condition) check(e.condition);

  let returnType: XdmType;
  if (e.fn === 'count') {
    if (e.field) typeOf(e.field, 'count()', true);
    returnType = 'integer';
  } else {
    const f = e.field!;
    const [t] = typeOf(f, `${e.fn}()`);
    if (e.fn === 'mostRecent') {
      if (t === 'object' || t === 'array') fail(e, f, `mostRecent() needs a number, string or boolean field, but "${f.text}" is an ${t}`);
      returnType = t as XdmType;
    } else {
      if (t !== 'number') fail(e, f, `Type mismatch: ${e.fn}() needs a number field, but "${f.text}" holds ${t} values`, ['a number field']);
      returnType = 'number';
    }
  }
  return { expression: e, fn: e.fn, mergeFunction: MERGE_FUNCTION_OF[e.fn], returnType, fields };
}

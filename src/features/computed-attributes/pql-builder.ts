// The visual builder's model and the PQL it generates. Pure: no React. The server's parser stays the
// judge (the generated text is validated live); this only writes what the rows say.
import {
  CA_NAME_PATTERN,
  DURATION_BOUNDS,
  type CaFunction,
  type DurationUnit,
  type EventField,
  type FieldType,
} from '../../../contracts/computed-attributes.ts';

export type Operator = '=' | '!=' | '>' | '>=' | '<' | '<=' | 'contains' | 'startsWith' | 'exists';

export interface ConditionRow {
  id: number;
  field: string;
  operator: Operator;
  value: string;
}

export interface BuilderState {
  fn: CaFunction;
  /** The aggregated field (optional for count). */
  field: string;
  /** How the rows combine. */
  combine: 'and' | 'or';
  conditions: ConditionRow[];
  lookback: { count: number; unit: DurationUnit };
}

export const FUNCTION_LABELS: Record<CaFunction, string> = {
  sum: 'Sum',
  count: 'Count',
  min: 'Minimum',
  max: 'Maximum',
  mostRecent: 'Most recent value',
};

export const OPERATOR_LABELS: Record<Operator, string> = {
  '=': 'equals',
  '!=': 'does not equal',
  '>': 'is greater than',
  '>=': 'is at least',
  '<': 'is less than',
  '<=': 'is at most',
  contains: 'contains',
  startsWith: 'starts with',
  exists: 'exists',
};

export const UNIT_LABELS: Record<DurationUnit, string> = { HOURS: 'hours', DAYS: 'days', WEEKS: 'weeks', MONTHS: 'months' };

/** The single type of a field, or undefined when it holds several. */
export function fieldType(field: EventField | undefined): FieldType | undefined {
  return field && field.types.length === 1 ? field.types[0] : undefined;
}

export function operatorsFor(type: FieldType | undefined): Operator[] {
  switch (type) {
    case 'number':
      return ['=', '!=', '>', '>=', '<', '<=', 'exists'];
    case 'string':
      return ['=', '!=', 'contains', 'startsWith', 'exists'];
    case 'boolean':
      return ['=', '!=', 'exists'];
    default:
      return ['exists'];
  }
}

/** `timestamp` only appears as the lookback condition; the service refuses it elsewhere. */
export const usableField = (field: EventField) => field.path !== 'timestamp';

/** Fields a function can aggregate: numbers for sum/min/max, scalars for mostRecent, any for count. */
export function aggregatable(fn: CaFunction, field: EventField): boolean {
  if (!usableField(field)) return false;
  const t = fieldType(field);
  if (fn === 'count') return true;
  if (fn === 'mostRecent') return t === 'string' || t === 'number' || t === 'boolean';
  return t === 'number';
}

export const initialBuilder = (): BuilderState => ({
  fn: 'sum',
  field: '',
  combine: 'and',
  conditions: [],
  lookback: { count: 7, unit: 'DAYS' },
});

export interface RowProblem {
  id: number;
  message: string;
}

function literal(row: ConditionRow, type: FieldType | undefined): string | RowProblem {
  if (type === 'number') {
    const v = row.value.trim();
    if (v === '' || !/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(v)) return { id: row.id, message: 'Enter a number' };
    return v;
  }
  if (type === 'boolean') {
    if (row.value !== 'true' && row.value !== 'false') return { id: row.id, message: 'Choose true or false' };
    return row.value;
  }
  return JSON.stringify(row.value);
}

/** One row as PQL (`field op value`), or what is missing. Rows without a field are skipped (null). */
export function conditionText(row: ConditionRow, fields: Map<string, EventField>): string | RowProblem | null {
  if (!row.field) return null;
  const type = fieldType(fields.get(row.field));
  switch (row.operator) {
    case 'exists':
      return `${row.field}.exists()`;
    case 'contains':
    case 'startsWith':
      return `${row.field}.${row.operator}(${JSON.stringify(row.value)})`;
    default: {
      const v = literal(row, type);
      return typeof v === 'string' ? `${row.field} ${row.operator} ${v}` : v;
    }
  }
}

/** The PQL the builder describes, with the rows that need attention. */
export function generatePql(state: BuilderState, fields: Map<string, EventField>): { text: string; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const parts: string[] = [];
  for (const row of state.conditions) {
    const t = conditionText(row, fields);
    if (t === null) continue;
    if (typeof t === 'string') parts.push(t);
    else problems.push(t);
  }
  const time = `timestamp occurs <= ${state.lookback.count} ${UNIT_LABELS[state.lookback.unit]} before now`;
  let condition = time;
  if (parts.length === 1) condition = `${parts[0]} and ${time}`;
  else if (parts.length > 1) {
    const joined = parts.join(` ${state.combine} `);
    condition = `${state.combine === 'or' ? `(${joined})` : joined} and ${time}`;
  }
  const field = state.fn === 'count' ? state.field : state.field || '<field>';
  return { text: `xEvent[${condition}].${state.fn}(${field})`, problems };
}

/** `Total spend (7 days)` → `totalSpend7days`: letters and digits, camelCase. */
export function nameFromDisplayName(displayName: string): string {
  const words = displayName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  const name = words.map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1))).join('');
  return name.slice(0, 64);
}

export function nameProblem(name: string): string | undefined {
  if (!name) return 'Required';
  if (!CA_NAME_PATTERN.test(name)) return 'Letters and digits only (no spaces or underscores)';
  if (name.length > 64) return 'At most 64 characters';
  return undefined;
}

export function lookbackProblem(count: number, unit: DurationUnit): string | undefined {
  const b = DURATION_BOUNDS[unit];
  if (!Number.isInteger(count) || count < b.min || count > b.max) return `${b.min} to ${b.max} ${UNIT_LABELS[unit]}`;
  return undefined;
}

/** "7 days", "1 week". */
export function formatLookback(d: { count: number; unit: string }): string {
  const unit = (UNIT_LABELS[d.unit as DurationUnit] ?? d.unit.toLowerCase()).replace(/s$/, d.count === 1 ? '' : 's');
  return `${d.count} ${unit}`;
}

/** `2023-08-27T00:14:55.028` (UTC, no zone) → epoch ms. */
export const evaluationMs = (ts: string) => (ts ? Date.parse(`${ts}Z`) : undefined);

export const MERGE_FUNCTION_LABELS: Record<string, string> = {
  SUM: 'Sum',
  COUNT: 'Count',
  MIN: 'Minimum',
  MAX: 'Maximum',
  MOST_RECENT: 'Most recent',
};

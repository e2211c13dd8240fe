import { describe, expect, it } from 'vitest';
import type { EventField } from '../../../contracts/computed-attributes.ts';
import { aggregatable, formatLookback, generatePql, initialBuilder, lookbackProblem, nameFromDisplayName, nameProblem, operatorsFor, type BuilderState } from './pql-builder.ts';

const FIELDS: EventField[] = [
  { path: 'eventType', types: ['string'], example: 'commerce.purchases' },
  { path: 'commerce.order.priceTotal', types: ['number'], example: 12 },
  { path: 'device.mobile', types: ['boolean'], example: true },
  { path: 'productListItems', types: ['array'], example: null },
  { path: 'timestamp', types: ['string'], example: '2026-01-01T00:00:00Z' },
];
const byPath = new Map(FIELDS.map((f) => [f.path, f]));
const state = (patch: Partial<BuilderState>): BuilderState => ({ ...initialBuilder(), ...patch });

describe('generatePql', () => {
  it('writes "sum of order totals over 7 days" as AEP does', () => {
    const s = state({ field: 'commerce.order.priceTotal', conditions: [{ id: 1, field: 'eventType', operator: '=', value: 'commerce.purchases' }] });
    expect(generatePql(s, byPath)).toEqual({
      text: 'xEvent[eventType = "commerce.purchases" and timestamp occurs <= 7 days before now].sum(commerce.order.priceTotal)',
      problems: [],
    });
  });

  it('combines rows with all/any, quotes strings, keeps numbers and booleans bare', () => {
    const s = state({
      fn: 'count',
      combine: 'or',
      lookback: { count: 2, unit: 'WEEKS' },
      conditions: [
        { id: 1, field: 'commerce.order.priceTotal', operator: '>=', value: '10.5' },
        { id: 2, field: 'eventType', operator: 'startsWith', value: 'commerce "x"' },
        { id: 3, field: 'device.mobile', operator: '=', value: 'true' },
        { id: 4, field: 'productListItems', operator: 'exists', value: '' },
        { id: 5, field: '', operator: '=', value: 'ignored' },
      ],
    });
    expect(generatePql(s, byPath).text).toBe(
      'xEvent[(commerce.order.priceTotal >= 10.5 or eventType.startsWith("commerce \\"x\\"") or device.mobile = true or productListItems.exists()) and timestamp occurs <= 2 weeks before now].count()',
    );
  });

  it('reports rows that need a value instead of writing them', () => {
    const s = state({ field: 'commerce.order.priceTotal', conditions: [{ id: 7, field: 'commerce.order.priceTotal', operator: '>', value: 'ten' }] });
    const out = generatePql(s, byPath);
    expect(out.problems).toEqual([{ id: 7, message: 'Enter a number' }]);
    expect(out.text).toBe('xEvent[timestamp occurs <= 7 days before now].sum(commerce.order.priceTotal)');
  });
});

describe('builder helpers', () => {
  it('offers operators by field type and fields by function', () => {
    expect(operatorsFor('string')).toContain('contains');
    expect(operatorsFor('number')).toContain('>=');
    expect(operatorsFor('array')).toEqual(['exists']);
    expect(FIELDS.filter((f) => aggregatable('sum', f)).map((f) => f.path)).toEqual(['commerce.order.priceTotal']);
    expect(FIELDS.filter((f) => aggregatable('mostRecent', f)).map((f) => f.path)).toEqual(['eventType', 'commerce.order.priceTotal', 'device.mobile']);
    expect(FIELDS.filter((f) => aggregatable('count', f)).map((f) => f.path)).not.toContain('timestamp');
  });

  it('derives names, checks names and lookbacks', () => {
    expect(nameFromDisplayName('Total spend (7 days) — café')).toBe('totalSpend7DaysCafe');
    expect(nameProblem('total_spend')).toBe('Letters and digits only (no spaces or underscores)');
    expect(nameProblem('totalSpend')).toBeUndefined();
    expect(lookbackProblem(8, 'DAYS')).toBe('1 to 7 days');
    expect(lookbackProblem(24, 'HOURS')).toBeUndefined();
    expect(formatLookback({ count: 1, unit: 'WEEKS' })).toBe('1 week');
    expect(formatLookback({ count: 6, unit: 'MONTHS' })).toBe('6 months');
  });
});

import { describe, expect, it } from 'vitest';
import type { FieldType } from '../../contracts/computed-attributes.ts';
import { PqlError, parsePql, printPql, tokenize, type Condition } from './pql-parser.ts';
import { checkPql, withinLookback, type FieldLookup } from './pql-check.ts';

const AEP_EXAMPLE =
  'xEvent[(commerce.checkouts.value > 0.0 or commerce.purchases.value > 1.0 or commerce.order.priceTotal >= 10.0) and (timestamp occurs <= 7 days before now)].sum(commerce.order.priceTotal)';

/** The error a source produces: message, 0-based offset and what was expected. */
function errorOf(source: string): { message: string; offset: number | undefined; column: number | undefined; expected: string[] } {
  try {
    parsePql(source);
  } catch (e) {
    if (!(e instanceof PqlError)) throw e;
    return { message: e.message, offset: e.position?.offset, column: e.position?.column, expected: e.expected };
  }
  throw new Error(`expected ${source} to be refused`);
}

describe('tokenizer', () => {
  it('splits identifiers, numbers, strings with escapes, operators and punctuation', () => {
    const tokens = tokenize('a.b >= -1.5e2 "x\\"y\\u0041" != <= ( ) [ ] ,');
    expect(tokens.map((t) => [t.kind, t.text])).toEqual([
      ['ident', 'a'],
      ['punct', '.'],
      ['ident', 'b'],
      ['op', '>='],
      ['punct', '-'],
      ['number', '1.5e2'],
      ['string', '"x\\"y\\u0041"'],
      ['op', '!='],
      ['op', '<='],
      ['punct', '('],
      ['punct', ')'],
      ['punct', '['],
      ['punct', ']'],
      ['punct', ','],
      ['eof', ''],
    ]);
    expect(tokens[5].value).toBe(150);
    expect(tokens[6].value).toBe('x"yA');
    expect(tokens[6].start).toBe(14);
  });
});

describe('parsing valid expressions', () => {
  it("parses AEP's documented example", () => {
    const e = parsePql(AEP_EXAMPLE);
    expect(e.fn).toBe('sum');
    expect(e.field?.text).toBe('commerce.order.priceTotal');
    expect(e.condition?.type).toBe('and');
    const c = e.condition as Extract<Condition, { type: 'and' | 'or' }>;
    expect(c.left.type).toBe('or');
    expect(c.right).toMatchObject({ type: 'occurs', count: 7, unit: 'DAYS' });
  });

  it.each([
    ['xEvent.count()', 'xEvent.count()'],
    ['xEvent[].count()', null],
    ['  xEvent [ eventType = "commerce.purchases" ] . sum ( commerce.order.priceTotal )  ', 'xEvent[eventType = "commerce.purchases"].sum(commerce.order.priceTotal)'],
    ['xEvent[a = 1 or b = 2 and c = 3].count()', 'xEvent[a = 1 or b = 2 and c = 3].count()'],
    ['xEvent[(a = 1 or b = 2) and c = 3].count()', 'xEvent[(a = 1 or b = 2) and c = 3].count()'],
    ['xEvent[not a = 1 and not (b = 2 or c = 3)].count()', 'xEvent[not a = 1 and not (b = 2 or c = 3)].count()'],
    ['xEvent[exists web.webPageDetails.name].count(web.webPageDetails.name)', 'xEvent[web.webPageDetails.name.exists()].count(web.webPageDetails.name)'],
    ['xEvent[web.webPageDetails.name.startsWith("Prod") and web.webPageDetails.URL.contains("jackets")].mostRecent(web.webPageDetails.name)', null],
    ['xEvent[x.ok = true and y != false and z <= -3].max(z)', 'xEvent[x.ok = true and y != false and z <= -3].max(z)'],
    ['xEvent[timestamp occurs <= 1 hour before now].min(a)', 'xEvent[timestamp occurs <= 1 hours before now].min(a)'],
    ['xEvent[timestamp occurs <= 4 Weeks before now].count()', 'xEvent[timestamp occurs <= 4 weeks before now].count()'],
    ['xEvent[s = "tab\\tquote\\""].count()', 'xEvent[s = "tab\\tquote\\""].count()'],
  ])('%s', (source, canonical) => {
    if (canonical === null) {
      if (source === 'xEvent[].count()') {
        expect(errorOf(source).offset).toBe(7);
        return;
      }
      canonical = source;
    }
    const e = parsePql(source);
    expect(printPql(e)).toBe(canonical);
    // the canonical form parses back to the same canonical form
    expect(printPql(parsePql(printPql(e)))).toBe(canonical);
  });

  it('records positions of fields and literals', () => {
    const e = parsePql('xEvent[commerce.order.priceTotal >= 10].sum(commerce.order.priceTotal)');
    const c = e.condition as Extract<Condition, { type: 'compare' }>;
    expect(c.field).toMatchObject({ start: 7, end: 32, path: ['commerce', 'order', 'priceTotal'] });
    expect(c.literal).toMatchObject({ kind: 'number', value: 10, start: 36, end: 38 });
    expect(e.field).toMatchObject({ start: 44 });
  });
});

describe('refusing what the subset does not support, with positions', () => {
  it.each([
    // [source, 0-based offset, a word of the message, an expected item]
    ['', 0, 'empty', 'xEvent'],
    ['yEvent.count()', 0, 'Expected xEvent', 'xEvent'],
    ['xEvent[eventType = ].count()', 19, 'Expected a value', 'a number'],
    ['xEvent[eventType = "a"', 22, 'Expected "]"', '"]"'],
    ['xEvent[eventType = "a"].avg(x)', 24, 'Expected a function', 'sum(…)'],
    ['xEvent[eventType = "a"].sum()', 28, 'needs the event field', 'an event field such as commerce.order.priceTotal'],
    ['xEvent[eventType == "a"].count()', 17, 'Use = to compare', '='],
    ["xEvent[eventType = 'a'].count()", 19, 'double quotes', '"'],
    ['xEvent[eventType = "abc].count()', 19, 'Unterminated string', '"'],
    ['xEvent[eventType = purchases].count()', 19, 'strings need double quotes', 'a "string"'],
    ['xEvent[a = 1 && b = 2].count()', 13, 'Use and', 'and'],
    ['xEvent[a = 1 b = 2].count()', 13, 'Expected "]"', 'and'],
    ['xEvent[a > 1].count() extra', 22, 'must end with', 'the end of the expression'],
    ['xEvent[timestamp occurs > 7 days before now].count()', 24, 'Only "timestamp occurs <= N', '"<="'],
    ['xEvent[timestamp occurs <= 8 days before now].count()', 27, 'out of range', '1 to 7'],
    ['xEvent[timestamp occurs <= 25 hours before now].count()', 27, 'out of range', '1 to 24'],
    ['xEvent[timestamp occurs <= 7 years before now].count()', 29, 'Expected hours', 'days'],
    ['xEvent[timestamp occurs <= 2.5 days before now].count()', 27, 'whole number', 'a whole number of units'],
    ['xEvent[timestamp occurs <= 7 days ago].count()', 34, 'Expected "before"', '"before"'],
    ['xEvent[a.contains(1)].count()', 18, 'takes one "string"', 'a "string"'],
    ['xEvent[a in ("x")].count()', 9, 'Expected a comparison', '.exists()'],
    ['xEvent[(a = 1].count()', 13, 'Expected ")"', '")"'],
    ['xEvent[a = 1]count()', 13, 'Expected "."', '"."'],
    ['xEvent[a = 1.].count()', 11, 'Malformed number', 'a number'],
    ['xEvent[a = 1e].count()', 13, 'exponent', 'digits'],
    ['xEvent[a = 1 and].count()', 16, 'Expected a field', '('],
    ['xEvent[a = "x\\q"].count()', 13, 'Invalid escape', '\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX'],
    ['xEvent[a = 1].count() ; drop', 22, 'Unexpected character', undefined],
  ])('%s', (source, offset, words, expected) => {
    const err = errorOf(source);
    expect(err.message).toContain(words);
    expect(err.offset).toBe(offset);
    expect(err.column).toBe(offset + 1);
    expect(err.message).toContain(`column ${offset + 1}`);
    if (expected !== undefined) expect(err.expected).toContain(expected);
  });

  it('names the line and column on multi-line expressions', () => {
    const err = errorOf('xEvent[\n  eventType = "a" and\n  price > ]\n.sum(price)');
    expect(err.offset).toBe(40);
    expect(err.message).toContain('line 3, column 11');
  });

  it('refuses very deep nesting instead of overflowing the stack', () => {
    const deep = `xEvent[${'('.repeat(200)}a = 1${')'.repeat(200)}].count()`;
    expect(errorOf(deep).message).toContain('nests more than');
  });
});

describe('type checking against the sandbox event fields', () => {
  const FIELDS: Record<string, FieldType[]> = {
    eventType: ['string'],
    timestamp: ['string'],
    'commerce.order.priceTotal': ['number'],
    'commerce.order.currencyCode': ['string'],
    'commerce.purchases.value': ['number'],
    'web.webPageDetails.name': ['string'],
    'device.mobile': ['boolean'],
    productListItems: ['array'],
    'mixed.value': ['number', 'string'],
  };
  const lookup: FieldLookup = (p) => FIELDS[p];
  const check = (source: string, duration?: { count: number; unit: 'HOURS' | 'DAYS' | 'WEEKS' | 'MONTHS' }) =>
    checkPql(parsePql(source), lookup, { duration });
  const refusal = (source: string, duration?: { count: number; unit: 'HOURS' | 'DAYS' | 'WEEKS' | 'MONTHS' }) => {
    try {
      check(source, duration);
    } catch (e) {
      if (e instanceof PqlError) return { message: e.message, offset: e.position?.offset };
      throw e;
    }
    throw new Error(`expected ${source} to be refused`);
  };

  it.each([
    ['xEvent[eventType = "commerce.purchases"].sum(commerce.order.priceTotal)', 'SUM', 'number'],
    ['xEvent.count()', 'COUNT', 'integer'],
    ['xEvent.count(productListItems)', 'COUNT', 'integer'],
    ['xEvent[commerce.order.priceTotal > 10].min(commerce.order.priceTotal)', 'MIN', 'number'],
    ['xEvent.max(commerce.purchases.value)', 'MAX', 'number'],
    ['xEvent.mostRecent(web.webPageDetails.name)', 'MOST_RECENT', 'string'],
    ['xEvent.mostRecent(device.mobile)', 'MOST_RECENT', 'boolean'],
    ['xEvent[productListItems.exists() and mixed.value.exists()].count()', 'COUNT', 'integer'],
  ])('%s → %s returning %s', (source, mergeFunction, returnType) => {
    const checked = check(source);
    expect(checked.mergeFunction).toBe(mergeFunction);
    expect(checked.returnType).toBe(returnType);
  });

  it('lists the fields read', () => {
    expect(check('xEvent[eventType = "x" and commerce.order.priceTotal > 1].sum(commerce.order.priceTotal)').fields).toEqual([
      'eventType',
      'commerce.order.priceTotal',
    ]);
  });

  it.each([
    ['xEvent.sum(eventType)', 11, 'sum() needs a number field, but "eventType" holds string values'],
    ['xEvent.min(web.webPageDetails.name)', 11, 'min() needs a number field'],
    ['xEvent.sum(commerce.order.total)', 11, 'Unknown event field "commerce.order.total"'],
    ['xEvent[eventTyp = "x"].count()', 7, 'Unknown event field "eventTyp"'],
    ['xEvent[eventType = 3].count()', 19, 'holds string values but is compared with a number'],
    ['xEvent[commerce.order.priceTotal = "10"].count()', 35, 'holds number values but is compared with a string'],
    ['xEvent[eventType > "a"].count()', 7, '> needs a number field'],
    ['xEvent[device.mobile < true].count()', 7, '< needs a number field'],
    ['xEvent[commerce.order.priceTotal.contains("1")].count()', 7, 'contains() needs a string field'],
    ['xEvent[productListItems = 1].count()', 7, 'is an array'],
    ['xEvent.mostRecent(productListItems)', 18, 'is an array'],
    ['xEvent.sum(mixed.value)', 11, 'holds number and string values'],
    ['xEvent[timestamp = "2024-01-01"].count()', 7, 'timestamp can only be used as'],
    ['xEvent.mostRecent(timestamp)', 18, 'timestamp can only be used as'],
    ['xEvent[identityMap.ECID.exists()].count()', 7, 'identityMap'],
  ])('%s', (source, offset, words) => {
    const r = refusal(source);
    expect(r.message).toContain(words);
    expect(r.offset).toBe(offset);
    expect(r.message).toContain(`column ${offset + 1}`);
  });

  it('refuses a timestamp condition reaching beyond the lookback', () => {
    const r = refusal('xEvent[timestamp occurs <= 7 days before now].count()', { count: 3, unit: 'DAYS' });
    expect(r.message).toContain('reaches further back than the lookback of 3 days');
    expect(r.offset).toBe(7);
    expect(() => check('xEvent[timestamp occurs <= 3 days before now].count()', { count: 3, unit: 'DAYS' })).not.toThrow();
    expect(() => check('xEvent[timestamp occurs <= 24 hours before now].count()', { count: 1, unit: 'DAYS' })).not.toThrow();
  });

  it('compares windows of different units by how far they can reach', () => {
    expect(withinLookback(7, 'DAYS', { count: 1, unit: 'WEEKS' })).toBe(true);
    expect(withinLookback(1, 'WEEKS', { count: 7, unit: 'DAYS' })).toBe(false); // a calendar week reaches up to 14 days back
    expect(withinLookback(1, 'WEEKS', { count: 1, unit: 'MONTHS' })).toBe(true);
    expect(withinLookback(2, 'MONTHS', { count: 4, unit: 'WEEKS' })).toBe(false);
    expect(withinLookback(24, 'HOURS', { count: 1, unit: 'DAYS' })).toBe(true);
    expect(withinLookback(25, 'HOURS', { count: 1, unit: 'DAYS' })).toBe(false);
  });
});

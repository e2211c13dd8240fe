import { describe, expect, it } from 'vitest';
import { parsePql } from './pql-parser.ts';
import {
  compilePql,
  evaluateEvents,
  evaluateRows,
  lookbackWindow,
  resolveValues,
  startOfMonthUtc,
  startOfWeekUtc,
  valueAt,
  windowStart,
} from './pql-evaluator.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Wednesday 2026-01-14 12:00 UTC
const NOW = Date.UTC(2026, 0, 14, 12);

let seq = 0;
function event(daysAgo: number, record: Record<string, unknown>, id?: string) {
  return { eventId: id ?? `e${++seq}`, datasetId: 'ds1', timestamp: NOW - daysAgo * DAY, record };
}
const purchase = (daysAgo: number, total: number, extra: Record<string, unknown> = {}) =>
  event(daysAgo, { eventType: 'commerce.purchases', commerce: { order: { priceTotal: total, currencyCode: 'USD' } }, ...extra });
const view = (daysAgo: number, page: string) => event(daysAgo, { eventType: 'web.webpagedetails.pageViews', web: { webPageDetails: { name: page } } });

// A profile's events, with hand-computed answers below.
const EVENTS = [
  purchase(1, 100),
  purchase(2, 50.5),
  purchase(3, 20, { channel: { mobile: true } }),
  purchase(10, 999), // outside a 7-day window
  view(0.5, 'Home'),
  view(1.5, 'Product: Summit Jacket'),
  view(6, 'Cart'),
  event(2.5, { eventType: 'commerce.purchases', commerce: { order: { priceTotal: '75' } } }), // a string total: no value for sum
  event(4, { eventType: 'commerce.purchases', commerce: { order: null } }),
];

function run(source: string, days = 7, events = EVENTS) {
  const e = parsePql(source);
  const plan = compilePql(e, NOW);
  return evaluateEvents(plan, events, lookbackWindow({ count: days, unit: 'DAYS' }, NOW));
}

describe('evaluating expressions against hand-computed values', () => {
  it.each([
    // sum of order totals over the window: 100 + 50.5 + 20 (the 999 is 10 days old; "75" is a string)
    ['xEvent[eventType = "commerce.purchases"].sum(commerce.order.priceTotal)', 7, 170.5],
    ['xEvent[eventType = "commerce.purchases"].sum(commerce.order.priceTotal)', 14, 1169.5],
    ['xEvent[eventType = "commerce.purchases"].count()', 7, 5],
    ['xEvent.count()', 7, 8],
    ['xEvent.count(commerce.order.priceTotal)', 7, 4], // 100, 50.5, 20, "75"
    ['xEvent.min(commerce.order.priceTotal)', 7, 20],
    ['xEvent.max(commerce.order.priceTotal)', 14, 999],
    ['xEvent[commerce.order.priceTotal > 20].sum(commerce.order.priceTotal)', 7, 150.5],
    ['xEvent[commerce.order.priceTotal >= 20 and commerce.order.priceTotal < 100].sum(commerce.order.priceTotal)', 7, 70.5],
    ['xEvent[commerce.order.priceTotal = 100 or commerce.order.priceTotal = 20].count()', 7, 2],
    ['xEvent[not commerce.order.priceTotal = 100].count(commerce.order.priceTotal)', 7, 3],
    // != is false when the field is missing or of another type: only 50.5 and 20
    ['xEvent[commerce.order.priceTotal != 100].count()', 7, 2],
    ['xEvent[channel.mobile = true].sum(commerce.order.priceTotal)', 7, 20],
    ['xEvent[channel.mobile != true].count()', 7, 0],
    ['xEvent[channel.mobile.exists()].count()', 7, 1],
    ['xEvent[exists web.webPageDetails.name].mostRecent(web.webPageDetails.name)', 7, 'Home'],
    ['xEvent[web.webPageDetails.name.startsWith("Product")].count()', 7, 1],
    ['xEvent[web.webPageDetails.name.contains("ar")].mostRecent(web.webPageDetails.name)', 7, 'Cart'],
    ['xEvent[timestamp occurs <= 2 days before now].sum(commerce.order.priceTotal)', 7, 150.5],
    ['xEvent[timestamp occurs <= 24 hours before now].count()', 7, 2], // 0.5 and 1 day ago (both ends included)
    ['xEvent[eventType = "commerce.purchases" and not (timestamp occurs <= 2 days before now)].sum(commerce.order.priceTotal)', 7, 20],
    ['xEvent[eventType = "nothing"].sum(commerce.order.priceTotal)', 7, null],
    ['xEvent[eventType = "nothing"].count()', 7, 0],
    ['xEvent.mostRecent(commerce.order.currencyCode)', 7, 'USD'],
  ])('%s over %i days → %s', (source, days, expected) => {
    expect(run(source, days).value).toBe(expected);
  });

  it('counts events in the window and matches', () => {
    const r = run('xEvent[eventType = "commerce.purchases"].sum(commerce.order.priceTotal)');
    expect(r).toEqual({ value: 170.5, inWindow: 8, matched: 5 });
  });

  it('orders events by time, then event id, for mostRecent and sums', () => {
    const t = NOW - DAY;
    const rows = [
      { eventId: 'b', datasetId: 'd', timestamp: t, record: { v: 'second' } },
      { eventId: 'a', datasetId: 'd', timestamp: t, record: { v: 'first' } },
      { eventId: 'z', datasetId: 'd', timestamp: t - 1, record: { v: 'earlier' } },
    ];
    expect(run('xEvent.mostRecent(v)', 7, rows).value).toBe('second');
    // 0.1 + 0.2 + 0.3 summed in event order on every path
    const sums = [0.3, 0.1, 0.2].map((v, i) => ({ eventId: `s${i}`, datasetId: 'd', timestamp: t + i, record: { v } }));
    expect(run('xEvent.sum(v)', 7, sums).value).toBe(0.3 + 0.1 + 0.2);
    expect(run('xEvent.sum(v)', 7, [...sums].reverse()).value).toBe(0.3 + 0.1 + 0.2);
  });

  it('traces the events that produced a value, marking the decisive one', () => {
    const e = parsePql('xEvent[eventType = "commerce.purchases"].max(commerce.order.priceTotal)');
    const plan = compilePql(e, NOW);
    const rows = EVENTS.map((ev) => ({ ...ev, values: resolveValues(plan, ev.record) }));
    const r = evaluateRows(plan, rows, lookbackWindow({ count: 7, unit: 'DAYS' }, NOW), true);
    expect(r.value).toBe(100);
    expect(r.contributing.map((c) => c.value)).toEqual([20, 50.5, 100]);
    expect(r.contributing.filter((c) => c.decisive).map((c) => c.value)).toEqual([100]);
  });

  it('ignores non-finite numbers and values in arrays', () => {
    const rows = [event(1, { v: Infinity }), event(1, { v: 5 }), event(1, { list: [{ v: 7 }] })];
    expect(run('xEvent.sum(v)', 7, rows).value).toBe(5);
    expect(run('xEvent[v.exists()].count()', 7, rows).value).toBe(1);
    expect(valueAt({ list: [{ v: 7 }] }, ['list', 'v'])).toBeUndefined();
    expect(valueAt({ a: { b: null } }, ['a', 'b'])).toBeUndefined();
    expect(valueAt({ a: { b: false } }, ['a', 'b'])).toBe(false);
  });
});

describe('windows', () => {
  it('rolls hours and days back from the evaluation time', () => {
    expect(windowStart(3, 'HOURS', NOW)).toBe(NOW - 3 * HOUR);
    expect(windowStart(7, 'DAYS', NOW)).toBe(NOW - 7 * DAY);
  });

  it('aligns weeks to Sunday 00:00 UTC and months to the 1st', () => {
    expect(new Date(startOfWeekUtc(NOW)).toISOString()).toBe('2026-01-11T00:00:00.000Z'); // Sunday
    expect(new Date(windowStart(1, 'WEEKS', NOW)).toISOString()).toBe('2026-01-04T00:00:00.000Z');
    expect(new Date(windowStart(2, 'WEEKS', startOfWeekUtc(NOW))).toISOString()).toBe('2025-12-28T00:00:00.000Z');
    expect(new Date(startOfMonthUtc(NOW)).toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(new Date(windowStart(1, 'MONTHS', NOW)).toISOString()).toBe('2025-12-01T00:00:00.000Z');
    expect(new Date(windowStart(6, 'MONTHS', NOW)).toISOString()).toBe('2025-07-01T00:00:00.000Z');
  });

  it('includes events at both ends and none after the evaluation time', () => {
    const w = lookbackWindow({ count: 1, unit: 'DAYS' }, NOW);
    const rows = [
      { eventId: 'a', datasetId: 'd', timestamp: w.from, record: { v: 1 } },
      { eventId: 'b', datasetId: 'd', timestamp: w.to, record: { v: 2 } },
      { eventId: 'c', datasetId: 'd', timestamp: w.from - 1, record: { v: 4 } },
      { eventId: 'd', datasetId: 'd', timestamp: w.to + 1, record: { v: 8 } },
    ];
    expect(evaluateEvents(compilePql(parsePql('xEvent.sum(v)'), NOW), rows, w).value).toBe(3);
  });
});

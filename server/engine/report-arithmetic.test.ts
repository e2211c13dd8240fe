import { describe, expect, it } from 'vitest';
import {
  createReportTally,
  DAY_MS,
  fraction,
  inactivePeriodCount,
  isUnstitched,
  periodCutoffs,
  setKey,
  type ProfileFacts,
} from './report-arithmetic.ts';

const NOW = Date.UTC(2026, 5, 15, 12);
const ago = (days: number) => NOW - days * DAY_MS;

/** The nine profiles of testing/preview-fixture.ts, as facts. */
const HAND: [ProfileFacts, string[]][] = [
  [{ datasets: ['crm', 'loyalty', 'web'], namespaces: ['Email', 'Phone', 'ECID'], identities: 3, fragments: 2, events: 1, lastEventMs: ago(1) }, ['Email', 'Email']],
  [{ datasets: ['crm'], namespaces: ['Email'], identities: 1, fragments: 1, events: 0, lastEventMs: null }, ['Email']],
  [{ datasets: ['loyalty', 'app'], namespaces: ['Phone'], identities: 1, fragments: 1, events: 1, lastEventMs: ago(3) }, ['Phone']],
  [{ datasets: ['web'], namespaces: ['ECID'], identities: 1, fragments: 0, events: 2, lastEventMs: ago(10) }, []],
  [{ datasets: ['web'], namespaces: ['ECID'], identities: 1, fragments: 0, events: 1, lastEventMs: ago(100) }, []],
  [{ datasets: ['app'], namespaces: ['ECID'], identities: 1, fragments: 0, events: 1, lastEventMs: ago(200) }, []],
  [{ datasets: ['web'], namespaces: ['ECID'], identities: 2, fragments: 0, events: 1, lastEventMs: ago(50) }, []],
  [{ datasets: ['app'], namespaces: ['ECID'], identities: 1, fragments: 0, events: 1, lastEventMs: ago(2) }, []],
  [{ datasets: ['web'], namespaces: ['Phone'], identities: 1, fragments: 0, events: 1, lastEventMs: ago(70) }, []],
];

describe('report arithmetic', () => {
  it('tallies the hand-built store: every figure known', () => {
    const tally = createReportTally(NOW);
    for (const [facts, fragmentNamespaces] of HAND) tally.addProfile(facts, fragmentNamespaces);
    expect(tally.figures()).toEqual({
      profiles: 9,
      fragments: 4,
      events: 9,
      identities: 12,
      datasets: [
        { id: 'web', profiles: 5 },
        { id: 'app', profiles: 3 },
        { id: 'crm', profiles: 2 },
        { id: 'loyalty', profiles: 2 },
      ],
      namespaces: [
        { code: 'ECID', profiles: 6, fragments: 0 },
        { code: 'Phone', profiles: 3, fragments: 1 },
        { code: 'Email', profiles: 2, fragments: 3 },
      ],
      datasetOverlap: { web: 4, app: 2, 'crm,loyalty,web': 1, crm: 1, 'app,loyalty': 1 },
      namespaceOverlap: { ECID: 5, Phone: 2, 'ECID,Email,Phone': 1, Email: 1 },
      unstitched: {
        '7days': { profiles: 4, events: 5, byNamespace: { ECID: { profiles: 3, events: 4 }, Phone: { profiles: 1, events: 1 } } },
        '30days': { profiles: 3, events: 3, byNamespace: { ECID: { profiles: 2, events: 2 }, Phone: { profiles: 1, events: 1 } } },
        '60days': { profiles: 3, events: 3, byNamespace: { ECID: { profiles: 2, events: 2 }, Phone: { profiles: 1, events: 1 } } },
        '90days': { profiles: 2, events: 2, byNamespace: { ECID: { profiles: 2, events: 2 } } },
        '120days': { profiles: 1, events: 1, byNamespace: { ECID: { profiles: 1, events: 1 } } },
      },
    });
  });

  it('groups give the same figures as the profiles one by one', () => {
    const one = createReportTally(NOW);
    for (let i = 0; i < 3; i++) one.addProfile(HAND[3][0]);
    const grouped = createReportTally(NOW);
    grouped.addGroup(['web'], ['ECID'], 3);
    grouped.addTotals({ identities: 3, events: 6 });
    grouped.addUnstitched('ECID', inactivePeriodCount(ago(10), periodCutoffs(NOW)), 3, 6);
    expect(grouped.figures()).toEqual(one.figures());
  });

  it('ignores a profile without fragments or events (no such profile)', () => {
    const tally = createReportTally(NOW);
    tally.addProfile({ datasets: [], namespaces: ['ECID'], identities: 1, fragments: 0, events: 0, lastEventMs: null });
    expect(tally.figures().profiles).toBe(0);
    expect(tally.figures().datasetOverlap).toEqual({});
  });

  it('unstitched: one identity and events only', () => {
    expect(isUnstitched({ identities: 1, fragments: 0, events: 3 })).toBe(true);
    expect(isUnstitched({ identities: 2, fragments: 0, events: 3 })).toBe(false);
    expect(isUnstitched({ identities: 1, fragments: 1, events: 3 })).toBe(false);
    expect(isUnstitched({ identities: 1, fragments: 0, events: 0 })).toBe(false);
  });

  it('periods nest, and an event exactly at a cutoff is within the period', () => {
    const cutoffs = periodCutoffs(NOW);
    expect(cutoffs).toEqual([ago(7), ago(30), ago(60), ago(90), ago(120)]);
    expect(inactivePeriodCount(ago(6.9), cutoffs)).toBe(0);
    expect(inactivePeriodCount(ago(7), cutoffs)).toBe(0);
    expect(inactivePeriodCount(ago(7) - 1, cutoffs)).toBe(1);
    expect(inactivePeriodCount(ago(59), cutoffs)).toBe(2);
    expect(inactivePeriodCount(ago(90) - 1, cutoffs)).toBe(4);
    expect(inactivePeriodCount(ago(365), cutoffs)).toBe(5);
  });

  it('fractions of the profile total have 6 decimals; none without profiles', () => {
    expect(fraction(5, 9)).toBe(0.555556);
    expect(fraction(1, 3)).toBe(0.333333);
    expect(fraction(9, 9)).toBe(1);
    expect(fraction(0, 0)).toBe(0);
  });

  it('overlap keys: ASCII order (upper case first), comma-joined, whatever the input order', () => {
    expect(setKey(['crmid', 'ECID', 'Email', 'AAID'])).toBe('AAID,ECID,Email,crmid');
    expect(setKey(['b', 'a'])).toBe('a,b');
    expect(setKey(['x'])).toBe('x');
  });
});

import { describe, expect, it } from 'vitest';
import {
  MAX_GRAPH_IDENTITIES,
  TooManyIdentitiesError,
  mergeProfile,
  projectFields,
  type Fragment,
  type GraphIdentity,
  type MergeInput,
  type MergePolicyRules,
  type ProfileEvent,
} from './merge.ts';

// ---------------------------------------------------------------------------------------------
// builders

const ident = (namespace: string, id: string): GraphIdentity => ({
  xid: `X_${namespace}_${id}`,
  namespace,
  id,
});

const EMAIL = ident('Email', 'jane@example.com');
const ECID = ident('ECID', '12345678901234567890');
const CRM = ident('CRMID', 'crm-1');
const STRANGER = ident('Email', 'someone.else@example.com');

const DS_A = 'aaaaaaaaaaaaaaaaaaaaaaaa';
const DS_B = 'bbbbbbbbbbbbbbbbbbbbbbbb';
const DS_C = 'cccccccccccccccccccccccc';
const EE_1 = 'eeeeeeeeeeeeeeeeeeeeee01';
const EE_2 = 'eeeeeeeeeeeeeeeeeeeeee02';

const T0 = Date.UTC(2026, 0, 1); // 2026-01-01T00:00:00.000Z
const HOUR = 3_600_000;

let nextId = 1;
function frag(
  identity: GraphIdentity,
  datasetId: string,
  ingestedAt: number,
  record: Record<string, unknown>,
  extra: Partial<Fragment> = {},
): Fragment {
  const fragmentId = extra.fragmentId ?? nextId++;
  return { fragmentId, datasetId, batchId: `batch-${fragmentId}`, identity, ingestedAt, record, ...extra };
}

function event(
  identity: GraphIdentity,
  datasetId: string,
  eventId: string,
  timestamp: number,
  extra: Partial<ProfileEvent> = {},
): ProfileEvent {
  return {
    eventId,
    datasetId,
    batchId: `ebatch-${eventId}`,
    identity,
    timestamp,
    ingestedAt: timestamp + 1000,
    record: {
      _id: eventId,
      timestamp: new Date(timestamp).toISOString(),
      eventType: 'web.webpagedetails.pageViews',
    },
    ...extra,
  };
}

const TS: MergePolicyRules = {
  identityGraph: { type: 'none' },
  attributeMerge: { type: 'timestampOrdered' },
};
const TS_PDG: MergePolicyRules = {
  identityGraph: { type: 'pdg' },
  attributeMerge: { type: 'timestampOrdered' },
};
const dsp = (order: string[], extra: Partial<MergePolicyRules> = {}): MergePolicyRules => ({
  identityGraph: { type: 'pdg' },
  attributeMerge: { type: 'dataSetPrecedence', order },
  ...extra,
});

function merge(partial: Partial<MergeInput> & Pick<MergeInput, 'fragments'>) {
  return mergeProfile({ lookedUp: EMAIL, graph: [EMAIL, ECID, CRM], policy: TS_PDG, ...partial });
}

const audit = (iso: unknown) => ({ extSourceSystemAudit: { lastUpdatedDate: iso } });

// ---------------------------------------------------------------------------------------------

describe('identity graph selection', () => {
  const fragments = [
    frag(EMAIL, DS_A, T0, { person: { name: { firstName: 'Jane' } } }, { fragmentId: 101 }),
    frag(ECID, DS_B, T0 + 1, { homeAddress: { city: 'Basel' } }, { fragmentId: 102 }),
    frag(CRM, DS_C, T0 + 2, { loyalty: { tier: 'gold' } }, { fragmentId: 103 }),
    frag(STRANGER, DS_A, T0 + 3, { person: { name: { firstName: 'Mallory' } } }, { fragmentId: 104 }),
  ];

  it.each([
    { type: 'none' as const, ids: [101], identities: [EMAIL], entityKeys: ['person'] },
    {
      type: 'pdg' as const,
      ids: [103, 102, 101],
      identities: [EMAIL, ECID, CRM],
      entityKeys: ['loyalty', 'homeAddress', 'person'],
    },
  ])('$type selects fragments $ids', ({ type, ids, identities, entityKeys }) => {
    const out = merge({
      fragments,
      policy: { identityGraph: { type }, attributeMerge: { type: 'timestampOrdered' } },
    });
    expect(out.fragments.map((f) => f.fragmentId)).toEqual(ids);
    expect(out.identities).toEqual(identities);
    expect(Object.keys(out.entity)).toEqual(entityKeys);
    expect(out.entityId).toBe(EMAIL.xid);
    expect(out.entity.person).toEqual({ name: { firstName: 'Jane' } }); // never the stranger's fragment
  });

  it('pdg with the looked-up identity missing from graph still includes it', () => {
    const out = merge({ graph: [ECID], fragments });
    expect(out.identities).toEqual([EMAIL, ECID]);
    expect(out.fragments.map((f) => f.fragmentId)).toEqual([102, 101]);
  });

  it.each([
    { count: MAX_GRAPH_IDENTITIES, type: 'pdg' as const, throws: false },
    { count: MAX_GRAPH_IDENTITIES + 1, type: 'pdg' as const, throws: true },
    { count: MAX_GRAPH_IDENTITIES + 1, type: 'none' as const, throws: false },
  ])('$count identities with $type: throws=$throws', ({ count, type, throws }) => {
    const graph = [EMAIL, ...Array.from({ length: count - 1 }, (_, i) => ident('ECID', String(i)))];
    const run = () =>
      merge({
        graph,
        fragments: [frag(EMAIL, DS_A, T0, { a: 1 })],
        policy: { identityGraph: { type }, attributeMerge: { type: 'timestampOrdered' } },
      });
    if (!throws) {
      expect(run().entity).toEqual({ a: 1 });
      return;
    }
    let err: unknown;
    try {
      run();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TooManyIdentitiesError);
    expect(err).toBeInstanceOf(Error);
    expect((err as TooManyIdentitiesError).message).toBe('Too many related identities');
    expect((err as TooManyIdentitiesError).identityCount).toBe(51);
  });
});

describe('timestampOrdered', () => {
  it('later ingestion time wins regardless of input order', () => {
    const older = frag(EMAIL, DS_A, T0, { person: { name: { firstName: 'Old' } } });
    const newer = frag(ECID, DS_B, T0 + HOUR, { person: { name: { firstName: 'New' } } });
    for (const fragments of [
      [older, newer],
      [newer, older],
    ]) {
      const out = merge({ fragments });
      expect(out.entity).toEqual({ person: { name: { firstName: 'New' } } });
      expect(out.fragments).toEqual([newer, older]);
      const p = out.provenance['person.name.firstName'];
      expect(p.winner).toMatchObject({
        fragmentId: newer.fragmentId,
        timestampSource: 'ingestion',
        timestamp: T0 + HOUR,
      });
      expect(p.reason).toBe(
        'most recent update (ingestion time 2026-01-01T01:00:00.000Z) among 2 candidates',
      );
    }
  });

  it.each([
    { where: 'within one dataset', dsOld: DS_A, dsNew: DS_A },
    { where: 'across datasets', dsOld: DS_A, dsNew: DS_B },
  ])('lastUpdatedDate overrides ingestion time $where', ({ dsOld, dsNew }) => {
    // ingested later, but its custom timestamp says it is older
    const staleButLate = frag(EMAIL, dsNew, T0 + 10 * HOUR, {
      tier: 'silver',
      ...audit('2025-06-01T00:00:00.000Z'),
    });
    const freshButEarly = frag(ECID, dsOld, T0, { tier: 'gold', ...audit('2025-12-31T00:00:00.000Z') });
    const out = merge({ fragments: [staleButLate, freshButEarly] });
    expect(out.entity.tier).toBe('gold');
    const p = out.provenance.tier;
    expect(p.winner).toMatchObject({
      fragmentId: freshButEarly.fragmentId,
      timestampSource: 'lastUpdatedDate',
      timestamp: Date.parse('2025-12-31T00:00:00.000Z'),
    });
    expect(p.losers.map((l) => l.fragmentId)).toEqual([staleButLate.fragmentId]);
    expect(p.reason).toBe('most recent update (lastUpdatedDate 2025-12-31T00:00:00.000Z) among 2 candidates');
    // the winning fragment's audit block itself is merged like any attribute
    expect(out.entity.extSourceSystemAudit).toEqual({ lastUpdatedDate: '2025-12-31T00:00:00.000Z' });
  });

  it('a lastUpdatedDate on one fragment competes with plain ingestion time of another', () => {
    const custom = frag(EMAIL, DS_A, T0 + 5 * HOUR, { tier: 'custom', ...audit('2026-01-01T02:00:00Z') });
    const plain = frag(ECID, DS_B, T0 + 3 * HOUR, { tier: 'plain' });
    const out = merge({ fragments: [custom, plain] });
    expect(out.entity.tier).toBe('plain'); // 03:00 ingestion beats 02:00 custom timestamp
  });

  it.each([
    { label: 'unparseable string', value: 'not a date' },
    { label: 'empty string', value: '' },
    { label: 'number', value: Date.parse('2030-01-01T00:00:00Z') },
    { label: 'null', value: null },
    { label: 'object', value: { at: '2030-01-01T00:00:00Z' } },
  ])('invalid lastUpdatedDate ($label) is ignored in favour of ingestion time', ({ value }) => {
    const bad = frag(EMAIL, DS_A, T0, { tier: 'bad', ...audit(value) });
    const good = frag(ECID, DS_B, T0 + HOUR, { tier: 'good' });
    const out = merge({ fragments: [bad, good] });
    expect(out.entity.tier).toBe('good');
    expect(out.provenance.tier.losers[0]).toMatchObject({
      fragmentId: bad.fragmentId,
      timestampSource: 'ingestion',
      timestamp: T0,
    });
  });

  // Tie-break: equal timestamps -> higher ingestedAt wins, then higher fragmentId (the later-stored write).
  it.each([
    {
      label: 'higher ingestedAt wins on equal lastUpdatedDate',
      a: { fragmentId: 900, ingestedAt: T0 + 2 * HOUR },
      b: { fragmentId: 901, ingestedAt: T0 + HOUR },
      winner: 900,
      suffix: '; tied on timestamp, the later ingestion wins',
    },
    {
      label: 'higher fragmentId wins on equal lastUpdatedDate and ingestedAt',
      a: { fragmentId: 910, ingestedAt: T0 },
      b: { fragmentId: 911, ingestedAt: T0 },
      winner: 911,
      suffix: '; tied on timestamp and ingestion time, the higher fragment id wins',
    },
  ])('equal timestamps: $label', ({ a, b, winner, suffix }) => {
    const fa = frag(
      EMAIL,
      DS_A,
      a.ingestedAt,
      { tier: 'a', ...audit('2025-05-05T05:05:05.000Z') },
      { fragmentId: a.fragmentId },
    );
    const fb = frag(
      ECID,
      DS_B,
      b.ingestedAt,
      { tier: 'b', ...audit('2025-05-05T05:05:05.000Z') },
      { fragmentId: b.fragmentId },
    );
    for (const fragments of [
      [fa, fb],
      [fb, fa],
    ]) {
      const out = merge({ fragments });
      expect(out.provenance.tier.winner.fragmentId).toBe(winner);
      expect(out.fragments[0].fragmentId).toBe(winner);
      expect(out.provenance.tier.reason).toBe(
        `most recent update (lastUpdatedDate 2025-05-05T05:05:05.000Z) among 2 candidates${suffix}`,
      );
    }
  });

  it('equal ingestion times without custom timestamps: higher fragmentId wins', () => {
    const f1 = frag(EMAIL, DS_A, T0, { x: 1 }, { fragmentId: 5 });
    const f2 = frag(EMAIL, DS_B, T0, { x: 2 }, { fragmentId: 6 });
    expect(merge({ fragments: [f2, f1] }).entity.x).toBe(2);
    expect(merge({ fragments: [f1, f2] }).entity.x).toBe(2);
  });
});

describe('dataSetPrecedence', () => {
  const a = frag(EMAIL, DS_A, T0, { tier: 'from A', a: 1 }, { fragmentId: 201 });
  const b = frag(
    ECID,
    DS_B,
    T0 + 5 * HOUR,
    { tier: 'from B', b: 2, ...audit('2026-06-01T00:00:00Z') },
    { fragmentId: 202 },
  );
  const c = frag(CRM, DS_C, T0 + 9 * HOUR, { tier: 'from C', c: 3 }, { fragmentId: 203 });

  it.each([
    { order: [DS_A, DS_B, DS_C], tier: 'from A', rank: 1, ids: [201, 202, 203], sources: [DS_A, DS_B, DS_C] },
    { order: [DS_C, DS_A, DS_B], tier: 'from C', rank: 1, ids: [203, 201, 202], sources: [DS_A, DS_B, DS_C] },
    { order: [DS_A, DS_B], tier: 'from A', rank: 1, ids: [201, 202], sources: [DS_A, DS_B] },
    { order: [DS_B], tier: 'from B', rank: 1, ids: [202], sources: [DS_B] },
    {
      order: ['ffffffffffffffffffffffff', DS_B, DS_A],
      tier: 'from B',
      rank: 2,
      ids: [202, 201],
      sources: [DS_A, DS_B],
    },
  ])('order $order: winner "$tier", excluded datasets drop out', ({ order, tier, rank, ids, sources }) => {
    const out = merge({ fragments: [a, b, c], policy: dsp(order) });
    expect(out.entity.tier).toBe(tier);
    expect(out.fragments.map((f) => f.fragmentId)).toEqual(ids);
    expect(out.sources).toEqual(sources);
    expect(out.tags).toEqual(ids.map((id) => `batch-${id}`).sort());
    // datasets missing from the order contribute nothing, not even non-conflicting attributes
    expect('c' in out.entity).toBe(ids.includes(203));
    const p = out.provenance.tier;
    if (ids.length === 1) expect(p.reason).toBe('only source');
    else expect(p.reason).toBe(`dataset ranked ${rank} of ${order.length} in the merge policy order`);
    expect(p.losers.map((l) => l.fragmentId)).toEqual(ids.slice(1));
  });

  it('within one dataset, fragments fall back to timestamp order', () => {
    const older = frag(EMAIL, DS_A, T0, { tier: 'older' });
    const newer = frag(ECID, DS_A, T0 + HOUR, { tier: 'newer' });
    const other = frag(CRM, DS_B, T0 + 2 * HOUR, { tier: 'other' });
    const out = merge({ fragments: [older, other, newer], policy: dsp([DS_A, DS_B]) });
    expect(out.entity.tier).toBe('newer');
    expect(out.fragments).toEqual([newer, older, other]);
    expect(out.provenance.tier.reason).toBe(
      'dataset ranked 1 of 2 in the merge policy order; most recent update within that dataset (ingestion time 2026-01-01T01:00:00.000Z)',
    );
  });

  it('with identityGraph none only the looked-up identity is merged', () => {
    const out = merge({
      fragments: [a, b, c],
      policy: dsp([DS_C, DS_B, DS_A], { identityGraph: { type: 'none' } }),
    });
    expect(out.entity).toEqual({ tier: 'from A', a: 1 });
    expect(out.provenance.tier.reason).toBe('only source');
  });
});

describe('leaf overlay', () => {
  it('nested objects are merged attribute by attribute from different fragments', () => {
    const newer = frag(EMAIL, DS_A, T0 + HOUR, {
      person: { name: { firstName: 'Janet' } },
      homeAddress: { city: 'Zurich' },
    });
    const older = frag(ECID, DS_B, T0, {
      person: { name: { firstName: 'Jane', lastName: 'Doe' }, birthDate: '1990-02-03' },
      homeAddress: { city: 'Basel', postalCode: '4001' },
    });
    const out = merge({ fragments: [older, newer] });
    expect(out.entity).toEqual({
      person: { name: { firstName: 'Janet', lastName: 'Doe' }, birthDate: '1990-02-03' },
      homeAddress: { city: 'Zurich', postalCode: '4001' },
    });
    expect(Object.keys(out.provenance).sort()).toEqual([
      'homeAddress.city',
      'homeAddress.postalCode',
      'person.birthDate',
      'person.name.firstName',
      'person.name.lastName',
    ]);
    expect(out.provenance['person.name.lastName'].winner.fragmentId).toBe(older.fragmentId);
    expect(out.provenance['person.name.firstName'].winner.fragmentId).toBe(newer.fragmentId);
    // inputs are not mutated
    expect(older.record.person).toEqual({
      name: { firstName: 'Jane', lastName: 'Doe' },
      birthDate: '1990-02-03',
    });
    expect(newer.record.person).toEqual({ name: { firstName: 'Janet' } });
  });

  it.each([
    { label: 'longer older array', newer: ['b'], older: ['a', 'c', 'd'], expected: ['b'] },
    { label: 'empty array wins', newer: [], older: ['a'], expected: [] },
    {
      label: 'array of objects',
      newer: [{ sku: 'x' }],
      older: [{ sku: 'y' }, { sku: 'z' }],
      expected: [{ sku: 'x' }],
    },
  ])('arrays are leaves, replaced not concatenated ($label)', ({ newer, older, expected }) => {
    const out = merge({
      fragments: [
        frag(EMAIL, DS_A, T0, { prefs: { list: older } }),
        frag(ECID, DS_B, T0 + HOUR, { prefs: { list: newer } }),
      ],
    });
    expect(out.entity).toEqual({ prefs: { list: expected } });
    const p = out.provenance['prefs.list'];
    expect(p.winner.value).toEqual(expected);
    expect(p.losers.map((l) => l.value)).toEqual([older]);
    expect(Object.keys(out.provenance)).toEqual(['prefs.list']); // no per-element paths
  });

  // null = "no value": it never overrides a lower-precedence value (AEP ignores nulls on upsert).
  it.each([
    {
      label: 'winner null keeps the older value',
      newer: { mobilePhone: { number: null } },
      older: { mobilePhone: { number: '+41 79 000 00 00' } },
      expected: { mobilePhone: { number: '+41 79 000 00 00' } },
      paths: ['mobilePhone.number'],
    },
    {
      label: 'null whole object keeps the older object',
      newer: { mobilePhone: null, x: 1 },
      older: { mobilePhone: { number: '1' } },
      expected: { x: 1, mobilePhone: { number: '1' } },
      paths: ['x', 'mobilePhone.number'],
    },
    {
      label: 'null everywhere leaves the field absent',
      newer: { a: null, o: { b: null } },
      older: { a: null, o: {} },
      expected: {},
      paths: [],
    },
    {
      label: 'older null does not erase a newer value and is not a loser',
      newer: { a: 'kept' },
      older: { a: null },
      expected: { a: 'kept' },
      paths: ['a'],
    },
  ])('explicit null: $label', ({ newer, older, expected, paths: expectedPaths }) => {
    const paths: string[] = expectedPaths;
    const out = merge({
      fragments: [frag(EMAIL, DS_A, T0 + HOUR, newer), frag(ECID, DS_B, T0, older)],
    });
    expect(out.entity).toEqual(expected);
    expect(Object.keys(out.provenance)).toEqual(paths);
    for (const p of paths) expect(out.provenance[p].winner.value).not.toBeNull();
    if (paths.includes('a')) expect(out.provenance.a.losers).toEqual([]);
  });

  it('shape conflicts: the higher-precedence shape wins', () => {
    const newer = frag(EMAIL, DS_A, T0 + HOUR, { a: 'leaf', b: { c: 1 } });
    const older = frag(ECID, DS_B, T0, { a: { nested: true }, b: 'leaf' });
    const out = merge({ fragments: [older, newer] });
    expect(out.entity).toEqual({ a: 'leaf', b: { c: 1 } });
    expect(out.provenance.a.losers).toMatchObject([
      { fragmentId: older.fragmentId, value: { nested: true } },
    ]);
    expect(out.provenance.b).toBeUndefined();
    expect(out.provenance['b.c'].losers).toEqual([]);
  });

  it('keys named like Object.prototype members are ordinary attributes; __proto__ is ignored', () => {
    const record = JSON.parse('{"toString":"t","constructor":{"name":"c"},"__proto__":{"polluted":true}}');
    const out = merge({
      fragments: [frag(EMAIL, DS_A, T0, record), frag(ECID, DS_B, T0 - 1, { toString: 'older' })],
    });
    expect(Object.keys(out.entity)).toEqual(['toString', 'constructor']);
    expect(out.entity.toString).toBe('t');
    const toStringPath: string = 'toString';
    expect(out.provenance[toStringPath].losers.map((l) => l.value)).toEqual(['older']);
    expect(out.provenance['constructor.name'].winner.value).toBe('c');
    expect(Object.getPrototypeOf(out.entity)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('identityMap and _id', () => {
  it('identityMap is the union of the selected fragments, deduped, primary only on the looked-up identity; _id omitted', () => {
    const f1 = frag(EMAIL, DS_A, T0 + HOUR, {
      _id: 'rec-1',
      identityMap: {
        Email: [{ id: EMAIL.id, primary: false, authenticatedState: 'authenticated' }],
        ECID: [{ id: ECID.id, primary: true }],
      },
      tier: 'gold',
    });
    const f2 = frag(ECID, DS_B, T0, {
      _id: 'rec-2',
      identityMap: {
        ecid: [{ id: ECID.id, primary: true, authenticatedState: 'ambiguous' }],
        CRMID: [{ id: CRM.id, primary: true }],
        email: [{ id: EMAIL.id }],
      },
    });
    const stranger = frag(STRANGER, DS_A, T0 + 2 * HOUR, {
      _id: 'rec-3',
      identityMap: { Email: [{ id: STRANGER.id, primary: true }] },
    });
    const out = merge({ fragments: [f2, stranger, f1] });
    expect(out.entity).toEqual({
      tier: 'gold',
      identityMap: {
        Email: [{ id: EMAIL.id, authenticatedState: 'authenticated', primary: true }],
        ECID: [{ id: ECID.id }],
        CRMID: [{ id: CRM.id }],
      },
    });
    expect('_id' in out.entity).toBe(false);
    expect(Object.keys(out.provenance)).toEqual(['tier']);
    // input entries are not mutated
    expect(f2.record.identityMap).toEqual({
      ecid: [{ id: ECID.id, primary: true, authenticatedState: 'ambiguous' }],
      CRMID: [{ id: CRM.id, primary: true }],
      email: [{ id: EMAIL.id }],
    });
  });

  it('with identityGraph none only the looked-up fragments contribute identities', () => {
    const out = merge({
      lookedUp: ECID,
      policy: TS,
      fragments: [
        frag(EMAIL, DS_A, T0, { identityMap: { Email: [{ id: EMAIL.id, primary: true }] } }),
        frag(ECID, DS_A, T0, {
          identityMap: { ECID: [{ id: ECID.id, primary: false }], Phone: [{ id: '+1555' }] },
        }),
      ],
    });
    expect(out.entity).toEqual({
      identityMap: { ECID: [{ id: ECID.id, primary: true }], Phone: [{ id: '+1555' }] },
    });
    expect(out.identities).toEqual([ECID]);
    expect(out.entityId).toBe(ECID.xid);
  });
});

describe('experience events', () => {
  const events = [
    event(ECID, EE_2, 'ev-c', T0 + 3000),
    event(EMAIL, EE_1, 'ev-b', T0 + 1000),
    event(EMAIL, EE_1, 'ev-a', T0 + 1000),
    event(CRM, EE_1, 'ev-d', T0 + 500),
    event(STRANGER, EE_1, 'ev-x', T0),
  ];

  it.each([
    { label: 'timestampOrdered pdg: all datasets', policy: TS_PDG, ids: ['ev-d', 'ev-a', 'ev-b', 'ev-c'] },
    {
      label: 'timestampOrdered ignores eventDatasets',
      policy: { ...TS_PDG, eventDatasets: [EE_2] },
      ids: ['ev-d', 'ev-a', 'ev-b', 'ev-c'],
    },
    { label: 'timestampOrdered none: looked-up identity only', policy: TS, ids: ['ev-a', 'ev-b'] },
    {
      label: 'dataSetPrecedence without eventDatasets: all',
      policy: dsp([DS_A]),
      ids: ['ev-d', 'ev-a', 'ev-b', 'ev-c'],
    },
    {
      label: 'dataSetPrecedence filtered by eventDatasets',
      policy: dsp([DS_A], { eventDatasets: [EE_2] }),
      ids: ['ev-c'],
    },
    {
      label: 'dataSetPrecedence with empty eventDatasets',
      policy: dsp([DS_A], { eventDatasets: [] }),
      ids: [],
    },
  ])('$label', ({ policy, ids }) => {
    const out = merge({ fragments: [], events, policy });
    expect(out.events.map((e) => e.eventId)).toEqual(ids);
    expect(out.entity).toEqual({});
  });

  it('events count towards sources, tags and lastModifiedAt but not the entity', () => {
    const f = frag(EMAIL, DS_A, T0 + 2000, { tier: 'gold' }, { fragmentId: 301, batchId: 'zz-batch' });
    const out = merge({ fragments: [f], events, policy: dsp([DS_A], { eventDatasets: [EE_1] }) });
    expect(out.events.map((e) => e.eventId)).toEqual(['ev-d', 'ev-a', 'ev-b']);
    expect(out.sources).toEqual([DS_A, EE_1]);
    expect(out.tags).toEqual(['ebatch-ev-a', 'ebatch-ev-b', 'ebatch-ev-d', 'zz-batch']);
    expect(out.lastModifiedAt).toBe(T0 + 2000); // events ingested at T0+1500 at most
    expect(out.entity).toEqual({ tier: 'gold' });
  });
});

describe('provenance, sources, tags, lastModifiedAt', () => {
  it('records the winner and every loser with their timestamps', () => {
    const f1 = frag(EMAIL, DS_A, T0, { tier: 'bronze', only: 'here' }, { fragmentId: 401, batchId: 'b1' });
    const f2 = frag(ECID, DS_B, T0 + HOUR, { tier: 'silver' }, { fragmentId: 402, batchId: 'b2' });
    const f3 = frag(
      CRM,
      DS_B,
      T0 + 30,
      { tier: 'gold', ...audit('2026-03-01T00:00:00.000Z') },
      { fragmentId: 403, batchId: 'b0' },
    );
    const out = merge({ fragments: [f1, f2, f3] });
    expect(out.provenance.tier).toEqual({
      path: 'tier',
      winner: {
        fragmentId: 403,
        datasetId: DS_B,
        batchId: 'b0',
        identity: CRM,
        timestamp: Date.parse('2026-03-01T00:00:00.000Z'),
        timestampSource: 'lastUpdatedDate',
        value: 'gold',
      },
      reason: 'most recent update (lastUpdatedDate 2026-03-01T00:00:00.000Z) among 3 candidates',
      losers: [
        {
          fragmentId: 402,
          datasetId: DS_B,
          batchId: 'b2',
          identity: ECID,
          timestamp: T0 + HOUR,
          timestampSource: 'ingestion',
          value: 'silver',
        },
        {
          fragmentId: 401,
          datasetId: DS_A,
          batchId: 'b1',
          identity: EMAIL,
          timestamp: T0,
          timestampSource: 'ingestion',
          value: 'bronze',
        },
      ],
    });
    expect(out.provenance.only).toMatchObject({
      path: 'only',
      reason: 'only source',
      losers: [],
      winner: { fragmentId: 401 },
    });
    expect(out.sources).toEqual([DS_A, DS_B]);
    expect(out.tags).toEqual(['b0', 'b1', 'b2']);
    expect(out.lastModifiedAt).toBe(T0 + HOUR); // max ingestedAt, not the custom timestamp
  });

  it('a fragment whose values all lose still contributes to sources and tags', () => {
    const out = merge({
      fragments: [
        frag(EMAIL, DS_A, T0 + HOUR, { tier: 'a' }, { batchId: 'bA' }),
        frag(ECID, DS_B, T0, { tier: 'b' }, { batchId: 'bB' }),
      ],
    });
    expect(out.sources).toEqual([DS_A, DS_B]);
    expect(out.tags).toEqual(['bA', 'bB']);
  });

  it('empty profile: nothing selected', () => {
    const out = merge({ fragments: [frag(STRANGER, DS_A, T0, { a: 1 })] });
    expect(out).toEqual({
      entityId: EMAIL.xid,
      entity: {},
      identities: [EMAIL, ECID, CRM],
      sources: [],
      tags: [],
      lastModifiedAt: 0,
      provenance: {},
      fragments: [],
      events: [],
    });
  });
});

describe('projectFields', () => {
  const entity = {
    identityMap: { Email: [{ id: 'jane@example.com', primary: true }] },
    person: { name: { firstName: 'Jane', lastName: 'Doe' }, birthDate: '1990-02-03' },
    workEmail: { address: 'jane@work.example', primary: true },
    tags: ['a', 'b'],
    zero: 0,
  };

  it.each([
    { fields: ['person.name'], expected: { person: { name: { firstName: 'Jane', lastName: 'Doe' } } } },
    {
      fields: ['person.name.firstName', 'workEmail', 'tags'],
      expected: { person: { name: { firstName: 'Jane' } }, workEmail: entity.workEmail, tags: ['a', 'b'] },
    },
    { fields: ['person.name.firstName', 'person'], expected: { person: entity.person } },
    { fields: ['person', 'person.name.firstName'], expected: { person: entity.person } },
    {
      fields: ['person.birthDate', 'person.name.lastName'],
      expected: { person: { birthDate: '1990-02-03', name: { lastName: 'Doe' } } },
    },
    { fields: ['nope', 'person.nope', 'person.birthDate.year', 'tags.0', '__proto__', ''], expected: {} },
    { fields: ['zero', ' identityMap '], expected: { zero: 0, identityMap: entity.identityMap } },
    { fields: [], expected: {} },
  ])('$fields', ({ fields, expected }) => {
    const out = projectFields(entity, fields);
    expect(out).toEqual(expected);
    expect(Object.keys(out)).toEqual(Object.keys(expected));
  });

  it('does not mutate the entity and shares selected subtrees', () => {
    const out = projectFields(entity, ['person.name.firstName', 'workEmail']);
    expect(entity.person.name).toEqual({ firstName: 'Jane', lastName: 'Doe' });
    expect(out.workEmail).toBe(entity.workEmail);
  });
});

describe('provenance: false', () => {
  // Deterministic pseudo-random records with overlapping paths, nulls, arrays, empty objects and
  // shape conflicts (object vs. leaf): the merged entity must not depend on provenance tracking.
  function rng(seed: number) {
    let s = seed >>> 0;
    return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  }
  function record(r: () => number, depth = 0): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const key of ['a', 'b', 'c', 'd']) {
      const x = r();
      if (x < 0.2) continue;
      if (x < 0.3) out[key] = null;
      else if (x < 0.4) out[key] = [Math.floor(r() * 3)];
      else if (x < 0.7 && depth < 3) out[key] = record(r, depth + 1);
      else if (x < 0.75) out[key] = {};
      else out[key] = Math.floor(r() * 4);
    }
    return out;
  }

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('builds the same entity with and without provenance (seed %i)', (seed) => {
    const r = rng(seed);
    const who = [EMAIL, ECID, CRM];
    const fragments = Array.from({ length: 5 }, (_, i) =>
      frag(who[i % 3], [DS_A, DS_B, DS_C][Math.floor(r() * 3)], T0 + Math.floor(r() * 3) * HOUR, {
        ...record(r),
        identityMap: { Email: [{ id: EMAIL.id }] },
        ...(r() < 0.3 ? audit(new Date(T0 + Math.floor(r() * 5) * HOUR).toISOString()) : {}),
      }),
    );
    for (const policy of [TS_PDG, TS, dsp([DS_B, DS_A])]) {
      const full = merge({ fragments, policy });
      const lean = merge({ fragments, policy, provenance: false });
      expect(lean.entity).toEqual(full.entity);
      expect(JSON.stringify(lean.entity)).toBe(JSON.stringify(full.entity)); // same key order too
      expect(lean.fragments).toEqual(full.fragments);
      expect([lean.sources, lean.tags, lean.lastModifiedAt]).toEqual([full.sources, full.tags, full.lastModifiedAt]);
      expect(lean.provenance).toEqual({});
    }
  });
});

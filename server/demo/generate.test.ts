import { describe, expect, it } from 'vitest';
import { DEMO_WINDOW_MS, describePerson, planDemo, specialPersons } from './generate.ts';
import type { DemoDataset, DemoOptions, DemoPlan } from './generate.ts';
import { Rng, hashSeed, weights } from './prng.ts';

type Rec = Record<string, unknown>;
type IdentityMap = Record<string, { id: string; primary?: boolean }[]>;

const NOW = Date.UTC(2025, 5, 15, 12, 0, 0);
const OPTS: DemoOptions = { profiles: 2000, seed: 42, now: NOW };

function dataset(plan: DemoPlan, key: DemoDataset['key']): DemoDataset {
  const d = plan.datasets.find((x) => x.key === key);
  if (!d) throw new Error(`no dataset ${key}`);
  return d;
}

function take(iter: Iterable<Rec>, n: number): Rec[] {
  const out: Rec[] = [];
  for (const r of iter) {
    if (out.length >= n) break;
    out.push(r);
  }
  return out;
}

function all(plan: DemoPlan): Map<DemoDataset['key'], Rec[]> {
  return new Map(plan.datasets.map((d) => [d.key, [...d.records()]]));
}

// One full generation at the default test size, shared by the read-only tests below.
const PLAN = planDemo(OPTS);
const RECORDS = all(PLAN);
const recs = (key: DemoDataset['key']) => RECORDS.get(key) ?? [];

/** Connected components of identities that co-occur in an identityMap (the service's graph rule). */
function components(records: Iterable<Rec>): { sizeOf: (key: string) => number; sizes: number[] } {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root) as string;
    while (x !== root) {
      const next = parent.get(x) as string;
      parent.set(x, root);
      x = next;
    }
    return root;
  };
  for (const r of records) {
    let first: string | null = null;
    for (const [ns, entries] of Object.entries(r.identityMap as IdentityMap)) {
      for (const e of entries) {
        const key = `${ns.toLowerCase()}:${e.id}`;
        if (!parent.has(key)) parent.set(key, key);
        if (first === null) first = key;
        else {
          const a = find(first);
          const b = find(key);
          if (a !== b) parent.set(a, b);
        }
      }
    }
  }
  const size = new Map<string, number>();
  for (const k of parent.keys()) {
    const root = find(k);
    size.set(root, (size.get(root) ?? 0) + 1);
  }
  return {
    sizeOf: (key) => (parent.has(key) ? (size.get(find(key)) ?? 0) : 0),
    sizes: [...size.values()],
  };
}

describe('prng', () => {
  it('is deterministic and uniform-ish', () => {
    const a = new Rng(hashSeed(1, 2, 3));
    const b = new Rng(hashSeed(1, 2, 3));
    const xs = Array.from({ length: 1000 }, () => a.next());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b.next()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
    expect(hashSeed(1, 2, 3)).not.toBe(hashSeed(1, 2, 4));
    expect(hashSeed(2 ** 40 + 1)).not.toBe(hashSeed(1));
  });

  it('has int/chance/pick/weighted/count helpers', () => {
    const r = new Rng(7);
    const table = weights([
      ['a', 9],
      ['b', 1],
    ] as const);
    let as = 0;
    let total = 0;
    for (let i = 0; i < 10_000; i++) {
      const v = r.int(3, 5);
      expect(v >= 3 && v <= 5 && Number.isInteger(v)).toBe(true);
      expect(['x', 'y']).toContain(r.pick(['x', 'y']));
      if (r.weighted(table) === 'a') as++;
      total += r.count(4, 1000);
      expect(typeof r.chance(0.5)).toBe('boolean');
    }
    expect(as / 10_000).toBeGreaterThan(0.87);
    expect(as / 10_000).toBeLessThan(0.93);
    expect(total / 10_000).toBeGreaterThan(3.6);
    expect(total / 10_000).toBeLessThan(4.4);
  });
});

describe('planDemo: catalogue', () => {
  it('lists the namespaces with the right custom flags', () => {
    const byCode = new Map(PLAN.namespaces.map((n) => [n.code, n]));
    expect([...byCode.keys()].sort()).toEqual(['CRMID', 'ECID', 'Email', 'Phone', 'loyaltyId']);
    expect(PLAN.namespaces.filter((n) => n.custom).map((n) => n.code)).toEqual(['CRMID', 'loyaltyId']);
    expect(byCode.get('CRMID')?.idType).toBe('CROSS_DEVICE');
    expect(byCode.get('loyaltyId')?.idType).toBe('CROSS_DEVICE');
    expect(byCode.get('Email')?.idType).toBe('EMAIL');
    expect(byCode.get('Phone')?.idType).toBe('PHONE');
  });

  it('lists the five datasets', () => {
    expect(PLAN.datasets.map((d) => [d.key, d.name, d.class, d.profileEnabled, d.upsert])).toEqual([
      ['crm', 'CRM Customers', 'profile', true, false],
      ['loyalty', 'Loyalty Members', 'profile', true, true],
      ['web', 'Web Events', 'experienceevent', true, false],
      ['mobile', 'Mobile App Events', 'experienceevent', true, false],
      ['store', 'In-Store Purchases', 'experienceevent', true, false],
    ]);
  });
});

describe('planDemo: determinism', () => {
  it('yields the same records for the same options, every call', () => {
    const again = planDemo({ ...OPTS });
    for (const d of PLAN.datasets) {
      const first = take(d.records(), 300);
      expect(first.length).toBeGreaterThan(0);
      expect(take(d.records(), 300)).toEqual(first);
      expect(take(dataset(again, d.key).records(), 300)).toEqual(first);
      expect(first).toEqual(recs(d.key).slice(0, 300));
    }
  });

  it('differs for a different seed', () => {
    const other = planDemo({ ...OPTS, seed: 43 });
    for (const d of PLAN.datasets) {
      expect(take(dataset(other, d.key).records(), 50)).not.toEqual(recs(d.key).slice(0, 50));
    }
  });

  it('is lazy: taking a few records from a huge plan is instant', () => {
    const t = performance.now();
    const big = planDemo({ profiles: 1_000_000, seed: 1, now: NOW });
    for (const d of big.datasets) expect(take(d.records(), 10)).toHaveLength(10);
    expect(performance.now() - t).toBeLessThan(3000);
  });
});

describe('planDemo: volumes (profiles = 2000)', () => {
  const P = OPTS.profiles;

  it('has roughly the specified record counts', () => {
    const crm = recs('crm').length / P;
    const loyalty = recs('loyalty').length / P;
    const web = recs('web').length / P;
    const mobile = recs('mobile').length / P;
    const store = recs('store').length / P;
    expect(crm).toBeGreaterThan(0.71);
    expect(crm).toBeLessThan(0.79);
    expect(loyalty).toBeGreaterThan(0.41);
    expect(loyalty).toBeLessThan(0.49);
    expect(web).toBeGreaterThan(3.6); // ~4 per person + anonymous visitors
    expect(web).toBeLessThan(5.4);
    expect(mobile).toBeGreaterThan(1.6);
    expect(mobile).toBeLessThan(2.5);
    expect(store).toBeGreaterThan(0.75);
    expect(store).toBeLessThan(1.25);
    const events = web + mobile + store;
    expect(events).toBeGreaterThan(6.5);
    expect(events).toBeLessThan(9);
  });

  it('covers the expected share of persons per event dataset, skewed', () => {
    const personsWith = (key: 'web' | 'mobile' | 'store', ns: string) => {
      const set = new Set<string>();
      for (const r of recs(key)) {
        const m = r.identityMap as IdentityMap;
        for (const e of m[ns] ?? []) set.add(e.id);
      }
      return set.size;
    };
    // Mobile: one app ECID per app user.
    const appUsers = personsWith('mobile', 'ECID') / P;
    expect(appUsers).toBeGreaterThan(0.35);
    expect(appUsers).toBeLessThan(0.45);
    const storeBuyers = (personsWith('store', 'loyaltyId') + personsWith('store', 'CRMID')) / P;
    expect(storeBuyers).toBeGreaterThan(0.25);
    expect(storeBuyers).toBeLessThan(0.35);
    // Skew: some persons have no web events at all, some have many.
    const counts = Array.from({ length: 300 }, (_, i) => describePerson(OPTS, i).counts.web);
    expect(counts.filter((c) => c === 0).length).toBeGreaterThan(20);
    expect(Math.max(...counts)).toBeGreaterThan(12);
  });

  it('overlaps loyalty with CRM, with some conflicting emails and names', () => {
    const crmIds = new Set(recs('crm').map((r) => String(r._id).slice('crm-'.length)));
    const crmEmail = new Map(
      recs('crm').map((r) => [
        String(r._id).slice('crm-'.length),
        (r.personalEmail as { address: string }).address,
      ]),
    );
    const crmFirst = new Map(
      recs('crm').map((r) => [
        String(r._id).slice('crm-'.length),
        (r.person as { name: { firstName: string } }).name.firstName,
      ]),
    );
    let both = 0;
    let withCrmId = 0;
    let otherEmail = 0;
    let otherName = 0;
    let audited = 0;
    for (const r of recs('loyalty')) {
      const idx = String(r._id).slice('loyalty-'.length);
      const m = r.identityMap as IdentityMap;
      if ((r as { extSourceSystemAudit?: unknown }).extSourceSystemAudit) audited++;
      if (!crmIds.has(idx)) {
        expect(m.CRMID).toBeUndefined();
        continue;
      }
      both++;
      if (m.CRMID) withCrmId++;
      if (m.Email[0].id !== crmEmail.get(idx)) otherEmail++;
      if ((r.person as { name: { firstName: string } }).name.firstName !== crmFirst.get(idx)) otherName++;
    }
    const n = recs('loyalty').length;
    expect(both / n).toBeGreaterThan(0.8); // most members are CRM customers
    expect(both).toBeLessThan(n); // ...but not all
    expect(withCrmId / both).toBeGreaterThan(0.62);
    expect(withCrmId / both).toBeLessThan(0.78);
    expect(otherEmail / both).toBeGreaterThan(0.06);
    expect(otherEmail / both).toBeLessThan(0.14);
    expect(otherName / both).toBeGreaterThan(0.1);
    expect(audited / n).toBeGreaterThan(0.42);
    expect(audited / n).toBeLessThan(0.58);
  });
});

describe('planDemo: record shapes', () => {
  it('gives every record an identityMap with exactly one primary identity from a known namespace', () => {
    const codes = new Set(PLAN.namespaces.map((n) => n.code));
    for (const d of PLAN.datasets) {
      const ids = new Set<string>();
      for (const r of recs(d.key)) {
        expect(typeof r._id).toBe('string');
        ids.add(r._id as string);
        const m = r.identityMap as IdentityMap;
        let primaries = 0;
        for (const [ns, entries] of Object.entries(m)) {
          expect(codes.has(ns)).toBe(true);
          expect(entries.length).toBeGreaterThan(0);
          for (const e of entries) {
            expect(typeof e.id).toBe('string');
            if (e.primary === true) primaries++;
          }
        }
        if (primaries !== 1) throw new Error(`${d.key} ${String(r._id)} has ${primaries} primaries`);
      }
      expect(ids.size).toBe(recs(d.key).length); // _id unique within the dataset
    }
  });

  it('uses the documented identity formats', () => {
    const check: Record<string, RegExp> = {
      ECID: /^\d{38}$/,
      Email: /^[a-z0-9.]+@example\.(com|org)$/,
      Phone: /^\+1555\d{7}$/,
      CRMID: /^CRM-\d{8}$/,
      loyaltyId: /^NWR-\d{9}$/,
    };
    for (const d of PLAN.datasets) {
      for (const r of recs(d.key)) {
        for (const [ns, entries] of Object.entries(r.identityMap as IdentityMap)) {
          for (const e of entries) if (!check[ns].test(e.id)) throw new Error(`${ns} ${e.id}`);
        }
      }
    }
  });

  it('puts every event strictly inside [now - 120 days, now) with canonical ISO timestamps', () => {
    for (const key of ['web', 'mobile', 'store'] as const) {
      for (const r of recs(key)) {
        const ts = r.timestamp as string;
        const t = Date.parse(ts);
        expect(new Date(t).toISOString()).toBe(ts);
        if (!(t >= NOW - DEMO_WINDOW_MS && t < NOW)) throw new Error(`${String(r._id)} at ${ts}`);
      }
    }
    expect(DEMO_WINDOW_MS).toBe(120 * 86_400_000);
    // A non-integer anchor still keeps events strictly before it.
    const odd = planDemo({ profiles: 50, seed: 3, now: NOW + 0.5 });
    for (const r of dataset(odd, 'web').records()) {
      const t = Date.parse(r.timestamp as string);
      expect(t < NOW + 0.5 && t >= NOW + 0.5 - DEMO_WINDOW_MS).toBe(true);
    }
  });

  it('builds CRM records', () => {
    for (const r of recs('crm')) {
      const m = r.identityMap as IdentityMap;
      expect(m.CRMID[0].primary).toBe(true);
      expect((r.personalEmail as { address: string }).address).toBe(m.Email[0].id);
      if (m.Phone) expect((r.mobilePhone as { number: string }).number).toBe(m.Phone[0].id);
      else expect(r.mobilePhone).toBeUndefined();
      const person = r.person as { name: { firstName: string; lastName: string }; birthDate?: string };
      expect(person.name.firstName.length).toBeGreaterThan(0);
      if (person.birthDate !== undefined) expect(person.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const home = r.homeAddress as { city: string; countryCode: string; postalCode: string };
      expect(['US', 'CA']).toContain(home.countryCode);
      expect(home.postalCode).toMatch(home.countryCode === 'US' ? /^\d{5}$/ : /^[A-Z]\d[A-Z] \d[A-Z]\d$/);
      const audit = r.extSourceSystemAudit as { lastUpdatedDate: string };
      expect(Date.parse(audit.lastUpdatedDate)).toBeLessThan(NOW);
      const crm = (r._northwind as { crm: { customerSince: string; preferredStore: string } }).crm;
      expect(crm.customerSince).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(crm.preferredStore).toMatch(/^NW-\d{3}$/);
    }
    const phones =
      recs('crm').filter((r) => (r.identityMap as IdentityMap).Phone).length / recs('crm').length;
    expect(phones).toBeGreaterThan(0.55);
    expect(phones).toBeLessThan(0.65);
  });

  it('builds loyalty records', () => {
    for (const r of recs('loyalty')) {
      expect((r.identityMap as IdentityMap).loyaltyId[0].primary).toBe(true);
      const l = r.loyalty as { tier: string; points: number; joinDate: string };
      expect(['bronze', 'silver', 'gold', 'platinum']).toContain(l.tier);
      expect(Number.isInteger(l.points) && l.points >= 0).toBe(true);
      expect(l.joinDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('builds event records', () => {
    const webTypes = new Set<string>();
    let loggedIn = 0;
    for (const r of recs('web')) {
      webTypes.add(r.eventType as string);
      const m = r.identityMap as IdentityMap;
      expect(m.ECID[0].primary).toBe(true);
      if (m.Email) loggedIn++;
      const page = (r.web as { webPageDetails: { name: string; URL: string } }).webPageDetails;
      expect(page.URL).toMatch(/^https:\/\//);
      if (r.eventType === 'commerce.purchases') {
        const c = r.commerce as {
          order: { priceTotal: number; currencyCode: string };
          purchases: { value: number };
        };
        expect(c.order.currencyCode).toBe('USD');
        expect(c.purchases.value).toBe(1);
        expect(c.order.priceTotal).toBeGreaterThan(0);
        expect(Math.round(c.order.priceTotal * 100) / 100).toBe(c.order.priceTotal);
        expect((r.productListItems as unknown[]).length).toBeGreaterThan(0);
      }
    }
    expect([...webTypes].sort()).toEqual([
      'commerce.productListAdds',
      'commerce.productViews',
      'commerce.purchases',
      'web.webpagedetails.pageViews',
    ]);
    const share = loggedIn / recs('web').length;
    expect(share).toBeGreaterThan(0.22);
    expect(share).toBeLessThan(0.38);

    for (const r of recs('mobile')) {
      expect(['application.launch', 'commerce.productViews', 'commerce.purchases']).toContain(r.eventType);
      const m = r.identityMap as IdentityMap;
      expect(m.ECID[0].primary).toBe(true);
      expect((r.application as { name: string }).name).toBe('Northwind');
      expect((r.device as { type: string }).type).toBe('mobile');
    }
    for (const r of recs('store')) {
      expect(r.eventType).toBe('commerce.purchases');
      const total = (r.commerce as { order: { priceTotal: number } }).order.priceTotal;
      expect(total).toBeGreaterThan(0);
      expect(Math.round(total * 100) / 100).toBe(total);
      expect((r._northwind as { storeId: string }).storeId).toMatch(/^NW-\d{3}$/);
      expect((r.placeContext as { geo: { countryCode: string } }).geo.countryCode).toMatch(/^(US|CA)$/);
      const m = r.identityMap as IdentityMap;
      expect(Object.keys(m)).toHaveLength(1);
    }
  });
});

describe('describePerson', () => {
  it('describes person 0: CRM + loyalty, same email, conflicting first name, web events', () => {
    const p = describePerson(OPTS, 0);
    expect(p.kind).toBe('normal');
    expect(p.crmId).toBe('CRM-00000001');
    expect(p.loyaltyId).toBe('NWR-000000001');
    expect(p.loyaltyEmail).toBeUndefined();
    expect(p.firstName).toBe('Robert');
    expect(p.loyaltyFirstName).toBe('Bob');
    expect(p.counts.web).toBeGreaterThan(0);

    const crm = recs('crm').find((r) => r._id === 'crm-0') as Rec;
    const loyalty = recs('loyalty').find((r) => r._id === 'loyalty-0') as Rec;
    expect((crm.identityMap as IdentityMap).CRMID[0].id).toBe(p.crmId);
    expect((crm.identityMap as IdentityMap).Email[0].id).toBe(p.email);
    expect((loyalty.identityMap as IdentityMap).Email[0].id).toBe(p.email);
    expect((crm.person as { name: { firstName: string } }).name.firstName).toBe('Robert');
    expect((loyalty.person as { name: { firstName: string } }).name.firstName).toBe('Bob');

    const web = recs('web').filter((r) => p.ecids.includes((r.identityMap as IdentityMap).ECID[0].id));
    expect(web).toHaveLength(p.counts.web);
    expect(web.some((r) => (r.identityMap as IdentityMap).Email?.[0].id === p.email)).toBe(true);

    const graph = components([...RECORDS.values()].flat());
    expect(graph.sizeOf(`email:${p.email}`)).toBe(p.graphSize);
    expect(graph.sizeOf(`crmid:${p.crmId}`)).toBe(p.graphSize);
  });

  it('is deterministic and consistent with the streamed records', () => {
    expect(describePerson(OPTS, 17)).toEqual(describePerson({ ...OPTS }, 17));
    expect(describePerson(OPTS, 17)).not.toEqual(describePerson({ ...OPTS, seed: 7 }, 17));
    const allEcids = new Map<string, number>();
    for (const key of ['web', 'mobile'] as const) {
      for (const r of recs(key)) {
        const id = (r.identityMap as IdentityMap).ECID[0].id;
        allEcids.set(id, (allEcids.get(id) ?? 0) + 1);
      }
    }
    for (let i = 0; i < 200; i++) {
      const p = describePerson(OPTS, i);
      const n = p.ecids.reduce((s, e) => s + (allEcids.get(e) ?? 0), 0);
      expect(n).toBe(p.counts.web + p.counts.mobile);
      for (const e of p.ecids) expect(allEcids.has(e)).toBe(true);
    }
    expect(() => describePerson(OPTS, OPTS.profiles)).toThrow(RangeError);
  });
});

describe('identity graphs', () => {
  const graph = components([...RECORDS.values()].flat());

  it('has heavy graphs of 40–49 identities, exactly one over 50, and many anonymous singletons', () => {
    const { sizes } = graph;
    expect(sizes.filter((s) => s >= 40 && s <= 49).length).toBeGreaterThanOrEqual(2);
    expect(sizes.filter((s) => s > 50)).toHaveLength(1);
    expect(sizes.filter((s) => s > 50)[0]).toBeGreaterThanOrEqual(55);
    expect(sizes.filter((s) => s > 50)[0]).toBeLessThanOrEqual(60);
    expect(sizes.filter((s) => s === 1).length).toBeGreaterThan(OPTS.profiles * 0.2);
    expect(sizes.filter((s) => s > 9 && s < 40)).toHaveLength(0);
  });

  it('gives most persons 2–8 identities', () => {
    let known = 0;
    let typical = 0;
    for (let i = 0; i < OPTS.profiles; i++) {
      const p = describePerson(OPTS, i);
      const key = p.crmId
        ? `crmid:${p.crmId}`
        : p.loyaltyId
          ? `loyaltyid:${p.loyaltyId}`
          : `email:${p.email}`;
      const size = graph.sizeOf(key);
      expect(size).toBe(p.graphSize);
      if (p.crmId || p.loyaltyId) {
        known++;
        if (size >= 2 && size <= 8) typical++;
      }
    }
    expect(typical / known).toBeGreaterThan(0.95);
  });

  it('reports the special persons', () => {
    const special = specialPersons(OPTS);
    expect(special.heavy.length).toBe(2);
    expect(special.overflow).not.toBeNull();
    for (const i of special.heavy) {
      const p = describePerson(OPTS, i);
      expect(p.kind).toBe('heavy');
      expect(p.graphSize).toBeGreaterThanOrEqual(40);
      expect(p.graphSize).toBeLessThanOrEqual(49);
      expect(graph.sizeOf(`email:${p.email}`)).toBe(p.graphSize);
    }
    const o = describePerson(OPTS, special.overflow as number);
    expect(o.kind).toBe('overflow');
    expect(graph.sizeOf(`crmid:${o.crmId}`)).toBe(o.graphSize);
    expect(o.graphSize).toBeGreaterThan(50);
  });

  it('scales the special persons with profiles', () => {
    expect(specialPersons({ profiles: 99, seed: 1, now: NOW })).toEqual({ heavy: [], overflow: null });
    expect(specialPersons({ profiles: 100, seed: 1, now: NOW }).overflow).not.toBeNull();
    expect(specialPersons({ profiles: 499, seed: 1, now: NOW }).heavy).toEqual([]);
    expect(specialPersons({ profiles: 500, seed: 1, now: NOW }).heavy).toHaveLength(2);
    expect(specialPersons({ profiles: 10_000, seed: 1, now: NOW }).heavy).toHaveLength(10);
    for (const profiles of [100, 500, 777]) {
      for (const seed of [1, 2, 3]) {
        const opts = { profiles, seed, now: NOW };
        const s = specialPersons(opts);
        expect(new Set([...s.heavy, s.overflow]).size).toBe(s.heavy.length + 1);
        const sizes = components([...all(planDemo(opts)).values()].flat()).sizes;
        expect(sizes.filter((x) => x > 50)).toHaveLength(1);
        expect(sizes.filter((x) => x >= 40 && x <= 49)).toHaveLength(s.heavy.length);
      }
    }
  });

  it('handles tiny organisations', () => {
    const empty = all(planDemo({ profiles: 0, seed: 1, now: NOW }));
    expect([...empty.values()].every((r) => r.length === 0)).toBe(true);
    const tiny = all(planDemo({ profiles: 3, seed: 1, now: NOW }));
    expect(tiny.get('crm')?.[0]?._id).toBe('crm-0');
  });
});

describe('performance', () => {
  // A guard against pathological slowness only (about 0.5 s on a quiet machine): CI machines are
  // shared and noisy; the bench measures speed.
  it('generates profiles = 20000 in well under 10 s', () => {
    const plan = planDemo({ profiles: 20_000, seed: 9, now: NOW });
    const t = performance.now();
    let n = 0;
    for (const d of plan.datasets) for (const _r of d.records()) n++;
    const ms = performance.now() - t;
    expect(n).toBeGreaterThan(20_000 * 7);
    expect(ms).toBeLessThan(10_000);
  });
});

import { describe, expect, it } from 'vitest';
import { formatProperty, parseProperty, propertyProblem, readEventUrlState, toEventFilters, writeEventUrlState } from './event-filters.ts';
import { hopsFrom, layoutGraph } from './graph-layout.ts';
import { suggestNamespace } from './namespace-suggestion.ts';
import { profilePath } from './profile-links.ts';
import { attributeTree, displayNameOf, identitiesOf, leavesOf } from './profile-model.ts';
import { displayPath, humanize } from './display-names.ts';
import { NAMESPACES } from './test-fixtures.ts';

describe('namespace suggestion', () => {
  const cases: [string, string | undefined][] = [
    ['robert.tanaka0@example.org', 'Email'],
    [' Jane.Doe@Example.COM ', 'Email'],
    ['+15550000000', 'Phone'],
    ['+44 20 7946 0958', 'Phone'],
    ['(555) 123-4567', 'Phone'],
    ['51706620261510000000000000214666227111', 'ECID'],
    ['5170662026151000000000000021466622711', undefined],
    ['CRM-00000001', 'CRMID'],
    ['crm_42', 'CRMID'],
    ['4F3C2A10-1B2C-4D5E-8F90-0A1B2C3D4E5F', 'IDFA'],
    ['4f3c2a10-1b2c-4d5e-8f90-0a1b2c3d4e5f', 'GAID'],
    ['a'.repeat(64), 'Email_LC_SHA256'],
    ['NWR-000000001', undefined],
    ['hello', undefined],
    ['', undefined],
  ];
  it.each(cases)('%s → %s', (value, code) => {
    expect(suggestNamespace(value, NAMESPACES)?.code).toBe(code);
  });

  it('only suggests namespaces the sandbox has, matching codes in any case', () => {
    expect(suggestNamespace('a@b.co', NAMESPACES.filter((n) => n.code !== 'Email'))?.code).toBe('Email_LC_SHA256');
    expect(suggestNamespace('a@b.co', [{ code: 'email', name: 'E-mail', idType: 'EMAIL' }])?.code).toBe('email');
    expect(suggestNamespace('+15550000000', [])).toBeUndefined();
  });

  it('learns from earlier lookups of the same shape', () => {
    const s = suggestNamespace('NWR-000000042', NAMESPACES, [{ namespace: 'loyaltyId', id: 'NWR-000000001' }]);
    expect(s).toEqual({ code: 'loyaltyId', reason: 'shaped like your earlier lookup NWR-000000001' });
  });
});

describe('profile links', () => {
  it('keeps @ and + readable and encodes what a path segment cannot hold', () => {
    expect(profilePath('prod', 'Email', 'robert.tanaka0@example.org')).toBe('/prod/profiles/Email/robert.tanaka0@example.org');
    expect(profilePath('prod', 'Phone', '+15550000000', 'p 1')).toBe('/prod/profiles/Phone/+15550000000?mergePolicyId=p%201');
    expect(profilePath('prod', 'Phone_E.164', 'a/b')).toBe('/prod/profiles/Phone_E.164/a%2Fb');
  });
});

describe('event filters', () => {
  it('round-trips property filters and the URL state', () => {
    expect(parseProperty('web.webPageDetails.isHomepage=false')).toEqual({ path: 'web.webPageDetails.isHomepage', op: '=', value: 'false' });
    expect(parseProperty('placeContext.localTime<="2020-07-20"')).toEqual({ path: 'placeContext.localTime', op: '<=', value: '"2020-07-20"' });
    expect(formatProperty({ path: ' eventType ', op: '!=', value: ' commerce.purchases ' })).toBe('eventType!=commerce.purchases');
    expect(propertyProblem({ path: 'a..b', op: '=', value: '1' })).toMatch(/dotted/);
    expect(propertyProblem({ path: 'a', op: '<', value: 'true' })).toMatch(/= or !=/);
    const params = new URLSearchParams('tab=events&from=2026-11-01T00:00&prop=eventType%3Dx&prop=bad&order=asc&limit=50&limit=7');
    const state = readEventUrlState(params);
    expect(state).toEqual({ from: '2026-11-01T00:00', to: '', property: ['eventType=x'], order: 'asc', limit: 50 });
    expect(writeEventUrlState(params, { ...state, order: 'desc', limit: 25 }).toString()).toBe('tab=events&from=2026-11-01T00%3A00&prop=eventType%3Dx');
    expect(toEventFilters(state).startTime).toBe(new Date('2026-11-01T00:00').getTime());
  });
});

describe('profile model', () => {
  const entity = {
    person: { name: { firstName: 'Ada', lastName: 'Lovelace' } },
    loyalty: { points: 3, tags: ['a'] },
    identityMap: { Email: [{ id: 'a@b.co' }], CRMID: [{ id: 'CRM-1', primary: true }] },
  };
  it('reads identities (primary first), the name and the leaves', () => {
    expect(identitiesOf(entity)).toEqual([
      { namespace: 'CRMID', id: 'CRM-1', primary: true },
      { namespace: 'Email', id: 'a@b.co', primary: false },
    ]);
    expect(displayNameOf(entity)).toBe('Ada Lovelace');
    expect(displayNameOf({})).toBeUndefined();
    expect(leavesOf(attributeTree(entity)).map((l) => l.path)).toEqual([
      'person.name.firstName',
      'person.name.lastName',
      'loyalty.points',
      'loyalty.tags',
      'identityMap.Email',
      'identityMap.CRMID',
    ]);
  });
  it('names XDM fields for display', () => {
    expect(displayPath('person.name.firstName')).toBe('Person › Full name › First name');
    expect(displayPath('_northwind.crm.customerSince')).toBe('Northwind (tenant) › CRM › Customer since');
    expect(humanize('crmId')).toBe('CRM ID');
  });
});

describe('graph layout', () => {
  const nodes = ['c', 'a', 'b', 'd', 'e'];
  const edges = [
    { from: 'c', to: 'a' },
    { from: 'c', to: 'b' },
    { from: 'b', to: 'd' },
  ];
  it('counts hops from the centre', () => {
    expect(Object.fromEntries(hopsFrom('c', nodes, edges))).toEqual({ c: 0, a: 1, b: 1, d: 2, e: 3 });
  });
  it('is deterministic, inside the box, and keeps nodes apart', () => {
    const box = { width: 800, height: 480, padding: 60 };
    const one = layoutGraph(nodes, edges, 'c', box);
    const two = layoutGraph(nodes, edges, 'c', box);
    expect([...one.entries()]).toEqual([...two.entries()]);
    for (const p of one.values()) {
      expect(p.x).toBeGreaterThanOrEqual(59.9);
      expect(p.x).toBeLessThanOrEqual(740.1);
      expect(p.y).toBeGreaterThanOrEqual(59.9);
      expect(p.y).toBeLessThanOrEqual(420.1);
    }
    const points = [...one.values()];
    for (let i = 0; i < points.length; i++)
      for (let j = i + 1; j < points.length; j++) expect(Math.hypot(points[i].x - points[j].x, points[i].y - points[j].y)).toBeGreaterThan(40);
  });
  it('handles one node and fifty', () => {
    expect(layoutGraph(['x'], [], 'x', { width: 400, height: 300 }).get('x')).toEqual({ x: 200, y: 150 });
    const many = Array.from({ length: 50 }, (_, i) => `n${i}`);
    const layout = layoutGraph(many, many.slice(1).map((n) => ({ from: 'n0', to: n })), 'n0', { width: 900, height: 540 });
    expect(layout.size).toBe(50);
    for (const p of layout.values()) expect(Number.isFinite(p.x) && Number.isFinite(p.y)).toBe(true);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CA_ATTRIBUTES,
  ENTITIES,
  LEGACY_COMPUTED_ATTRIBUTES,
  LOCAL_CA,
  type ComputedAttribute,
  type ComputedAttributeList,
  type DryRunResult,
  type EventFieldList,
  type LegacyComputedAttribute,
  type ValidationResult,
} from '../../../contracts/index.ts';
import { createDataset, createTestApp, ingest, type TestApp } from '../../testing/test-app.ts';

const DAY = 86_400_000;
const iso = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY).toISOString();

const SUM_7D = 'xEvent[eventType = "commerce.purchases" and timestamp occurs <= 7 days before now].sum(commerce.order.priceTotal)';

let t: TestApp;
let seq = 0;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** A sandbox with two people and an anonymous visitor; Jane's web events are stitched to her email. */
async function fixture() {
  const sandbox = `ca-${++seq}`;
  const profiles = await createDataset(t, sandbox, { name: 'CRM' });
  const events = await createDataset(t, sandbox, { name: 'Web', kind: 'event' });
  await ingest(t, sandbox, profiles, [
    { identityMap: { Email: [{ id: 'jane@example.com', primary: true }], Phone: [{ id: '+15550001' }] }, person: { name: { firstName: 'Jane' } } },
    { identityMap: { Email: [{ id: 'bob@example.com', primary: true }] }, person: { name: { firstName: 'Bob' } } },
  ]);
  const web = (id: string, daysAgo: number, identityMap: object, extra: object) => ({ _id: id, timestamp: iso(daysAgo), identityMap, ...extra });
  const jane = { ECID: [{ id: 'ecid-jane', primary: true }], Email: [{ id: 'jane@example.com' }] };
  const purchase = (total: number) => ({ eventType: 'commerce.purchases', commerce: { order: { priceTotal: total, currencyCode: 'USD' } } });
  const view = (name: string) => ({ eventType: 'web.webpagedetails.pageViews', web: { webPageDetails: { name } } });
  await ingest(t, sandbox, events, [
    web('j1', 1, jane, purchase(100)),
    web('j2', 3, jane, purchase(50)),
    web('j3', 10, jane, purchase(999)),
    web('j4', 2, jane, view('Home')),
    web('b1', 2, { Email: [{ id: 'bob@example.com', primary: true }] }, purchase(30)),
    web('a1', 1, { ECID: [{ id: 'ecid-anon', primary: true }] }, view('Cart')),
  ]);
  const headers = t.headers(sandbox);
  const call = async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) => {
    const res = await t.app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
    return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined, raw: res.body };
  };
  const list = async (query = '') => (await call('GET', `${CA_ATTRIBUTES}${query}`)).body as ComputedAttributeList;
  const create = (body: Record<string, unknown>) => call('POST', CA_ATTRIBUTES, body);
  const lookup = async (email: string, withCA = true) => {
    const res = await call('GET', `${ENTITIES}?schema.name=_xdm.context.profile&entityId=${encodeURIComponent(email)}&entityIdNS=Email&withCA=${withCA}`);
    return Object.values(res.body as Record<string, { entity: Record<string, unknown> }>)[0].entity;
  };
  return { sandbox, call, list, create, lookup };
}

const body = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  displayName: `Display ${name}`,
  description: 'Total spend',
  expression: { type: 'PQL', format: 'pql/text', value: SUM_7D },
  duration: { count: 7, unit: 'DAYS' },
  status: 'DRAFT',
  ...extra,
});

const caValues = (entity: Record<string, unknown>) =>
  ((entity._northwind as Record<string, unknown> | undefined)?.ComputedAttributes as Record<string, unknown> | undefined) ?? {};

describe('POST /data/core/ca/attributes', () => {
  let s: Awaited<ReturnType<typeof fixture>>;
  beforeAll(async () => {
    s = await fixture();
  });

  it('creates a DRAFT with the derived merge function, return type and AEP shape', async () => {
    const res = await s.create(body('totalSpend7d'));
    expect(res.status).toBe(200);
    const ca = res.body as ComputedAttribute;
    expect(ca).toMatchObject({
      type: 'ComputedAttribute',
      name: 'totalSpend7d',
      displayName: 'Display totalSpend7d',
      description: 'Total spend',
      imsOrgId: 'D3M0C0FFEE0000000000A1B2@AdobeOrg',
      sandbox: { sandboxName: s.sandbox, type: 'development', isDefault: false },
      path: '_northwind/ComputedAttributes',
      positionPath: ['_northwind', 'ComputedAttributes'],
      keepCurrent: false,
      expression: { type: 'PQL', format: 'pql/text', value: SUM_7D },
      mergeFunction: { value: 'SUM' },
      status: 'DRAFT',
      schema: { name: '_xdm.context.profile' },
      duration: { count: 7, unit: 'DAYS' },
      returnSchema: { 'meta:xdmType': 'number' },
      lastEvaluationTs: '',
      createdBy: 'profile-console',
    });
    expect(ca.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ca.createEpoch).toBeGreaterThan(1_600_000_000_000); // ms
    expect(ca.updateEpoch).toBe(ca.createEpoch);
    expect(ca.evaluation).toEqual({ job: null, nextEvaluationEpoch: null, lastRun: null, error: null });
  });

  it('derives merge functions and return types from the function and field', async () => {
    const cases: [string, string, string][] = [
      ['xEvent.count()', 'COUNT', 'integer'],
      ['xEvent.min(commerce.order.priceTotal)', 'MIN', 'number'],
      ['xEvent.max(commerce.order.priceTotal)', 'MAX', 'number'],
      ['xEvent[web.webPageDetails.name.exists()].mostRecent(web.webPageDetails.name)', 'MOST_RECENT', 'string'],
    ];
    for (const [i, [value, mf, type]] of cases.entries()) {
      const res = await s.create(body(`derived${i}`, { expression: { value } }));
      expect(res.status, res.raw).toBe(200);
      expect(res.body).toMatchObject({ mergeFunction: { value: mf }, returnSchema: { 'meta:xdmType': type }, expression: { type: 'PQL', format: 'pql/text' } });
    }
  });

  it.each([
    ['a name with an underscore', { name: 'total_spend' }, 'name may contain only letters and digits'],
    ['a name with a space', { name: 'total spend' }, 'name may contain only letters and digits'],
    ['an empty name', { name: '' }, 'name must not be empty'],
    ['no displayName', { displayName: undefined }, 'displayName'],
    ['a syntax error', { expression: { value: 'xEvent[eventType = ].sum(commerce.order.priceTotal)' } }, 'Invalid expression: Expected a value'],
    ['an unsupported function', { expression: { value: 'xEvent.avg(commerce.order.priceTotal)' } }, 'Expected a function (sum, count, min, max, mostRecent) but found "avg" at column 8'],
    ['an unknown field', { expression: { value: 'xEvent.sum(commerce.order.total)' } }, 'Unknown event field "commerce.order.total": no experience event in this sandbox has it (at column 12)'],
    ['sum of a string', { expression: { value: 'xEvent.sum(eventType)' } }, 'sum() needs a number field, but "eventType" holds string values'],
    ['a string compared with a number', { expression: { value: 'xEvent[eventType = 5].count()' } }, 'Type mismatch: "eventType" holds string values but is compared with a number (at column 20)'],
    ['DAYS above 7', { duration: { count: 8, unit: 'DAYS' } }, 'duration.count 8 is out of range for DAYS: 1 to 7'],
    ['HOURS of 0', { duration: { count: 0, unit: 'HOURS' } }, 'out of range for HOURS: 1 to 24'],
    ['WEEKS above 4', { duration: { count: 5, unit: 'WEEKS' } }, 'out of range for WEEKS: 1 to 4'],
    ['MONTHS above 6', { duration: { count: 7, unit: 'MONTHS' } }, 'out of range for MONTHS: 1 to 6'],
    ['an unknown unit', { duration: { count: 1, unit: 'YEARS' } }, 'duration.unit must be one of HOURS, DAYS, WEEKS, MONTHS'],
    ['a condition reaching beyond the lookback', { duration: { count: 3, unit: 'DAYS' } }, 'reaches further back than the lookback of 3 days'],
    ['an expression type other than PQL', { expression: { type: 'SQL', value: SUM_7D } }, 'expression.type must be PQL'],
    ['status PROCESSED', { status: 'PROCESSED' }, 'status must be DRAFT (save) or NEW (publish) on create'],
    ['a schema other than profile', { schema: { name: '_xdm.context.experienceevent' } }, 'schema.name must be _xdm.context.profile'],
  ])('refuses %s with a 400 naming the problem, and stores nothing', async (_what, override, message) => {
    const before = (await s.list())._page.totalCount;
    const res = await s.create(body('refused', override));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('400');
    expect(res.body.message).toContain(message);
    expect(Object.keys(res.body).sort()).toEqual(['code', 'message']);
    expect((await s.list())._page.totalCount).toBe(before);
  });

  it('refuses a duplicate name (any case) with AEP\'s message', async () => {
    await s.create(body('uniqueName'));
    const res = await s.create(body('UNIQUENAME'));
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('Function with the same name already exists for the specified schema or definedOn');
  });
});

describe('GET /data/core/ca/attributes (list)', () => {
  let s: Awaited<ReturnType<typeof fixture>>;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    s = await fixture();
    for (const [name, extra] of [
      ['alpha', {}],
      ['bravo', { expression: { value: 'xEvent.count()' } }],
      ['charlie', { status: 'NEW' }],
      ['delta', { expression: { value: 'xEvent.max(commerce.order.priceTotal)' } }],
    ] as const) {
      ids[name] = ((await s.create(body(name, extra))).body as ComputedAttribute).id;
      await new Promise((r) => setTimeout(r, 3)); // distinct epochs
    }
    await t.jobs.whenIdle();
  });

  it('pages with limit and offset, newest first, with _links and _page', async () => {
    const page = await s.list('?limit=2');
    const updated = page.computedAttributes.map((a) => a.updateEpoch);
    expect(updated[0]).toBeGreaterThanOrEqual(updated[1]); // default sort: -updateEpoch
    expect(page._page).toEqual({ offset: 0, limit: 2, count: 2, totalCount: 4 });
    expect(page._links.self.href).toBe('/attributes?offset=0&limit=2');
    expect(page._links.next?.href).toBe('/attributes?offset=2&limit=2');
    expect(page._links.prev).toBeUndefined();
    expect(page._links.last?.href).toBe('/attributes?offset=2&limit=2');
    const second = await s.list('?limit=2&offset=2');
    expect(second._page).toEqual({ offset: 2, limit: 2, count: 2, totalCount: 4 });
    expect(second._links.next).toBeUndefined();
    expect(second._links.prev?.href).toBe('/attributes?offset=0&limit=2');
    const all = [...page.computedAttributes, ...second.computedAttributes].map((a) => a.name);
    expect(new Set(all).size).toBe(4);
  });

  it('sorts by name, status, createEpoch and updateEpoch, ascending or descending', async () => {
    expect((await s.list('?sortBy=name')).computedAttributes.map((a) => a.name)).toEqual(['alpha', 'bravo', 'charlie', 'delta']);
    expect((await s.list('?sortBy=-name')).computedAttributes.map((a) => a.name)).toEqual(['delta', 'charlie', 'bravo', 'alpha']);
    expect((await s.list('?sortBy=createEpoch')).computedAttributes.map((a) => a.name)).toEqual(['alpha', 'bravo', 'charlie', 'delta']);
    expect((await s.list('?sortBy=-status')).computedAttributes[0].name).toBe('charlie'); // PROCESSED after DRAFT
  });

  it.each([
    ['name=bravo', ['bravo']],
    ['name!=bravo', ['alpha', 'charlie', 'delta']],
    ['name=contains(ALP,elt)', ['alpha', 'delta']],
    ['name=!contains(a)', []],
    ['status=contains(processed,new,processing)', ['charlie']],
    ['status=!contains(processed)', ['alpha', 'bravo', 'delta']],
    ['status=draft', ['alpha', 'bravo', 'delta']],
    ['mergeFunction.value=COUNT', ['bravo']],
    ['mergePolicy.value=max', ['delta']],
    ['createEpoch>=1', ['alpha', 'bravo', 'charlie', 'delta']],
    ['createdEpoch<=1', []],
  ])('filters with property=%s', async (filter, names) => {
    const page = await s.list(`?sortBy=name&property=${encodeURIComponent(filter)}`);
    expect(page.computedAttributes.map((a) => a.name)).toEqual(names);
    expect(page._page.totalCount).toBe(names.length);
  });

  it('combines several property filters and keeps them in the links', async () => {
    const page = await s.list(`?limit=1&sortBy=name&property=${encodeURIComponent('status=draft')}&property=${encodeURIComponent('name!=alpha')}`);
    expect(page.computedAttributes.map((a) => a.name)).toEqual(['bravo']);
    expect(page._page.totalCount).toBe(2);
    expect(page._links.next?.href).toBe('/attributes?offset=1&limit=1&sortBy=name&property=status=draft&property=name!=alpha');
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=41', 'limit'],
    ['offset=-1', 'offset'],
    ['sortBy=color', 'sortBy must be one of name, status, updateEpoch, createEpoch'],
    ['property=color%3Dred', 'property "color" cannot be filtered on'],
    ['property=status%3Dcontains(happy)', 'is not a status'],
    ['property=name%3E%3Dabc', 'name takes =, !=, =contains(a,b) or =!contains(a,b)'],
    ['property=updateEpoch%3E%3Dyesterday', 'updateEpoch takes epoch milliseconds'],
    ['property=justtext', 'is not a filter'],
  ])('refuses %s with a 400', async (query, message) => {
    const res = await s.call('GET', `${CA_ATTRIBUTES}?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('400');
    expect(res.body.message).toContain(message);
  });
});

describe('GET, PATCH and DELETE /data/core/ca/attributes/{id}', () => {
  let s: Awaited<ReturnType<typeof fixture>>;
  beforeAll(async () => {
    s = await fixture();
  });

  it('answers 404 in the simple shape for an unknown id', async () => {
    for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
      const res = await s.call(method, `${CA_ATTRIBUTES}/nope`, method === 'PATCH' ? { description: 'x' } : undefined);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ code: '404', message: 'Computed attribute nope not found' });
    }
  });

  it('edits a DRAFT as a partial object, re-deriving the merge function', async () => {
    const ca = (await s.create(body('editable'))).body as ComputedAttribute;
    await new Promise((r) => setTimeout(r, 2));
    const res = await s.call('PATCH', `${CA_ATTRIBUTES}/${ca.id}`, {
      description: 'changed',
      displayName: 'Editable',
      keepCurrent: true,
      expression: { type: 'PQL', format: 'pql/text', value: 'xEvent[timestamp occurs <= 2 weeks before now].count()' },
      duration: { count: 2, unit: 'WEEKS' },
      name: 'renamed',
    });
    expect(res.status, res.raw).toBe(200);
    expect(res.body).toMatchObject({
      id: ca.id,
      name: 'renamed',
      displayName: 'Editable',
      description: 'changed',
      keepCurrent: true,
      mergeFunction: { value: 'COUNT' },
      returnSchema: { 'meta:xdmType': 'integer' },
      duration: { count: 2, unit: 'WEEKS' },
      status: 'DRAFT',
      createEpoch: ca.createEpoch,
    });
    expect(res.body.updateEpoch).toBeGreaterThan(ca.updateEpoch);
    expect((await s.call('GET', `${CA_ATTRIBUTES}/${ca.id}`)).body).toEqual(res.body);
  });

  it('accepts read-only members sent back unchanged, refuses changed ones and unknown members', async () => {
    const ca = (await s.create(body('roundTrip'))).body as ComputedAttribute;
    const same = await s.call('PATCH', `${CA_ATTRIBUTES}/${ca.id}`, { ...ca, description: 'via GET object' });
    expect(same.status, same.raw).toBe(200);
    expect(same.body.description).toBe('via GET object');
    for (const [field, value, message] of [
      ['mergeFunction', { value: 'MAX' }, "mergeFunction cannot be changed: it is derived from the expression's function"],
      ['path', 'x/y', 'path cannot be changed'],
      ['lastEvaluationTs', '2020-01-01T00:00:00.000', 'lastEvaluationTs cannot be changed'],
      ['color', 'red', 'Unknown field "color"'],
    ] as const) {
      const res = await s.call('PATCH', `${CA_ATTRIBUTES}/${ca.id}`, { [field]: value });
      expect(res.status).toBe(400);
      expect(res.body.message).toContain(message);
    }
    expect((await s.call('GET', `${CA_ATTRIBUTES}/${ca.id}`)).body.description).toBe('via GET object');
  });

  it('refuses bad edits of a DRAFT and changes nothing', async () => {
    const ca = (await s.create(body('careful'))).body as ComputedAttribute;
    await s.create(body('taken'));
    for (const [patch, message] of [
      [{ expression: { value: 'xEvent.sum(' } }, 'Invalid expression: Expected an event field'],
      [{ expression: { value: 'xEvent.sum(web.webPageDetails.name)' } }, 'sum() needs a number field'],
      [{ duration: { count: 2, unit: 'DAYS' } }, 'reaches further back than the lookback of 2 days'],
      [{ duration: { count: 9, unit: 'DAYS' } }, 'out of range for DAYS: 1 to 7'],
      [{ name: 'Taken' }, 'Function with the same name already exists'],
      [{ name: 'bad_name' }, 'letters and digits'],
      [{ status: 'PROCESSED' }, 'Status DRAFT can only change to NEW (publish), not to PROCESSED'],
      [{ status: 'DISABLED' }, 'Status DRAFT can only change to NEW'],
    ] as const) {
      const res = await s.call('PATCH', `${CA_ATTRIBUTES}/${ca.id}`, patch);
      expect(res.status, JSON.stringify(patch)).toBe(400);
      expect(res.body.message).toContain(message);
    }
    expect((await s.call('GET', `${CA_ATTRIBUTES}/${ca.id}`)).body).toEqual(ca);
  });

  it('publishes a DRAFT (status NEW), evaluates it, then allows only DISABLED', async () => {
    const ca = (await s.create(body('published'))).body as ComputedAttribute;
    const res = await s.call('PATCH', `${CA_ATTRIBUTES}/${ca.id}`, { status: 'NEW' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('NEW');
    await t.jobs.whenIdle();
    const done = (await s.call('GET', `${CA_ATTRIBUTES}/${ca.id}`)).body as ComputedAttribute;
    expect(done.status).toBe('PROCESSED');
    expect(done.lastEvaluationTs).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$/);

    for (const [patch, message] of [
      [{ description: 'late' }, 'Only DRAFT computed attributes can be edited: published is PROCESSED, so description cannot change (its only allowed change is status DISABLED)'],
      [{ expression: { value: 'xEvent.count()' } }, 'expression cannot change'],
      [{ status: 'DRAFT' }, 'Status PROCESSED can only change to DISABLED, not to DRAFT'],
      [{ status: 'NEW' }, 'Status PROCESSED can only change to DISABLED, not to NEW'],
    ] as const) {
      const r = await s.call('PATCH', `${CA_ATTRIBUTES}/${ca.id}`, patch);
      expect(r.status).toBe(400);
      expect(r.body.message).toContain(message);
    }
    // unchanged values (and the same status) are not changes
    expect((await s.call('PATCH', `${CA_ATTRIBUTES}/${ca.id}`, { description: 'Total spend', status: 'PROCESSED' })).status).toBe(200);
    expect((await s.lookup('jane@example.com'))._northwind).toMatchObject({ ComputedAttributes: { published: 150 } });

    const del = await s.call('DELETE', `${CA_ATTRIBUTES}/${ca.id}`);
    expect(del.status).toBe(400);
    expect(del.body.message).toBe('Only DRAFT computed attributes can be deleted: published is PROCESSED; disable it instead (status DISABLED)');
    expect((await s.call('GET', `${CA_ATTRIBUTES}/${ca.id}`)).body.status).toBe('PROCESSED');

    const disabled = await s.call('PATCH', `${CA_ATTRIBUTES}/${ca.id}`, { status: 'DISABLED' });
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ status: 'DISABLED', evaluation: { nextEvaluationEpoch: null } });
    expect(caValues(await s.lookup('jane@example.com'))).not.toHaveProperty('published');
    const again = await s.call('PATCH', `${CA_ATTRIBUTES}/${ca.id}`, { status: 'NEW' });
    expect(again.status).toBe(400);
    expect(again.body.message).toContain('is DISABLED and cannot change');
    expect((await s.call('DELETE', `${CA_ATTRIBUTES}/${ca.id}`)).body.message).toContain('published is DISABLED; it stays, disabled');
  });

  it('deletes a DRAFT: 202 with the attribute, then 404', async () => {
    const ca = (await s.create(body('shortLived'))).body as ComputedAttribute;
    const res = await s.call('DELETE', `${CA_ATTRIBUTES}/${ca.id}`);
    expect(res.status).toBe(202);
    expect(res.body).toEqual(ca);
    expect((await s.call('GET', `${CA_ATTRIBUTES}/${ca.id}`)).status).toBe(404);
    expect((await s.call('DELETE', `${CA_ATTRIBUTES}/${ca.id}`)).status).toBe(404);
  });
});

describe('legacy /data/core/ups/config/computedAttributes', () => {
  let s: Awaited<ReturnType<typeof fixture>>;
  beforeAll(async () => {
    s = await fixture();
  });

  const legacy = (name: string, extra: Record<string, unknown> = {}) => ({
    name,
    path: '_northwind',
    description: 'legacy',
    expression: { type: 'PQL', format: 'pql/text', value: SUM_7D },
    schema: { name: '_xdm.context.profile' },
    ...extra,
  });

  it('creates (active: evaluated at once, lookback from the expression), lists and gets in the legacy shape', async () => {
    const res = await s.call('POST', LEGACY_COMPUTED_ATTRIBUTES, legacy('legacySpend'));
    expect(res.status, res.raw).toBe(200);
    const ca = res.body as LegacyComputedAttribute;
    expect(ca).toMatchObject({
      name: 'legacySpend',
      path: '_northwind/ComputedAttributes',
      positionPath: ['_northwind', 'ComputedAttributes', 'legacySpend'],
      description: 'legacy',
      schema: { name: '_xdm.context.profile' },
      returnSchema: { 'meta:xdmType': 'number' },
      dependencies: [],
      dependents: [],
      active: true,
      type: 'ComputedAttribute',
      sandbox: { sandboxName: s.sandbox, default: false },
    });
    expect(ca.definedOn[0]).toEqual({ 'meta:resourceType': 'unions', 'meta:containerId': 'tenant', $ref: 'https://ns.adobe.com/xdm/context/profile__union' });
    expect(ca.createEpoch).toBeLessThan(10_000_000_000); // seconds
    const current = (await s.call('GET', `${CA_ATTRIBUTES}/${ca.id}`)).body as ComputedAttribute;
    expect(current.duration).toEqual({ count: 7, unit: 'DAYS' });
    await t.jobs.whenIdle();
    expect(caValues(await s.lookup('jane@example.com')).legacySpend).toBe(150);

    const listed = await s.call('GET', LEGACY_COMPUTED_ATTRIBUTES);
    expect(listed.status).toBe(200);
    expect(listed.body._page).toEqual({ totalCount: 1, pageSize: 1 });
    expect(listed.body._links).toEqual({ next: {} });
    expect(listed.body.children[0].id).toBe(ca.id);
    expect((await s.call('GET', `${LEGACY_COMPUTED_ATTRIBUTES}/${ca.id}`)).body).toMatchObject({ id: ca.id, active: true });
  });

  it('pages the legacy list with start and limit', async () => {
    await s.call('POST', LEGACY_COMPUTED_ATTRIBUTES, legacy('legacyTwo', { active: false }));
    const page = await s.call('GET', `${LEGACY_COMPUTED_ATTRIBUTES}?limit=1`);
    expect(page.body._page).toEqual({ totalCount: 2, pageSize: 1 });
    expect(page.body._links.next.href).toBe('/config/computedAttributes?start=1&limit=1');
    const next = await s.call('GET', `${LEGACY_COMPUTED_ATTRIBUTES}?limit=1&start=1`);
    expect(next.body.children[0].name).toBe('legacyTwo');
  });

  it('patches with JSON Patch (204), publishes and disables with /active, deletes drafts (200 empty, then 404)', async () => {
    const draft = (await s.call('POST', LEGACY_COMPUTED_ATTRIBUTES, legacy('legacyDraft', { active: false }))).body as LegacyComputedAttribute;
    expect(draft.active).toBe(false);
    const patched = await s.call('PATCH', `${LEGACY_COMPUTED_ATTRIBUTES}/${draft.id}`, [
      { op: 'add', path: '/expression', value: { type: 'PQL', format: 'pql/text', value: 'xEvent[timestamp occurs <= 2 days before now].count()' } },
      { op: 'replace', path: '/description', value: 'patched' },
    ]);
    expect(patched.status, patched.raw).toBe(204);
    expect(patched.raw).toBe('');
    const current = (await s.call('GET', `${CA_ATTRIBUTES}/${draft.id}`)).body as ComputedAttribute;
    expect(current).toMatchObject({ description: 'patched', mergeFunction: { value: 'COUNT' }, duration: { count: 2, unit: 'DAYS' }, status: 'DRAFT' });

    const bad = await s.call('PATCH', `${LEGACY_COMPUTED_ATTRIBUTES}/${draft.id}`, [{ op: 'add', path: '/expression', value: { value: 'xEvent.sum(nope)' } }]);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('Unknown event field "nope"');
    const badPath = await s.call('PATCH', `${LEGACY_COMPUTED_ATTRIBUTES}/${draft.id}`, [{ op: 'add', path: '/mergeFunction', value: 'SUM' }]);
    expect(badPath.status).toBe(400);
    expect(badPath.body.message).toContain('path must be one of /name, /description, /displayName, /expression, /active');

    expect((await s.call('PATCH', `${LEGACY_COMPUTED_ATTRIBUTES}/${draft.id}`, [{ op: 'add', path: '/active', value: true }])).status).toBe(204);
    expect((await s.call('GET', `${LEGACY_COMPUTED_ATTRIBUTES}/${draft.id}`)).body.active).toBe(true);
    const locked = await s.call('PATCH', `${LEGACY_COMPUTED_ATTRIBUTES}/${draft.id}`, [{ op: 'replace', path: '/description', value: 'late' }]);
    expect(locked.status).toBe(400);
    expect(locked.body.message).toContain('Only DRAFT computed attributes can be edited');
    expect((await s.call('DELETE', `${LEGACY_COMPUTED_ATTRIBUTES}/${draft.id}`)).status).toBe(400);
    expect((await s.call('PATCH', `${LEGACY_COMPUTED_ATTRIBUTES}/${draft.id}`, [{ op: 'add', path: '/active', value: false }])).status).toBe(204);
    expect((await s.call('GET', `${CA_ATTRIBUTES}/${draft.id}`)).body.status).toBe('DISABLED');

    const gone = (await s.call('POST', LEGACY_COMPUTED_ATTRIBUTES, legacy('legacyGone', { active: false }))).body as LegacyComputedAttribute;
    const del = await s.call('DELETE', `${LEGACY_COMPUTED_ATTRIBUTES}/${gone.id}`);
    expect(del.status).toBe(200);
    expect(del.raw).toBe('');
    expect((await s.call('GET', `${LEGACY_COMPUTED_ATTRIBUTES}/${gone.id}`)).status).toBe(404);
  });

  it('refuses a path outside the tenant with AEP\'s message, and bad expressions', async () => {
    const res = await s.call('POST', LEGACY_COMPUTED_ATTRIBUTES, legacy('elsewhere', { path: '_othertenant' }));
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('Could not lookup schema of the computed attribute for the provided path "_othertenant"');
    const bad = await s.call('POST', LEGACY_COMPUTED_ATTRIBUTES, legacy('broken', { expression: { type: 'PQL', format: 'pql/text', value: 'xEvent[a =].count()' } }));
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('at column 11');
  });
});

describe('local builder endpoints', () => {
  let s: Awaited<ReturnType<typeof fixture>>;
  beforeAll(async () => {
    s = await fixture();
  });

  it('lists the event fields present in the sandbox with their types', async () => {
    const res = await s.call('GET', `${LOCAL_CA}/event-fields`);
    expect(res.status).toBe(200);
    const list = res.body as EventFieldList;
    expect(list).toMatchObject({ scannedEvents: 6, totalEvents: 6, complete: true });
    const byPath = Object.fromEntries(list.fields.map((f) => [f.path, f]));
    expect(byPath['commerce.order.priceTotal']).toMatchObject({ types: ['number'] });
    expect(byPath['commerce.order']).toMatchObject({ types: ['object'] });
    expect(byPath.eventType).toMatchObject({ types: ['string'] });
    expect(byPath['web.webPageDetails.name'].example).toEqual(expect.any(String));
    expect(Object.keys(byPath).some((p) => p.startsWith('identityMap'))).toBe(false);
  });

  it('validates expressions live: 200 with valid true or false, the position and what was expected', async () => {
    const ok = await s.call('POST', `${LOCAL_CA}/validate`, { expression: SUM_7D, duration: { count: 7, unit: 'DAYS' } });
    expect(ok.status).toBe(200);
    expect(ok.body as ValidationResult).toEqual({
      valid: true,
      function: 'sum',
      mergeFunction: 'SUM',
      returnSchema: { 'meta:xdmType': 'number' },
      fields: ['eventType', 'commerce.order.priceTotal'],
      canonical: SUM_7D,
    });
    const bad = await s.call('POST', `${LOCAL_CA}/validate`, { expression: 'xEvent[eventType = ].count()' });
    expect(bad.status).toBe(200);
    expect(bad.body).toMatchObject({ valid: false, position: { offset: 19, line: 1, column: 20 } });
    expect(bad.body.expected).toContain('a number');
    expect(bad.body.message).toContain('Invalid expression: Expected a value');
    const beyond = await s.call('POST', `${LOCAL_CA}/validate`, { expression: SUM_7D, duration: { count: 1, unit: 'DAYS' } });
    expect(beyond.body).toMatchObject({ valid: false, position: { column: 45 } }); // where "timestamp occurs" starts
  });

  it('dry-runs an expression on one profile: the value and the events that produced it', async () => {
    const res = await s.call('POST', `${LOCAL_CA}/dry-run`, { expression: SUM_7D, duration: { count: 7, unit: 'DAYS' }, entityId: '+15550001', entityIdNS: 'Phone' });
    expect(res.status, res.raw).toBe(200);
    const r = res.body as DryRunResult;
    expect(r).toMatchObject({ value: 150, mergeFunction: 'SUM', returnSchema: { 'meta:xdmType': 'number' }, eventsInWindow: 3, matched: 2 });
    expect(r.identities.map((i) => i.id).sort()).toEqual(['+15550001', 'ecid-jane', 'jane@example.com']);
    expect(r.events.map((e) => [e.eventId, e.value, e.eventType])).toEqual([
      ['j1', 100, 'commerce.purchases'],
      ['j2', 50, 'commerce.purchases'],
    ]);
    const max = await s.call('POST', `${LOCAL_CA}/dry-run`, {
      expression: 'xEvent.max(commerce.order.priceTotal)',
      duration: { count: 2, unit: 'WEEKS' },
      entityId: 'jane@example.com',
      entityIdNS: 'email',
    });
    expect(max.body.value).toBe(999);
    expect((max.body as DryRunResult).events.filter((e) => e.decisive).map((e) => e.eventId)).toEqual(['j3']);
    const count = await s.call('POST', `${LOCAL_CA}/dry-run`, { expression: 'xEvent[eventType = "commerce.purchases"].count()', duration: { count: 7, unit: 'DAYS' }, entityId: 'ecid-anon', entityIdNS: 'ECID' });
    expect(count.body).toMatchObject({ value: 0, matched: 0, events: [] });
  });

  it('refuses dry-runs of unknown profiles, namespaces and bad expressions', async () => {
    const base = { expression: SUM_7D, duration: { count: 7, unit: 'DAYS' } };
    const cases: [Record<string, unknown>, number, string][] = [
      [{ entityId: 'nobody@example.com', entityIdNS: 'Email' }, 404, 'No profile found for entityId "nobody@example.com" in namespace Email'],
      [{ entityId: 'x', entityIdNS: 'Nope' }, 400, 'unknown identity namespace "Nope"'],
      [{ entityId: 'not-an-xid' }, 400, 'entityIdNS is required'],
      [{ entityId: '+15550001', entityIdNS: 'Phone', expression: 'xEvent.sum(eventType)' }, 400, 'sum() needs a number field'],
      [{ entityId: '+15550001', entityIdNS: 'Phone', duration: { count: 8, unit: 'DAYS' } }, 400, 'out of range for DAYS'],
    ];
    for (const [extra, status, message] of cases) {
      const res = await s.call('POST', `${LOCAL_CA}/dry-run`, { ...base, ...extra });
      expect(res.status, JSON.stringify(extra)).toBe(status);
      expect(res.body.message).toContain(message);
    }
  });

  it('summarises an evaluated attribute: distribution and top profiles', async () => {
    const ca = (await s.create(body('summarised', { status: 'NEW' }))).body as ComputedAttribute;
    const before = await s.call('GET', `${LOCAL_CA}/${ca.id}/summary`);
    expect(before.body).toMatchObject({ profilesWithValue: 0, distribution: { kind: 'empty' }, asOf: '' });
    await t.jobs.whenIdle();
    const res = await s.call('GET', `${LOCAL_CA}/${ca.id}/summary`);
    expect(res.status).toBe(200);
    expect(res.body.profilesWithValue).toBe(2);
    expect(res.body.distribution).toMatchObject({ kind: 'numeric', min: 30, max: 150 });
    expect(res.body.distribution.buckets.reduce((n: number, b: { count: number }) => n + b.count, 0)).toBe(2);
    expect(res.body.samples.map((x: { value: number; namespace: string; id: string }) => [x.value, x.namespace, x.id])).toEqual([
      [150, 'Email', 'jane@example.com'],
      [30, 'Email', 'bob@example.com'],
    ]);
    expect((await s.call('GET', `${LOCAL_CA}/nope/summary`)).status).toBe(404);
  });
});

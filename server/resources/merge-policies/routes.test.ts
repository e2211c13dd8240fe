import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MERGE_POLICIES, PROFILE_SCHEMA_ID, EVENT_SCHEMA_ID, mergePolicyHrefToPath, type MergePolicy, type MergePolicyList } from '../../../contracts/index.ts';
import { buildApp, DEFAULT_ORG_ID, type App } from '../../app.ts';
import { createDatasetRepository } from '../datasets/repository.ts';
import { withProfileFlags } from '../datasets/tags.ts';

let dataDir: string;
let built: App;
let sandboxCounter = 0;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'merge-policies-test-'));
  built = await buildApp({ dataDir });
});

afterAll(async () => {
  await built.app.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Each test works in its own sandbox (its own database). */
function sandbox() {
  const name = `mp-${++sandboxCounter}`;
  const headers = { 'x-gw-ims-org-id': DEFAULT_ORG_ID, 'x-sandbox-name': name };
  const call = async (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown) => {
    const res = await built.app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
    return { status: res.statusCode, body: res.body ? (JSON.parse(res.body) as Record<string, unknown>) : undefined, raw: res.body };
  };
  const ctx = () => built.store.org(DEFAULT_ORG_ID).context(name, true)!;
  const dataset = (dsName: string, options: { profile?: boolean; enabled?: boolean } = {}) =>
    createDatasetRepository(ctx().db, { orgId: DEFAULT_ORG_ID, sandboxId: ctx().sandbox.id }).create(
      {
        name: dsName,
        schemaRef: { id: options.profile === false ? EVENT_SCHEMA_ID : PROFILE_SCHEMA_ID },
        tags: withProfileFlags({}, { profileEnabled: options.enabled ?? true, upsert: false }),
      },
      'test',
    );
  const list = async (query = '') => (await call('GET', `${MERGE_POLICIES}${query}`)).body as unknown as MergePolicyList;
  const create = async (body: Record<string, unknown>) => call('POST', MERGE_POLICIES, body);
  return { name, call, ctx, dataset, list, create };
}

const policyBody = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  schema: { name: '_xdm.context.profile' },
  identityGraph: { type: 'none' },
  attributeMerge: { type: 'timestampOrdered' },
  ...extra,
});

describe('default policy', () => {
  it('every sandbox starts with one default policy: pdg + timestampOrdered', async () => {
    const s = sandbox();
    const page = await s.list();
    expect(page._page).toMatchObject({ totalCount: 1, count: 1, pageSize: 1, next: '' });
    expect(page._links.next.href).toBe('');
    const [p] = page.children;
    expect(p).toMatchObject({
      name: 'Default Timebased',
      imsOrgId: DEFAULT_ORG_ID,
      sandbox: { sandboxName: s.name, type: 'development', default: false },
      schema: { name: '_xdm.context.profile' },
      version: 1,
      identityGraph: { type: 'pdg' },
      attributeMerge: { type: 'timestampOrdered' },
      isActiveOnEdge: false,
      default: true,
    });
    expect(p.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(p.updateEpoch).toBeGreaterThan(1_600_000_000);
    expect(p.updateEpoch).toBeLessThan(10_000_000_000); // seconds, not ms
  });

  it('cannot be deleted or un-set; making another policy the default demotes it in one step', async () => {
    const s = sandbox();
    const [def] = (await s.list()).children;
    const del = await s.call('DELETE', `${MERGE_POLICIES}/${def.id}`);
    expect(del.status).toBe(422);
    expect(del.body).toMatchObject({ status: 422, detail: expect.stringMatching(/default.*cannot be deleted/) });
    const unset = await s.call('PATCH', `${MERGE_POLICIES}/${def.id}`, { op: 'add', path: '/default', value: 'false' });
    expect(unset.status).toBe(422);
    expect((await s.call('GET', `${MERGE_POLICIES}/${def.id}`)).body).toMatchObject({ default: true, version: 1 });

    const created = await s.create(policyBody('New default', { default: true }));
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ default: true, version: 1 });
    const old = (await s.call('GET', `${MERGE_POLICIES}/${def.id}`)).body as MergePolicy;
    expect(old).toMatchObject({ default: false, version: 2 });
    const defaults = await s.list('?default=true');
    expect(defaults.children.map((p) => p.name)).toEqual(['New default']);
    // the old default can now be deleted
    expect((await s.call('DELETE', `${MERGE_POLICIES}/${def.id}`)).status).toBe(200);
  });
});

describe('create', () => {
  it('creates a dataSetPrecedence policy over Profile datasets and returns the full object', async () => {
    const s = sandbox();
    const a = s.dataset('Loyalty');
    const b = s.dataset('CRM');
    const res = await s.create(
      policyBody('Loyalty first', { identityGraph: { type: 'pdg' }, attributeMerge: { type: 'dataSetPrecedence', order: [a, b] } }),
    );
    expect(res.status).toBe(200);
    const p = res.body as MergePolicy;
    expect(p).toMatchObject({ name: 'Loyalty first', version: 1, default: false, isActiveOnEdge: false, attributeMerge: { type: 'dataSetPrecedence', order: [a, b] } });
    expect((await s.call('GET', `${MERGE_POLICIES}/${p.id}`)).body).toEqual(p);
  });

  it('accepts string booleans and drops order for timestampOrdered', async () => {
    const s = sandbox();
    const res = await s.create(policyBody('Strings', { default: 'false', isActiveOnEdge: 'true', attributeMerge: { type: 'timestampOrdered', order: ['x'] } }));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ isActiveOnEdge: true, default: false, attributeMerge: { type: 'timestampOrdered' } });
    expect((res.body as MergePolicy).attributeMerge.order).toBeUndefined();
  });

  it.each([
    ['missing name', { schema: { name: '_xdm.context.profile' }, identityGraph: { type: 'none' }, attributeMerge: { type: 'timestampOrdered' } }, /name/],
    ['empty name', policyBody('  '), /name must not be empty/],
    ['bad identity graph', policyBody('x', { identityGraph: { type: 'auto' } }), /identityGraph.type must be none or pdg/],
    ['bad attribute merge', policyBody('x', { attributeMerge: { type: 'newest' } }), /attributeMerge.type/],
    ['precedence without order', policyBody('x', { attributeMerge: { type: 'dataSetPrecedence' } }), /attributeMerge.order is required/],
    ['precedence with empty order', policyBody('x', { attributeMerge: { type: 'dataSetPrecedence', order: [] } }), /attributeMerge.order is required/],
    ['unknown schema class', policyBody('x', { schema: { name: '_xdm.context.experienceevent' } }), /schema.name must be _xdm.context.profile/],
    ['missing schema', { name: 'x', identityGraph: { type: 'none' }, attributeMerge: { type: 'timestampOrdered' } }, /schema/],
  ])('refuses %s with 400 naming the field', async (_label, body, message) => {
    const s = sandbox();
    const res = await s.create(body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: 400, detail: expect.stringMatching(message) });
    expect((await s.list())._page.totalCount).toBe(1);
  });

  it('refuses a policy with an unknown dataset, a dataset not enabled for Profile or only event datasets', async () => {
    const s = sandbox();
    const good = s.dataset('CRM');
    const events = s.dataset('Web', { profile: false });
    const disabled = s.dataset('Staging', { enabled: false });
    const disabledEvents = s.dataset('Raw clicks', { profile: false, enabled: false });
    const cases: [string[], RegExp][] = [
      [[good, 'aaaaaaaaaaaaaaaaaaaaaaaa'], /attributeMerge.order\[1\]: dataset aaaaaaaaaaaaaaaaaaaaaaaa does not exist/],
      [[events], /at least one Profile-class dataset.*only ExperienceEvent datasets/],
      [[disabled], /not enabled for Profile/],
      [[good, disabledEvents], new RegExp(`attributeMerge.order\\[1\\]: dataset ${disabledEvents} \\("Raw clicks"\\) is not enabled for Profile`)],
      [[good, good], /appears twice/],
    ];
    for (const [order, message] of cases) {
      const res = await s.create(policyBody('Bad order', { attributeMerge: { type: 'dataSetPrecedence', order } }));
      expect(res.status).toBe(400);
      expect((res.body as { detail: string }).detail).toMatch(message);
    }
    expect((await s.list())._page.totalCount).toBe(1);
  });

  it('accepts Profile-enabled event datasets in a dataSetPrecedence order and echoes the order as sent', async () => {
    const s = sandbox();
    const crm = s.dataset('CRM');
    const web = s.dataset('Web', { profile: false });
    const res = await s.create(policyBody('Web events only', { attributeMerge: { type: 'dataSetPrecedence', order: [web, crm] } }));
    expect(res.status).toBe(200);
    const p = res.body as unknown as MergePolicy;
    expect(p.attributeMerge).toEqual({ type: 'dataSetPrecedence', order: [web, crm] });
    const patched = await s.call('PATCH', `${MERGE_POLICIES}/${p.id}`, { op: 'add', path: '/attributeMerge.order', value: [crm] });
    expect(patched.body).toMatchObject({ version: 2, attributeMerge: { order: [crm] } });
  });

  it('refuses a duplicate name (case-insensitive) with 409', async () => {
    const s = sandbox();
    expect((await s.create(policyBody('Mine'))).status).toBe(200);
    const dup = await s.create(policyBody('MINE'));
    expect(dup.status).toBe(409);
    expect((dup.body as { detail: string }).detail).toMatch(/already exists/);
  });

  it('refuses a sixth policy with a clear 422 and changes nothing', async () => {
    const s = sandbox();
    for (let i = 2; i <= 5; i++) expect((await s.create(policyBody(`P${i}`))).status).toBe(200);
    const sixth = await s.create(policyBody('P6', { default: true }));
    expect(sixth.status).toBe(422);
    expect((sixth.body as { detail: string }).detail).toMatch(/maximum is 5/);
    const page = await s.list();
    expect(page._page.totalCount).toBe(5);
    expect(page.children.find((p) => p.default)?.name).toBe('Default Timebased');
  });

  it('allows only one active-on-edge policy per sandbox', async () => {
    const s = sandbox();
    const edge = await s.create(policyBody('Edge', { isActiveOnEdge: true }));
    expect(edge.status).toBe(200);
    const second = await s.create(policyBody('Edge 2', { isActiveOnEdge: true }));
    expect(second.status).toBe(422);
    expect((second.body as { detail: string }).detail).toMatch(/"Edge".*already active on edge/);
  });

  it('answers a body with the wrong content type with 415', async () => {
    const s = sandbox();
    const res = await built.app.inject({
      method: 'POST',
      url: MERGE_POLICIES,
      headers: { 'x-gw-ims-org-id': DEFAULT_ORG_ID, 'x-sandbox-name': s.name, 'content-type': 'text/plain' },
      payload: 'name=x',
    });
    expect(res.statusCode).toBe(415);
  });
});

describe('get and bulk-get', () => {
  it('404 for an unknown id', async () => {
    const s = sandbox();
    const res = await s.call('GET', `${MERGE_POLICIES}/does-not-exist`);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ status: 404, detail: 'Merge policy does-not-exist not found' });
  });

  it('bulk-get answers 207 with every known policy and a 404 entry per unknown id', async () => {
    const s = sandbox();
    const [def] = (await s.list()).children;
    const other = (await s.create(policyBody('Other'))).body as MergePolicy;
    const res = await s.call('POST', `${MERGE_POLICIES}/bulk-get`, { ids: [{ id: def.id }, { id: other.id }, { id: 'nope' }] });
    expect(res.status).toBe(207);
    const results = (res.body as { results: Record<string, unknown> }).results;
    expect(results[def.id]).toEqual(def);
    expect(results[other.id]).toEqual(other);
    expect(results.nope).toMatchObject({ status: 404, title: 'Not Found', detail: 'Merge policy nope not found' });
  });

  it('bulk-get refuses an empty id list', async () => {
    const s = sandbox();
    const res = await s.call('POST', `${MERGE_POLICIES}/bulk-get`, { ids: [] });
    expect(res.status).toBe(400);
    expect((res.body as { detail: string }).detail).toMatch(/ids/);
  });
});

describe('list', () => {
  async function fivePolicies() {
    const s = sandbox();
    const ds = s.dataset('CRM');
    await s.create(policyBody('alpha', { identityGraph: { type: 'pdg' } }));
    await s.create(policyBody('Charlie', { attributeMerge: { type: 'dataSetPrecedence', order: [ds] } }));
    await s.create(policyBody('bravo', { isActiveOnEdge: true }));
    await s.create(policyBody('delta'));
    return s;
  }

  it('sorts by name (case-insensitive) by default, -name descending, orderby accepted too', async () => {
    const s = await fivePolicies();
    const names = (p: MergePolicyList) => p.children.map((c) => c.name);
    expect(names(await s.list())).toEqual(['alpha', 'bravo', 'Charlie', 'Default Timebased', 'delta']);
    expect(names(await s.list('?orderBy=-name'))).toEqual(['delta', 'Default Timebased', 'Charlie', 'bravo', 'alpha']);
    expect(names(await s.list('?orderby=%2Bname'))).toEqual(['alpha', 'bravo', 'Charlie', 'Default Timebased', 'delta']);
    expect(names(await s.list('?orderBy=+name'))).toEqual(['alpha', 'bravo', 'Charlie', 'Default Timebased', 'delta']);
    expect(names(await s.list('?orderBy='))).toEqual(['alpha', 'bravo', 'Charlie', 'Default Timebased', 'delta']);
    const bad = await s.call('GET', `${MERGE_POLICIES}?orderBy=colour`);
    expect(bad.status).toBe(400);
    expect((bad.body as { detail: string }).detail).toMatch(/orderBy/);
  });

  it('filters by every documented parameter', async () => {
    const s = await fivePolicies();
    const names = async (q: string) => (await s.list(q)).children.map((c) => c.name);
    expect(await names('?identityGraph.type=pdg')).toEqual(['alpha', 'Default Timebased']);
    expect(await names('?attributeMerge.type=dataSetPrecedence')).toEqual(['Charlie']);
    expect(await names('?isActiveOnEdge=true')).toEqual(['bravo']);
    expect(await names('?default=true')).toEqual(['Default Timebased']);
    expect(await names('?default=false&identityGraph.type=none')).toEqual(['bravo', 'Charlie', 'delta']);
    expect(await names('?schema.name=_xdm.context.profile')).toHaveLength(5);
    expect(await names('?schema.name=_xdm.context.account')).toEqual([]);
    expect((await s.call('GET', `${MERGE_POLICIES}?identityGraph.type=auto`)).status).toBe(400);
  });

  it('pages with limit and the start cursor through _links.next.href', async () => {
    const s = await fivePolicies();
    const seen: string[] = [];
    let url = `${MERGE_POLICIES}?limit=2&orderBy=-name`;
    const pages: MergePolicyList[] = [];
    while (url) {
      const res = await s.call('GET', url);
      expect(res.status).toBe(200);
      const page = res.body as unknown as MergePolicyList;
      pages.push(page);
      seen.push(...page.children.map((c) => c.name));
      url = page._links.next.href ? mergePolicyHrefToPath(page._links.next.href) : '';
    }
    expect(seen).toEqual(['delta', 'Default Timebased', 'Charlie', 'bravo', 'alpha']);
    expect(pages.map((p) => p._page.count)).toEqual([2, 2, 1]);
    expect(pages[0]._page).toMatchObject({ totalCount: 5, pageSize: 2 });
    expect(pages[0]._links.next.href).toMatch(/^@\/mergePolicies\?start=[A-Za-z0-9_-]+&orderBy=-name&limit=2$/);
    expect(pages[0]._page.next).not.toBe('');
    expect(pages[2]._page.next).toBe('');
    expect(pages[2]._links.next.href).toBe('');
    // a plain offset works too, and the limit is bounded
    expect((await s.list('?start=4')).children.map((c) => c.name)).toEqual(['delta']);
    expect((await s.list('?limit=2'))._page).toMatchObject({ count: 2, totalCount: 5 });
    expect((await s.call('GET', `${MERGE_POLICIES}?limit=0`)).status).toBe(400);
    expect((await s.call('GET', `${MERGE_POLICIES}?limit=101`)).status).toBe(400);
    const badCursor = await s.call('GET', `${MERGE_POLICIES}?start=%21%21`);
    expect(badCursor.status).toBe(400);
    expect((badCursor.body as { detail: string }).detail).toMatch(/start/);
  });

  it('carries filters into the next link', async () => {
    const s = await fivePolicies();
    const page = await s.list('?limit=1&identityGraph.type=none');
    expect(page._page.totalCount).toBe(3);
    expect(page._links.next.href).toContain('identityGraph.type=none');
    const next = (await s.call('GET', mergePolicyHrefToPath(page._links.next.href))).body as unknown as MergePolicyList;
    expect(next.children.map((c) => c.identityGraph.type)).toEqual(['none']);
  });
});

describe('update', () => {
  it('PUT replaces the policy, increments version and keeps default/edge flags when absent', async () => {
    const s = sandbox();
    const ds = s.dataset('CRM');
    const created = (await s.create(policyBody('Before', { isActiveOnEdge: true }))).body as MergePolicy;
    const res = await s.call('PUT', `${MERGE_POLICIES}/${created.id}`, {
      ...created,
      name: 'After',
      identityGraph: { type: 'pdg' },
      attributeMerge: { type: 'dataSetPrecedence', order: [ds] },
      isActiveOnEdge: undefined,
      version: 99,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: created.id,
      name: 'After',
      version: 2,
      identityGraph: { type: 'pdg' },
      attributeMerge: { type: 'dataSetPrecedence', order: [ds] },
      isActiveOnEdge: true,
      default: false,
    });
    expect((res.body as MergePolicy).updateEpoch).toBeGreaterThanOrEqual(created.updateEpoch);
    expect((await s.call('PUT', `${MERGE_POLICIES}/unknown`, policyBody('x'))).status).toBe(404);
    const bad = await s.call('PUT', `${MERGE_POLICIES}/${created.id}`, policyBody('After', { attributeMerge: { type: 'dataSetPrecedence', order: ['bbbbbbbbbbbbbbbbbbbbbbbb'] } }));
    expect(bad.status).toBe(400);
    expect((await s.call('GET', `${MERGE_POLICIES}/${created.id}`)).body).toMatchObject({ version: 2, attributeMerge: { order: [ds] } });
  });

  it('PATCH accepts one op object (docs) with dotted paths and string values', async () => {
    const s = sandbox();
    const p = (await s.create(policyBody('Patch me'))).body as MergePolicy;
    const res = await s.call('PATCH', `${MERGE_POLICIES}/${p.id}`, { op: 'add', path: '/identityGraph.type', value: 'pdg' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ identityGraph: { type: 'pdg' }, version: 2 });
    const edge = await s.call('PATCH', `${MERGE_POLICIES}/${p.id}`, { op: 'add', path: '/idActiveOnEdge', value: 'true' });
    expect(edge.body).toMatchObject({ isActiveOnEdge: true, version: 3 });
  });

  it('PATCH accepts an array of ops (spec) with native values, slash paths and order', async () => {
    const s = sandbox();
    const a = s.dataset('A');
    const b = s.dataset('B');
    const p = (await s.create(policyBody('Patch me'))).body as MergePolicy;
    const res = await s.call('PATCH', `${MERGE_POLICIES}/${p.id}`, [
      { op: 'add', path: '/attributeMerge.type', value: 'dataSetPrecedence' },
      { op: 'add', path: '/attributeMerge/order', value: [b, a] },
      { op: 'add', path: '/name', value: 'Renamed' },
      { op: 'add', path: '/default', value: true },
      { op: 'add', path: '/version', value: 1 },
    ]);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Renamed', default: true, version: 2, attributeMerge: { type: 'dataSetPrecedence', order: [b, a] } });
    // the previous default was demoted in the same transaction
    expect((await s.list('?default=true')).children.map((c) => c.id)).toEqual([p.id]);
    // order as a comma-separated string
    const csv = await s.call('PATCH', `${MERGE_POLICIES}/${p.id}`, { op: 'add', path: '/attributeMerge.order', value: `${a},${b}` });
    expect(csv.body).toMatchObject({ attributeMerge: { order: [a, b] }, version: 3 });
  });

  it('PATCH refuses bad ops and changes nothing', async () => {
    const s = sandbox();
    const p = (await s.create(policyBody('Patch me'))).body as MergePolicy;
    const cases: [unknown, number, RegExp][] = [
      [{ op: 'remove', path: '/name', value: 'x' }, 400, /op/],
      [{ op: 'add', path: '/colour', value: 'red' }, 400, /unsupported path "\/colour"/],
      [{ op: 'add', path: '/identityGraph.type', value: 'auto' }, 400, /identityGraph.type must be none or pdg/],
      [{ op: 'add', path: '/attributeMerge.type', value: 'dataSetPrecedence' }, 400, /attributeMerge.order is required/],
      [{ op: 'add', path: '/default', value: 'maybe' }, 400, /default/],
      [{ op: 'add', path: '/name' }, 400, /value is required/],
      [[{ op: 'add', path: '/name', value: 'ok' }, { op: 'add', path: '/version', value: 7 }], 409, /version 7 does not match the current version 1/],
      [[], 400, /at least one operation/],
    ];
    for (const [body, status, message] of cases) {
      const res = await s.call('PATCH', `${MERGE_POLICIES}/${p.id}`, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect((res.body as { detail: string }).detail).toMatch(message);
    }
    expect((await s.call('GET', `${MERGE_POLICIES}/${p.id}`)).body).toEqual(p);
    expect((await s.call('PATCH', `${MERGE_POLICIES}/nope`, { op: 'add', path: '/name', value: 'x' })).status).toBe(404);
  });
});

describe('delete', () => {
  it('deletes with 200 and an empty body; then GET is 404', async () => {
    const s = sandbox();
    const p = (await s.create(policyBody('Doomed'))).body as MergePolicy;
    const res = await s.call('DELETE', `${MERGE_POLICIES}/${p.id}`);
    expect(res.status).toBe(200);
    expect(res.raw).toBe('');
    expect((await s.call('GET', `${MERGE_POLICIES}/${p.id}`)).status).toBe(404);
    expect((await s.call('DELETE', `${MERGE_POLICIES}/${p.id}`)).status).toBe(404);
  });

  it('refuses to delete the active-on-edge policy until it is switched off', async () => {
    const s = sandbox();
    const p = (await s.create(policyBody('Edge', { isActiveOnEdge: true }))).body as MergePolicy;
    const res = await s.call('DELETE', `${MERGE_POLICIES}/${p.id}`);
    expect(res.status).toBe(422);
    expect((res.body as { detail: string }).detail).toMatch(/active on edge and cannot be deleted/);
    expect((await s.call('GET', `${MERGE_POLICIES}/${p.id}`)).status).toBe(200);
    await s.call('PATCH', `${MERGE_POLICIES}/${p.id}`, { op: 'add', path: '/isActiveOnEdge', value: false });
    expect((await s.call('DELETE', `${MERGE_POLICIES}/${p.id}`)).status).toBe(200);
  });
});

describe('tenancy', () => {
  it('policies are per sandbox', async () => {
    const a = sandbox();
    const b = sandbox();
    await a.create(policyBody('Only in A'));
    expect((await a.list())._page.totalCount).toBe(2);
    expect((await b.list())._page.totalCount).toBe(1);
  });

  it('the OpenAPI document includes the merge policy operations', async () => {
    const res = await built.app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = JSON.parse(res.body) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining([MERGE_POLICIES, `${MERGE_POLICIES}/{mergePolicyId}`, `${MERGE_POLICIES}/bulk-get`]));
  });
});

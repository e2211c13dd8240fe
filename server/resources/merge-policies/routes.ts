// `/data/core/ups/config/mergePolicies` (api-contract §4).
import type { FastifyInstance } from 'fastify';
import {
  bulkGetMergePolicies,
  createMergePolicy,
  deleteMergePolicy,
  getMergePolicy,
  listMergePolicies,
  patchMergePolicy,
  replaceMergePolicy,
  type BulkGetMergePoliciesResponse,
} from '../../../contracts/index.ts';
import { route, withStatus } from '../../http/route.ts';
import { problem } from '../../http/api-error.ts';
import type { SandboxContext } from '../../store/tenant-store.ts';
import { createMergePolicyRepository, mergePolicyNotFound, type MergePolicySortField } from './repository.ts';
import { applyPatch, draftFromBody } from './rules.ts';

export const mergePolicyRepository = (tenant: SandboxContext) =>
  createMergePolicyRepository(tenant.db, { orgId: tenant.orgId, sandbox: tenant.sandbox });

/** Page cursors are opaque base64url tokens (as AEP's are); a plain offset is accepted too. */
const encodeCursor = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64url');

function decodeCursor(start: string | undefined, requestId: string): number {
  if (start === undefined || start === '') return 0;
  if (/^\d{1,9}$/.test(start)) return Number(start);
  const m = /^offset:(\d{1,9})$/.exec(Buffer.from(start, 'base64url').toString('utf8'));
  if (!m) throw problem(400, `Invalid query parameter start: "${start.slice(0, 80)}" is not a page cursor from _page.next`, { code: 'UPS-MRG', requestId });
  return Number(m[1]);
}

function parseSort(orderBy: string | undefined): { field: MergePolicySortField; descending: boolean; text: string } {
  const text = (orderBy ?? '').trim();
  if (text === '') return { field: 'name', descending: false, text: '' };
  const descending = text.startsWith('-');
  const field = text.replace(/^[+-]/, '') as MergePolicySortField;
  return { field, descending, text: descending ? `-${field}` : field };
}

export function registerMergePolicyRoutes(app: FastifyInstance): void {
  route(app, listMergePolicies, ({ tenant, query, requestId }) => {
    const sort = parseSort(query.orderBy ?? query.orderby);
    const offset = decodeCursor(query.start, requestId);
    const filters = {
      'schema.name': query['schema.name'],
      default: query.default,
      isActiveOnEdge: query.isActiveOnEdge,
      'identityGraph.type': query['identityGraph.type'],
      'attributeMerge.type': query['attributeMerge.type'],
      version: query.version,
    };
    const all = mergePolicyRepository(tenant).list(
      {
        schemaName: filters['schema.name'],
        isDefault: filters.default,
        isActiveOnEdge: filters.isActiveOnEdge,
        identityGraph: filters['identityGraph.type'],
        attributeMerge: filters['attributeMerge.type'],
        version: filters.version,
      },
      sort,
    );
    const children = all.slice(offset, offset + query.limit);
    const next = offset + query.limit < all.length ? encodeCursor(offset + query.limit) : '';
    let href = '';
    if (next) {
      const params = new URLSearchParams({ start: next, orderBy: sort.text, limit: String(query.limit) });
      for (const [k, v] of Object.entries(filters)) if (v !== undefined) params.set(k, String(v));
      href = `@/mergePolicies?${params.toString()}`;
    }
    return {
      _page: { totalCount: all.length, pageSize: children.length, count: children.length, next },
      children,
      _links: { next: { href } },
    };
  });

  route(app, getMergePolicy, ({ tenant, params, requestId }) => {
    const policy = mergePolicyRepository(tenant).get(params.mergePolicyId);
    if (!policy) throw mergePolicyNotFound(params.mergePolicyId, requestId);
    return policy;
  });

  route(app, bulkGetMergePolicies, ({ tenant, body, requestId }) => {
    const repo = mergePolicyRepository(tenant);
    const results: BulkGetMergePoliciesResponse['results'] = {};
    for (const { id } of body.ids) {
      results[id] = repo.get(id) ?? (mergePolicyNotFound(id, requestId).body as BulkGetMergePoliciesResponse['results'][string]);
    }
    return withStatus<typeof bulkGetMergePolicies>(207, { results });
  });

  route(app, createMergePolicy, ({ tenant, body, requestId }) => mergePolicyRepository(tenant).create(draftFromBody(body), requestId));

  route(app, replaceMergePolicy, ({ tenant, params, body, requestId }) => {
    const updated = mergePolicyRepository(tenant).update(params.mergePolicyId, (current) => draftFromBody(body, current), requestId);
    if (!updated) throw mergePolicyNotFound(params.mergePolicyId, requestId);
    return updated;
  });

  route(app, patchMergePolicy, ({ tenant, params, body, requestId }) => {
    const updated = mergePolicyRepository(tenant).update(params.mergePolicyId, (current) => applyPatch(current, body, requestId), requestId);
    if (!updated) throw mergePolicyNotFound(params.mergePolicyId, requestId);
    return updated;
  });

  route(app, deleteMergePolicy, ({ tenant, params, requestId }) => {
    if (!mergePolicyRepository(tenant).remove(params.mergePolicyId, requestId)) throw mergePolicyNotFound(params.mergePolicyId, requestId);
    return undefined;
  });
}

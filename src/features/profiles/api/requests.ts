// Request functions for the profile pages: contract endpoints in, plain data out. No React here;
// queries.ts wraps these for React Query.
import { listDatasets, type Dataset } from '../../../../contracts/catalog.ts';
import { EVENT_CLASS, PROFILE_CLASS } from '../../../../contracts/common.ts';
import { getEntities, type Entity, type EventPage, type GetEntitiesQuery } from '../../../../contracts/entities.ts';
import { listNamespaces, type Namespace } from '../../../../contracts/identity.ts';
import { listMergePolicies, type MergePolicy } from '../../../../contracts/merge-policies.ts';
import { listSampleProfiles, type SampleProfiles } from '../../../../contracts/local-profiles.ts';
import { apiRequest, ApiError } from '../../../lib/api-client.ts';
import type { SandboxTenant } from '../../../hooks/use-tenant.ts';

/** What the profile URL names: `/:sandbox/profiles/:namespace/:id?mergePolicyId=`. */
export interface ProfileLookup {
  namespace: string;
  id: string;
  /** Absent: the sandbox's default policy. */
  mergePolicyId?: string;
}

/** A profile as the page shows it: the entity with the provenance extension, plus its request id. */
export interface ProfileResult {
  xid: string;
  entity: Entity;
  requestId: string | undefined;
}

function isEventPage(data: unknown): data is EventPage {
  return typeof data === 'object' && data !== null && '_page' in data && 'children' in data;
}

/** One merged profile with per-attribute provenance, its computed attributes, fragments and identity graph. */
export async function fetchProfile(tenant: SandboxTenant, lookup: ProfileLookup, signal?: AbortSignal): Promise<ProfileResult> {
  const { data, requestId } = await apiRequest(getEntities, {
    tenant,
    signal,
    query: {
      'schema.name': PROFILE_CLASS,
      entityId: lookup.id,
      entityIdNS: lookup.namespace,
      mergePolicyId: lookup.mergePolicyId,
      provenance: 'true',
      // Computed attributes appear in the attribute tree under the tenant's ComputedAttributes path.
      withCA: 'true',
    },
  });
  const entry = isEventPage(data) ? undefined : Object.entries(data)[0];
  if (!entry) {
    throw new ApiError({ kind: 'contract', status: 200, message: 'The service answered the profile lookup without a profile', endpointId: getEntities.id, requestId });
  }
  return { xid: entry[0], entity: entry[1], requestId };
}

export type EventOrder = 'desc' | 'asc';

export interface EventFilters {
  /** ms, inclusive */
  startTime?: number;
  /** ms, exclusive */
  endTime?: number;
  /** `path<op>value`, at most three. */
  property: string[];
  order: EventOrder;
  limit: number;
}

function eventPage(data: unknown, requestId: string | undefined): EventPage {
  if (!isEventPage(data)) {
    throw new ApiError({ kind: 'contract', status: 200, message: 'The service answered the event lookup with a profile', endpointId: getEntities.id, requestId });
  }
  return data;
}

/** The first page of a profile's experience events. */
export async function fetchEvents(tenant: SandboxTenant, lookup: ProfileLookup, filters: EventFilters, signal?: AbortSignal): Promise<EventPage> {
  const { data, requestId } = await apiRequest(getEntities, {
    tenant,
    signal,
    query: {
      'schema.name': EVENT_CLASS,
      'relatedSchema.name': PROFILE_CLASS,
      relatedEntityId: lookup.id,
      relatedEntityIdNS: lookup.namespace,
      mergePolicyId: lookup.mergePolicyId,
      startTime: filters.startTime,
      endTime: filters.endTime,
      property: filters.property.length > 0 ? filters.property : undefined,
      orderby: filters.order === 'desc' ? '-timestamp' : '+timestamp',
      limit: filters.limit,
    },
  });
  return eventPage(data, requestId);
}

/**
 * A later page: `_links.next.href` is `/entities?start=…&…` relative to `/data/core/ups/access`, with
 * every original parameter. Its parameters are sent again through the same contract endpoint.
 */
export async function fetchEventsPage(tenant: SandboxTenant, href: string, signal?: AbortSignal): Promise<EventPage> {
  const q = href.indexOf('?');
  if (!href.startsWith('/entities') || q < 0) {
    throw new ApiError({ kind: 'contract', status: 200, message: `Unexpected next link "${href.slice(0, 100)}"`, endpointId: getEntities.id });
  }
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(href.slice(q + 1))) {
    const current = query[key];
    query[key] = current === undefined ? value : Array.isArray(current) ? [...current, value] : [current, value];
  }
  const { data, requestId } = await apiRequest(getEntities, { tenant, signal, query: query as unknown as GetEntitiesQuery });
  return eventPage(data, requestId);
}

/** The sandbox's identity namespaces, standard and custom. */
export async function fetchNamespaces(tenant: SandboxTenant, signal?: AbortSignal): Promise<Namespace[]> {
  const { data } = await apiRequest(listNamespaces, { tenant, signal });
  return data;
}

/** The profile merge policies of the sandbox (at most five), default first, then by name. */
export async function fetchMergePolicies(tenant: SandboxTenant, signal?: AbortSignal): Promise<MergePolicy[]> {
  const { data } = await apiRequest(listMergePolicies, { tenant, signal, query: { 'schema.name': PROFILE_CLASS, limit: 100 } });
  return [...data.children].sort((a, b) => Number(b.default) - Number(a.default) || a.name.localeCompare(b.name));
}

/** Dataset names by id (every page of the Catalog list). */
export async function fetchDatasetNames(tenant: SandboxTenant, signal?: AbortSignal): Promise<Record<string, Pick<Dataset, 'name' | 'schemaRef'>>> {
  const names: Record<string, Pick<Dataset, 'name' | 'schemaRef'>> = {};
  const limit = 100;
  for (let start = 0; start < 10_000; start += limit) {
    const { data } = await apiRequest(listDatasets, { tenant, signal, query: { limit, start, orderBy: 'asc:name' } });
    const entries = Object.entries(data);
    for (const [id, d] of entries) names[id] = { name: d.name, schemaRef: d.schemaRef };
    if (entries.length < limit) break;
  }
  return names;
}

/** A sample of profiles to browse (local extension; 404/501 where the service has none). */
export async function fetchSampleProfiles(
  tenant: SandboxTenant,
  params: { mergePolicyId?: string; seed: number; limit?: number },
  signal?: AbortSignal,
): Promise<SampleProfiles> {
  const { data } = await apiRequest(listSampleProfiles, { tenant, signal, query: { mergePolicyId: params.mergePolicyId, seed: params.seed, limit: params.limit } });
  return data;
}

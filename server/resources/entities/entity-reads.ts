// The reads of GET /access/entities — a merged profile, or a page of a profile's experience events —
// as functions of the store and the already validated request. They run on the event loop or, for
// the service's lookups, in a read worker thread (read-pool.ts) on its own read-only connection:
// the same code either way. The POST lookups and the console's local routes reuse the pieces.
import type { Database } from 'better-sqlite3';
import { EPOCH_RFC3339, type Entity, type EntityMap, type EventPage } from '../../../contracts/index.ts';
import { entitiesError } from '../../http/api-error.ts';
import { TooManyIdentitiesError, projectFields, type MergedProfile, type MergePolicyRules, type ProfileEvent } from '../../engine/merge.ts';
import type { ResolvedMergePolicy } from '../merge-policies/repository.ts';
import { readEvents, readProfile, readProfileGraph, resolveIdentity, type StoredIdentity } from './profile-reader.ts';
import { matchesAll, type PropertyFilter } from './property-filter.ts';
import { withComputedAttributes } from '../computed-attributes/with-ca.ts';

/** RFC 3339 without milliseconds, as Adobe's examples (`2018-08-28T20:57:24Z`). */
export function rfc3339(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0 || ms > 253402300799999) return EPOCH_RFC3339;
  return new Date(ms).toISOString().slice(0, 19) + 'Z';
}

export const tooMany = (e: TooManyIdentitiesError) =>
  entitiesError(
    422,
    'Too many related identities',
    `The identity graph links ${e.identityCount} identities; profiles above 50 are excluded from lookups (use a merge policy with identityGraph none to see single identities)`,
  );

/** Resolves an identity parameter pair or throws the entities error naming the parameters. */
export function identityOrThrow(db: Database, value: string, namespace: string | undefined, idParam: string, nsParam: string): StoredIdentity {
  const r = resolveIdentity(db, value, namespace);
  if (r.ok) return r.identity;
  switch (r.reason) {
    case 'unknownNamespace':
      throw entitiesError(400, `${nsParam}: unknown identity namespace "${namespace}"`);
    case 'namespaceRequired':
      throw entitiesError(400, `${nsParam} is required: ${idParam} "${value.slice(0, 100)}" is not an XID`);
    case 'notFound':
      throw entitiesError(404, `No profile found for ${idParam} "${value.slice(0, 100)}"${namespace ? ` in namespace ${namespace}` : ''}`);
  }
}

export function parseFields(fields: string | string[] | undefined): string[] | undefined {
  if (fields === undefined) return undefined;
  const list = (Array.isArray(fields) ? fields : fields.split(',')).map((f) => f.trim()).filter((f) => f !== '');
  return list.length > 0 ? list : undefined;
}

const underFields = (path: string, fields: string[]) => fields.some((f) => path === f || path.startsWith(`${f}.`) || f.startsWith(`${path}.`));

interface EntityOptions {
  fields?: string[];
  policyId: string | null;
  provenance?: { db: Database; identity: StoredIdentity; rules: MergePolicyRules };
}

export function toEntity(merged: MergedProfile, o: EntityOptions): Entity {
  const entity: Entity = {
    entityId: merged.entityId,
    sources: merged.sources,
    tags: merged.tags,
    identityGraph: merged.identities.map((i) => i.xid),
    ...(o.policyId ? { mergePolicy: { id: o.policyId } } : {}),
    entity: o.fields ? projectFields(merged.entity, o.fields) : merged.entity,
    lastModifiedAt: rfc3339(merged.lastModifiedAt),
  };
  if (o.provenance) {
    const fields = o.fields;
    entity.provenance = fields
      ? Object.fromEntries(Object.entries(merged.provenance).filter(([path]) => underFields(path, fields)))
      : merged.provenance;
    entity.fragments = merged.fragments;
    entity.graph = readProfileGraph(o.provenance.db, o.provenance.identity, o.provenance.rules);
  }
  return entity;
}

export const stub = (xid: string): Entity => ({ entityId: xid, sources: [''], entity: {}, lastModifiedAt: EPOCH_RFC3339 });

export const emptyPage = (): EventPage => ({
  _page: { orderby: 'timestamp', start: '', count: 0, next: '' },
  children: [],
  _links: { next: { href: '' } },
});

export function eventPage(events: ProfileEvent[], next: string, relatedXid: string, fields: string[] | undefined): Omit<EventPage, '_links'> {
  return {
    _page: { orderby: 'timestamp', start: events[0]?.eventId ?? '', count: events.length, next },
    children: events.map((e) => ({
      relatedEntityId: relatedXid,
      entityId: e.eventId,
      timestamp: e.timestamp,
      entity: fields ? projectFields(e.record, fields) : e.record,
      lastModifiedAt: rfc3339(e.ingestedAt),
    })),
  };
}

/** Query-string value encoding that keeps `,` and `:` readable, as Adobe's next links do. */
const encodeValue = (v: string) => encodeURIComponent(v).replace(/%2C/gi, ',').replace(/%3A/gi, ':');

/** `/entities?start=<next>&orderby=<order>&<every other original parameter>`. */
function nextHref(url: string, next: string, order: string): string {
  const q = url.indexOf('?');
  const original = new URLSearchParams(q >= 0 ? url.slice(q + 1) : '');
  const parts = [`start=${encodeValue(next)}`, `orderby=${encodeValue(order)}`];
  for (const [k, v] of original) {
    if (k === 'start' || k === 'orderby' || k === 'orderBy') continue;
    parts.push(`${encodeValue(k)}=${encodeValue(v)}`);
  }
  return `/entities?${parts.join('&')}`;
}

/** GET of a merged profile: the identity, the policy the route resolved, the options asked. */
export interface ProfileRead {
  kind: 'profile';
  entityId: string;
  namespace?: string;
  policy: ResolvedMergePolicy;
  fields?: string[];
  withCA: boolean;
  provenance: boolean;
}

/** GET of a page of a profile's experience events. `url` is the request's, for the next link. */
export interface EventsRead {
  kind: 'events';
  relatedEntityId: string;
  namespace?: string;
  policy: ResolvedMergePolicy;
  fields?: string[];
  filters: PropertyFilter[];
  startTime?: number;
  endTime?: number;
  order: string;
  limit: number;
  start?: string;
  url: string;
}

export type EntityRead = ProfileRead | EventsRead;

/** The answer of a GET /access/entities read; throws the entities error (404, 422, …) otherwise. */
export function readEntity(db: Database, read: EntityRead): EntityMap | EventPage {
  return read.kind === 'events' ? readEventsPage(db, read) : readMergedProfile(db, read);
}

function readEventsPage(db: Database, read: EventsRead): EventPage {
  const identity = identityOrThrow(db, read.relatedEntityId, read.namespace, 'relatedEntityId', 'relatedEntityIdNS');
  let page;
  try {
    page = readEvents(db, identity, read.policy.rules, {
      startTime: read.startTime,
      endTime: read.endTime,
      descending: read.order === '-timestamp',
      limit: read.limit,
      start: read.start,
      filter: read.filters.length > 0 ? (record) => matchesAll(record, read.filters) : undefined,
    });
  } catch (e) {
    if (e instanceof TooManyIdentitiesError) throw tooMany(e);
    throw e;
  }
  if (!page.ok) throw entitiesError(400, `start: "${read.start}" is not an event of this profile (copy it from _links.next.href)`);
  return {
    ...eventPage(page.events, page.next, identity.xid, read.fields),
    _links: { next: { href: page.next ? nextHref(read.url, page.next, read.order) : '' } },
  };
}

function readMergedProfile(db: Database, read: ProfileRead): EntityMap {
  const identity = identityOrThrow(db, read.entityId, read.namespace, 'entityId', 'entityIdNS');
  let merged;
  try {
    merged = readProfile(db, identity, read.policy.rules, { provenance: read.provenance });
  } catch (e) {
    if (e instanceof TooManyIdentitiesError) throw tooMany(e);
    throw e;
  }
  if (!merged) throw entitiesError(404, `No profile data for entityId "${read.entityId.slice(0, 100)}" under this merge policy`);
  if (read.withCA) merged = { ...merged, entity: withComputedAttributes(db, identity, merged.entity) };
  return {
    [merged.entityId]: toEntity(merged, {
      fields: read.fields,
      policyId: read.policy.id,
      provenance: read.provenance ? { db, identity, rules: read.policy.rules } : undefined,
    }),
  };
}

// `/data/core/ups/access/entities` (api-contract §3): profile lookup, experience-event lookup,
// several at once (POST), and deleting a profile's data.
//
// Decisions (documented where Adobe is silent or disagrees):
// * Status codes: malformed parameters, unknown namespace, missing entityIdNS → 400; unknown
//   mergePolicyId, B2B classes, "Too many related identities" → 422; nothing found → 404. All in the
//   entities envelope `{message, cause?, statusCode: "<n>"}`.
// * POST answers 200 when every identity resolved or got a stub, 207 when some failed; a failed
//   identity's entry is the spec's ErrorResponseById `{xid, error}` under its XID, next to the others.
// * Event pages: `_page.next` and the `start` cursor are event `_id`s, as in Adobe's example;
//   `_page.orderby` is the sort key without its sign, the next href keeps the sign.
import type { FastifyInstance } from 'fastify';
import type { Database } from 'better-sqlite3';
import {
  ACCOUNT_CLASS,
  EPOCH_RFC3339,
  EVENT_CLASS,
  OPPORTUNITY_CLASS,
  PROFILE_CLASS,
  deleteEntities,
  getEntities,
  postEntities,
  type EntitiesError,
  type Entity,
  type EventPage,
  type PostEntitiesResponse,
  type PostEntityIdentity,
} from '../../../contracts/index.ts';
import { entitiesError } from '../../http/api-error.ts';
import { route, withStatus } from '../../http/route.ts';
import { TooManyIdentitiesError, projectFields, type MergedProfile, type MergePolicyRules, type ProfileEvent } from '../../engine/merge.ts';
import { resolveMergePolicy, type ResolvedMergePolicy } from '../merge-policies/repository.ts';
import { deleteProfileData, readEvents, readProfile, readProfileGraph, resolveIdentity, type StoredIdentity } from './profile-reader.ts';
import { matchesAll, parsePropertyFilters } from './property-filter.ts';
import { withComputedAttributes } from '../computed-attributes/with-ca.ts';

/** RFC 3339 without milliseconds, as Adobe's examples (`2018-08-28T20:57:24Z`). */
export function rfc3339(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0 || ms > 253402300799999) return EPOCH_RFC3339;
  return new Date(ms).toISOString().slice(0, 19) + 'Z';
}

const tooMany = (e: TooManyIdentitiesError) =>
  entitiesError(
    422,
    'Too many related identities',
    `The identity graph links ${e.identityCount} identities; profiles above 50 are excluded from lookups (use a merge policy with identityGraph none to see single identities)`,
  );

function checkSchema(schemaName: string): void {
  if (schemaName === ACCOUNT_CLASS || schemaName === OPPORTUNITY_CLASS) {
    throw entitiesError(422, `schema.name ${schemaName}: B2B entities are not stored by this profile service`);
  }
}

function policyOrThrow(db: Database, mergePolicyId: string | undefined): ResolvedMergePolicy {
  const policy = resolveMergePolicy(db, mergePolicyId);
  if (!policy) throw entitiesError(422, `mergePolicyId: merge policy "${mergePolicyId}" does not exist in this sandbox`);
  return policy;
}

/** Resolves an identity parameter pair or throws the entities error naming the parameters. */
function identityOrThrow(db: Database, value: string, namespace: string | undefined, idParam: string, nsParam: string): StoredIdentity {
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

function parseFields(fields: string | string[] | undefined): string[] | undefined {
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

function toEntity(merged: MergedProfile, o: EntityOptions): Entity {
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

const stub = (xid: string): Entity => ({ entityId: xid, sources: [''], entity: {}, lastModifiedAt: EPOCH_RFC3339 });

const emptyPage = (): EventPage => ({
  _page: { orderby: 'timestamp', start: '', count: 0, next: '' },
  children: [],
  _links: { next: { href: '' } },
});

function eventPage(events: ProfileEvent[], next: string, relatedXid: string, fields: string[] | undefined): Omit<EventPage, '_links'> {
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

function timeRange(startTime: number | undefined, endTime: number | undefined, prefix: string): void {
  if (startTime !== undefined && endTime !== undefined && startTime > endTime) {
    throw entitiesError(400, `${prefix}startTime (${startTime}) must not be after ${prefix}endTime (${endTime})`);
  }
}

const nsCode = (ns: PostEntityIdentity['entityIdNS']): string | undefined => (ns === undefined ? undefined : typeof ns === 'string' ? ns : ns.code);

function relatedSchemaCheck(name: string | undefined, param: string): void {
  if (name === undefined) throw entitiesError(400, `${param} is required for ${EVENT_CLASS} lookups (${PROFILE_CLASS})`);
  if (name !== PROFILE_CLASS) throw entitiesError(400, `${param} must be ${PROFILE_CLASS}, not "${name.slice(0, 100)}"`);
}

export function registerEntityRoutes(app: FastifyInstance): void {
  route(app, getEntities, ({ tenant, query, request }) => {
    const db = tenant.db;
    const schemaName = query['schema.name'];
    checkSchema(schemaName);
    const fields = parseFields(query.fields);

    if (schemaName === EVENT_CLASS) {
      relatedSchemaCheck(query['relatedSchema.name'], 'relatedSchema.name');
      if (query.relatedEntityId === undefined) throw entitiesError(400, `relatedEntityId is required for ${EVENT_CLASS} lookups`);
      const filters = parsePropertyFilters(query.property);
      if (typeof filters === 'string') throw entitiesError(400, `property: ${filters}`);
      timeRange(query.startTime, query.endTime, '');
      const policy = policyOrThrow(db, query.mergePolicyId);
      const ns = query.relatedEntityIdNS ?? query.relatedEntityIdNs;
      const identity = identityOrThrow(db, query.relatedEntityId, ns, 'relatedEntityId', 'relatedEntityIdNS');
      const order = (query.orderby ?? query.orderBy ?? 'timestamp').trim().replace(/^\+/, '');
      let page;
      try {
        page = readEvents(db, identity, policy.rules, {
          startTime: query.startTime,
          endTime: query.endTime,
          descending: order === '-timestamp',
          limit: query.limit,
          start: query.start,
          filter: filters.length > 0 ? (record) => matchesAll(record, filters) : undefined,
        });
      } catch (e) {
        if (e instanceof TooManyIdentitiesError) throw tooMany(e);
        throw e;
      }
      if (!page.ok) throw entitiesError(400, `start: "${query.start}" is not an event of this profile (copy it from _links.next.href)`);
      return {
        ...eventPage(page.events, page.next, identity.xid, fields),
        _links: { next: { href: page.next ? nextHref(request.url, page.next, order) : '' } },
      };
    }

    if (query.entityId === undefined) throw entitiesError(400, `entityId is required for ${schemaName} lookups`);
    const policy = policyOrThrow(db, query.mergePolicyId);
    const identity = identityOrThrow(db, query.entityId, query.entityIdNS ?? query.entityIdNs, 'entityId', 'entityIdNS');
    let merged;
    try {
      merged = readProfile(db, identity, policy.rules, { provenance: query.provenance === true });
    } catch (e) {
      if (e instanceof TooManyIdentitiesError) throw tooMany(e);
      throw e;
    }
    if (!merged) throw entitiesError(404, `No profile data for entityId "${query.entityId.slice(0, 100)}" under this merge policy`);
    if (query.withCA) merged = { ...merged, entity: withComputedAttributes(db, identity, merged.entity) };
    return {
      [merged.entityId]: toEntity(merged, {
        fields,
        policyId: policy.id,
        provenance: query.provenance ? { db, identity, rules: policy.rules } : undefined,
      }),
    };
  });

  route(app, postEntities, ({ tenant, body }) => {
    const db = tenant.db;
    const schemaName = body.schema.name;
    checkSchema(schemaName);
    const fields = parseFields(body.fields);
    const policy = policyOrThrow(db, body.mergePolicyId);
    const results: PostEntitiesResponse = {};
    let failed = false;
    const fail = (key: string, status: number, message: string, cause?: string) => {
      failed = true;
      results[key] = { xid: key, error: entitiesError(status, message, cause).body as EntitiesError };
    };

    if (schemaName === EVENT_CLASS) {
      relatedSchemaCheck(body.relatedSchema?.name, 'relatedSchema.name');
      timeRange(body.timeFilter?.startTime, body.timeFilter?.endTime, 'timeFilter.');
      const orderText = (body.orderby ?? body.orderBy ?? 'timestamp').trim().replace(/^\+/, '');
      body.identities.forEach((item, i) => {
        const value = item.relatedEntityId;
        if (value === undefined) return fail(`identities[${i}]`, 400, `identities[${i}].relatedEntityId is required for ${EVENT_CLASS} lookups`);
        const ns = nsCode(item.relatedEntityIdNS ?? item.relatedEntityIdNs);
        const r = resolveIdentity(db, value, ns);
        if (!r.ok) {
          if (r.reason === 'notFound') results[value] = emptyPage();
          else if (r.reason === 'unknownNamespace') fail(value, 400, `identities[${i}].relatedEntityIdNS: unknown identity namespace "${ns}"`);
          else fail(value, 400, `identities[${i}].relatedEntityIdNS is required: "${value.slice(0, 100)}" is not an XID`);
          return;
        }
        try {
          const page = readEvents(db, r.identity, policy.rules, {
            startTime: body.timeFilter?.startTime,
            endTime: body.timeFilter?.endTime,
            descending: orderText === '-timestamp',
            limit: body.limit,
            start: item.start,
          });
          if (!page.ok) return fail(value, 400, `identities[${i}].start: "${item.start}" is not an event of this profile`);
          const identityRef: Record<string, unknown> = { relatedEntityId: value, start: page.next };
          if (item.relatedEntityIdNS ?? item.relatedEntityIdNs) identityRef.relatedEntityIdNS = item.relatedEntityIdNS ?? item.relatedEntityIdNs;
          const payload: Record<string, unknown> = {
            schema: { name: EVENT_CLASS },
            relatedSchema: { name: PROFILE_CLASS },
            identities: [identityRef],
            limit: body.limit,
            orderby: orderText,
            ...(body.timeFilter ? { timeFilter: body.timeFilter } : {}),
            ...(body.fields !== undefined ? { fields: body.fields } : {}),
            ...(body.mergePolicyId !== undefined ? { mergePolicyId: body.mergePolicyId } : {}),
          };
          results[value] = {
            ...eventPage(page.events, page.next, r.identity.xid, fields),
            _links: { next: page.next ? { href: '/entities', payload } : { href: '' } },
          };
        } catch (e) {
          if (!(e instanceof TooManyIdentitiesError)) throw e;
          const err = tooMany(e).body as { message: string; cause: string };
          fail(value, 422, err.message, err.cause);
        }
      });
    } else {
      body.identities.forEach((item, i) => {
        const value = item.entityId;
        if (value === undefined) return fail(`identities[${i}]`, 400, `identities[${i}].entityId is required for ${schemaName} lookups`);
        const ns = nsCode(item.entityIdNS ?? item.entityIdNs);
        const r = resolveIdentity(db, value, ns);
        if (!r.ok) {
          if (r.reason === 'notFound') results[r.xid] = stub(r.xid);
          else if (r.reason === 'unknownNamespace') fail(value, 400, `identities[${i}].entityIdNS: unknown identity namespace "${ns}"`);
          else fail(value, 400, `identities[${i}].entityIdNS is required: "${value.slice(0, 100)}" is not an XID`);
          return;
        }
        try {
          let merged = readProfile(db, r.identity, policy.rules);
          if (merged && body.withCA) merged = { ...merged, entity: withComputedAttributes(db, r.identity, merged.entity) };
          results[r.identity.xid] = merged ? toEntity(merged, { fields, policyId: policy.id }) : stub(r.identity.xid);
        } catch (e) {
          if (!(e instanceof TooManyIdentitiesError)) throw e;
          const err = tooMany(e).body as { message: string; cause: string };
          fail(r.identity.xid, 422, err.message, err.cause);
        }
      });
    }
    return failed ? withStatus<typeof postEntities>(207, results) : results;
  });

  route(app, deleteEntities, ({ tenant, query }) => {
    const db = tenant.db;
    const policy = policyOrThrow(db, query.mergePolicyId);
    const identity = identityOrThrow(db, query.entityId, query.entityIdNS ?? query.entityIdNs, 'entityId', 'entityIdNS');
    let deleted;
    try {
      deleted = deleteProfileData(db, identity, policy.rules);
    } catch (e) {
      if (e instanceof TooManyIdentitiesError) throw tooMany(e);
      throw e;
    }
    if (deleted.fragments + deleted.events === 0) throw entitiesError(404, `No profile data for entityId "${query.entityId.slice(0, 100)}"`);
    return withStatus<typeof deleteEntities>(202, undefined);
  });
}

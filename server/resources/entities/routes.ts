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
  EVENT_CLASS,
  OPPORTUNITY_CLASS,
  PROFILE_CLASS,
  deleteEntities,
  getEntities,
  postEntities,
  type EntitiesError,
  type PostEntitiesResponse,
  type PostEntityIdentity,
} from '../../../contracts/index.ts';
import { entitiesError } from '../../http/api-error.ts';
import { jsonText, route, withStatus } from '../../http/route.ts';
import { TooManyIdentitiesError } from '../../engine/merge.ts';
import { resolveMergePolicy, type ResolvedMergePolicy } from '../merge-policies/repository.ts';
import { deleteProfileData, readEvents, readProfile, resolveIdentity } from './profile-reader.ts';
import { parsePropertyFilters } from './property-filter.ts';
import { emptyPage, eventPage, identityOrThrow, parseFields, readEntity, stub, toEntity, tooMany, type EntityRead } from './entity-reads.ts';
import type { ReadPool } from './read-pool.ts';
import { withComputedAttributes } from '../computed-attributes/with-ca.ts';

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

export function registerEntityRoutes(app: FastifyInstance, reads: ReadPool): void {
  route(app, getEntities, async ({ tenant, query, request }) => {
    const db = tenant.db;
    const schemaName = query['schema.name'];
    checkSchema(schemaName);
    const fields = parseFields(query.fields);
    let read: EntityRead;
    if (schemaName === EVENT_CLASS) {
      relatedSchemaCheck(query['relatedSchema.name'], 'relatedSchema.name');
      if (query.relatedEntityId === undefined) throw entitiesError(400, `relatedEntityId is required for ${EVENT_CLASS} lookups`);
      const filters = parsePropertyFilters(query.property);
      if (typeof filters === 'string') throw entitiesError(400, `property: ${filters}`);
      timeRange(query.startTime, query.endTime, '');
      read = {
        kind: 'events',
        relatedEntityId: query.relatedEntityId,
        namespace: query.relatedEntityIdNS ?? query.relatedEntityIdNs,
        policy: policyOrThrow(db, query.mergePolicyId),
        fields,
        filters,
        startTime: query.startTime,
        endTime: query.endTime,
        order: (query.orderby ?? query.orderBy ?? 'timestamp').trim().replace(/^\+/, ''),
        limit: query.limit,
        start: query.start,
        url: request.url,
      };
    } else {
      if (query.entityId === undefined) throw entitiesError(400, `entityId is required for ${schemaName} lookups`);
      read = {
        kind: 'profile',
        entityId: query.entityId,
        namespace: query.entityIdNS ?? query.entityIdNs,
        policy: policyOrThrow(db, query.mergePolicyId),
        fields,
        withCA: query.withCA === true,
        provenance: query.provenance === true,
      };
    }
    if (!reads.available(db)) return readEntity(db, read);
    return jsonText<typeof getEntities>(200, await reads.run(db, read));
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

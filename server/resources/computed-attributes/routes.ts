// Computed attributes (api-contract §8): `/data/core/ca/attributes`, the legacy alpha endpoint
// `/data/core/ups/config/computedAttributes` (§8.6), and the builder's local helpers under
// `/_local/computed-attributes`. Errors are §2.5 `{code, message}`.
//
// Decisions (documented where Adobe is silent or disagrees):
// * List (§10): `computedAttributes[]` + `_page:{offset,limit,count,totalCount}` + `_links` (hrefs
//   relative to /data/core/ca, keeping sortBy and property). `property` operators: `=`/`!=` exact
//   (status and mergeFunction case-insensitive); `=contains(a,b)` is "one of" for status and
//   mergeFunction.value and "contains any" for name; `=!contains(…)` negates; epochs `>=`, `<=`
//   (also `>`, `<`, `=`, `!=`). The spec's `createdEpoch` / `mergePolicy.value` are aliases.
// * Create: `status` defaults to DRAFT; `description` to "". Names are unique regardless of case.
//   The expression is checked against the sandbox's event fields whatever the status (unknown
//   field, type mismatch, a `timestamp occurs` reaching beyond `duration` → 400). NEW is evaluated
//   at once.
// * PATCH (rules.ts): members equal to the current values are ignored; read-only members that
//   differ, and any change outside DRAFT other than status → DISABLED, are refused (400). Disabling
//   stops evaluation (a running evaluation is cancelled) and drops the values.
// * DELETE: DRAFT only (400 otherwise, naming the status and what to do instead); 202 with the
//   deleted attribute.
// * Legacy: same attributes, legacy shape (epochs in seconds, `active`). Create without a lookback
//   takes the reach of the expression's `timestamp occurs` condition (else 6 months) and is
//   evaluated at once unless `"active": false` (then a draft). PATCH is JSON Patch → 204; `/active`
//   true publishes a draft, false disables. The same status rules apply. DELETE → 200 empty.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import {
  CA_POSITION_PATH,
  LOCAL_TENANT_ID,
  PatchComputedAttributeBodySchema,
  createComputedAttribute,
  createLegacyComputedAttribute,
  deleteComputedAttribute,
  deleteLegacyComputedAttribute,
  getComputedAttribute,
  getLegacyComputedAttribute,
  listComputedAttributes,
  listLegacyComputedAttributes,
  patchComputedAttribute,
  patchLegacyComputedAttribute,
  type CreateComputedAttributeBody,
  type Duration,
  type DurationUnit,
  type PatchComputedAttributeBody,
} from '../../../contracts/index.ts';
import { route, withStatus } from '../../http/route.ts';
import { withinLookback } from '../../engine/pql-check.ts';
import { parsePql, type Condition } from '../../engine/pql-parser.ts';
import { submitEvaluation } from '../../jobs/computed-attribute-job.ts';
import { startComputedAttributeScheduler } from '../../jobs/computed-attribute-scheduler.ts';
import type { SandboxContext, TenantStore } from '../../store/tenant-store.ts';
import { advanceFieldCatalog, createFieldCatalogRunner, type FieldCatalogRunner } from './event-fields.ts';
import { registerLocalComputedAttributeRoutes } from './local-routes.ts';
import { createAttributeRepository, toComputedAttribute, toLegacyAttribute, type StoredAttribute } from './repository.ts';
import { describeIssues } from '../merge-policies/rules.ts';
import { applyPatch, caErrors, compileExpression, parsePropertyFilters, parseSort } from './rules.ts';

const CREATED_BY = 'profile-console';
/** How long a request may spend bringing the event-field catalog up to date before checking an expression. */
const CATALOG_BUDGET_MS = 200;

export interface ComputedAttributeRouteOptions {
  store: TenantStore;
  /** Refresh cadence check interval (default one minute). */
  schedulerIntervalMs?: number;
}

/** Brings the field catalog up to date (briefly; the rest in the background). */
export function syncCatalog(ctx: SandboxContext, catalog: FieldCatalogRunner, budgetMs = CATALOG_BUDGET_MS): void {
  if (!advanceFieldCatalog(ctx.db, budgetMs)) catalog.catchUp(ctx.db);
}

const enc = (v: string) => encodeURIComponent(v).replace(/%2C/gi, ',').replace(/%3D/gi, '=');

/** `/attributes?offset=…&limit=…` plus the request's sortBy and property filters. */
function listHref(offset: number, limit: number, sortBy: string | undefined, property: string[]): string {
  const parts = [`offset=${offset}`, `limit=${limit}`];
  if (sortBy) parts.push(`sortBy=${enc(sortBy)}`);
  for (const p of property) parts.push(`property=${enc(p)}`);
  return `/attributes?${parts.join('&')}`;
}

function unitOf(c: Condition, found: { count: number; unit: DurationUnit }[]): void {
  switch (c.type) {
    case 'and':
    case 'or':
      unitOf(c.left, found);
      unitOf(c.right, found);
      return;
    case 'not':
      unitOf(c.operand, found);
      return;
    case 'occurs':
      found.push({ count: c.count, unit: c.unit });
      return;
    default:
      return;
  }
}

/** Legacy creates have no lookback: the widest `timestamp occurs` window that covers the others, else 6 months. */
export function lookbackFromExpression(condition: Condition | null): Duration {
  const found: { count: number; unit: DurationUnit }[] = [];
  if (condition) unitOf(condition, found);
  const widest = found.find((w) => found.every((o) => withinLookback(o.count, o.unit, w)));
  return widest ?? { count: 6, unit: 'MONTHS' };
}

export function registerComputedAttributeRoutes(app: FastifyInstance, options: ComputedAttributeRouteOptions): void {
  const catalog = createFieldCatalogRunner();
  const scheduler = startComputedAttributeScheduler(options.store, app.jobs, {
    intervalMs: options.schedulerIntervalMs,
    log: (msg, data) => app.log.warn(data, msg),
  });
  app.addHook('onClose', async () => {
    scheduler.stop();
    catalog.stop();
  });

  /** Creates an attribute (status DRAFT or NEW) after every check; returns it. */
  const create = (ctx: SandboxContext, body: Required<Pick<CreateComputedAttributeBody, 'name' | 'displayName' | 'description' | 'keepCurrent'>> & {
    expression: string;
    duration: Duration;
    status: 'DRAFT' | 'NEW';
  }): StoredAttribute => {
    syncCatalog(ctx, catalog);
    const checked = compileExpression(ctx.db, body.expression, body.duration);
    const repo = createAttributeRepository(ctx.db);
    return ctx.db.transaction(() => {
      if (repo.byName(body.name)) throw caErrors.duplicateName(body.name);
      const now = Date.now();
      const id = randomUUID();
      repo.insert({
        id,
        name: body.name,
        displayName: body.displayName,
        description: body.description,
        expression: body.expression,
        mergeFunction: checked.mergeFunction,
        returnType: checked.returnType,
        keepCurrent: body.keepCurrent,
        duration: body.duration,
        status: body.status,
        createdBy: CREATED_BY,
        createdMs: now,
        updatedMs: now,
        jobId: null,
        lastEvalMs: null,
        evalKey: null,
        nextEvalMs: null,
        lastRun: null,
        error: null,
      });
      if (body.status === 'NEW') submitEvaluation(app.jobs, ctx, id, now);
      return repo.get(id)!;
    })();
  };

  /** Applies a PATCH body (current API or converted legacy ops); returns the updated attribute. */
  const patch = (ctx: SandboxContext, id: string, body: PatchComputedAttributeBody): StoredAttribute => {
    const repo = createAttributeRepository(ctx.db);
    const current = repo.get(id);
    if (!current) throw caErrors.notFound(id);
    const outcome = applyPatch(current, toComputedAttribute(ctx, current), body);
    if (!outcome.changed) return current;
    const next = outcome.next;
    if (next.expression !== current.expression || !sameDuration(next.duration, current.duration) || outcome.publish) {
      syncCatalog(ctx, catalog);
      const checked = compileExpression(ctx.db, next.expression, next.duration);
      next.mergeFunction = checked.mergeFunction;
      next.returnType = checked.returnType;
    }
    const cancelJob = outcome.disable ? current.jobId : null;
    const saved = ctx.db.transaction(() => {
      if (next.name !== current.name) {
        const other = repo.byName(next.name);
        if (other && other.id !== id) throw caErrors.duplicateName(next.name);
      }
      next.updatedMs = Date.now();
      repo.saveDefinition(next);
      if (outcome.disable) repo.disable(id);
      if (outcome.publish) submitEvaluation(app.jobs, ctx, id, next.updatedMs);
      return repo.get(id)!;
    })();
    if (cancelJob !== null) app.jobs.cancel(ctx, cancelJob);
    return saved;
  };

  const remove = (ctx: SandboxContext, id: string): StoredAttribute => {
    const repo = createAttributeRepository(ctx.db);
    const current = repo.get(id);
    if (!current) throw caErrors.notFound(id);
    if (current.status !== 'DRAFT') {
      const instead = current.status === 'DISABLED' ? 'it stays, disabled' : 'disable it instead (status DISABLED)';
      throw caErrors.bad(`Only DRAFT computed attributes can be deleted: ${current.name} is ${current.status}; ${instead}`);
    }
    ctx.db.transaction(() => repo.remove(id))();
    return current;
  };

  // ------------------------------------------------------------------------------- current API

  route(app, listComputedAttributes, ({ tenant, query }) => {
    const property = query.property === undefined ? [] : Array.isArray(query.property) ? query.property : [query.property];
    const filters = parsePropertyFilters(property);
    const sort = parseSort(query.sortBy?.replace(/^ /, '+'));
    const { items, total } = createAttributeRepository(tenant.db).list({ filters, sort, offset: query.offset, limit: query.limit });
    const { offset, limit } = query;
    const href = (o: number) => ({ href: listHref(o, limit, query.sortBy, property) });
    return {
      _links: {
        self: href(offset),
        ...(offset + limit < total ? { next: href(offset + limit) } : {}),
        ...(offset > 0 ? { prev: href(Math.max(0, offset - limit)) } : {}),
        ...(total > 0 ? { last: href(Math.floor((total - 1) / limit) * limit) } : {}),
      },
      computedAttributes: items.map((a) => toComputedAttribute(tenant, a)),
      _page: { offset, limit, count: items.length, totalCount: total },
    };
  });

  route(app, createComputedAttribute, ({ tenant, body }) =>
    toComputedAttribute(
      tenant,
      create(tenant, {
        name: body.name,
        displayName: body.displayName,
        description: body.description,
        keepCurrent: body.keepCurrent,
        expression: body.expression.value,
        duration: body.duration,
        status: body.status,
      }),
    ),
  );

  route(app, getComputedAttribute, ({ tenant, params }) => {
    const a = createAttributeRepository(tenant.db).get(params.attributeId);
    if (!a) throw caErrors.notFound(params.attributeId);
    return toComputedAttribute(tenant, a);
  });

  route(app, patchComputedAttribute, ({ tenant, params, body }) => toComputedAttribute(tenant, patch(tenant, params.attributeId, body)));

  route(app, deleteComputedAttribute, ({ tenant, params }) => {
    const current = createAttributeRepository(tenant.db).get(params.attributeId);
    const wire = current && toComputedAttribute(tenant, current);
    remove(tenant, params.attributeId);
    return withStatus<typeof deleteComputedAttribute>(202, wire!);
  });

  // -------------------------------------------------------------------------------- legacy API

  route(app, listLegacyComputedAttributes, ({ tenant, query }) => {
    const { items, total } = createAttributeRepository(tenant.db).list({
      filters: [],
      sort: { field: 'createEpoch', descending: false },
      offset: query.start,
      limit: query.limit,
    });
    const next = query.start + query.limit < total ? { href: `/config/computedAttributes?start=${query.start + query.limit}&limit=${query.limit}` } : {};
    return { _page: { totalCount: total, pageSize: items.length }, children: items.map((a) => toLegacyAttribute(tenant, a)), _links: { next } };
  });

  route(app, createLegacyComputedAttribute, ({ tenant, body }) => {
    const allowed = [LOCAL_TENANT_ID, `${LOCAL_TENANT_ID}/${CA_POSITION_PATH[1]}`, `${LOCAL_TENANT_ID}.${CA_POSITION_PATH[1]}`];
    if (body.path !== undefined && !allowed.includes(body.path.replace(/\/$/, ''))) throw caErrors.unknownPath(body.path);
    // a refused expression is reported by create() with its position
    const condition = conditionOf(body.expression.value);
    const created = create(tenant, {
      name: body.name,
      displayName: body.displayName ?? body.name,
      description: body.description,
      keepCurrent: false,
      expression: body.expression.value,
      duration: lookbackFromExpression(condition),
      status: body.active ? 'NEW' : 'DRAFT',
    });
    return toLegacyAttribute(tenant, created);
  });

  route(app, getLegacyComputedAttribute, ({ tenant, params }) => {
    const a = createAttributeRepository(tenant.db).get(params.attributeId);
    if (!a) throw caErrors.notFound(params.attributeId);
    return toLegacyAttribute(tenant, a);
  });

  route(app, patchLegacyComputedAttribute, ({ tenant, params, body }) => {
    const current = createAttributeRepository(tenant.db).get(params.attributeId);
    if (!current) throw caErrors.notFound(params.attributeId);
    const partial: Record<string, unknown> = {};
    for (const op of body) {
      const key = op.path.slice(1);
      if (key === 'active') {
        if (typeof op.value !== 'boolean') throw caErrors.bad('/active takes true or false');
        if (op.value === false) partial.status = 'DISABLED';
        else if (current.status === 'DRAFT') partial.status = 'NEW';
      } else partial[key] = op.value;
    }
    const parsed = PatchComputedAttributeBodySchema.safeParse(partial);
    if (!parsed.success) throw caErrors.bad(describeIssues(parsed.error, 'patch value'));
    // a draft's lookback follows its (new) expression, as on create
    if (parsed.data.expression && current.status === 'DRAFT') {
      parsed.data.duration = lookbackFromExpression(conditionOf(parsed.data.expression.value));
    }
    patch(tenant, params.attributeId, parsed.data);
    return withStatus<typeof patchLegacyComputedAttribute>(204, undefined);
  });

  route(app, deleteLegacyComputedAttribute, ({ tenant, params }) => {
    remove(tenant, params.attributeId);
    return undefined;
  });

  registerLocalComputedAttributeRoutes(app, { catalog });
}

const sameDuration = (a: Duration, b: Duration) => a.count === b.count && a.unit === b.unit;

/** The expression's condition, or null when there is none or it does not parse. */
function conditionOf(value: string): Condition | null {
  try {
    return parsePql(value).condition;
  } catch {
    return null;
  }
}

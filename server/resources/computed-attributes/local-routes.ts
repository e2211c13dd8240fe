// The builder's local helpers (not part of AEP; 501 in aep mode):
// * POST /_local/computed-attributes/validate — live check of an expression: 200 with valid true
//   (function, merge function, return type, fields read, canonical form) or valid false (the message
//   the create endpoint would give, the position and what was expected). 200 either way, so a
//   builder can validate on every keystroke without error answers.
// * GET /_local/computed-attributes/event-fields — the event field paths present in the sandbox.
// * POST /_local/computed-attributes/dry-run — one profile (default merge policy, as the evaluation
//   job): the value and the events that produced it. The events come from the profile reader.
// * GET /_local/computed-attributes/:id/summary — value distribution and top profiles.
import type { FastifyInstance } from 'fastify';
import type { Database } from 'better-sqlite3';
import {
  dryRunComputedAttribute,
  getComputedAttributeSummary,
  listEventFields,
  validateExpression,
  type CaSummary,
  type DryRunEvent,
} from '../../../contracts/index.ts';
import { simpleError } from '../../http/api-error.ts';
import { route } from '../../http/route.ts';
import { checkPql } from '../../engine/pql-check.ts';
import { PqlError, parsePql, printPql } from '../../engine/pql-parser.ts';
import { compilePql, evaluateRows, lookbackWindow, resolveValues, type EvalRow } from '../../engine/pql-evaluator.ts';
import { TooManyIdentitiesError } from '../../engine/merge.ts';
import { readEvents, resolveIdentity, selectIdentities } from '../entities/profile-reader.ts';
import { resolveMergePolicy } from '../merge-policies/repository.ts';
import { advanceFieldCatalog, fieldLookup, readFieldCatalog, type FieldCatalogRunner } from './event-fields.ts';
import { createAttributeRepository, evaluationTs } from './repository.ts';
import { caErrors, compileExpression } from './rules.ts';

const PAGE = 1000;
const MAX_TRACE = 200;

/** People identities first when a profile is shown by one identity. */
const NAMESPACE_ORDER = `CASE n.code WHEN 'Email' THEN 0 WHEN 'CRMID' THEN 1 WHEN 'loyaltyId' THEN 2 WHEN 'Phone' THEN 3 WHEN 'ECID' THEN 5 ELSE 4 END`;

function representative(db: Database, key: number, mode: 'pdg' | 'none') {
  const where = mode === 'pdg' ? 'i.graph_id = ?' : 'i.id = ?';
  return db
    .prepare(`SELECT n.code AS namespace, i.value AS id FROM identities i JOIN namespaces n ON n.id = i.namespace_id WHERE ${where} ORDER BY ${NAMESPACE_ORDER}, i.id LIMIT 1`)
    .get(key) as { namespace: string; id: string } | undefined;
}

export function registerLocalComputedAttributeRoutes(app: FastifyInstance, options: { catalog: FieldCatalogRunner }): void {
  const sync = (db: Database, budget: number) => {
    if (!advanceFieldCatalog(db, budget)) options.catalog.catchUp(db);
  };

  route(app, validateExpression, ({ tenant, body }) => {
    sync(tenant.db, 100);
    try {
      const checked = checkPql(parsePql(body.expression), fieldLookup(tenant.db), { duration: body.duration });
      return {
        valid: true as const,
        function: checked.fn,
        mergeFunction: checked.mergeFunction,
        returnSchema: { 'meta:xdmType': checked.returnType },
        fields: checked.fields,
        canonical: printPql(checked.expression),
      };
    } catch (e) {
      if (!(e instanceof PqlError)) throw e;
      return { valid: false as const, message: `Invalid expression: ${e.message}`, position: e.position, expected: e.expected };
    }
  });

  route(app, listEventFields, ({ tenant }) => {
    sync(tenant.db, 250);
    return readFieldCatalog(tenant.db);
  });

  route(app, dryRunComputedAttribute, ({ tenant, body }) => {
    const db = tenant.db;
    sync(db, 100);
    const checked = compileExpression(db, body.expression, body.duration);
    const resolved = resolveIdentity(db, body.entityId, body.entityIdNS);
    if (!resolved.ok) {
      if (resolved.reason === 'unknownNamespace') throw simpleError(400, `entityIdNS: unknown identity namespace "${body.entityIdNS}"`);
      if (resolved.reason === 'namespaceRequired') throw simpleError(400, `entityIdNS is required: "${body.entityId.slice(0, 100)}" is not an XID`);
      throw simpleError(404, `No profile found for entityId "${body.entityId.slice(0, 100)}"${body.entityIdNS ? ` in namespace ${body.entityIdNS}` : ''}`);
    }
    const identity = resolved.identity;
    const rules = resolveMergePolicy(db, undefined)!.rules;
    const asOf = body.asOf ?? Date.now();
    const window = lookbackWindow(body.duration, asOf);
    const plan = compilePql(checked.expression, asOf);
    const rows: EvalRow[] = [];
    const types = new Map<string, string | null>();
    let identities;
    try {
      identities = selectIdentities(db, identity, rules).identities;
      let start: string | undefined;
      for (;;) {
        const page = readEvents(db, identity, rules, { startTime: window.from, endTime: window.to + 1, descending: false, limit: PAGE, start });
        if (!page.ok) break;
        for (const e of page.events) {
          rows.push({ eventId: e.eventId, datasetId: e.datasetId, timestamp: e.timestamp, values: resolveValues(plan, e.record) });
          types.set(`${e.datasetId}/${e.eventId}`, typeof e.record.eventType === 'string' ? e.record.eventType : null);
        }
        if (!page.next) break;
        start = page.next;
      }
    } catch (e) {
      if (e instanceof TooManyIdentitiesError) {
        throw simpleError(422, `Too many related identities: the identity graph links ${e.identityCount} identities; profiles above 50 are excluded from lookups and evaluation`);
      }
      throw e;
    }
    const result = evaluateRows(plan, rows, window, true);
    const events: DryRunEvent[] = result.contributing
      .slice()
      .reverse()
      .slice(0, MAX_TRACE)
      .map((c) => ({
        eventId: c.row.eventId,
        datasetId: c.row.datasetId,
        timestamp: c.row.timestamp,
        eventType: types.get(`${c.row.datasetId}/${c.row.eventId}`) ?? null,
        value: c.value,
        decisive: c.decisive,
      }));
    return {
      value: result.value,
      mergeFunction: checked.mergeFunction,
      returnSchema: { 'meta:xdmType': checked.returnType },
      entityId: identity.xid,
      identities,
      window,
      eventsInWindow: result.inWindow,
      matched: result.matched,
      events,
    };
  });

  route(app, getComputedAttributeSummary, ({ tenant, params }): CaSummary => {
    const db = tenant.db;
    const a = createAttributeRepository(db).get(params.attributeId);
    if (!a) throw caErrors.notFound(params.attributeId);
    const empty: CaSummary = { profilesWithValue: 0, distribution: { kind: 'empty' }, samples: [], asOf: evaluationTs(a.lastEvalMs) };
    if (a.lastEvalMs === null || a.evalKey === null) return empty;
    const mode = a.evalKey;
    const stats = db
      .prepare('SELECT COUNT(*) AS n, MIN(num) AS min, MAX(num) AS max FROM computed_attribute_values WHERE attribute_id = ?')
      .get(a.id) as { n: number; min: number | null; max: number | null };
    if (stats.n === 0) return empty;
    const numeric = a.returnType === 'number' || a.returnType === 'integer';
    let distribution: CaSummary['distribution'];
    if (numeric && stats.min !== null && stats.max !== null) {
      const { min, max } = stats;
      const integers = a.returnType === 'integer' || (Number.isInteger(min) && Number.isInteger(max));
      const span = max - min;
      let buckets = span === 0 ? 1 : integers ? Math.min(12, span + 1) : 12;
      let width = span === 0 ? 1 : integers ? Math.ceil((span + 1) / buckets) : span / buckets;
      if (integers && span > 0) buckets = Math.ceil((span + 1) / width);
      if (width <= 0) width = 1;
      const counts = db
        .prepare(
          `SELECT MIN(CAST((num - ?) / ? AS INTEGER), ?) AS b, COUNT(*) AS n FROM computed_attribute_values WHERE attribute_id = ? GROUP BY b ORDER BY b`,
        )
        .all(min, width, buckets - 1, a.id) as { b: number; n: number }[];
      const byBucket = new Map(counts.map((c) => [c.b, c.n]));
      distribution = {
        kind: 'numeric',
        min,
        max,
        buckets: Array.from({ length: buckets }, (_, i) => ({
          from: min + i * width,
          to: integers ? min + (i + 1) * width - 1 : i === buckets - 1 ? max : min + (i + 1) * width,
          count: byBucket.get(i) ?? 0,
        })),
      };
    } else {
      const top = db
        .prepare('SELECT value, COUNT(*) AS n FROM computed_attribute_values WHERE attribute_id = ? GROUP BY value ORDER BY n DESC, value LIMIT 12')
        .all(a.id) as { value: string; n: number }[];
      const shown = top.reduce((s, t) => s + t.n, 0);
      distribution = {
        kind: 'categorical',
        values: top.map((t) => ({ value: String(JSON.parse(t.value)), count: t.n })),
        otherCount: stats.n - shown,
      };
    }
    const sampleRows = db
      .prepare(
        `SELECT profile_key AS key, value FROM computed_attribute_values WHERE attribute_id = ? ORDER BY ${numeric ? 'num DESC,' : ''} profile_key LIMIT 10`,
      )
      .all(a.id) as { key: number; value: string }[];
    const samples: CaSummary['samples'] = [];
    for (const r of sampleRows) {
      const who = representative(db, r.key, mode);
      if (!who) continue;
      const resolved = resolveIdentity(db, who.id, who.namespace);
      if (!resolved.ok) continue;
      samples.push({ entityId: resolved.identity.xid, namespace: who.namespace, id: who.id, value: JSON.parse(r.value) as string | number | boolean });
    }
    return { profilesWithValue: stats.n, distribution, samples, asOf: evaluationTs(a.lastEvalMs) };
  });
}

// Computed attributes of a sandbox: definitions (computed_attributes), evaluated values
// (computed_attribute_values) and the wire forms (current §8.1 and legacy §8.6).
import type { Database } from 'better-sqlite3';
import {
  CA_PATH,
  CA_POSITION_PATH,
  DEFINED_ON,
  PROFILE_CLASS,
  type CaEvaluation,
  type CaSortField,
  type CaStatus,
  type ComputedAttribute,
  type DurationUnit,
  type LegacyComputedAttribute,
  type MergeFunction,
  type XdmType,
} from '../../../contracts/index.ts';
import { toJobRecord } from '../../jobs/runner.ts';
import type { SandboxContext } from '../../store/tenant-store.ts';

export interface LastRun {
  fromEpoch: number;
  toEpoch: number;
  eventsEvaluated: number;
  profilesWithValue: number;
  durationMs: number;
}

export interface StoredAttribute {
  id: string;
  name: string;
  displayName: string;
  description: string;
  expression: string;
  mergeFunction: MergeFunction;
  returnType: XdmType;
  keepCurrent: boolean;
  duration: { count: number; unit: DurationUnit };
  status: CaStatus;
  createdBy: string;
  createdMs: number;
  updatedMs: number;
  jobId: number | null;
  lastEvalMs: number | null;
  evalKey: 'pdg' | 'none' | null;
  nextEvalMs: number | null;
  lastRun: LastRun | null;
  error: string | null;
}

interface Row {
  id: string;
  name: string;
  display_name: string;
  description: string;
  expression: string;
  merge_function: MergeFunction;
  return_type: XdmType;
  keep_current: number;
  duration_count: number;
  duration_unit: DurationUnit;
  status: CaStatus;
  created_by: string;
  created_ms: number;
  updated_ms: number;
  job_id: number | null;
  last_eval_ms: number | null;
  eval_key: 'pdg' | 'none' | null;
  next_eval_ms: number | null;
  last_run: string | null;
  error: string | null;
}

export const fromRow = (r: Row): StoredAttribute => ({
  id: r.id,
  name: r.name,
  displayName: r.display_name,
  description: r.description,
  expression: r.expression,
  mergeFunction: r.merge_function,
  returnType: r.return_type,
  keepCurrent: r.keep_current === 1,
  duration: { count: r.duration_count, unit: r.duration_unit },
  status: r.status,
  createdBy: r.created_by,
  createdMs: r.created_ms,
  updatedMs: r.updated_ms,
  jobId: r.job_id,
  lastEvalMs: r.last_eval_ms,
  evalKey: r.eval_key,
  nextEvalMs: r.next_eval_ms,
  lastRun: r.last_run === null ? null : (JSON.parse(r.last_run) as LastRun),
  error: r.error,
});

/** A list filter, already validated (rules.ts parses the `property` parameter). */
export type AttributeFilter =
  | { property: 'name'; op: '=' | '!='; value: string }
  | { property: 'name'; op: 'contains' | '!contains'; values: string[] }
  | { property: 'status' | 'mergeFunction'; op: '=' | '!='; value: string }
  | { property: 'status' | 'mergeFunction'; op: 'contains' | '!contains'; values: string[] }
  | { property: 'createEpoch' | 'updateEpoch'; op: '>=' | '<=' | '>' | '<' | '=' | '!='; value: number };

const COLUMN = { name: 'name', status: 'status', mergeFunction: 'merge_function', createEpoch: 'created_ms', updateEpoch: 'updated_ms' } as const;
const SORT: Record<CaSortField, string> = { name: 'name COLLATE NOCASE', status: 'status', updateEpoch: 'updated_ms', createEpoch: 'created_ms' };

function whereOf(filters: AttributeFilter[]): { sql: string; params: (string | number)[] } {
  const parts: string[] = [];
  const params: (string | number)[] = [];
  for (const f of filters) {
    const col = COLUMN[f.property];
    const exact = f.property === 'name' ? '' : ' COLLATE NOCASE';
    if ('values' in f) {
      const not = f.op === '!contains' ? 'NOT ' : '';
      if (f.property === 'name') {
        // name: contains any of the substrings (case-insensitive)
        parts.push(`${not}(${f.values.map(() => `instr(lower(name), lower(?)) > 0`).join(' OR ')})`);
      } else {
        // status, mergeFunction: one of the values (case-insensitive)
        parts.push(`${col}${exact} ${not}IN (${f.values.map(() => '?').join(',')})`);
      }
      params.push(...f.values);
    } else {
      parts.push(`${col}${exact} ${f.op} ?`);
      params.push(f.value);
    }
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

export function createAttributeRepository(db: Database) {
  return {
    get(id: string): StoredAttribute | undefined {
      const row = db.prepare('SELECT * FROM computed_attributes WHERE id = ?').get(id) as Row | undefined;
      return row && fromRow(row);
    },

    byName(name: string): StoredAttribute | undefined {
      const row = db.prepare('SELECT * FROM computed_attributes WHERE name = ?').get(name) as Row | undefined;
      return row && fromRow(row);
    },

    list(options: { filters: AttributeFilter[]; sort: { field: CaSortField; descending: boolean }; offset: number; limit: number }) {
      const { sql, params } = whereOf(options.filters);
      const order = `${SORT[options.sort.field]} ${options.sort.descending ? 'DESC' : 'ASC'}, id`;
      const rows = db.prepare(`SELECT * FROM computed_attributes ${sql} ORDER BY ${order} LIMIT ? OFFSET ?`).all(...params, options.limit, options.offset) as Row[];
      const total = db.prepare(`SELECT COUNT(*) FROM computed_attributes ${sql}`).pluck().get(...params) as number;
      return { items: rows.map(fromRow), total };
    },

    insert(a: StoredAttribute): void {
      db.prepare(
        `INSERT INTO computed_attributes (id, name, display_name, description, expression, merge_function, return_type, keep_current,
           duration_count, duration_unit, status, created_by, created_ms, updated_ms)
         VALUES (@id, @name, @displayName, @description, @expression, @mergeFunction, @returnType, @keepCurrent,
           @durationCount, @durationUnit, @status, @createdBy, @createdMs, @updatedMs)`,
      ).run({
        id: a.id,
        name: a.name,
        displayName: a.displayName,
        description: a.description,
        expression: a.expression,
        mergeFunction: a.mergeFunction,
        returnType: a.returnType,
        keepCurrent: a.keepCurrent ? 1 : 0,
        durationCount: a.duration.count,
        durationUnit: a.duration.unit,
        status: a.status,
        createdBy: a.createdBy,
        createdMs: a.createdMs,
        updatedMs: a.updatedMs,
      });
    },

    /** Writes the definition fields (name … status, updated_ms). */
    saveDefinition(a: StoredAttribute): void {
      db.prepare(
        `UPDATE computed_attributes SET name = ?, display_name = ?, description = ?, expression = ?, merge_function = ?, return_type = ?,
           keep_current = ?, duration_count = ?, duration_unit = ?, status = ?, updated_ms = ? WHERE id = ?`,
      ).run(a.name, a.displayName, a.description, a.expression, a.mergeFunction, a.returnType, a.keepCurrent ? 1 : 0, a.duration.count, a.duration.unit, a.status, a.updatedMs, a.id);
    },

    setJob(id: string, jobId: number | null): void {
      db.prepare('UPDATE computed_attributes SET job_id = ? WHERE id = ?').run(jobId, id);
    },

    setStatus(id: string, status: CaStatus, error: string | null = null): void {
      db.prepare('UPDATE computed_attributes SET status = ?, error = ?, updated_ms = ? WHERE id = ?').run(status, error, Date.now(), id);
    },

    /** Records a finished evaluation run. */
    finishRun(id: string, run: { asOf: number; evalKey: 'pdg' | 'none'; nextEvalMs: number; lastRun: LastRun }): void {
      db.prepare(
        `UPDATE computed_attributes SET status = 'PROCESSED', error = NULL, job_id = NULL, last_eval_ms = ?, eval_key = ?, next_eval_ms = ?,
           last_run = ?, updated_ms = ? WHERE id = ?`,
      ).run(run.asOf, run.evalKey, run.nextEvalMs, JSON.stringify(run.lastRun), Date.now(), id);
    },

    /** Records a failed run: FAILED with the reason; the next refresh is still scheduled (a retry). */
    failRun(id: string, reason: string, nextEvalMs: number | null): void {
      db.prepare(`UPDATE computed_attributes SET status = 'FAILED', error = ?, job_id = NULL, next_eval_ms = ?, updated_ms = ? WHERE id = ?`).run(
        reason.slice(0, 1000),
        nextEvalMs,
        Date.now(),
        id,
      );
    },

    /** Disables: no more evaluations, values dropped. */
    disable(id: string): void {
      db.prepare(`UPDATE computed_attributes SET status = 'DISABLED', job_id = NULL, next_eval_ms = NULL, updated_ms = ? WHERE id = ?`).run(Date.now(), id);
      db.prepare('DELETE FROM computed_attribute_values WHERE attribute_id = ?').run(id);
    },

    remove(id: string): void {
      db.prepare('DELETE FROM computed_attribute_values WHERE attribute_id = ?').run(id);
      db.prepare('DELETE FROM computed_attributes WHERE id = ?').run(id);
    },

    /**
     * Attributes to evaluate now, having no evaluation in flight: a refresh is due (PROCESSED,
     * FAILED), or a published attribute's evaluation has gone missing (NEW, PROCESSING).
     */
    due(now: number): StoredAttribute[] {
      return (
        db
          .prepare(
            `SELECT * FROM computed_attributes a
             WHERE (a.job_id IS NULL OR NOT EXISTS (SELECT 1 FROM jobs j WHERE j.id = a.job_id AND j.status IN ('queued', 'running')))
               AND ((a.status IN ('PROCESSED', 'FAILED') AND a.next_eval_ms IS NOT NULL AND a.next_eval_ms <= ?)
                 OR a.status IN ('NEW', 'INITIALIZING', 'PROCESSING'))
             ORDER BY a.next_eval_ms`,
          )
          .all(now) as Row[]
      ).map(fromRow);
    },
  };
}
export type AttributeRepository = ReturnType<typeof createAttributeRepository>;

// ------------------------------------------------------------------------------------ wire forms

/** `2023-08-27T00:14:55.028`: UTC with milliseconds, no zone (§8.1). */
export const evaluationTs = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString().slice(0, 23));

function evaluationOf(db: Database, a: StoredAttribute): CaEvaluation {
  let job: CaEvaluation['job'] = null;
  if (a.jobId !== null) {
    const row = db.prepare('SELECT * FROM jobs WHERE id = ?').get(a.jobId);
    const record = row ? toJobRecord(row as never) : undefined;
    if (record && (record.status === 'queued' || record.status === 'running')) job = { status: record.status, done: record.done, total: record.total };
  }
  return { job, nextEvaluationEpoch: a.nextEvalMs, lastRun: a.lastRun, error: a.error };
}

/** §8.1 object, with the local `evaluation` extension. */
export function toComputedAttribute(ctx: SandboxContext, a: StoredAttribute): ComputedAttribute {
  return {
    id: a.id,
    type: 'ComputedAttribute',
    name: a.name,
    displayName: a.displayName,
    description: a.description,
    imsOrgId: ctx.orgId,
    sandbox: { sandboxId: ctx.sandbox.id, sandboxName: ctx.sandbox.name, type: ctx.sandbox.type, isDefault: ctx.sandbox.isDefault },
    path: CA_PATH,
    positionPath: [...CA_POSITION_PATH],
    keepCurrent: a.keepCurrent,
    expression: { type: 'PQL', format: 'pql/text', value: a.expression },
    mergeFunction: { value: a.mergeFunction },
    status: a.status,
    schema: { name: PROFILE_CLASS },
    duration: { count: a.duration.count, unit: a.duration.unit },
    returnSchema: { 'meta:xdmType': a.returnType },
    definedOn: DEFINED_ON,
    lastEvaluationTs: evaluationTs(a.lastEvalMs),
    createEpoch: a.createdMs,
    updateEpoch: a.updatedMs,
    createdBy: a.createdBy,
    evaluation: evaluationOf(ctx.db, a),
  };
}

const seconds = (ms: number) => Math.floor(ms / 1000);

/** §8.6 legacy object: epochs in seconds, `active` for "evaluated". */
export function toLegacyAttribute(ctx: SandboxContext, a: StoredAttribute): LegacyComputedAttribute {
  return {
    id: a.id,
    imsOrgId: ctx.orgId,
    sandbox: { sandboxId: ctx.sandbox.id, sandboxName: ctx.sandbox.name, type: ctx.sandbox.type, default: ctx.sandbox.isDefault },
    name: a.name,
    path: CA_PATH,
    positionPath: [...CA_POSITION_PATH, a.name],
    description: a.description,
    expression: { type: 'PQL', format: 'pql/text', value: a.expression },
    schema: { name: PROFILE_CLASS },
    returnSchema: { 'meta:xdmType': a.returnType },
    definedOn: DEFINED_ON,
    encodedDefinedOn: 'https://ns.adobe.com/xdm/context/profile__union',
    dependencies: [],
    dependents: [],
    active: a.status !== 'DRAFT' && a.status !== 'DISABLED',
    type: 'ComputedAttribute',
    createEpoch: seconds(a.createdMs),
    updateEpoch: seconds(a.updatedMs),
  };
}

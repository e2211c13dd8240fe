// Computed-attribute rules (api-contract §8): expression compilation against the sandbox's event
// fields, list filters and sort, and PATCH as a partial object with the status transitions.
// Every refusal is a §2.5 `{code, message}` built by the one error factory, naming the problem.
import type { Database } from 'better-sqlite3';
import {
  CA_SORT_FIELDS,
  CA_STATUSES,
  MERGE_FUNCTIONS,
  type CaSortField,
  type CaStatus,
  type ComputedAttribute,
  type Duration,
  type PatchComputedAttributeBody,
} from '../../../contracts/index.ts';
import { simpleError } from '../../http/api-error.ts';
import { checkPql, type CheckedPql } from '../../engine/pql-check.ts';
import { PqlError, parsePql } from '../../engine/pql-parser.ts';
import { fieldLookup } from './event-fields.ts';
import type { AttributeFilter, StoredAttribute } from './repository.ts';

export const caErrors = {
  bad: (message: string) => simpleError(400, message),
  notFound: (id: string) => simpleError(404, `Computed attribute ${id.slice(0, 128)} not found`),
  /** AEP's documented message (§8.3). */
  duplicateName: (name: string) =>
    simpleError(400, `Function with the same name already exists for the specified schema or definedOn: a computed attribute named "${name}" exists in this sandbox`),
  /** AEP's documented message (§8.3), for a legacy `path` outside this tenant. */
  unknownPath: (path: string) => simpleError(400, `Could not lookup schema of the computed attribute for the provided path "${path.slice(0, 200)}"`),
};

/** Parses and type-checks an expression; a refusal names the position (400). */
export function compileExpression(db: Database, value: string, duration?: Duration): CheckedPql {
  try {
    return checkPql(parsePql(value), fieldLookup(db), { duration });
  } catch (e) {
    if (e instanceof PqlError) throw caErrors.bad(`Invalid expression: ${e.message}`);
    throw e;
  }
}

// ----------------------------------------------------------------------------------------- list

/** `sortBy`: `name`, `-name` (descending), `+name`; default `-updateEpoch`. */
export function parseSort(sortBy: string | undefined): { field: CaSortField; descending: boolean } {
  if (!sortBy) return { field: 'updateEpoch', descending: true };
  const descending = sortBy.startsWith('-');
  const field = sortBy.replace(/^[+ -]/, '') as CaSortField;
  if (!CA_SORT_FIELDS.includes(field)) throw caErrors.bad(`sortBy must be one of ${CA_SORT_FIELDS.join(', ')}`);
  return { field, descending };
}

const PROPERTY_ALIASES: Record<string, AttributeFilter['property']> = {
  name: 'name',
  status: 'status',
  'mergeFunction.value': 'mergeFunction',
  mergeFunction: 'mergeFunction',
  'mergePolicy.value': 'mergeFunction', // the spec's typo
  createEpoch: 'createEpoch',
  createdEpoch: 'createEpoch', // the spec's typo
  updateEpoch: 'updateEpoch',
};
const PROPERTY_NAMES = 'name, status, mergeFunction.value, createEpoch, updateEpoch';

/**
 * `property` filters (§8.2): `name=x`, `name!=x`, `status=contains(new,processing)` (one of),
 * `status=!contains(draft)` (none of), `name=contains(spend)` (name contains any), and
 * `createEpoch>=ms` / `updateEpoch<=ms` (also `>`, `<`, `=`, `!=`). Several filters all apply.
 */
export function parsePropertyFilters(property: string | string[] | undefined): AttributeFilter[] {
  const list = property === undefined ? [] : Array.isArray(property) ? property : [property];
  return list.map((raw) => {
    const m = /^([A-Za-z.]+)\s*(>=|<=|!=|=|>|<)\s*(.*)$/s.exec(raw.trim());
    if (!m) throw caErrors.bad(`property "${raw.slice(0, 100)}" is not a filter: use e.g. name=myAttribute, status=contains(new,processing) or updateEpoch>=1683669114845`);
    const [, name, op, rest] = m;
    const prop = PROPERTY_ALIASES[name];
    if (!prop) throw caErrors.bad(`property "${name}" cannot be filtered on: use one of ${PROPERTY_NAMES}`);
    if (prop === 'createEpoch' || prop === 'updateEpoch') {
      const value = Number(rest);
      if (rest === '' || !Number.isFinite(value)) throw caErrors.bad(`property ${name}${op}${rest.slice(0, 50)}: ${name} takes epoch milliseconds, e.g. ${name}>=1683669114845`);
      return { property: prop, op: op as '>=', value };
    }
    if (op !== '=' && op !== '!=') throw caErrors.bad(`property ${name}${op}…: ${name} takes =, !=, =contains(a,b) or =!contains(a,b); ${op} is for createEpoch and updateEpoch`);
    const contains = /^(!)?contains\((.*)\)$/s.exec(rest);
    const check = (v: string) => {
      if (prop === 'status' && !(CA_STATUSES as readonly string[]).includes(v.toUpperCase())) {
        throw caErrors.bad(`property status: "${v.slice(0, 50)}" is not a status; use ${CA_STATUSES.join(', ')}`);
      }
      if (prop === 'mergeFunction' && !(MERGE_FUNCTIONS as readonly string[]).includes(v.toUpperCase())) {
        throw caErrors.bad(`property mergeFunction.value: "${v.slice(0, 50)}" is not a merge function; use ${MERGE_FUNCTIONS.join(', ')}`);
      }
      return prop === 'name' ? v : v.toUpperCase();
    };
    if (contains) {
      if (op !== '=') throw caErrors.bad(`property ${name}!=contains(…): write ${name}=!contains(…) to exclude values`);
      const values = contains[2].split(',').map((v) => v.trim()).filter((v) => v !== '');
      if (values.length === 0) throw caErrors.bad(`property ${name}=${rest.slice(0, 50)}: list at least one value, e.g. ${name}=contains(a,b)`);
      return { property: prop, op: contains[1] ? '!contains' : 'contains', values: values.map(check) } as AttributeFilter;
    }
    if (rest === '') throw caErrors.bad(`property ${name}${op}: a value is missing`);
    return { property: prop, op, value: check(rest) } as AttributeFilter;
  });
}

// ---------------------------------------------------------------------------------------- patch

/** Members of the object clients may send back unchanged but never change (§8.5). */
const READ_ONLY: Record<string, string> = {
  id: 'is system generated',
  type: 'is always ComputedAttribute',
  imsOrgId: 'is the organisation of the request',
  sandbox: 'is the sandbox of the request',
  path: 'is where computed attributes live in the profile schema',
  positionPath: 'is where computed attributes live in the profile schema',
  mergeFunction: "is derived from the expression's function",
  returnSchema: "is derived from the expression's function and field",
  schema: 'is always _xdm.context.profile',
  definedOn: 'is always the profile union schema',
  lastEvaluationTs: 'is set by the evaluation',
  createEpoch: 'is set by the service',
  updateEpoch: 'is set by the service',
  createdBy: 'is set by the service',
  evaluation: 'is set by the evaluation',
};
const EDITABLE = ['name', 'displayName', 'description', 'expression', 'keepCurrent', 'duration', 'status'] as const;

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return ka.length === kb.length && ka.every((k) => equal((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

export interface PatchOutcome {
  next: StoredAttribute;
  /** DRAFT → NEW: evaluate at once. */
  publish: boolean;
  /** → DISABLED: stop evaluating, drop values. */
  disable: boolean;
  changed: boolean;
}

/** Evaluated (or being evaluated): not DRAFT, not DISABLED. */
export const isPublished = (s: CaStatus) => s !== 'DRAFT' && s !== 'DISABLED';

/**
 * Applies a partial object (§8.5). DRAFT: name, displayName, description, keepCurrent, expression,
 * duration, and status NEW (publish). NEW, INITIALIZING, PROCESSING, PROCESSED, FAILED: only status
 * DISABLED. DISABLED: nothing. Members equal to the current values are ignored, so a client may
 * send back what it read. The expression is re-checked (against the new duration) by the caller.
 */
export function applyPatch(current: StoredAttribute, wire: ComputedAttribute, body: PatchComputedAttributeBody): PatchOutcome {
  for (const key of Object.keys(body)) {
    if ((EDITABLE as readonly string[]).includes(key)) continue;
    const reason = READ_ONLY[key];
    if (!reason) throw caErrors.bad(`Unknown field "${key.slice(0, 64)}": a PATCH may change ${EDITABLE.join(', ')}`);
    if (!equal(body[key], (wire as Record<string, unknown>)[key])) throw caErrors.bad(`${key} cannot be changed: it ${reason}`);
  }
  const next: StoredAttribute = { ...current, duration: { ...current.duration } };
  const changedFields: string[] = [];
  const set = <K extends keyof StoredAttribute>(field: string, key: K, value: StoredAttribute[K] | undefined) => {
    if (value === undefined || equal(value, current[key])) return;
    changedFields.push(field);
    next[key] = value;
  };
  set('name', 'name', body.name);
  set('displayName', 'displayName', body.displayName?.trim());
  set('description', 'description', body.description);
  set('keepCurrent', 'keepCurrent', body.keepCurrent);
  if (body.expression) set('expression', 'expression', body.expression.value);
  if (body.duration) set('duration', 'duration', { count: Number(body.duration.count), unit: String(body.duration.unit).toUpperCase() as StoredAttribute['duration']['unit'] });

  const status = body.status as CaStatus | undefined;
  let publish = false;
  let disable = false;
  if (current.status === 'DRAFT') {
    if (status !== undefined && status !== 'DRAFT' && status !== 'NEW') {
      throw caErrors.bad(`Status DRAFT can only change to NEW (publish), not to ${status}`);
    }
    publish = status === 'NEW';
  } else if (current.status === 'DISABLED') {
    if (changedFields.length > 0 || (status !== undefined && status !== 'DISABLED')) {
      throw caErrors.bad(`Computed attribute ${current.name} is DISABLED and cannot change${status !== undefined && status !== 'DISABLED' ? ` (not to status ${status})` : `: ${changedFields.join(', ')}`}`);
    }
  } else {
    if (status !== undefined && status !== current.status && status !== 'DISABLED') {
      throw caErrors.bad(`Status ${current.status} can only change to DISABLED, not to ${status}`);
    }
    if (changedFields.length > 0) {
      throw caErrors.bad(
        `Only DRAFT computed attributes can be edited: ${current.name} is ${current.status}, so ${changedFields.join(', ')} cannot change (its only allowed change is status DISABLED)`,
      );
    }
    disable = status === 'DISABLED';
  }
  if (publish) next.status = 'NEW';
  if (disable) next.status = 'DISABLED';
  return { next, publish, disable, changed: changedFields.length > 0 || publish || disable };
}

// Near-valid values for a contract's zod schema: the shape the schema asks for (keys, types,
// enums, patterns, bounds), often valid outright. The fuzzer breaks them afterwards (mutate.ts), so a
// broken input still reaches past the first field check into the deeper rules of the schema.
import fc from 'fast-check';
import type { z } from 'zod';

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  checks?: { _zod: { def: CheckDef } }[];
  entries?: Record<string, string | number>;
  values?: unknown[];
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  options?: z.ZodType[];
  keyType?: z.ZodType;
  valueType?: z.ZodType;
}
interface CheckDef {
  check: string;
  format?: string;
  pattern?: RegExp;
  minimum?: number;
  maximum?: number;
  value?: number;
  inclusive?: boolean;
}

export const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;
const checksOf = (def: Def): CheckDef[] => (def.checks ?? []).map((c) => c._zod.def);

/** Keys of an object schema that may be left out (optional or defaulted). */
export function isOptional(schema: z.ZodType): boolean {
  const type = defOf(schema).type;
  return type === 'optional' || type === 'default';
}

function stringArb(def: Def): fc.Arbitrary<string> {
  const checks = checksOf(def);
  const regex = checks.find((c) => c.format === 'regex')?.pattern;
  if (regex) return fc.stringMatching(regex, { size: 'xsmall' });
  const min = checks.find((c) => c.check === 'min_length')?.minimum ?? 0;
  const max = checks.find((c) => c.check === 'max_length')?.maximum ?? min + 12;
  return fc.string({ minLength: min, maxLength: Math.min(max, min + 12) });
}

function numberArb(def: Def): fc.Arbitrary<number> {
  const checks = checksOf(def);
  const int = checks.some((c) => c.format === 'safeint');
  const lower = checks.find((c) => c.check === 'greater_than');
  const upper = checks.find((c) => c.check === 'less_than');
  const min = lower ? (lower.value as number) + (lower.inclusive ? 0 : 1) : -1_000;
  const max = upper ? (upper.value as number) - (upper.inclusive ? 0 : 1) : Math.max(min, 0) + 1_000;
  return int
    ? fc.integer({ min: Math.max(min, Number.MIN_SAFE_INTEGER), max: Math.min(max, Number.MAX_SAFE_INTEGER) })
    : fc.double({ min, max, noNaN: true });
}

/**
 * A near-valid value for `schema`; depth bounds recursion through unions and records. `minimal`
 * leaves optional members of the top object out (the caller adds the ones it wants to attack).
 */
export function nearValid(schema: z.ZodType, depth = 0, minimal = false): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  switch (def.type) {
    case 'object': {
      const shape = Object.fromEntries(
        Object.entries(def.shape ?? {}).filter(([, v]) => !(minimal && isOptional(v))),
      );
      const model = Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, nearValid(v, depth + 1)]));
      const requiredKeys = Object.keys(shape).filter((k) => !isOptional(shape[k]));
      return fc
        .record(model, { requiredKeys })
        .map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)));
    }
    case 'string':
      return stringArb(def);
    case 'number':
      return numberArb(def);
    case 'boolean':
      return fc.boolean();
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries ?? {}));
    case 'literal':
      return fc.constantFrom(...(def.values ?? []));
    case 'array': {
      const checks = checksOf(def);
      const min = checks.find((c) => c.check === 'min_length')?.minimum ?? 0;
      const max = checks.find((c) => c.check === 'max_length')?.maximum ?? min + 3;
      return fc.array(nearValid(def.element!, depth + 1), {
        minLength: min,
        maxLength: Math.min(max, min + 3),
      });
    }
    case 'optional':
    case 'default':
    case 'nullable':
    case 'catch':
    case 'prefault':
      return fc.option(nearValid(def.innerType!, depth), { nil: undefined, freq: 4 });
    case 'pipe':
      // z.preprocess(fn, s) is pipe(transform, s); s.transform(fn) is pipe(s, transform).
      return nearValid(defOf(def.in!).type === 'transform' ? def.out! : def.in!, depth, minimal);
    case 'union':
      return depth > 6
        ? nearValid(def.options![0], depth + 1)
        : fc.oneof(...def.options!.map((o) => nearValid(o, depth + 1)));
    case 'record':
      return fc.dictionary(stringArb(defOf(def.keyType!)), nearValid(def.valueType!, depth + 1), {
        maxKeys: 3,
      });
    case 'unknown':
    case 'any':
      return fc.jsonValue({ maxDepth: 2 });
    default:
      throw new Error(
        `near-valid: zod type ${def.type} is not supported; add it to server/fuzz/near-valid.ts`,
      );
  }
}

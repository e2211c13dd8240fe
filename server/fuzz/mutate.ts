// Breaks a JSON value in one to three places: drop a member, replace a value (or the whole body)
// with a wrong one, add an extra member. The generator keeps only results the contract refuses.
import fc from 'fast-check';
import { nastyKey, RawNumber, wrongValue } from './nasty-values.ts';

export interface Mutation {
  kind: 'drop' | 'replace' | 'extra';
  /** Which location (modulo the number of candidates). */
  at: number;
  key: string;
  value: unknown;
}

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('drop', 'replace', 'replace', 'extra'),
  at: fc.nat(),
  key: nastyKey,
  value: wrongValue,
});

type Slot = { parent: Record<string, unknown> | unknown[]; key: string | number } | { parent: null };

const isContainer = (v: unknown): v is Record<string, unknown> | unknown[] =>
  typeof v === 'object' && v !== null && !(v instanceof RawNumber);

const setMember = (target: object, key: string | number, value: unknown) =>
  // defineProperty: a key named __proto__ must become an own member, as JSON.parse makes it.
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });

/** A deep copy of a JSON value (RawNumber leaves shared), so generated values are never changed in place. */
function copy(value: unknown): unknown {
  if (!isContainer(value)) return value;
  if (Array.isArray(value)) return value.map(copy);
  const out = {};
  for (const [k, v] of Object.entries(value)) setMember(out, k, copy(v));
  return out;
}

/** Every place a value sits (the root first), to a bounded depth. */
function slots(root: unknown): Slot[] {
  const out: Slot[] = [{ parent: null }];
  const visit = (v: unknown, depth: number) => {
    if (!isContainer(v) || depth > 8) return;
    for (const [k, child] of Object.entries(v)) {
      out.push({ parent: v, key: Array.isArray(v) ? Number(k) : k });
      visit(child, depth + 1);
    }
  };
  visit(root, 0);
  return out;
}

/** Applies the mutations to a copy of `value` (a plain JSON value). */
export function applyMutations(value: unknown, mutations: Mutation[]): unknown {
  let root = copy(value);
  for (const m of mutations) {
    const all = slots(root);
    if (m.kind === 'drop') {
      const members = all.filter((s) => s.parent !== null && !Array.isArray(s.parent));
      if (members.length === 0) continue;
      const s = members[m.at % members.length] as { parent: Record<string, unknown>; key: string };
      delete s.parent[s.key];
    } else if (m.kind === 'extra') {
      const objects = [
        root,
        ...all.map((s) => (s.parent ? (s.parent as Record<string, unknown>)[s.key as string] : undefined)),
      ].filter((v): v is Record<string, unknown> => isContainer(v) && !Array.isArray(v));
      if (objects.length === 0) continue;
      setMember(objects[m.at % objects.length], m.key, copy(m.value));
    } else {
      const s = all[m.at % all.length];
      if (s.parent === null) root = copy(m.value);
      else setMember(s.parent, s.key, copy(m.value));
    }
  }
  return root;
}

/** Replaces string members of a copy of `value` with the given strings (a hostile value of the right type). */
export function replaceStrings(value: unknown, picks: { at: number; text: string }[]): unknown {
  const root = copy(value);
  for (const pick of picks) {
    const strings = slots(root).filter(
      (s): s is { parent: Record<string, unknown>; key: string } =>
        s.parent !== null && typeof (s.parent as Record<string, unknown>)[s.key as string] === 'string',
    );
    if (strings.length === 0) break;
    const s = strings[pick.at % strings.length];
    s.parent[s.key] = pick.text;
  }
  return root;
}

// Pure helpers over a merged profile: its identities, its name, its attribute tree, value text.
import type { AttributeProvenance, Entity } from '../../../contracts/entities.ts';

export interface ProfileIdentity {
  namespace: string;
  id: string;
  primary: boolean;
}

/** The identities in the merged entity's `identityMap`, primary first. */
export function identitiesOf(entity: Entity['entity']): ProfileIdentity[] {
  const map = entity.identityMap;
  if (!map || typeof map !== 'object' || Array.isArray(map)) return [];
  const out: ProfileIdentity[] = [];
  for (const [namespace, list] of Object.entries(map as Record<string, unknown>)) {
    if (!Array.isArray(list)) continue;
    for (const item of list) {
      if (item && typeof item === 'object' && typeof (item as { id?: unknown }).id === 'string') {
        out.push({ namespace, id: (item as { id: string }).id, primary: (item as { primary?: unknown }).primary === true });
      }
    }
  }
  return out.sort((a, b) => Number(b.primary) - Number(a.primary));
}

function valueAt(entity: Record<string, unknown>, path: string[]): unknown {
  let v: unknown = entity;
  for (const key of path) {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** "Robert Tanaka" from `person.name`, when the profile has a name. */
export function displayNameOf(entity: Entity['entity']): string | undefined {
  const first = valueAt(entity, ['person', 'name', 'firstName']);
  const last = valueAt(entity, ['person', 'name', 'lastName']);
  const full = valueAt(entity, ['person', 'name', 'fullName']);
  const parts = [first, last].filter((p): p is string => typeof p === 'string' && p.trim() !== '');
  if (parts.length > 0) return parts.join(' ');
  return typeof full === 'string' && full.trim() !== '' ? full : undefined;
}

/** A value as plain text: strings as they are, everything else as JSON. */
export function valueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '—';
  return JSON.stringify(value) ?? String(value);
}

export interface AttributeNode {
  key: string;
  /** Dotted path from the root. */
  path: string;
  depth: number;
  /** Objects have children; everything else (including arrays) is a leaf. */
  children?: AttributeNode[];
  value?: unknown;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The entity as a tree of objects and leaves, keys in their record order. */
export function attributeTree(entity: Record<string, unknown>, prefix = '', depth = 0): AttributeNode[] {
  return Object.entries(entity).map(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return isPlainObject(value) ? { key, path, depth, children: attributeTree(value, path, depth + 1) } : { key, path, depth, value };
  });
}

/** Leaves of the tree, in order. */
export function leavesOf(nodes: AttributeNode[]): AttributeNode[] {
  return nodes.flatMap((n) => (n.children ? leavesOf(n.children) : [n]));
}

/** Whether any candidate that lost holds a different value from the winner's. */
export function hasConflict(p: AttributeProvenance): boolean {
  const winner = JSON.stringify(p.winner.value);
  return p.losers.some((l) => JSON.stringify(l.value) !== winner);
}

// Recent lookups, per org and sandbox, in localStorage. Readable from React through
// useSyncExternalStore, so the lookup page updates when the profile page (or another tab) adds one.
import { useCallback, useSyncExternalStore } from 'react';

export interface RecentLookup {
  namespace: string;
  id: string;
  mergePolicyId?: string;
  /** The profile's name when it had one. */
  label?: string;
  /** ms */
  at: number;
}

export const MAX_RECENT_LOOKUPS = 8;
const PREFIX = 'profile-console:recent-lookups';
const storageKey = (orgId: string, sandbox: string) => `${PREFIX}:${orgId}:${sandbox}`;

const listeners = new Set<() => void>();
const cache = new Map<string, { raw: string | null; list: RecentLookup[] }>();
const EMPTY: RecentLookup[] = [];

function isLookup(v: unknown): v is RecentLookup {
  if (!v || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return typeof o.namespace === 'string' && typeof o.id === 'string' && typeof o.at === 'number';
}

function parse(raw: string | null): RecentLookup[] {
  try {
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(parsed) ? parsed.filter(isLookup).slice(0, MAX_RECENT_LOOKUPS) : EMPTY;
  } catch {
    return EMPTY;
  }
}

function read(key: string): RecentLookup[] {
  let raw: string | null;
  try {
    raw = localStorage.getItem(key);
  } catch {
    return EMPTY;
  }
  const hit = cache.get(key);
  if (hit && hit.raw === raw) return hit.list;
  const list = parse(raw);
  cache.set(key, { raw, list });
  return list;
}

function write(key: string, list: RecentLookup[]) {
  try {
    if (list.length === 0) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(list));
  } catch {
    // Storage full or disabled: recent lookups are a convenience, not data.
  }
  listeners.forEach((l) => l());
}

const sameIdentity = (a: Pick<RecentLookup, 'namespace' | 'id'>, b: Pick<RecentLookup, 'namespace' | 'id'>) =>
  a.namespace.toLowerCase() === b.namespace.toLowerCase() && a.id === b.id;

/** Puts a lookup first (once per identity), keeping the newest few. */
export function addRecentLookup(orgId: string, sandbox: string, entry: Omit<RecentLookup, 'at'>, now = Date.now()) {
  const key = storageKey(orgId, sandbox);
  const rest = read(key).filter((r) => !sameIdentity(r, entry));
  write(key, [{ ...entry, at: now }, ...rest].slice(0, MAX_RECENT_LOOKUPS));
}

export function clearRecentLookups(orgId: string, sandbox: string) {
  write(storageKey(orgId, sandbox), []);
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  const onStorage = (e: StorageEvent) => {
    if (e.key === null || e.key.startsWith(PREFIX)) listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

export function useRecentLookups(orgId: string, sandbox: string): RecentLookup[] {
  const key = storageKey(orgId, sandbox);
  const getSnapshot = useCallback(() => read(key), [key]);
  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
}

// Report arithmetic of the preview sample (api-contract §7): pure, no I/O, no clock. The sample job
// feeds it the facts of every merged profile — or of groups of profiles that share them — and it
// produces the figures every report is rendered from, so all reports of one run agree.
//
// Counting rules (the merge engine's selection, applied by the caller):
// * A profile is what a lookup under the default merge policy returns: with `pdg` one per identity
//   graph, with `none` one per identity, that has at least one selected fragment or event
//   (event-only profiles count).
// * Its datasets are the datasets of its selected fragments and events; its namespaces those of its
//   identities (the whole graph under pdg).
// * Unstitched: exactly one identity and no record fragment, only events. It counts in a period
//   (7/30/60/90/120 days) when none of its events falls within the period, i.e. its last event is
//   older than the period's cutoff; the periods therefore nest (7days holds the 30days ones, …).
// * Percentages are fractions of the profile total, rounded to 6 decimals (AEP's examples); 0 when
//   there are no profiles.
// * Overlap keys are the comma-joined sets in ASCII order (AEP's examples: upper case first).

export const DAY_MS = 86_400_000;
export const UNSTITCHED_DAYS = [7, 30, 60, 90, 120] as const;
export const PERIOD_KEYS = ['7days', '30days', '60days', '90days', '120days'] as const;
export type PeriodKey = (typeof PERIOD_KEYS)[number];

/** Facts about one merged profile. */
export interface ProfileFacts {
  /** Datasets of its selected fragments and events (any order, no duplicates). */
  datasets: readonly string[];
  /** Namespace codes of its identities (any order, no duplicates). */
  namespaces: readonly string[];
  identities: number;
  /** Selected record fragments. */
  fragments: number;
  /** Selected experience events. */
  events: number;
  /** Timestamp (ms) of its latest event; null without events. */
  lastEventMs: number | null;
}

export interface UnstitchedCounts {
  profiles: number;
  events: number;
}

export interface UnstitchedPeriodStats extends UnstitchedCounts {
  byNamespace: Record<string, UnstitchedCounts>;
}

/** Everything the reports of one run are rendered from (stored as JSON with the report). */
export interface SampleFigures {
  profiles: number;
  /** Selected fragments and events of the counted profiles. */
  fragments: number;
  events: number;
  /** Identities of the counted profiles. */
  identities: number;
  /** Profiles per dataset, most profiles first (ties: id order). */
  datasets: { id: string; profiles: number }[];
  /** Profiles and fragments per namespace code, most profiles first (ties: code order). */
  namespaces: { code: string; profiles: number; fragments: number }[];
  datasetOverlap: Record<string, number>;
  namespaceOverlap: Record<string, number>;
  unstitched: Record<PeriodKey, UnstitchedPeriodStats>;
}

/** Canonical set key: sorted by UTF-16 code unit (ASCII order), comma-joined. */
export function setKey(items: readonly string[]): string {
  return items.length === 1 ? items[0] : [...items].sort().join(',');
}

/** The unstitched profile is counted in a period when its last event is before this time. */
export function periodCutoffs(nowMs: number): number[] {
  return UNSTITCHED_DAYS.map((days) => nowMs - days * DAY_MS);
}

/** How many periods (0–5, nested: 7days first) a profile whose last event is `lastEventMs` counts in. */
export function inactivePeriodCount(lastEventMs: number, cutoffs: readonly number[]): number {
  let n = 0;
  while (n < cutoffs.length && lastEventMs < cutoffs[n]) n++;
  return n;
}

export const isUnstitched = (f: Pick<ProfileFacts, 'identities' | 'fragments' | 'events'>) => f.identities === 1 && f.fragments === 0 && f.events > 0;

/** fraction of total, 6 decimals */
export function fraction(count: number, total: number): number {
  return total > 0 ? Math.round((count / total) * 1e6) / 1e6 : 0;
}

const emptyPeriod = (): UnstitchedPeriodStats => ({ profiles: 0, events: 0, byNamespace: {} });

/**
 * Accumulates profiles. `addGroup` takes profiles that share datasets and namespaces (the sample's
 * fast path groups them); `addUnstitched` profiles of one namespace inactive for the same periods.
 * `addProfile` does both for one profile (the per-profile path and tests).
 */
export function createReportTally(nowMs: number) {
  const cutoffs = periodCutoffs(nowMs);
  let profiles = 0;
  let fragments = 0;
  let events = 0;
  let identities = 0;
  const byDataset = new Map<string, number>();
  const byNamespace = new Map<string, number>();
  const fragmentsByNamespace = new Map<string, number>();
  const datasetOverlap = new Map<string, number>();
  const namespaceOverlap = new Map<string, number>();
  const periods = PERIOD_KEYS.map(emptyPeriod);

  const bump = (map: Map<string, number>, key: string, n: number) => map.set(key, (map.get(key) ?? 0) + n);

  const tally = {
    cutoffs,

    /** `count` profiles built from exactly `datasets`, holding exactly `namespaces`. */
    addGroup(datasets: readonly string[], namespaces: readonly string[], count: number): void {
      if (count <= 0) return;
      profiles += count;
      for (const d of datasets) bump(byDataset, d, count);
      for (const n of namespaces) bump(byNamespace, n, count);
      bump(datasetOverlap, setKey(datasets), count);
      bump(namespaceOverlap, setKey(namespaces), count);
    },

    /** Totals of the counted profiles. */
    addTotals(counts: { fragments?: number; events?: number; identities?: number }): void {
      fragments += counts.fragments ?? 0;
      events += counts.events ?? 0;
      identities += counts.identities ?? 0;
    },

    /** Fragments whose primary identity is in the namespace. */
    addNamespaceFragments(namespace: string, count: number): void {
      if (count > 0) bump(fragmentsByNamespace, namespace, count);
    },

    /** `count` unstitched profiles of `namespace` with `eventCount` events in all, in the first `periodCount` periods. */
    addUnstitched(namespace: string, periodCount: number, count: number, eventCount: number): void {
      for (let p = 0; p < periodCount && p < periods.length; p++) {
        const period = periods[p];
        period.profiles += count;
        period.events += eventCount;
        const ns = (period.byNamespace[namespace] ??= { profiles: 0, events: 0 });
        ns.profiles += count;
        ns.events += eventCount;
      }
    },

    /**
     * One profile. `fragmentNamespaces`: the namespace of each selected fragment's primary identity
     * (feeds fullIDsFragmentCount).
     */
    addProfile(facts: ProfileFacts, fragmentNamespaces: readonly string[] = []): void {
      if (facts.fragments === 0 && facts.events === 0) return;
      tally.addGroup(facts.datasets, facts.namespaces, 1);
      tally.addTotals(facts);
      for (const ns of fragmentNamespaces) tally.addNamespaceFragments(ns, 1);
      if (isUnstitched(facts) && facts.lastEventMs !== null) {
        tally.addUnstitched(facts.namespaces[0], inactivePeriodCount(facts.lastEventMs, cutoffs), 1, facts.events);
      }
    },

    figures(): SampleFigures {
      const byCount = <T extends { profiles: number }>(key: (x: T) => string) => (a: T, b: T) =>
        b.profiles - a.profiles || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
      const namespaceCodes = new Set([...byNamespace.keys(), ...fragmentsByNamespace.keys()]);
      const sortedRecord = (map: Map<string, number>) =>
        Object.fromEntries([...map.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
      return {
        profiles,
        fragments,
        events,
        identities,
        datasets: [...byDataset.entries()].map(([id, n]) => ({ id, profiles: n })).sort(byCount((x) => x.id)),
        namespaces: [...namespaceCodes]
          .map((code) => ({ code, profiles: byNamespace.get(code) ?? 0, fragments: fragmentsByNamespace.get(code) ?? 0 }))
          .sort(byCount((x) => x.code)),
        datasetOverlap: sortedRecord(datasetOverlap),
        namespaceOverlap: sortedRecord(namespaceOverlap),
        unstitched: Object.fromEntries(PERIOD_KEYS.map((key, i) => [key, periods[i]])) as Record<PeriodKey, UnstitchedPeriodStats>,
      };
    },
  };
  return tally;
}
export type ReportTally = ReturnType<typeof createReportTally>;

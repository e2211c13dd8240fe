// The preview sample's set-based scan: every report's figures from one pass over the store, fast
// enough for millions of profiles (DESIGN §8: ≤ 10 s at 1M). Instead of merging each profile, it
// reads three covering indexes in identity-id order, a short chunk at a time, and keeps one slot per
// profile key in typed arrays:
//
//   1. identities (rowid order): identity → profile key (graph_id under pdg, the identity itself
//      under none), identities and namespaces per key;
//   2. fragments (identity_id, dataset_id): fragments, datasets and fragment namespaces per key;
//   3. events (identity_id, ts_ms, dataset_id), aggregated per identity in SQL: event count, latest
//      event and event datasets per key;
//   4. tally: keys with data become profiles, grouped by (datasets, namespaces) for the pure report
//      arithmetic (engine/report-arithmetic.ts).
//
// Rows cross from SQLite as one JSON array per chunk (`group_concat`), several times cheaper than
// row objects. The counting rules are the engine's: which fragments and events a merge policy
// selects is asked of `mergeProfile` itself (per dataset, which is how its rules select), the
// profile key is the reader's (profile-reader.ts `scanProfiles`), and a profile exists when it has a
// selected fragment or event. pdg graphs over 50 identities, which lookups refuse, are not counted
// as profiles (see `oversizedGraphs`). A test proves this path and the per-profile engine path agree.
//
// The scan reads the store as of its start: identities created later (ids above the start's maximum)
// and datasets created later are left for the next sample. Between chunks other writers may run, so
// a graph merged mid-scan can be seen twice — a sample, as in AEP, not a transaction.
import type { Database, Statement } from 'better-sqlite3';
import { MAX_GRAPH_IDENTITIES, mergeProfile, type GraphIdentity, type MergePolicyRules } from '../engine/merge.ts';
import { createReportTally, periodCutoffs, type SampleFigures } from '../engine/report-arithmetic.ts';

export type ScanPhase = 'identities' | 'fragments' | 'events' | 'tally' | 'done';

/** Where a scan is (saved with the job for progress; a restarted job scans again, see sample-job.ts). */
export interface ScanPosition {
  phase: ScanPhase;
  /** Next identity id (phases 1–3) or profile key (tally) to read. */
  cursor: number;
}

export interface StoreTotals {
  identities: number;
  fragments: number;
  events: number;
}

export interface ScanResult {
  figures: SampleFigures;
  /** Every identity, fragment and event read, selected by the policy or not. */
  store: StoreTotals;
  /** Profile keys (identity graphs, or identities under none) seen: the trigger's measure. */
  profileKeys: number;
  /** pdg graphs above the 50-identity limit (lookups refuse them): not counted as profiles. */
  oversizedGraphs: number;
}

/** Whether the policy merges a fragment (or event) of this dataset: asked of the engine. */
export function engineSelects(rules: MergePolicyRules, datasetId: string, kind: 'fragment' | 'event'): boolean {
  const probe: GraphIdentity = { xid: 'probe', namespace: 'probe', id: 'probe' };
  const base = { datasetId, batchId: 'probe', identity: probe, ingestedAt: 0, record: {} };
  const merged = mergeProfile({
    lookedUp: probe,
    graph: [probe],
    fragments: kind === 'fragment' ? [{ ...base, fragmentId: 1 }] : [],
    events: kind === 'event' ? [{ ...base, eventId: 'probe', timestamp: 0 }] : [],
    policy: rules,
    provenance: false,
  });
  return kind === 'fragment' ? merged.fragments.length === 1 : merged.events.length === 1;
}

const PHASES: ScanPhase[] = ['identities', 'fragments', 'events', 'tally', 'done'];
/** Relative cost of a phase per identity id, for progress. */
const WEIGHT: Record<ScanPhase, number> = { identities: 1, fragments: 1, events: 3, tally: 1, done: 0 };
const BITS_PER_COLUMN = 30;
/** Rows per chunk (a few milliseconds of work each); chunk spans adapt to the density of the ids. */
const TARGET_ROWS: Record<ScanPhase, number> = { identities: 12_000, fragments: 12_000, events: 16_000, tally: 60_000, done: 1 };

function parseChunk(json: string | null): number[] {
  return json === null ? [] : (JSON.parse(json) as number[]);
}

export function createSampleScan(db: Database, rules: MergePolicyRules, nowMs: number) {
  const pdg = rules.identityGraph.type === 'pdg';
  const maxId = (db.prepare('SELECT MAX(id) FROM identities').pluck().get() as number | null) ?? 0;
  const size = maxId + 1;

  // Namespaces and datasets known at the start, each with a small index for the bit masks.
  const namespaceRows = db.prepare('SELECT id, code FROM namespaces ORDER BY id').all() as { id: number; code: string }[];
  const namespaceCodes = namespaceRows.map((r) => r.code);
  const nsWords = Math.max(1, Math.ceil(namespaceCodes.length / 32));

  const datasetRows = db.prepare('SELECT id, class FROM datasets ORDER BY created_ms, id').all() as { id: string; class: string }[];
  const datasetIds = datasetRows.map((r) => r.id);
  const dsWords = Math.max(1, Math.ceil(datasetIds.length / 32));
  // Fragments live in Profile-class datasets, events in ExperienceEvent ones (ingestion sorts them).
  const ofClass = (cls: string) => datasetRows.map((r, i) => ({ id: r.id, index: i, cls: r.class })).filter((d) => d.cls === cls);
  const fragmentDatasets = ofClass('profile').filter((d) => engineSelects(rules, d.id, 'fragment'));
  const eventDatasets = ofClass('experienceevent').filter((d) => engineSelects(rules, d.id, 'event'));
  const eventColumns = Math.max(1, Math.ceil(eventDatasets.length / BITS_PER_COLUMN));
  const allEventsSelected = eventDatasets.length > 0 && eventDatasets.length === ofClass('experienceevent').length;

  // Per identity.
  const keyOf = new Int32Array(size);
  const nsOf = new Uint16Array(size);
  // Per profile key.
  const idCount = new Int32Array(size);
  const fragCount = new Int32Array(size);
  const evCount = new Int32Array(size);
  /** Unstitched periods (0–5) the latest event of the key's identity is old enough for. */
  const periodsOf = new Uint8Array(size);
  const nsMask = new Uint32Array(size * nsWords);
  const dsMask = new Uint32Array(size * dsWords);
  const fragmentsByNamespace = new Float64Array(namespaceCodes.length);
  const store: StoreTotals = { identities: 0, fragments: 0, events: 0 };

  // Tally state.
  const groups = new Map<string, number>();
  const unstitched = new Map<number, { profiles: number; events: number }>();
  const cutoffs = periodCutoffs(nowMs);
  let profileKeys = 0;
  let oversizedGraphs = 0;
  const profiles = { identities: 0, fragments: 0, events: 0 };

  const statements: Record<'identities' | 'fragments' | 'events' | 'tally', Statement | null> = {
    // Short numbers parse fast: ids relative to the chunk, the graph as an offset (0 for most), the
    // namespace as its index (-1: created after the start).
    identities: db
      .prepare(
        `SELECT '[' || group_concat((id - @lo) || ',' || (graph_id - id) || ',' || CASE namespace_id ${namespaceRows.map((r, i) => `WHEN ${r.id} THEN ${i}`).join(' ')} ELSE -1 END) || ']'
         FROM identities WHERE id >= @lo AND id < @hi`,
      )
      .pluck(),
    fragments: fragmentDatasets.length
      ? db
          .prepare(
            `SELECT '[' || group_concat((identity_id - @lo) || ',' || CASE dataset_id ${fragmentDatasets.map((_, i) => `WHEN @d${i} THEN ${i}`).join(' ')} ELSE -1 END) || ']'
             FROM fragments WHERE identity_id >= @lo AND identity_id < @hi`,
          )
          .pluck()
      : db.prepare("SELECT '[' || group_concat((identity_id - @lo) || ',-1') || ']' FROM fragments WHERE identity_id >= @lo AND identity_id < @hi").pluck(),
    events: (() => {
      // Per identity: events read, events selected, in how many unstitched periods its latest
      // selected event is old enough (the report arithmetic's cutoffs), and its event datasets as
      // bits. When the policy merges every event dataset (always, unless dataSetPrecedence names
      // event datasets), the counts need no per-row dataset test.
      const selected = allEventsSelected ? '1' : eventDatasets.length ? `dataset_id IN (${eventDatasets.map((_, i) => `@e${i}`).join(',')})` : '0';
      const bitColumns = Array.from({ length: eventColumns }, (_, c) => {
        const part = eventDatasets.slice(c * BITS_PER_COLUMN, (c + 1) * BITS_PER_COLUMN);
        return part.length ? part.map((_, b) => `(MAX(dataset_id = @e${c * BITS_PER_COLUMN + b}) << ${b})`).join(' | ') : '0';
      });
      const counts = allEventsSelected
        ? 'COUNT(*) AS n, MAX(ts_ms) AS m'
        : `COUNT(*) AS n, SUM(${selected}) AS c, IFNULL(MAX(CASE WHEN ${selected} THEN ts_ms END), 0) AS m`;
      // inactivePeriodCount (report-arithmetic.ts) in SQL: the cutoffs decrease, so the sum of the
      // comparisons is the number of leading periods the latest event is older than.
      const periods = cutoffs.map((_, i) => `(m < @c${i})`).join(' + ');
      return db
        .prepare(
          `SELECT '[' || group_concat((identity_id - @lo) || ',' || n${allEventsSelected ? '' : " || ',' || c"} || ',' || (${periods})${bitColumns.map((_, i) => ` || ',' || d${i}`).join('')}) || ']'
           FROM (SELECT identity_id, ${counts}${bitColumns.map((expr, i) => `, ${expr} AS d${i}`).join('')}
                 FROM events WHERE identity_id >= @lo AND identity_id < @hi GROUP BY identity_id)`,
        )
        .pluck();
    })(),
    tally: null,
  };
  const fragmentParams: Record<string, string> = Object.fromEntries(fragmentDatasets.map((d, i) => [`d${i}`, d.id]));
  const eventParams: Record<string, string | number> = Object.fromEntries([
    ...eventDatasets.map((d, i) => [`e${i}`, d.id]),
    ...cutoffs.map((c, i) => [`c${i}`, c]),
  ]);

  let phase: ScanPhase = 'identities';
  let cursor = 0;
  let span = 8192;

  /** Identity id → profile key, or -1 when the identity was not read (created after the start). */
  const keyOfIdentity = (id: number) => (id > 0 && id <= maxId && keyOf[id] > 0 ? keyOf[id] : -1);
  const oversized = (key: number) => pdg && idCount[key] > MAX_GRAPH_IDENTITIES;

  function readIdentities(lo: number, hi: number): number {
    const rows = parseChunk(statements.identities!.get({ lo, hi }) as string | null);
    for (let i = 0; i < rows.length; i += 3) {
      const id = lo + rows[i];
      const key = pdg ? id + rows[i + 1] : id;
      const ns = rows[i + 2];
      if (key <= 0 || key > maxId || ns < 0) continue; // relabelled into a graph created later, or a new namespace
      store.identities++;
      keyOf[id] = key;
      nsOf[id] = ns;
      idCount[key]++;
      nsMask[key * nsWords + (ns >>> 5)] |= 1 << (ns & 31);
    }
    return rows.length / 3;
  }

  function readFragments(lo: number, hi: number): number {
    const rows = parseChunk(statements.fragments!.get({ ...fragmentParams, lo, hi }) as string | null);
    for (let i = 0; i < rows.length; i += 2) {
      store.fragments++;
      const id = lo + rows[i];
      const selected = rows[i + 1];
      const key = keyOfIdentity(id);
      if (selected < 0 || key < 0 || oversized(key)) continue;
      const ds = fragmentDatasets[selected].index;
      fragCount[key]++;
      dsMask[key * dsWords + (ds >>> 5)] |= 1 << (ds & 31);
      fragmentsByNamespace[nsOf[id]]++;
    }
    return rows.length / 2;
  }

  function readEvents(lo: number, hi: number): number {
    const rows = parseChunk(statements.events!.get({ ...eventParams, lo, hi }) as string | null);
    // (identity, events[, selected events], periods, dataset bits…): selected = all when every event dataset is.
    const sel = allEventsSelected ? 1 : 2;
    const stride = sel + 2 + eventColumns;
    let read = 0;
    for (let i = 0; i < rows.length; i += stride) {
      store.events += rows[i + 1];
      read += rows[i + 1];
      const selected = rows[i + sel];
      if (selected === 0) continue;
      const key = keyOfIdentity(lo + rows[i]);
      if (key < 0 || oversized(key)) continue;
      let known = 0;
      for (let c = 0; c < eventColumns; c++) known |= rows[i + sel + 2 + c];
      if (known === 0) continue; // only events of datasets created after the scan started
      evCount[key] += selected;
      periodsOf[key] = rows[i + sel + 1];
      for (let c = 0; c < eventColumns; c++) {
        let bits = rows[i + sel + 2 + c];
        while (bits !== 0) {
          const b = 31 - Math.clz32(bits & -bits);
          bits &= bits - 1;
          const ds = eventDatasets[c * BITS_PER_COLUMN + b].index;
          dsMask[key * dsWords + (ds >>> 5)] |= 1 << (ds & 31);
        }
      }
    }
    return read;
  }

  function tallyKeys(lo: number, hi: number): number {
    for (let key = Math.max(lo, 1); key < hi && key <= maxId; key++) {
      if (idCount[key] === 0) continue;
      profileKeys++;
      if (oversized(key)) {
        oversizedGraphs++;
        continue;
      }
      if (fragCount[key] === 0 && evCount[key] === 0) continue;
      let groupKey = '';
      for (let w = 0; w < dsWords; w++) groupKey += dsMask[key * dsWords + w].toString(36) + '.';
      for (let w = 0; w < nsWords; w++) groupKey += '.' + nsMask[key * nsWords + w].toString(36);
      groups.set(groupKey, (groups.get(groupKey) ?? 0) + 1);
      profiles.identities += idCount[key];
      profiles.fragments += fragCount[key];
      profiles.events += evCount[key];
      if (idCount[key] === 1 && fragCount[key] === 0) {
        let ns = 0;
        for (let w = 0; w < nsWords; w++) {
          const word = nsMask[key * nsWords + w];
          if (word !== 0) {
            ns = w * 32 + 31 - Math.clz32(word & -word);
            break;
          }
        }
        const periods = periodsOf[key];
        if (periods > 0) {
          const slot = ns * 8 + periods;
          const u = unstitched.get(slot) ?? { profiles: 0, events: 0 };
          u.profiles++;
          u.events += evCount[key];
          unstitched.set(slot, u);
        }
      }
    }
    return hi - lo;
  }

  const readers: Record<'identities' | 'fragments' | 'events' | 'tally', (lo: number, hi: number) => number> = {
    identities: readIdentities,
    fragments: readFragments,
    events: readEvents,
    tally: tallyKeys,
  };

  function decode(words: Uint32Array | number[], names: readonly string[]): string[] {
    const out: string[] = [];
    for (let w = 0; w < words.length; w++) {
      let bits = words[w];
      while (bits !== 0) {
        const b = 31 - Math.clz32(bits & -bits);
        bits = (bits & (bits - 1)) >>> 0;
        out.push(names[w * 32 + b]);
      }
    }
    return out;
  }

  return {
    get position(): ScanPosition {
      return { phase, cursor };
    },

    /** Units of work done and in all, for progress (identity ids walked, weighted by phase). */
    progress(): { done: number; total: number } {
      const total = PHASES.reduce((sum, p) => sum + WEIGHT[p] * size, 0);
      let done = 0;
      for (const p of PHASES) {
        if (p === phase) {
          done += WEIGHT[p] * Math.min(cursor, size);
          break;
        }
        done += WEIGHT[p] * size;
      }
      return { done: Math.round(done), total };
    },

    /** Reads chunks until `deadline` (performance.now()); at least one. Returns true when done. */
    step(deadline: number): boolean {
      do {
        if (phase === 'done') return true;
        if (cursor > maxId) {
          phase = PHASES[PHASES.indexOf(phase) + 1];
          cursor = 0;
          span = 8192;
          continue;
        }
        const rows = readers[phase](cursor, cursor + span);
        cursor += span;
        // Aim the next chunk at TARGET_ROWS, whatever the density of the ids.
        const target = TARGET_ROWS[phase];
        span = Math.max(256, Math.min(1 << 22, Math.round(span * Math.min(4, Math.max(0.25, target / Math.max(rows, 1))))));
      } while (performance.now() < deadline);
      return phase === 'done';
    },

    /** The figures, once `step` returned true. */
    result(): ScanResult {
      const tally = createReportTally(nowMs);
      for (const [groupKey, count] of groups) {
        const [dsPart, nsPart] = groupKey.split('..');
        const ds = dsPart.split('.').map((w) => parseInt(w, 36));
        const ns = nsPart.split('.').map((w) => parseInt(w, 36));
        tally.addGroup(decode(ds, datasetIds), decode(ns, namespaceCodes), count);
      }
      for (const [slot, u] of unstitched) tally.addUnstitched(namespaceCodes[slot >> 3], slot & 7, u.profiles, u.events);
      fragmentsByNamespace.forEach((n, i) => tally.addNamespaceFragments(namespaceCodes[i], n));
      tally.addTotals(profiles);
      return { figures: tally.figures(), store: { ...store }, profileKeys, oversizedGraphs };
    },
  };
}
export type SampleScan = ReturnType<typeof createSampleScan>;

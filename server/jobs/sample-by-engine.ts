// The preview sample the slow, obvious way: every profile merged by the engine through the profile
// reader's scan (the same calls as a lookup), its facts handed to the report arithmetic. The sample
// job uses the set-based scan (sample-scan.ts); tests prove both agree on the same store.
import type { Database } from 'better-sqlite3';
import type { MergePolicyRules } from '../engine/merge.ts';
import { createReportTally } from '../engine/report-arithmetic.ts';
import { scanProfiles } from '../resources/entities/profile-reader.ts';
import type { ScanResult } from './sample-scan.ts';

export function sampleByEngine(db: Database, rules: MergePolicyRules, nowMs: number): Omit<ScanResult, 'store' | 'profileKeys'> {
  const tally = createReportTally(nowMs);
  let oversizedGraphs = 0;
  let after = 0;
  for (;;) {
    const chunk = scanProfiles(db, rules, after, 512, { events: { keep: () => true }, emptyProfiles: true });
    for (const p of chunk.profiles) {
      if (p.kind === 'tooManyIdentities') {
        oversizedGraphs++;
        continue;
      }
      const m = p.merged;
      let lastEventMs: number | null = null;
      for (const e of m.events) if (lastEventMs === null || e.timestamp > lastEventMs) lastEventMs = e.timestamp;
      tally.addProfile(
        {
          datasets: m.sources,
          namespaces: [...new Set(m.identities.map((i) => i.namespace))],
          identities: m.identities.length,
          fragments: m.fragments.length,
          events: m.events.length,
          lastEventMs,
        },
        m.fragments.map((f) => f.identity.namespace),
      );
    }
    if (chunk.last === null) break;
    after = chunk.last;
  }
  return { figures: tally.figures(), oversizedGraphs };
}

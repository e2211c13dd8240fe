// Refreshes published computed attributes on their cadence (api-contract §8.7): every `intervalMs`
// each open sandbox's attributes whose next refresh is due (and that have no evaluation in flight)
// get an evaluation job at the current time. First evaluations are queued by the API itself, at
// once, when an attribute is published.
import type { TenantStore } from '../store/tenant-store.ts';
import { createAttributeRepository } from '../resources/computed-attributes/repository.ts';
import { submitEvaluation } from './computed-attribute-job.ts';
import type { JobRunner } from './runner.ts';

export interface CaScheduler {
  /** One pass over the open sandboxes (tests call it with a clock of their own). */
  tick(now?: number): number;
  stop(): void;
}

export function startComputedAttributeScheduler(store: TenantStore, jobs: JobRunner, options: { intervalMs?: number; log?: (msg: string, data: object) => void } = {}): CaScheduler {
  const tick = (now = Date.now()) => {
    let submitted = 0;
    for (const ctx of store.openContexts()) {
      if (!ctx.db.open) continue;
      try {
        ctx.db.transaction(() => {
          for (const a of createAttributeRepository(ctx.db).due(now)) {
            submitEvaluation(jobs, ctx, a.id, now);
            submitted++;
          }
        })();
      } catch (e) {
        options.log?.('computed attribute refresh could not be scheduled', { sandbox: ctx.sandbox.name, err: String(e) });
      }
    }
    return submitted;
  };
  const timer = setInterval(() => tick(), options.intervalMs ?? 60_000);
  timer.unref();
  // refreshes that fell due while the service was down run soon after start
  const first = setTimeout(() => tick(), 2_000);
  first.unref();
  return {
    tick,
    stop: () => {
      clearInterval(timer);
      clearTimeout(first);
    },
  };
}

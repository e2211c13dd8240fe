// When ingestion or a delete changes a sandbox's profile data, a sample follows (api-contract §7:
// AEP re-samples when the profile count moved by more than 5 %). Changes are debounced per
// sandbox; when the sandbox has been quiet for `debounceMs`, a data-change sample job is queued
// (unless one is already waiting), and that job decides from the profile count whether to sample.
//
// Ingestion and deletes announce changes through `profileDataChanged` (a hook, so they need not
// know about samples); each app subscribes for the sandboxes of its own store.
import type { SandboxContext, TenantStore } from '../store/tenant-store.ts';
import { createPreviewReportRepository, SAMPLE_JOB, type SampleJobParams } from '../resources/preview-sample/repository.ts';
import type { JobRunner } from './runner.ts';

export type ProfileDataChange = 'ingestion' | 'deletion';
type Listener = (ctx: SandboxContext, change: ProfileDataChange) => void;

const listeners = new Set<Listener>();

/** Called by ingestion and deletes after they changed a sandbox's fragments or events. */
export function profileDataChanged(ctx: SandboxContext, change: ProfileDataChange): void {
  for (const listener of listeners) listener(ctx, change);
}

export function onProfileDataChanged(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export interface SampleTriggerOptions {
  /** Quiet time after the last change before a sample is queued. */
  debounceMs: number;
}

export function createSampleTrigger(jobs: JobRunner, store: TenantStore, options: SampleTriggerOptions) {
  const timers = new Map<SandboxContext, ReturnType<typeof setTimeout>>();

  function fire(ctx: SandboxContext) {
    timers.delete(ctx);
    if (!ctx.db.open) return;
    const active = createPreviewReportRepository(ctx.db).active();
    if (active?.status === 'queued') return; // it has not read anything yet: it will see this change
    jobs.submit<SampleJobParams>(ctx, SAMPLE_JOB, { trigger: 'data-change' });
  }

  const unsubscribe = onProfileDataChanged((ctx) => {
    if (!store.openContexts().includes(ctx)) return; // another app's sandbox (tests run several)
    clearTimeout(timers.get(ctx));
    const timer = setTimeout(() => {
      try {
        fire(ctx);
      } catch {
        // the store closed meanwhile: nothing to sample
      }
    }, options.debounceMs);
    timer.unref?.();
    timers.set(ctx, timer);
  });

  return {
    /** Sandboxes waiting for their quiet time (tests). */
    pending: () => timers.size,
    stop(): void {
      unsubscribe();
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
    },
  };
}
export type SampleTrigger = ReturnType<typeof createSampleTrigger>;

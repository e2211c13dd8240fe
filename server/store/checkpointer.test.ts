import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createJobRunner, type JobHandler } from '../jobs/runner.ts';
import { createTenantStore } from './tenant-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'checkpointer-'));
const store = createTenantStore(dir);
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

it('starts a job-written WAL over long before SQLite’s own 256 MiB checkpoint: jobs hold while the thread catches up', async () => {
  const ctx = store.org('WAL000000000000000000000@AdobeOrg').context('wal', true)!;
  ctx.db.exec('CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB)');
  const blob = Buffer.alloc(64 * 1024, 7);
  const walBytes = () => statSync(`${ctx.db.name}-wal`).size;
  let largest = 0;
  // 320 MiB written in steps of 1 MiB, ~200 MiB/s, as a delete job rewrites pages step after step
  const writer: JobHandler<{ steps: number }, { done: number }, { done: number }> = {
    kind: 'blobs',
    start: () => ({ state: { done: 0 } }),
    step: (c, job, state) => {
      const insert = c.db.prepare('INSERT INTO blobs (data) VALUES (?)');
      for (let i = 0; i < 16; i++) insert.run(blob);
      largest = Math.max(largest, walBytes());
      const done = state.done + 1;
      if (done === job.params.steps) return { state: { done }, done, result: { done } };
      return { state: { done }, done, wake: new Promise((r) => setTimeout(r, 4)) };
    },
  };
  const runner = createJobRunner();
  runner.register(writer);
  runner.submit(ctx, 'blobs', { steps: 320 });
  await runner.whenIdle();
  expect(largest).toBeGreaterThan(64 * 1024 * 1024);
  expect(largest).toBeLessThan(160 * 1024 * 1024);
}, 60_000);

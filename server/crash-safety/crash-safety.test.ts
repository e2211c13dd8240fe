// Crash safety (DESIGN §9: "a killed process restarts with a consistent store and jobs that resume
// or end as FAILED with a reason"). The service runs as a child process; the test SIGKILLs it in the
// middle of batch ingestion, export jobs and delete requests — at points chosen from observed
// progress plus seeded random jitter — restarts it on the same data directory, and checks through
// the API that batches are whole or absent and jobs finish or fail with a reason, then checks every
// SQLite store read-only (integrity, identity graphs recomputed from the records, batch counts).
//
// CRASH_SAFETY_SEED=<n> replays a run's kill points; the summary printed at the end names the seed
// and which points were actually hit.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoResult, ExportJob } from '../../contracts/index.ts';
import { ProfileApi } from './profile-api.ts';
import { startService, type ServiceProcess } from './service-process.ts';
import { checkStores, type StoreCheckOptions } from './store-checks.ts';

const DEMO_PROFILES = 2000;
/** Records per ingested batch: enough that applying it takes a while (the apply is one transaction). */
const BATCH_RECORDS = 3_000;

const seed = Number(process.env.CRASH_SAFETY_SEED ?? Math.floor(Math.random() * 2 ** 31));
/** mulberry32: the kill points' jitter, reproducible from the seed. */
const random = (() => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
})();
const between = (lo: number, hi: number) => lo + (hi - lo) * random();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What happened at one kill point, for the summary. */
interface KillPoint {
  area: 'ingestion' | 'export' | 'delete';
  planned: string;
  /** What the last observation before the kill showed. */
  observed: string;
  /** Whether the work was still in flight at the kill (it had to be recovered by the restart). */
  hit: boolean;
  outcome: string;
}

// ------------------------------------------------------------------------------------ test data

/** Every 97th record is broken one way or another (bad JSON, no identity): failed with a reason, never stored. */
const isBroken = (i: number) => i % 97 === 13 || i % 97 === 41;

/**
 * NDJSON profile records keyed by their own Email. Pairs share an ECID (graphs merge inside the
 * batch) and, when `linkTo` names an earlier batch's tag, each record also carries that batch's
 * email of the same index (graphs merge with existing ones, across datasets).
 */
function profileRecords(tag: string, from: number, to: number, linkTo?: string): Buffer {
  const lines: string[] = [];
  for (let i = from; i < to; i++) {
    if (i % 97 === 13) lines.push(`{"_id": "broken-${tag}-${i}", "identityMap": `);
    else if (i % 97 === 41) lines.push(JSON.stringify({ _id: `${tag}-${i}`, person: { name: { firstName: 'No identity' } } }));
    else {
      const Email = [{ id: `${tag}-${i}@crash.example`, primary: true }, ...(linkTo ? [{ id: `${linkTo}-${i}@crash.example` }] : [])];
      const identityMap = { Email, ECID: [{ id: `ecid-${tag}-${i >> 1}` }] };
      lines.push(JSON.stringify({ _id: `${tag}-${i}`, identityMap, person: { name: { firstName: `F${i}`, lastName: tag } }, loyalty: { points: i } }));
    }
  }
  return Buffer.from(lines.join('\n') + '\n');
}

const expectedCounts = (from: number, to: number) => {
  let failed = 0;
  for (let i = from; i < to; i++) if (isBroken(i)) failed++;
  return { input: to - from, output: to - from - failed, failed };
};

// ------------------------------------------------------------------------------------ harness

describe('crash safety: SIGKILL in the middle of work, restart on the same data directory', () => {
  let dataDir: string;
  let service: ServiceProcess;
  let api: ProfileApi;
  let demo: DemoResult;
  const points: KillPoint[] = [];
  /** Targets of completed delete requests (checked empty after every restart). */
  const deleted: NonNullable<StoreCheckOptions['deleted']> = [];
  /** The uninterrupted batch's dataset: later batches link to its identities (deleted last). */
  let calibrationDataset: string | undefined;

  let startedAt = 0;

  /** SIGKILL now and start again on the same data directory. Returns when it was killed. */
  async function crashAndRestart(): Promise<number> {
    const killedAt = Date.now();
    await service.kill();
    service = await startService(dataDir);
    api.url = service.url;
    return killedAt;
  }

  /** Every store passes the checks; `graphs`: also the identity graphs, recomputed from every record (slower). */
  function expectConsistentStores(options: { graphs: boolean }) {
    expect(checkStores(dataDir, { backedLinks: true, deleted, ...options })).toEqual([]);
  }

  async function poll<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      if (Date.now() > deadline) throw new Error(`${what}: still not done after ${timeoutMs} ms: ${JSON.stringify(value).slice(0, 500)}`);
      await sleep(10);
    }
  }

  beforeAll(async () => {
    startedAt = Date.now();
    dataDir = mkdtempSync(join(tmpdir(), 'profile-console-crash-'));
    service = await startService(dataDir);
    api = new ProfileApi(service.url);
    demo = await api.seedDemo(DEMO_PROFILES);
  }, 60_000);

  afterAll(async () => {
    await service?.kill();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    const rows = points.map((p) => `  ${p.hit ? 'HIT ' : 'miss'} ${p.area.padEnd(9)} ${p.planned.padEnd(34)} | ${p.observed.padEnd(44)} | ${p.outcome}`);
    const summary = `${points.length} kill points survived, ${points.filter((p) => p.hit).length} hit work in flight, ${Math.round((Date.now() - startedAt) / 1000)} s`;
    console.log(`crash safety (seed ${seed}): ${summary}\n${rows.join('\n')}`);
  });

  // ------------------------------------------------------------------------------ ingestion

  it('ingestion: a batch killed during upload or while it is applied is whole or absent after the restart', async () => {
    const expected = expectedCounts(0, BATCH_RECORDS);
    const ingest = async (tag: string, linkTo?: string) => {
      const datasetId = await api.createDataset(`Crash ${tag}`, { profileEnabled: true });
      const batchId = await api.createBatch(datasetId);
      expect(await api.uploadStream(batchId, datasetId, 'records.ndjson', profileRecords(tag, 0, BATCH_RECORDS, linkTo))).toBe(200);
      return { datasetId, batchId };
    };
    /** A successful batch: its counts, its failed records and exactly its valid records in the profile store. */
    const expectWhole = async (batchId: string, datasetId: string) => {
      const batch = await api.batch(batchId);
      expect(batch.status).toBe('success');
      expect(batch.metrics).toMatchObject({ inputRecordCount: expected.input, outputRecordCount: expected.output, failedRecordCount: expected.failed });
      expect((await api.failedRecords(batchId))._page.totalCount).toBe(expected.failed);
      expect((await api.datasetStats())[datasetId]?.fragments).toBe(expected.output);
      return batch;
    };

    // Calibration: an uninterrupted batch, timed from COMPLETE to success (the apply blocks the service's event loop).
    const calibration = await ingest('cal');
    const completedAt = Date.now();
    await api.complete(calibration.batchId);
    await poll(() => api.batch(calibration.batchId), (b) => b.status === 'success', 'calibration batch');
    const applyMs = Date.now() - completedAt;
    calibrationDataset = calibration.datasetId;
    await expectWhole(calibration.batchId, calibration.datasetId);

    // Kill while the second file of a batch streams in: the batch stays loading with only its
    // first file, nothing is visible, and the client can upload the file again and complete it.
    {
      const datasetId = await api.createDataset('Crash upload', { profileEnabled: true });
      const batchId = await api.createBatch(datasetId);
      const half = BATCH_RECORDS / 2;
      expect(await api.uploadStream(batchId, datasetId, 'part-1.ndjson', profileRecords('upl', 0, half, 'cal'))).toBe(200);
      const second = profileRecords('upl', half, BATCH_RECORDS, 'cal');
      const cut = Math.floor(second.length * between(0.2, 0.8));
      let answered = false;
      const upload = api.uploadStream(batchId, datasetId, 'part-2.ndjson', second, cut);
      void upload.then(() => (answered = true));
      await sleep(between(20, 80));
      const answeredBeforeKill = answered;
      await crashAndRestart();
      expect(await upload).toBeInstanceOf(Error);
      const after = await api.batch(batchId);
      expect(after.status).toBe('loading');
      expect((await api.datasetStats())[datasetId]?.fragments ?? 0).toBe(0);
      expectConsistentStores({ graphs: false });
      expect(await api.uploadStream(batchId, datasetId, 'part-2.ndjson', second)).toBe(200);
      await api.complete(batchId);
      await poll(() => api.batch(batchId), (b) => b.status === 'success' || b.status === 'failed', 'batch after the interrupted upload');
      await expectWhole(batchId, datasetId);
      points.push({
        area: 'ingestion',
        planned: 'during upload of the 2nd file',
        observed: `${cut} of ${second.length} bytes sent, ${answeredBeforeKill ? 'answered' : 'no answer'}`,
        hit: !answeredBeforeKill,
        outcome: 'batch still loading, nothing visible; re-upload + COMPLETE → success',
      });
    }

    // Kill right after COMPLETE, and mid-way and late in the apply (the late one may land after its commit).
    const plans: [string, number][] = [
      ['right after COMPLETE', 0],
      ['while applying (mid)', between(0.3, 0.6) * applyMs],
      ['while applying (late)', between(0.75, 0.95) * applyMs],
    ];
    for (const [index, [planned, delay]] of plans.entries()) {
      const { datasetId, batchId } = await ingest(`k${index}`, 'cal');
      await api.complete(batchId);
      await sleep(delay);
      const killedAt = await crashAndRestart();
      // Start-up recovery re-applies a batch that was processing: it is whole before the service answers.
      const batch = await expectWhole(batchId, datasetId);
      expectConsistentStores({ graphs: false });
      const reapplied = (batch.completed ?? 0) > killedAt;
      points.push({
        area: 'ingestion',
        planned,
        observed: `killed ${Math.round(delay)} ms after COMPLETE (apply ≈ ${applyMs} ms)`,
        hit: reapplied,
        outcome: reapplied ? 'was processing → re-applied at start-up → success, whole' : 'had committed before the kill → success, whole',
      });
    }
    // The graphs recomputed from every record, once all the interrupted batches are in.
    expectConsistentStores({ graphs: true });
    expect(points.filter((p) => p.area === 'ingestion' && p.hit).length).toBeGreaterThanOrEqual(2);
  }, 120_000);

  // ------------------------------------------------------------------------------ export jobs

  it('export: a job killed early, mid-way or late resumes to the same output (or fails with a reason)', async () => {
    const destination = await api.createDataset('Crash export output', { profileEnabled: false });
    const body = { schema: { name: '_xdm.context.profile' }, destination: { datasetId: destination } };
    const finished = (j: ExportJob) => j.status === 'SUCCEEDED' || j.status === 'FAILED';
    const sorted = (lines: string[] | undefined) => (lines ?? []).slice().sort();

    const reference = await api.createExportJob(body);
    const done = await poll(() => api.exportJob(reference.id), finished, 'reference export');
    expect(done.status).toBe('SUCCEEDED');
    const expectedLines = sorted(await api.exportOutput(done.destination.batchId));
    expect(expectedLines.length).toBe(done.metrics.totalExportedProfileCounter);

    const atShare = (name: string, share: number) => ({
      planned: `${name} (${Math.round(share * 100)} % of profiles)`,
      reached: (j: ExportJob) => j.progress?.profilesTotal != null && j.progress.profilesProcessed >= share * j.progress.profilesTotal,
      jitterMs: between(0, 3),
    });
    const plans = [
      { planned: 'early (first PROCESSING + 0–40 ms)', reached: (j: ExportJob) => j.status === 'PROCESSING', jitterMs: between(0, 40) },
      atShare('mid', between(0.4, 0.6)),
      atShare('late', between(0.75, 0.9)),
    ];
    for (const plan of plans) {
      const { id } = await api.createExportJob(body);
      const seen = await poll(() => api.exportJob(id), (j) => finished(j) || plan.reached(j), `export ${id} progress`);
      await sleep(plan.jitterMs);
      const killedAt = await crashAndRestart();
      const after = await poll(() => api.exportJob(id), finished, `export ${id} after the restart`);
      const hit = after.updateTime > killedAt;
      const observed = `${seen.status} ${seen.progress?.profilesProcessed ?? 0}/${seen.progress?.profilesTotal ?? '?'} profiles`;
      if (after.status === 'SUCCEEDED') {
        // Resumed from its last committed step: the same rows as the uninterrupted export, none twice, none torn.
        expect(sorted(await api.exportOutput(after.destination.batchId))).toEqual(expectedLines);
        expect(after.metrics.totalExportedProfileCounter).toBe(done.metrics.totalExportedProfileCounter);
      } else {
        expect(after.errors?.[0]?.msg).toMatch(/\w/);
        expect(after.destination.batchId).toBe('');
      }
      expectConsistentStores({ graphs: false });
      points.push({ area: 'export', planned: plan.planned, observed, hit, outcome: `${hit ? 'resumed → ' : 'had finished → '}${after.status}${after.errors ? `: ${after.errors[0].msg}` : ''}` });
    }
    expect(points.filter((p) => p.area === 'export' && p.hit).length).toBeGreaterThanOrEqual(1);
  }, 90_000);

  // ------------------------------------------------------------------------------ delete requests

  it('delete requests: a job killed early, mid-way or late resumes and leaves repaired graphs (or ends ERROR with a reason)', async () => {
    const byName = (name: string) => demo.datasets.find((d) => d.name === name)!;
    const plans: { planned: string; target: { dataSetId?: string; datasetId?: string; batchId?: string }; at: number | 'first' }[] = [
      { planned: 'early: Web Events dataset', target: { dataSetId: byName('Web Events').id }, at: 'first' },
      // Its graphs span the other crash-test datasets: the repair splits them.
      { planned: 'mid: the calibration dataset', target: { dataSetId: calibrationDataset ?? byName('CRM Customers').id }, at: between(0.4, 0.6) },
      { planned: 'late: a Mobile App Events batch', target: { datasetId: byName('Mobile App Events').id, batchId: byName('Mobile App Events').batchId }, at: between(0.75, 0.9) },
    ];
    for (const plan of plans) {
      const datasetId = (plan.target.dataSetId ?? plan.target.datasetId)!;
      const before = await api.datasetStats();
      const { id } = await api.createDeleteRequest(plan.target);
      const metricsOf = (j: { metrics?: string }) => (j.metrics ? (JSON.parse(j.metrics) as { recordsProcessed: number; recordsToProcess?: number; phase?: string; error?: string }) : undefined);
      const reached = (j: { status: string; metrics?: string }) => {
        if (j.status === 'COMPLETED' || j.status === 'ERROR') return true;
        const m = metricsOf(j);
        if (j.status !== 'PROCESSING' || !m) return false;
        if (plan.at === 'first') return true;
        return m.recordsProcessed >= plan.at * (m.recordsToProcess ?? Infinity);
      };
      const seen = await poll(() => api.deleteRequest(id), reached, `delete ${id} progress`);
      await sleep(plan.at === 'first' ? between(0, 40) : between(0, 3));
      const killedAt = await crashAndRestart();
      const after = await poll(() => api.deleteRequest(id), (j) => j.status === 'COMPLETED' || j.status === 'ERROR', `delete ${id} after the restart`);
      const hit = Date.parse((await api.deleteRequestNew(id)).updatedAt) > killedAt;
      const m = metricsOf(seen);
      const observed = `${seen.status} ${m?.recordsProcessed ?? 0}/${m?.recordsToProcess ?? '?'} records${m?.phase ? `, ${m.phase}` : ''}`;
      if (after.status === 'COMPLETED') {
        deleted.push({ datasetId, batchId: plan.target.batchId });
        const stats = await api.datasetStats();
        // The target's records are gone; every other dataset kept all of its own.
        expect(stats[datasetId]?.fragments ?? 0).toBe(0);
        expect(stats[datasetId]?.events ?? 0).toBe(0);
        for (const [other, s] of Object.entries(before)) if (other !== datasetId) expect({ other, ...stats[other] }).toEqual({ other, ...s });
      } else {
        expect(metricsOf(after)?.error).toMatch(/\w/);
      }
      expectConsistentStores({ graphs: false });
      points.push({ area: 'delete', planned: plan.planned, observed, hit, outcome: `${hit ? 'resumed → ' : 'had finished → '}${after.status}` });
    }
    // The graphs recomputed from every record: the repairs left no link of a deleted target and no graph split wrongly.
    expectConsistentStores({ graphs: true });
    expect(points.filter((p) => p.area === 'delete' && p.hit).length).toBeGreaterThanOrEqual(1);
  }, 90_000);
});

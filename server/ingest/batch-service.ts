// The batch lifecycle: create (loading) → upload files → COMPLETE (processing) → success | failed,
// or ABORT. Uploads stream to a staging file named by sequence number (never the uploaded name);
// a failed or aborted upload leaves no file and no row. Completed batches are applied off the
// request path, and batches still `processing` after a crash are applied again at start-up; a batch
// that cannot be applied at all (its transaction rolls back) ends `failed` with the reason.
import { createWriteStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { MAX_UPLOAD_BYTES, type CreateBatchBody } from '../../contracts/index.ts';
import { problem } from '../http/api-error.ts';
import { newBatchId } from '../lib/ids.ts';
import { createBatchRepository } from '../resources/batches/repository.ts';
import { createDatasetRepository, type DatasetInfo } from '../resources/datasets/repository.ts';
import type { SandboxContext } from '../store/tenant-store.ts';
import { applyBatch, type BatchOutcome } from './apply-batch.ts';
import { profileDataChanged } from '../jobs/sample-trigger.ts';

const formatBytes = (n: number) => (n >= 1 << 20 ? `${Math.round(n / (1 << 20))} MB` : `${Math.round(n / 1024)} KB`);
const stagingDir = (ctx: SandboxContext, batchId: string) => join(ctx.uploadsDir, batchId);

const tooLarge = (limit: number, requestId?: string) => problem(413, `The file is larger than the ${formatBytes(limit)} upload limit`, { requestId });

/** Guards the upload stream: byte limit, and the first significant byte must open JSON. */
function uploadGuard(limit: number) {
  let bytes = 0;
  let sniffed = false;
  const guard = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (bytes > limit) return done(tooLarge(limit));
      if (!sniffed) {
        const text = chunk.toString('utf8', 0, Math.min(chunk.length, 64)).replace(/^\uFEFF/, '').trimStart();
        if (text.length > 0) {
          sniffed = true;
          if (text[0] !== '{' && text[0] !== '[') {
            return done(problem(400, 'The file is not JSON: upload a JSON array or NDJSON (one JSON object per line)'));
          }
        }
      }
      done(null, chunk);
    },
  });
  return { guard, bytes: () => bytes, sniffed: () => sniffed };
}

export function createBatchService(ctx: SandboxContext, maxUploadBytes = MAX_UPLOAD_BYTES) {
  const batches = createBatchRepository(ctx.db, ctx.orgId);
  const datasets = createDatasetRepository(ctx.db, { orgId: ctx.orgId, sandboxId: ctx.sandbox.id });

  function loadingBatch(batchId: string, requestId?: string) {
    const batch = batches.row(batchId);
    if (!batch) throw problem(404, `Batch ${batchId} not found`, { requestId, code: 'CAT' });
    if (batch.status !== 'loading') {
      throw problem(400, `Batch ${batchId} is ${batch.status}; only a loading batch accepts files, COMPLETE or ABORT`, { requestId });
    }
    return batch;
  }

  function stagedFiles(batchId: string) {
    return (ctx.db.prepare('SELECT seq, name FROM batch_files WHERE batch_id = ? ORDER BY seq').all(batchId) as { seq: number; name: string }[]).map(
      (f) => ({ name: f.name, path: join(stagingDir(ctx, batchId), `${f.seq}.json`) }),
    );
  }

  /** Ends a batch that could not be applied (its transaction rolled back whole) as failed, with the reason. */
  function fail(batchId: string, datasetId: string, reason: string): BatchOutcome {
    const errors = [{ code: 'BATCH_NOT_APPLIED', description: `the batch could not be applied: ${reason}`, recordCount: 0 }];
    ctx.db.transaction(() => {
      ctx.db
        .prepare("UPDATE batches SET status = 'failed', input_count = 0, output_count = 0, failed_count = 0, errors = ?, completed_ms = ?, updated_ms = ? WHERE id = ?")
        .run(JSON.stringify(errors), Date.now(), Date.now(), batchId);
      datasets.recordBatch(datasetId, batchId, 'failed');
    })();
    return { status: 'failed', input: 0, output: 0, failed: 0, errors };
  }

  function process(batchId: string): BatchOutcome {
    const batch = batches.row(batchId)!;
    const dataset = datasets.info(batch.dataset_id) as DatasetInfo;
    let outcome: BatchOutcome;
    try {
      outcome = applyBatch(ctx.db, batchId, dataset, stagedFiles(batchId));
    } catch (e) {
      // Left processing, the batch would be applied again at every start-up and fail the same way.
      // File-system errors name a server path: say what failed without it.
      const err = e as NodeJS.ErrnoException;
      outcome = fail(batchId, batch.dataset_id, err.path !== undefined ? `a staged file could not be read (${err.code})` : err.message);
    }
    rmSync(stagingDir(ctx, batchId), { recursive: true, force: true });
    if (outcome.output > 0) profileDataChanged(ctx, 'ingestion');
    return outcome;
  }

  return {
    create(body: CreateBatchBody, requestId?: string) {
      const dataset = datasets.info(body.datasetId);
      if (!dataset) throw problem(400, `Dataset ${body.datasetId} does not exist in this sandbox`, { requestId });
      const id = newBatchId();
      const now = Date.now();
      ctx.db
        .prepare('INSERT INTO batches (id, dataset_id, status, format, tags, created_ms, updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(id, dataset.id, 'loading', body.inputFormat.format, JSON.stringify(body.tags ?? {}), now, now);
      datasets.recordBatch(dataset.id, id, 'loading');
      return batches.get(id)!;
    },

    /** `declaredBytes` (the Content-Length, when sent): over the limit, refused before a byte is written. */
    async upload(batchId: string, datasetId: string, fileName: string, body: Readable, requestId?: string, declaredBytes?: number): Promise<void> {
      const batch = loadingBatch(batchId, requestId);
      if (batch.dataset_id !== datasetId) {
        throw problem(400, `Batch ${batchId} belongs to dataset ${batch.dataset_id}, not ${datasetId}`, { requestId });
      }
      if (declaredBytes !== undefined && declaredBytes > maxUploadBytes) throw tooLarge(maxUploadBytes, requestId);
      const dir = stagingDir(ctx, batchId);
      mkdirSync(dir, { recursive: true });
      const { next } = ctx.db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM batch_files WHERE batch_id = ?').get(batchId) as { next: number };
      const partial = join(dir, `${next}.part`);
      const { guard, bytes, sniffed } = uploadGuard(maxUploadBytes);
      try {
        await pipeline(body, guard, createWriteStream(partial));
        if (!sniffed()) throw problem(400, `The file ${fileName} is empty`, { requestId });
      } catch (e) {
        rmSync(partial, { force: true });
        body.resume();
        throw e;
      }
      // The batch may have been completed or aborted while the file streamed in.
      const current = batches.row(batchId);
      if (current?.status !== 'loading') {
        rmSync(partial, { force: true });
        throw problem(400, `Batch ${batchId} is no longer loading`, { requestId });
      }
      renameSync(partial, join(dir, `${next}.json`));
      const replaced = ctx.db.transaction(() => {
        const previous = ctx.db.prepare('SELECT seq FROM batch_files WHERE batch_id = ? AND name = ?').get(batchId, fileName) as { seq: number } | undefined;
        if (previous) ctx.db.prepare('DELETE FROM batch_files WHERE batch_id = ? AND seq = ?').run(batchId, previous.seq);
        ctx.db.prepare('INSERT INTO batch_files (batch_id, seq, name, bytes) VALUES (?, ?, ?, ?)').run(batchId, next, fileName, bytes());
        ctx.db.prepare('UPDATE batches SET updated_ms = ? WHERE id = ?').run(Date.now(), batchId);
        return previous;
      })();
      // Only once the row is gone: a crash before the commit must leave the replaced file in place.
      if (replaced) rmSync(join(dir, `${replaced.seq}.json`), { force: true });
    },

    /** Marks the batch processing and applies it off the request path; resolves with the outcome. */
    complete(batchId: string, requestId?: string): Promise<BatchOutcome> {
      loadingBatch(batchId, requestId);
      const files = stagedFiles(batchId);
      if (files.length === 0) throw problem(400, `Batch ${batchId} has no files: upload at least one before COMPLETE`, { requestId });
      const { total } = ctx.db.prepare('SELECT SUM(bytes) AS total FROM batch_files WHERE batch_id = ?').get(batchId) as { total: number };
      const now = Date.now();
      ctx.db.prepare("UPDATE batches SET status = 'processing', started_ms = ?, updated_ms = ?, input_bytes = ? WHERE id = ?").run(now, now, total, batchId);
      datasets.recordBatch(batches.row(batchId)!.dataset_id, batchId, 'processing');
      return new Promise((resolve, reject) => setImmediate(() => {
        try {
          resolve(process(batchId));
        } catch (e) {
          reject(e);
        }
      }));
    },

    abort(batchId: string, requestId?: string) {
      const batch = loadingBatch(batchId, requestId);
      ctx.db.transaction(() => {
        ctx.db.prepare('DELETE FROM batch_files WHERE batch_id = ?').run(batchId);
        ctx.db.prepare("UPDATE batches SET status = 'aborted', updated_ms = ? WHERE id = ?").run(Date.now(), batchId);
        datasets.recordBatch(batch.dataset_id, batchId, 'aborted');
      })();
      rmSync(stagingDir(ctx, batchId), { recursive: true, force: true });
    },

    /** Start-up recovery: re-apply batches interrupted mid-processing; drop leftover staging files. */
    recover(): string[] {
      const interrupted = (ctx.db.prepare("SELECT id FROM batches WHERE status = 'processing' ORDER BY created_ms").all() as { id: string }[]).map((r) => r.id);
      for (const id of interrupted) process(id);
      if (existsSync(ctx.uploadsDir)) {
        const live = new Set((ctx.db.prepare("SELECT id FROM batches WHERE status = 'loading'").all() as { id: string }[]).map((r) => r.id));
        for (const entry of readdirSync(ctx.uploadsDir)) if (!live.has(entry)) rmSync(join(ctx.uploadsDir, entry), { recursive: true, force: true });
      }
      return interrupted;
    },
  };
}

export type BatchService = ReturnType<typeof createBatchService>;

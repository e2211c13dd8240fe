// Delete requests are jobs of kind 'delete' (jobs/runner.ts): the job row holds the request's
// target (params), status, saved state and result. This module reads them for the API and turns
// them into AEP's two wire formats (api-contract §6.1 legacy, §6.2 new).
import type { Database } from 'better-sqlite3';
import type { LegacyJobStatus, LegacySystemJob, SystemJob, SYSTEM_JOB_SORT_FIELDS } from '../../../contracts/index.ts';
import { DELETE_JOB, deleteJobMetrics, type DeleteJobParams, type DeleteJobRecord } from '../../jobs/delete-job.ts';
import { toJobRecord, type JobStatus } from '../../jobs/runner.ts';
import type { SandboxRecord } from '../../store/tenant-store.ts';

export type SystemJobSortField = (typeof SYSTEM_JOB_SORT_FIELDS)[number];

const LEGACY_STATUS: Record<JobStatus, LegacyJobStatus> = {
  queued: 'NEW',
  running: 'PROCESSING',
  succeeded: 'COMPLETED',
  failed: 'ERROR',
  cancelled: 'ERROR',
};
const NEW_STATUS: Record<JobStatus, SystemJob['status']> = {
  queued: 'NEW',
  running: 'IN-PROGRESS',
  succeeded: 'SUCCESS',
  failed: 'ERROR',
  cancelled: 'ERROR',
};

const STATUS_SQL = `CASE status WHEN 'queued' THEN 'NEW' WHEN 'running' THEN 'PROCESSING' WHEN 'succeeded' THEN 'COMPLETED' ELSE 'ERROR' END`;
const SORT_SQL: Record<SystemJobSortField, string> = {
  createEpoch: 'created_ms',
  createdAt: 'created_ms',
  updateEpoch: 'updated_ms',
  updatedAt: 'updated_ms',
  status: STATUS_SQL,
  batchId: "json_extract(params, '$.batchId')",
  dataSetId: "json_extract(params, '$.datasetId')",
  datasetId: "json_extract(params, '$.datasetId')",
  id: 'public_id',
  requestId: 'public_id',
  requestType: "(json_extract(params, '$.batchId') IS NOT NULL)",
};

const epochSeconds = (ms: number) => Math.floor(ms / 1000);
/** `2024-12-22T19:44:50.250006Z`: ISO with microseconds, as the new format's examples. */
export const isoMicros = (ms: number) => new Date(ms).toISOString().replace(/Z$/, '000Z');

export const legacyStatus = (job: DeleteJobRecord) => LEGACY_STATUS[job.status];

export function createSystemJobRepository(db: Database) {
  return {
    get(publicId: string): DeleteJobRecord | undefined {
      const row = db.prepare('SELECT * FROM jobs WHERE kind = ? AND public_id = ?').get(DELETE_JOB, publicId);
      return row ? toJobRecord(row as never) : undefined;
    },

    list(options: { offset: number; limit: number; sort?: { field: SystemJobSortField; descending: boolean } }): { items: DeleteJobRecord[]; total: number } {
      const order = options.sort ? `${SORT_SQL[options.sort.field]} ${options.sort.descending ? 'DESC' : 'ASC'}, id DESC` : 'created_ms DESC, id DESC';
      const rows = db.prepare(`SELECT * FROM jobs WHERE kind = ? ORDER BY ${order} LIMIT ? OFFSET ?`).all(DELETE_JOB, options.limit, options.offset);
      const total = db.prepare('SELECT COUNT(*) FROM jobs WHERE kind = ?').pluck().get(DELETE_JOB) as number;
      return { items: rows.map((r) => toJobRecord(r as never)), total };
    },

    /** A pending request whose target covers this one: the same dataset, or the same batch. */
    pendingFor(target: { datasetId: string; batchId?: string }): DeleteJobRecord | undefined {
      const row = db
        .prepare(
          `SELECT * FROM jobs WHERE kind = ? AND status IN ('queued', 'running') AND json_extract(params, '$.datasetId') = ?
           AND (json_extract(params, '$.batchId') IS NULL OR json_extract(params, '$.batchId') = ?) ORDER BY id LIMIT 1`,
        )
        .get(DELETE_JOB, target.datasetId, target.batchId ?? null);
      return row ? toJobRecord(row as never) : undefined;
    },

    /** Removes the request record. */
    remove(job: DeleteJobRecord): void {
      db.prepare('DELETE FROM jobs WHERE id = ?').run(job.id);
    },
  };
}
export type SystemJobRepository = ReturnType<typeof createSystemJobRepository>;

/** §6.1 legacy job object. `metrics` appears once the job has started. */
export function toLegacyJob(job: DeleteJobRecord, orgId: string, now = Date.now()): LegacySystemJob {
  const p: DeleteJobParams = job.params;
  const metrics = deleteJobMetrics(job, now);
  const finished = job.status !== 'queued' && job.status !== 'running';
  const encoded = metrics && {
    ...metrics,
    ...(finished ? { phase: 'done' } : {}),
    ...(job.startedMs !== null ? { startEpoch: epochSeconds(job.startedMs) } : {}),
    ...(job.finishedMs !== null ? { endEpoch: epochSeconds(job.finishedMs) } : {}),
    ...(job.error ? { error: job.error } : {}),
  };
  return {
    id: job.publicId ?? String(job.id),
    imsOrgId: orgId,
    ...(p.batchId ? { datasetId: p.datasetId, batchId: p.batchId } : { dataSetId: p.datasetId }),
    jobType: 'DELETE',
    status: LEGACY_STATUS[job.status],
    ...(encoded ? { metrics: JSON.stringify(encoded) } : {}),
    createEpoch: epochSeconds(job.createdMs),
    updateEpoch: epochSeconds(job.updatedMs),
  };
}

/** §6.2 new-format job object. */
export function toNewJob(job: DeleteJobRecord, orgId: string, sandbox: SandboxRecord): SystemJob {
  const p: DeleteJobParams = job.params;
  return {
    requestId: job.publicId ?? String(job.id),
    requestType: p.batchId ? 'DELETE_EE_BATCH' : 'TRUNCATE_DATASET',
    imsOrgId: orgId,
    sandbox: { sandboxName: sandbox.name, sandboxId: sandbox.id },
    status: NEW_STATUS[job.status],
    properties: { datasetId: p.datasetId, ...(p.batchId ? { batchId: p.batchId } : {}) },
    createdAt: isoMicros(job.createdMs),
    updatedAt: isoMicros(job.updatedMs),
  };
}

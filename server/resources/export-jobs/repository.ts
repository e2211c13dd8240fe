// Export jobs are jobs of kind 'export' (jobs/runner.ts): the job row holds the request (params),
// status, saved state and result. This module reads them for the API and builds AEP's export job
// object (api-contract §5.2) from them.
import type { Database } from 'better-sqlite3';
import { EXPORT_ERROR_CODES, type ExportJob, type ExportJobError, type ExportJobStatus, type TimeMetric } from '../../../contracts/index.ts';
import { EXPORT_JOB, exportJobProgress, type ExportJobRecord } from '../../jobs/export-job.ts';
import { toJobRecord, type JobStatus } from '../../jobs/runner.ts';

const STATUS: Record<JobStatus, ExportJobStatus> = {
  queued: 'NEW',
  running: 'PROCESSING',
  succeeded: 'SUCCEEDED',
  failed: 'FAILED',
  cancelled: 'FAILED',
};

const RUNNER_STATUSES: Record<ExportJobStatus, JobStatus[]> = {
  NEW: ['queued'],
  PROCESSING: ['running'],
  SUCCEEDED: ['succeeded'],
  FAILED: ['failed', 'cancelled'],
};

export const exportStatus = (job: ExportJobRecord): ExportJobStatus => STATUS[job.status];

/** `<creationTimeMs>_<id>`: the list's cursor (AEP's `pageOffset`). */
export const pageOffsetOf = (job: ExportJobRecord) => `${job.createdMs}_${job.id}`;

export function createExportJobRepository(db: Database) {
  return {
    get(id: number): ExportJobRecord | undefined {
      const row = db.prepare('SELECT * FROM jobs WHERE kind = ? AND id = ?').get(EXPORT_JOB, id);
      return row ? toJobRecord(row as never) : undefined;
    },

    /** The job that writes (or wrote) a batch. */
    byBatchId(batchId: string): ExportJobRecord | undefined {
      const row = db.prepare("SELECT * FROM jobs WHERE kind = ? AND json_extract(params, '$.batchId') = ? ORDER BY id DESC LIMIT 1").get(EXPORT_JOB, batchId);
      return row ? toJobRecord(row as never) : undefined;
    },

    /**
     * Newest first. `offset`: after the job with this (creation time, id) cursor, or after this many
     * rows. Reads one job more than the page to know whether another page follows.
     */
    list(options: { limit: number; offset?: string; status?: ExportJobStatus }): { items: ExportJobRecord[]; more: boolean; total: number } {
      const where = ['kind = ?'];
      const args: unknown[] = [EXPORT_JOB];
      if (options.status) {
        const statuses = RUNNER_STATUSES[options.status];
        where.push(`status IN (${statuses.map(() => '?').join(',')})`);
        args.push(...statuses);
      }
      const total = db.prepare(`SELECT COUNT(*) FROM jobs WHERE ${where.join(' AND ')}`).pluck().get(...args) as number;
      let skip = 0;
      const cursor = options.offset && /^(\d+)_(\d+)$/.exec(options.offset);
      if (cursor) {
        where.push('(created_ms, id) < (?, ?)');
        args.push(Number(cursor[1]), Number(cursor[2]));
      } else if (options.offset) {
        skip = Number(options.offset);
      }
      const rows = db
        .prepare(`SELECT * FROM jobs WHERE ${where.join(' AND ')} ORDER BY created_ms DESC, id DESC LIMIT ? OFFSET ?`)
        .all(...args, options.limit + 1, skip);
      const items = rows.slice(0, options.limit).map((r) => toJobRecord(r as never) as ExportJobRecord);
      return { items, more: rows.length > options.limit, total };
    },
  };
}
export type ExportJobRepository = ReturnType<typeof createExportJobRepository>;

const span = (start: number, end?: number): TimeMetric =>
  end === undefined ? { startTimeInMs: start } : { startTimeInMs: start, endTimeInMs: end, totalTimeInMs: end - start };

function errorsOf(job: ExportJobRecord): ExportJobError[] | undefined {
  if (job.status === 'cancelled') {
    return [{ code: EXPORT_ERROR_CODES.cancelled, msg: 'The export job was cancelled on request; no batch was written.', callStack: 'export-job' }];
  }
  if (job.status !== 'failed') return undefined;
  const reason = job.error ?? 'unknown error';
  if (reason === 'interrupted by a service restart') {
    return [{ code: EXPORT_ERROR_CODES.interrupted, msg: 'The service stopped while the export ran; no batch was written.', callStack: 'export-job' }];
  }
  return [{ code: EXPORT_ERROR_CODES.failed, msg: `Error in Export Job: ${reason}`, callStack: 'export-job' }];
}

/** §5.2 export job object, plus the local `progress` block. */
export function toExportJob(job: ExportJobRecord, orgId: string): ExportJob {
  const p = job.params;
  const progress = exportJobProgress(job);
  const r = job.result;
  const finished = job.finishedMs ?? undefined;
  const status = exportStatus(job);
  const started = job.state?.startedMs ?? job.startedMs ?? undefined;
  const metrics: ExportJob['metrics'] = { totalTime: span(job.createdMs, finished) };
  if (r) {
    metrics.profileExportTime = span(r.exportStartMs, r.exportEndMs);
    metrics.aCPDatasetWriteTime = span(r.writeStartMs, r.writeEndMs);
  } else if (started !== undefined) {
    metrics.profileExportTime = span(started, finished);
  }
  if (progress && status !== 'FAILED') {
    metrics.totalExportedProfileCounter = progress.exported;
    metrics.exportedProfileByNamespaceCounter = progress.byNamespace;
  }
  const echo = p.echo;
  const errors = errorsOf(job);
  return {
    id: job.id,
    jobType: 'BATCH',
    status,
    profileInstanceId: 'ups',
    requestId: p.requestId,
    imsOrgId: orgId,
    schema: { name: echo.schemaName },
    ...(echo.fields !== undefined ? { fields: echo.fields } : {}),
    ...(echo.filter ? { filter: echo.filter } : {}),
    ...(echo.additionalFields ? { additionalFields: echo.additionalFields } : {}),
    mergePolicy: { id: p.policy.id, version: p.policy.version },
    destination: { datasetId: p.datasetId, segmentPerBatch: false, batchId: status === 'FAILED' ? '' : p.batchId },
    computeGatewayJobId: {},
    metrics,
    ...(errors ? { errors } : {}),
    creationTime: job.createdMs,
    updateTime: job.updatedMs,
    progress: {
      profilesProcessed: progress?.processed ?? 0,
      profilesTotal: progress ? progress.total : null,
      profilesSkipped: progress?.skipped ?? 0,
      files: progress?.files ?? 0,
    },
  };
}

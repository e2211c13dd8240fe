// Preview reports of one sandbox (one per UTC day) and the sample jobs' API view.
import type { Database } from 'better-sqlite3';
import type { SampleJob } from '../../../contracts/index.ts';
import type { SampleFigures } from '../../engine/report-arithmetic.ts';
import { createJobRepository, type JobRecord } from '../../jobs/runner.ts';
import type { StoreTotals } from '../../jobs/sample-scan.ts';

export const SAMPLE_JOB = 'sample';

export interface SampleJobParams {
  trigger: 'manual' | 'data-change';
}

export interface SampleJobState {
  /** check: a data-change job counting profile keys first; then the scan's phases. */
  phase: 'check' | 'identities' | 'fragments' | 'events' | 'tally' | 'done';
  cursor: number;
  /** check: keys counted so far. */
  keys: number;
  /** ms: the job started; the scan started (the store "as of", reset when a restart scans again). */
  startedMs: number;
  sampledMs: number;
}

export interface SampleJobResult {
  /** The day the report was filed under; null when the job decided not to sample. */
  reportDate: string | null;
  /** Why a data-change job did not sample. */
  skipped?: string;
  profiles?: number;
  durationMs: number;
}

export type SampleJobRecord = JobRecord<SampleJobParams, SampleJobState, SampleJobResult>;

/** A report as stored: everything every report body and the status are rendered from. */
export interface StoredReport {
  figures: SampleFigures;
  store: StoreTotals;
  profileKeys: number;
  oversizedGraphs: number;
  /** `<attributeMerge>_<identityGraph>` of the policy counted with. */
  mergeStrategy: string;
  mergePolicyId: string | null;
  /** The last successful batch when the sample started. */
  lastBatch: { id: string; completedMs: number } | null;
  /** Catalog metadata of the datasets, as of the sample. */
  datasets: Record<string, { name: string; description: string; createdUser: string; streamingIngestionEnabled: string }>;
  /** Numeric namespace id by code. */
  namespaces: Record<string, number>;
}

export interface ReportRow {
  date: string;
  reportMs: number;
  sampledMs: number;
  jobId: number;
  report: StoredReport;
}

interface Row {
  report_date: string;
  report_ms: number;
  sampled_ms: number;
  job_id: number;
  report: string;
}

const toRow = (r: Row): ReportRow => ({
  date: r.report_date,
  reportMs: r.report_ms,
  sampledMs: r.sampled_ms,
  jobId: r.job_id,
  report: JSON.parse(r.report) as StoredReport,
});

/** The API view of a sample job. */
export function toSampleJob(job: SampleJobRecord): SampleJob {
  const phase = job.result ? 'done' : (job.state?.phase ?? 'queued');
  return {
    id: String(job.id),
    status: job.status,
    trigger: job.params.trigger,
    submittedAt: job.createdMs,
    startedAt: job.startedMs,
    finishedAt: job.finishedMs,
    phase: job.result?.skipped ? 'skipped' : phase,
    done: job.done,
    total: job.total,
    reportDate: job.result?.reportDate ?? null,
    error: job.error ?? job.result?.skipped ?? null,
  };
}

export function createPreviewReportRepository(db: Database) {
  const jobs = createJobRepository(db);
  return {
    save(row: Omit<ReportRow, 'report'> & { report: StoredReport }): void {
      const { figures, store } = row.report;
      db.prepare(
        `INSERT OR REPLACE INTO preview_reports (report_date, report_ms, sampled_ms, job_id, profiles, fragments, identities, events, report)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(row.date, row.reportMs, row.sampledMs, row.jobId, figures.profiles, store.fragments, store.identities, store.events, JSON.stringify(row.report));
    },

    /** The report of a day, or the latest when no day is given. */
    get(date?: string): ReportRow | undefined {
      const row = (
        date === undefined
          ? db.prepare('SELECT * FROM preview_reports ORDER BY report_ms DESC LIMIT 1').get()
          : db.prepare('SELECT * FROM preview_reports WHERE report_date = ?').get(date)
      ) as Row | undefined;
      return row && toRow(row);
    },

    /** Days with a report, newest first, with their headline figures. */
    days(): { date: string; reportMs: number; profiles: number; fragments: number; identities: number; events: number }[] {
      return (
        db
          .prepare('SELECT report_date AS date, report_ms AS reportMs, profiles, fragments, identities, events FROM preview_reports ORDER BY report_date DESC')
          .all() as { date: string; reportMs: number; profiles: number; fragments: number; identities: number; events: number }[]
      );
    },

    /** The queued or running sample job, if any. */
    active(): SampleJobRecord | undefined {
      return jobs.active<SampleJobParams, SampleJobState, SampleJobResult>(SAMPLE_JOB)[0];
    },

    recentJobs(limit: number): SampleJobRecord[] {
      return jobs.list<SampleJobParams, SampleJobState, SampleJobResult>(SAMPLE_JOB, { limit, offset: 0 }).items;
    },

    /** The last finished job that sampled (or tried to): skipped data-change checks do not count. */
    lastFinished(): SampleJobRecord | undefined {
      const { items } = jobs.list<SampleJobParams, SampleJobState, SampleJobResult>(SAMPLE_JOB, {
        limit: 20,
        offset: 0,
        statuses: ['succeeded', 'failed'],
      });
      return items.find((j) => !j.result?.skipped);
    },

    /** A pending data-change job samples whatever the count did (run now asked for it). */
    makeManual(id: number): void {
      db.prepare("UPDATE jobs SET params = ? WHERE id = ? AND kind = ?").run(JSON.stringify({ trigger: 'manual' } satisfies SampleJobParams), id, SAMPLE_JOB);
    },

    job(id: number): SampleJobRecord | undefined {
      const job = jobs.get<SampleJobParams, SampleJobState, SampleJobResult>(id);
      return job?.kind === SAMPLE_JOB ? job : undefined;
    },
  };
}
export type PreviewReportRepository = ReturnType<typeof createPreviewReportRepository>;

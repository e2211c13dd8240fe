// `/data/core/ups/previewsamplestatus` and its reports (api-contract §7), plus the local run-now and
// history endpoints under `/_local/preview-sample`.
//
// Decisions (where Adobe is silent):
// * Reports are filed under the UTC day they were generated; `?date=YYYY-MM-DD` answers that day's
//   latest run, no date the latest report. A malformed or impossible date → 400; a day without a
//   report, or no report at all yet → 404 (problem+json, with what does exist).
// * Every report endpoint takes `date`, including the unstitched one (the docs show none).
// * Before the first sample, the status answers 200 with zero counts, `status: "NOT_STARTED"` and
//   `"\"null\""` timestamps; `sampleJobRunning.submissionTimestamp` names the running job, else the
//   last one. `status` is TASK_FAILED when the last sample after the latest report failed.
// * The sample reads everything: `numRowsToRead` = `totalRows`, `samplingRatio` 1 (0 without
//   profiles), `sampleCount` = `fullIDsCount`. `cosmosDocCount` counts fragments and events.
// * Run now: 202 with a new job; while a sample is queued or running, 200 with that job (a pending
//   data-change job is made a manual one, so it samples whatever the count did).
import type { FastifyInstance } from 'fastify';
import {
  getDatasetOverlapReport,
  getDatasetReport,
  getNamespaceOverlapReport,
  getNamespaceReport,
  getPreviewSampleStatus,
  getUnknownProfilesReport,
  getUnstitchedProfilesReport,
  listPreviewReports,
  listPreviewSampleJobs,
  runPreviewSample,
  type PreviewSampleStatus,
} from '../../../contracts/index.ts';
import { problem } from '../../http/api-error.ts';
import { route, withStatus } from '../../http/route.ts';
import type { SandboxContext } from '../../store/tenant-store.ts';
import { resolveMergePolicy } from '../merge-policies/repository.ts';
import {
  datasetOverlapReport,
  datasetReport,
  namespaceOverlapReport,
  namespaceReport,
  quoted,
  reportTimestamp,
  statusTimestamp,
  unknownReport,
  unstitchedReport,
} from './format.ts';
import { createPreviewReportRepository, SAMPLE_JOB, toSampleJob, type ReportRow, type SampleJobParams } from './repository.ts';

const CODE = 'UPS-PRV';

function findReport(tenant: SandboxContext, what: string, date: string | undefined, requestId: string): ReportRow {
  const repo = createPreviewReportRepository(tenant.db);
  const row = repo.get(date);
  if (row) return row;
  const latest = date === undefined ? undefined : repo.get();
  const detail =
    date === undefined
      ? `No ${what} report exists yet in sandbox ${tenant.sandbox.name}: run the sample job first (POST /_local/preview-sample/jobs)`
      : `No ${what} report exists for ${date}${latest ? ` (the latest report is from ${latest.date})` : ' (no report exists yet: run the sample job first)'}`;
  throw problem(404, detail, { code: CODE, requestId });
}

function status(tenant: SandboxContext): PreviewSampleStatus {
  const repo = createPreviewReportRepository(tenant.db);
  const latest = repo.get();
  const active = repo.active();
  const lastJob = active ?? repo.recentJobs(1)[0];
  const finished = repo.lastFinished();
  const failedSince = finished?.status === 'failed' && (!latest || (finished.finishedMs ?? 0) > latest.reportMs);
  const running = { status: active !== undefined, ...(lastJob ? { submissionTimestamp: statusTimestamp(lastJob.createdMs) } : {}) };
  if (!latest) {
    const policy = resolveMergePolicy(tenant.db, undefined)!.rules;
    return {
      numRowsToRead: '0',
      sampleJobRunning: running,
      cosmosDocCount: quoted(0),
      totalFragmentCount: 0,
      lastSuccessfulBatchTimestamp: quoted(null),
      streamingDriven: quoted('false'),
      totalRows: '0',
      lastBatchId: quoted(null),
      status: failedSince ? 'TASK_FAILED' : 'NOT_STARTED',
      samplingRatio: 0,
      mergeStrategy: `${policy.attributeMerge.type}_${policy.identityGraph.type}`,
      lastSampledTimestamp: quoted(null),
    };
  }
  const { report } = latest;
  const profiles = report.figures.profiles;
  return {
    numRowsToRead: String(profiles),
    sampleJobRunning: running,
    cosmosDocCount: quoted(report.store.fragments + report.store.events),
    totalFragmentCount: report.store.fragments,
    lastSuccessfulBatchTimestamp: quoted(report.lastBatch ? statusTimestamp(report.lastBatch.completedMs) : null),
    streamingDriven: quoted('false'),
    totalRows: String(profiles),
    lastBatchId: quoted(report.lastBatch?.id ?? null),
    status: failedSince ? 'TASK_FAILED' : 'TASK_FINISHED',
    samplingRatio: profiles > 0 ? 1 : 0,
    mergeStrategy: report.mergeStrategy,
    lastSampledTimestamp: statusTimestamp(latest.sampledMs),
  };
}

export function registerPreviewSampleRoutes(app: FastifyInstance): void {
  route(app, getPreviewSampleStatus, ({ tenant }) => status(tenant));

  route(app, getDatasetReport, ({ tenant, query, requestId }) => {
    const row = findReport(tenant, 'dataset', query.date, requestId);
    return datasetReport(row.report, row.reportMs);
  });
  route(app, getNamespaceReport, ({ tenant, query, requestId }) => {
    const row = findReport(tenant, 'namespace', query.date, requestId);
    return namespaceReport(row.report, row.reportMs);
  });
  route(app, getDatasetOverlapReport, ({ tenant, query, requestId }) => {
    const row = findReport(tenant, 'dataset overlap', query.date, requestId);
    return datasetOverlapReport(row.report, row.reportMs);
  });
  route(app, getNamespaceOverlapReport, ({ tenant, query, requestId }) => {
    const row = findReport(tenant, 'namespace overlap', query.date, requestId);
    return namespaceOverlapReport(row.report, row.reportMs);
  });
  route(app, getUnstitchedProfilesReport, ({ tenant, query, requestId }) => {
    const row = findReport(tenant, 'unstitched profiles', query.date, requestId);
    return unstitchedReport(row.report, row.reportMs);
  });
  route(app, getUnknownProfilesReport, ({ tenant, query, requestId }) => {
    const row = findReport(tenant, 'unknown profiles', query.date, requestId);
    return unknownReport(row.report, row.reportMs);
  });

  route(app, runPreviewSample, ({ tenant }) => {
    const repo = createPreviewReportRepository(tenant.db);
    const active = repo.active();
    if (active) {
      if (active.params.trigger !== 'manual') repo.makeManual(active.id);
      return withStatus<typeof runPreviewSample>(200, toSampleJob(repo.job(active.id)!));
    }
    const id = app.jobs.submit<SampleJobParams>(tenant, SAMPLE_JOB, { trigger: 'manual' });
    return withStatus<typeof runPreviewSample>(202, toSampleJob(repo.job(id)!));
  });

  route(app, listPreviewSampleJobs, ({ tenant, query }) => ({
    jobs: createPreviewReportRepository(tenant.db).recentJobs(query.limit).map(toSampleJob),
  }));

  route(app, listPreviewReports, ({ tenant }) => ({
    reports: createPreviewReportRepository(tenant.db)
      .days()
      .map((d) => ({
        date: d.date,
        reportTimestamp: reportTimestamp(d.reportMs),
        totalRows: d.profiles,
        fragments: d.fragments,
        identities: d.identities,
        events: d.events,
      })),
  }));
}

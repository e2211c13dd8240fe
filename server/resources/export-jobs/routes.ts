// `/data/core/ups/export/jobs` (api-contract §5): profile export jobs; the Data Access paths that
// serve their output (`/data/foundation/export/batches/{batchId}/files`, `/files/{dataSetFileId}`);
// and the console's local helpers (`/_local/export-jobs/{id}/download`, `/_local/attribute-paths`).
//
// Decisions (documented where Adobe is silent or disagrees):
// * Create answers 200 with the job (status NEW) and `X-Location`. The output batch id is reserved
//   at creation (as in Adobe's example) and the batch is registered when the job succeeds; a
//   FAILED job answers `destination.batchId: ""`.
// * `destination.datasetId` or `dataSetId` (both: they must agree); the dataset must be of the
//   XDM Individual Profile class and not enabled for Profile (an export is the union view of the
//   profiles; feeding it back into the profile store would duplicate every fragment) → else 422.
// * `mergePolicy.id` defaults to the sandbox's default policy; `version` defaults to the current
//   version, and any other version → 422 (only the current version of a policy exists here). The
//   job keeps the policy's rules as they were at creation.
// * Audience filters (`filter.segments` with entries, `filter.segmentQualificationTime`),
//   `segmentPerBatch: true` and `evaluationInfo.segmentation: true` → 422: there are no audiences yet.
// * Statuses NEW → PROCESSING → SUCCEEDED | FAILED; a cancelled job ends FAILED with error code
//   0100000010. DELETE of a NEW or PROCESSING job → 204 (no body: the profile doc's form, §10); of a
//   finished job → 409, nothing changed.
// * List: newest first; `limit` (default 20, at most 100), `offset` = the previous page's
//   `page.pageOffset` (`<creationTimeMs>_<id>`) or a row count; `status`. `page.totalCount` is a
//   local extension.
// * Data Access: an export batch's files are listed once its job SUCCEEDED; while it runs → 409;
//   batches that were ingested keep no files here → 404. `GET /files/{id}` lists the file's one part;
//   with `?path=<name>` it streams the NDJSON (Range: bytes=… answers 206).
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import {
  DATA_ACCESS,
  EXPORT_JOBS,
  PROFILE_CLASS,
  CatalogIdSchema,
  cancelExportJob,
  createExportJob,
  downloadExportJob,
  getDataSetFile,
  getExportJob,
  listAttributePaths,
  listBatchFiles,
  listExportJobs,
  parseFieldList,
  parseRfc3339,
  type CreateExportJobRequest,
  type ExportEventFilter,
} from '../../../contracts/index.ts';
import { route, withStatus } from '../../http/route.ts';
import { newBatchId } from '../../lib/ids.ts';
import { dataSetFileId, exportFilePath, parseDataSetFileId } from '../../jobs/export-files.ts';
import { EXPORT_JOB, type ExportEcho, type ExportJobParams, type ExportJobRecord, type ExportJobResult } from '../../jobs/export-job.ts';
import type { SandboxContext } from '../../store/tenant-store.ts';
import { createBatchRepository } from '../batches/repository.ts';
import { createDatasetRepository } from '../datasets/repository.ts';
import { createMergePolicyRepository, rulesOf } from '../merge-policies/repository.ts';
import { attributePaths } from './attribute-paths.ts';
import { csvHeader, csvLine } from './csv.ts';
import { exportErrors } from './errors.ts';
import { createExportJobRepository, exportStatus, pageOffsetOf, toExportJob } from './repository.ts';

type Body = CreateExportJobRequest;

/** ms of an optional RFC 3339 timestamp (already validated by the contract). */
const ms = (value: string | undefined) => (value === undefined ? undefined : parseRfc3339(value));

function fieldList(value: string | string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const parsed = parseFieldList(value);
  return typeof parsed === 'string' ? undefined : parsed;
}

/** Checks a create body against the sandbox and turns it into the job's parameters; throws the 4xx. */
export function resolveExportRequest(tenant: SandboxContext, body: Body, requestId: string): ExportJobParams {
  const bad = (detail: string) => exportErrors.badRequest(detail, requestId);
  const unprocessable = (detail: string) => exportErrors.unprocessable(detail, requestId);
  const filter = body.filter ?? {};

  if ((filter.segments?.length ?? 0) > 0 || filter.segmentQualificationTime !== undefined) {
    throw unprocessable(
      'Audience filters (filter.segments, filter.segmentQualificationTime) are not available: this profile service has no audiences yet. Omit them to export all profiles.',
    );
  }
  if (body.evaluationInfo?.segmentation === true) throw unprocessable('evaluationInfo.segmentation is not available: this profile service has no audiences yet.');
  if (body.destination.segmentPerBatch === true) throw unprocessable('destination.segmentPerBatch: true needs audiences, which this profile service does not have yet; omit it.');
  if (body.schema.name !== PROFILE_CLASS) throw bad(`schema.name must be ${PROFILE_CLASS}: exports write profiles (got "${body.schema.name.slice(0, 100)}")`);

  // Destination (§10: datasetId or dataSetId).
  const { datasetId: a, dataSetId: b } = body.destination;
  if (a !== undefined && b !== undefined && a !== b) throw bad(`destination names two datasets (datasetId ${a.slice(0, 40)}, dataSetId ${b.slice(0, 40)}): give one`);
  const datasetId = a ?? b;
  if (datasetId === undefined) throw bad('destination.datasetId is required: the dataset the profiles are written to');
  if (!CatalogIdSchema.safeParse(datasetId).success) throw bad(`destination.datasetId "${datasetId.slice(0, 80)}" is not a dataset id (24 hexadecimal characters)`);
  const dataset = createDatasetRepository(tenant.db, { orgId: tenant.orgId, sandboxId: tenant.sandbox.id }).info(datasetId);
  if (!dataset) throw unprocessable(`destination.datasetId: dataset ${datasetId} does not exist in sandbox ${tenant.sandbox.name}`);
  if (dataset.class !== 'profile') {
    throw unprocessable(`destination.datasetId: dataset "${dataset.name}" is an ExperienceEvent dataset; exports write profiles into a dataset of the XDM Individual Profile class`);
  }
  if (dataset.profileEnabled) {
    throw unprocessable(
      `destination.datasetId: dataset "${dataset.name}" is enabled for Profile; exporting into it would feed the export back into the profiles it came from. Choose (or create) a dataset that is not enabled for Profile.`,
    );
  }

  // Merge policy: the named one (current version) or the sandbox's default.
  const policies = createMergePolicyRepository(tenant.db, { orgId: tenant.orgId, sandbox: tenant.sandbox });
  const policyId = body.mergePolicy?.id;
  const policy = policyId !== undefined ? policies.stored(policyId) : policies.all().find((p) => p.isDefault && p.schemaName === PROFILE_CLASS);
  if (!policy) {
    throw unprocessable(
      policyId !== undefined
        ? `mergePolicy.id: merge policy "${policyId.slice(0, 128)}" does not exist in sandbox ${tenant.sandbox.name}`
        : `The sandbox has no default merge policy: name one in mergePolicy.id`,
    );
  }
  const version = body.mergePolicy?.version;
  if (version !== undefined && version !== policy.version) {
    throw unprocessable(`mergePolicy.version ${version}: merge policy "${policy.name}" is at version ${policy.version}, and only its current version can be exported (omit version, or send ${policy.version})`);
  }

  const fields = fieldList(body.fields);
  const eventList = body.additionalFields?.eventList;
  const ef: ExportEventFilter = eventList?.filter ?? {};
  const events = eventList && {
    fields: fieldList(eventList.fields),
    fromIngestMs: ms(ef.fromIngestTimestamp),
    toIngestMs: ms(ef.toIngestTimestamp),
    fromTs: ms(ef.fromEventTimestamp),
    toTs: ms(ef.toEventTimestamp),
  };
  if (events?.fromIngestMs !== undefined && events.toIngestMs !== undefined && events.fromIngestMs >= events.toIngestMs) {
    throw bad('additionalFields.eventList.filter: fromIngestTimestamp must be before toIngestTimestamp');
  }
  if (events?.fromTs !== undefined && events.toTs !== undefined && events.fromTs >= events.toTs) {
    throw bad('additionalFields.eventList.filter: fromEventTimestamp must be before toEventTimestamp');
  }

  const echo: ExportEcho = { schemaName: body.schema.name };
  if (fields) echo.fields = fields.join(',');
  if (body.filter) {
    echo.filter = {
      ...(filter.fromIngestTimestamp !== undefined ? { fromIngestTimestamp: filter.fromIngestTimestamp } : {}),
      ...(filter.emptyProfiles !== undefined ? { emptyProfiles: filter.emptyProfiles } : {}),
    };
  }
  if (body.additionalFields) {
    echo.additionalFields = eventList
      ? { eventList: { ...(events?.fields ? { fields: events.fields.join(',') } : {}), ...(eventList.filter ? { filter: eventList.filter } : {}) } }
      : {};
  }

  return {
    batchId: newBatchId(),
    datasetId: dataset.id,
    requestId,
    policy: { id: policy.id, version: policy.version, rules: rulesOf(policy, tenant.db) },
    ...(fields ? { fields } : {}),
    emptyProfiles: filter.emptyProfiles === true,
    ...(filter.fromIngestTimestamp !== undefined ? { fromIngestMs: ms(filter.fromIngestTimestamp) } : {}),
    ...(events ? { events: Object.fromEntries(Object.entries(events).filter(([, v]) => v !== undefined)) } : {}),
    echo,
  };
}

const percent = (job: ExportJobRecord) => {
  const s = job.state;
  if (!s || s.phase === 'count' || s.total === 0) return undefined;
  return Math.min(99, Math.floor((s.processed / Math.max(s.total, s.processed)) * 100));
};

/** The output of the export that wrote `batchId`; the 404 or 409 when there is none to read. */
function exportOutput(tenant: SandboxContext, batchId: string, requestId: string): { job: ExportJobRecord; result: ExportJobResult } {
  const job = createExportJobRepository(tenant.db).byBatchId(batchId);
  if (!job) {
    const ingested = createBatchRepository(tenant.db, tenant.orgId).row(batchId);
    throw exportErrors.batchNotFound(
      ingested
        ? `Batch ${batchId} has no files to download: it was ingested, and this service keeps the files of export batches only`
        : `Batch ${batchId} not found`,
      requestId,
    );
  }
  const status = exportStatus(job);
  if (status === 'NEW' || status === 'PROCESSING') {
    const p = percent(job);
    throw exportErrors.batchNotReady(
      `Batch ${batchId} is still being written by export job ${job.id} (${status}${p !== undefined ? `, ${p} %` : ''}); its files can be read once the job has SUCCEEDED`,
      requestId,
    );
  }
  if (!job.result) throw exportErrors.batchNotFound(`Batch ${batchId} not found: export job ${job.id} FAILED and wrote no batch`, requestId);
  return { job, result: job.result };
}

/** Lines of the export's files, as text chunks. */
async function* ndjsonChunks(paths: string[]): AsyncGenerator<Buffer> {
  for (const path of paths) for await (const chunk of createReadStream(path)) yield chunk as Buffer;
}

async function* csvChunks(paths: string[], columns: string[]): AsyncGenerator<string> {
  yield csvHeader(columns);
  for (const path of paths) {
    let buffer = '';
    for await (const line of createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity })) {
      if (line === '') continue;
      buffer += csvLine(JSON.parse(line) as Record<string, unknown>, columns);
      if (buffer.length > 1 << 16) {
        yield buffer;
        buffer = '';
      }
    }
    if (buffer) yield buffer;
  }
}

/** `bytes=a-b`, `bytes=a-` or `bytes=-n` of a file of `size` bytes; 'invalid' when out of range; undefined: serve it whole. */
function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'invalid' | undefined {
  const m = header && /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  return start > end || start >= size ? 'invalid' : { start, end };
}

export function registerExportJobRoutes(app: FastifyInstance): void {
  route(app, createExportJob, ({ tenant, body, requestId }) => {
    const params = resolveExportRequest(tenant, body, requestId);
    const id = app.jobs.submit(tenant, EXPORT_JOB, params);
    const job = createExportJobRepository(tenant.db).get(id)!;
    return withStatus<typeof createExportJob>(200, toExportJob(job, tenant.orgId), { 'x-location': `${EXPORT_JOBS}/${id}` });
  });

  const list: Parameters<typeof route<typeof listExportJobs>>[2] = ({ tenant, query }) => {
    const { items, more, total } = createExportJobRepository(tenant.db).list({ limit: query.limit, offset: query.offset, status: query.status });
    const pageOffset = items.length ? pageOffsetOf(items[items.length - 1]) : '';
    const next = new URLSearchParams({ limit: String(query.limit), offset: pageOffset, ...(query.status ? { status: query.status } : {}) });
    return {
      records: items.map((job) => toExportJob(job, tenant.orgId)),
      page: { sortField: 'createdTime', sort: 'desc', pageOffset, pageSize: items.length, totalCount: total },
      link: { next: more ? `/export/jobs/?${next.toString()}` : '' },
    };
  };
  route(app, listExportJobs, list);
  // AEP's `link.next` is `/export/jobs/?…`: the path with its trailing slash answers too.
  route(app, { ...listExportJobs, id: 'listExportJobsSlash', path: `${EXPORT_JOBS}/`, summary: `${listExportJobs.summary} (the path of link.next)` }, list);

  route(app, getExportJob, ({ tenant, params, requestId }) => {
    const job = createExportJobRepository(tenant.db).get(Number(params.exportJobId));
    if (!job) throw exportErrors.notFound(params.exportJobId, requestId);
    return toExportJob(job, tenant.orgId);
  });

  route(app, cancelExportJob, ({ tenant, params, requestId }) => {
    const repo = createExportJobRepository(tenant.db);
    const job = repo.get(Number(params.exportJobId));
    if (!job) throw exportErrors.notFound(params.exportJobId, requestId);
    const finished = () => exportErrors.conflict(`Export job ${job.id} has already finished (${exportStatus(repo.get(job.id)!)}); only NEW or PROCESSING jobs can be cancelled`, requestId);
    if (job.status !== 'queued' && job.status !== 'running') throw finished();
    if (job.cancelRequested) return withStatus<typeof cancelExportJob>(204, undefined); // asked before: it ends shortly
    if (!app.jobs.cancel(tenant, job.id)) {
      throw finished();
    }
    return withStatus<typeof cancelExportJob>(204, undefined);
  });

  // ------------------------------------------------------------------ Data Access

  route(app, listBatchFiles, ({ tenant, params, query, requestId }) => {
    const { job, result } = exportOutput(tenant, params.batchId, requestId);
    const page = result.files.slice(query.start, query.start + query.limit);
    const time = String(result.writeEndMs);
    const data = page.map((f, i) => {
      const id = dataSetFileId(params.batchId, query.start + i);
      return {
        dataSetFileId: id,
        dataSetViewId: job.params.datasetId,
        version: '1.0.0',
        created: time,
        updated: time,
        records: String(f.rows),
        size: String(f.bytes),
        isValid: true,
        _links: { self: { href: `${DATA_ACCESS}/files/${id}` } },
      };
    });
    const nextStart = query.start + query.limit;
    return {
      data,
      _page: { limit: query.limit, count: data.length },
      _links: nextStart < result.files.length ? { next: { href: `${DATA_ACCESS}/batches/${params.batchId}/files?start=${nextStart}&limit=${query.limit}` } } : {},
    };
  });

  route(app, getDataSetFile, ({ tenant, params, query, request, reply, requestId }) => {
    const ref = parseDataSetFileId(params.dataSetFileId);
    const notFound = () => exportErrors.batchNotFound(`Dataset file ${params.dataSetFileId} not found`, requestId);
    if (!ref) throw notFound();
    const { result } = exportOutput(tenant, ref.batchId, requestId);
    const file = result.files[ref.index];
    if (!file) throw notFound();
    if (query.path === undefined) {
      const entries = query.start === 0 ? [file] : [];
      return {
        data: entries.map((f) => ({
          name: f.name,
          length: String(f.bytes),
          _links: { self: { href: `${DATA_ACCESS}/files/${params.dataSetFileId}?path=${encodeURIComponent(f.name)}` } },
        })),
        _page: { limit: query.limit, count: entries.length },
      };
    }
    if (query.path !== file.name) {
      throw exportErrors.batchNotFound(`Dataset file ${params.dataSetFileId} has no file named "${query.path.slice(0, 100)}" (it has ${file.name})`, requestId);
    }
    const path = exportFilePath(tenant, ref.batchId, ref.index);
    const headers = {
      'content-type': 'application/octet-stream',
      'content-disposition': `attachment; filename="${file.name}"`,
      'accept-ranges': 'bytes',
    };
    const range = parseRange(request.headers.range, file.bytes);
    if (range === 'invalid') {
      reply.header('content-range', `bytes */${file.bytes}`);
      throw exportErrors.rangeNotSatisfiable(`Range ${request.headers.range} is outside the file (${file.bytes} bytes)`, requestId);
    }
    if (range) {
      return withStatus<typeof getDataSetFile>(206, createReadStream(path, range), {
        ...headers,
        'content-range': `bytes ${range.start}-${range.end}/${file.bytes}`,
        'content-length': String(range.end - range.start + 1),
      });
    }
    return withStatus<typeof getDataSetFile>(200, createReadStream(path), { ...headers, 'content-length': String(file.bytes) });
  });

  // ------------------------------------------------------------------ local

  route(app, downloadExportJob, ({ tenant, params, query, requestId }) => {
    const job = createExportJobRepository(tenant.db).get(Number(params.exportJobId));
    if (!job) throw exportErrors.notFound(params.exportJobId, requestId);
    const status = exportStatus(job);
    if (status !== 'SUCCEEDED' || !job.result) {
      throw exportErrors.conflict(
        status === 'FAILED'
          ? `Export job ${job.id} FAILED: it wrote no output to download`
          : `Export job ${job.id} is ${status}: its output can be downloaded once it has SUCCEEDED`,
        requestId,
      );
    }
    const result = job.result;
    const paths = result.files.map((_, i) => exportFilePath(tenant, result.batchId, i));
    const base = `export-${job.id}`;
    if (query.format === 'csv') {
      const columns = result.columns.length ? result.columns : [...(job.params.fields ?? []), ...(job.params.events ? ['eventList'] : [])];
      return withStatus<typeof downloadExportJob>(200, Readable.from(csvChunks(paths, columns)), {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${base}.csv"`,
      });
    }
    return withStatus<typeof downloadExportJob>(200, Readable.from(ndjsonChunks(paths)), {
      'content-type': 'application/x-ndjson',
      'content-disposition': `attachment; filename="${base}.ndjson"`,
      'content-length': String(result.files.reduce((n, f) => n + f.bytes, 0)),
    });
  });

  route(app, listAttributePaths, ({ tenant }) => attributePaths(tenant.db));
}

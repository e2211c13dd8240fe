// A small HTTP client for the AEP paths the crash-safety test drives, with responses parsed by the
// contract schemas (a wrong wire shape after a restart fails the test too).
import { request } from 'node:http';
import type { z } from 'zod';
import {
  BatchMapSchema,
  CATALOG,
  DATA_ACCESS,
  DataSetFileListSchema,
  DatasetStatsSchema,
  DemoResultSchema,
  EXPORT_JOBS,
  ExportJobSchema,
  FailedRecordsSchema,
  FileDirectorySchema,
  HEADER_ORG,
  HEADER_SANDBOX,
  HEADER_SANDBOX_ID,
  IMPORT,
  LegacySystemJobSchema,
  PROFILE_SCHEMA_ID,
  SANDBOX_MANAGEMENT,
  SYSTEM_JOBS,
  SandboxSchema,
  SystemJobSchema,
  type CreateExportJobBody,
} from '../../contracts/index.ts';

const ORG = 'D3M0C0FFEE0000000000A1B2@AdobeOrg';
const SANDBOX = 'prod';

export class ProfileApi {
  private readonly headers = { [HEADER_ORG]: ORG, [HEADER_SANDBOX]: SANDBOX };

  constructor(public url: string) {}

  /** Sends a request; throws on a non-2xx answer; parses the body with `schema` (or returns it as JSON). */
  private async call<S extends z.ZodType>(method: string, path: string, schema: S | null, body?: unknown, extra: Record<string, string> = {}): Promise<z.infer<S>> {
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: { ...this.headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...extra },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 500)}`);
    const json: unknown = text ? JSON.parse(text) : undefined;
    return schema ? schema.parse(json) : (json as z.infer<S>);
  }

  seedDemo(profiles: number) {
    return this.call('POST', '/_local/demo', DemoResultSchema, { profiles, seed: 7 });
  }

  /** A dataset of the XDM Individual Profile class, enabled for Profile or not. */
  async createDataset(name: string, options: { profileEnabled: boolean }): Promise<string> {
    const body = { name, schemaRef: { id: PROFILE_SCHEMA_ID }, tags: options.profileEnabled ? { unifiedProfile: ['enabled:true'] } : {} };
    // Answers ["@/dataSets/<id>"].
    const refs = (await this.call('POST', `${CATALOG}/dataSets`, null, body)) as string[];
    return refs[0].split('/').pop()!;
  }

  async createBatch(datasetId: string): Promise<string> {
    const batch = (await this.call('POST', `${IMPORT}/batches`, null, { datasetId, inputFormat: { format: 'json' } })) as { id: string };
    return batch.id;
  }

  private uploadPath = (batchId: string, datasetId: string, file: string) => `${IMPORT}/batches/${batchId}/datasets/${datasetId}/files/${file}`;

  /**
   * Uploads `body` as a batch file. With `stopAfter`, only that many bytes are sent and the request
   * stays open (the test kills the service meanwhile). Resolves with the status, or the socket error.
   */
  uploadStream(batchId: string, datasetId: string, file: string, body: Buffer, stopAfter = body.length): Promise<number | Error> {
    return new Promise((resolve) => {
      const req = request(
        `${this.url}${this.uploadPath(batchId, datasetId, file)}`,
        { method: 'PUT', headers: { ...this.headers, 'content-type': 'application/octet-stream', 'content-length': body.length } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', (e) => resolve(e));
      req.write(body.subarray(0, stopAfter));
      if (stopAfter >= body.length) req.end();
    });
  }

  complete(batchId: string) {
    return this.call('POST', `${IMPORT}/batches/${batchId}?action=COMPLETE`, null);
  }

  async batch(batchId: string) {
    return (await this.call('GET', `${CATALOG}/batches/${batchId}`, BatchMapSchema))[batchId];
  }

  failedRecords(batchId: string) {
    return this.call('GET', `${DATA_ACCESS}/batches/${batchId}/failed?limit=1`, FailedRecordsSchema);
  }

  datasetStats() {
    return this.call('GET', '/_local/datasets/stats', DatasetStatsSchema);
  }

  createExportJob(body: CreateExportJobBody) {
    return this.call('POST', EXPORT_JOBS, ExportJobSchema, body);
  }

  exportJob(id: number) {
    return this.call('GET', `${EXPORT_JOBS}/${id}`, ExportJobSchema);
  }

  /** The NDJSON lines of an export batch's files (Data Access; its first 100 files); undefined when it has none here (404). */
  async exportOutput(batchId: string): Promise<string[] | undefined> {
    const res = await fetch(`${this.url}${DATA_ACCESS}/batches/${batchId}/files`, { headers: this.headers });
    if (res.status === 404) return undefined;
    if (!res.ok) throw new Error(`list files of ${batchId}: ${res.status} ${await res.text()}`);
    const lines: string[] = [];
    for (const file of DataSetFileListSchema.parse(await res.json()).data) {
      for (const part of (await this.call('GET', `${DATA_ACCESS}/files/${file.dataSetFileId}`, FileDirectorySchema)).data) {
        const content = await fetch(`${this.url}${DATA_ACCESS}/files/${file.dataSetFileId}?path=${encodeURIComponent(part.name)}`, { headers: this.headers });
        if (!content.ok) throw new Error(`read ${part.name}: ${content.status}`);
        lines.push(...(await content.text()).split('\n').filter((l) => l !== ''));
      }
    }
    return lines;
  }

  createDeleteRequest(body: { dataSetId?: string; datasetId?: string; batchId?: string }) {
    return this.call('POST', SYSTEM_JOBS, LegacySystemJobSchema, body);
  }

  deleteRequest(id: string) {
    return this.call('GET', `${SYSTEM_JOBS}/${id}`, LegacySystemJobSchema);
  }

  /** The same request in the new format (millisecond `updatedAt`), which needs the sandbox id. */
  async deleteRequestNew(id: string) {
    const sandbox = await this.call('GET', `${SANDBOX_MANAGEMENT}/sandboxes/${SANDBOX}`, SandboxSchema);
    return this.call('GET', `${SYSTEM_JOBS}/${id}`, SystemJobSchema, undefined, { [HEADER_SANDBOX_ID]: sandbox.id });
  }
}

// Test data built through the contract schemas: a fixture that drifts from the contract fails here.
import {
  BatchMapSchema,
  BatchSchema,
  DatasetMapSchema,
  DatasetSchema,
  type Batch,
  type Dataset,
} from '../../contracts/catalog.ts';
import { EVENT_SCHEMA_ID, PROFILE_SCHEMA_ID } from '../../contracts/common.ts';
import { ProblemDetailSchema, type ProblemDetail } from '../../contracts/errors.ts';
import { FailedRecordsSchema, type FailedRecord, type FailedRecords } from '../../contracts/ingestion.ts';
import {
  ConsoleConfigSchema,
  DatasetStatsSchema,
  type ConsoleConfig,
  type DatasetStats,
} from '../../contracts/local.ts';
import {
  SandboxListSchema,
  SandboxSchema,
  type Sandbox,
  type SandboxList,
} from '../../contracts/sandboxes.ts';

export const ORG_ID = 'TESTORG0000000000000000A@AdobeOrg';
export const NOW = Date.UTC(2026, 10, 29, 12, 0, 0);

const hex = (n: number, length: number) => n.toString(16).padStart(length, '0');
export const datasetId = (n: number) => hex(n, 24);
export const batchId = (n: number) => hex(n, 32);

export function makeConfig(overrides: Partial<ConsoleConfig> = {}): ConsoleConfig {
  return ConsoleConfigSchema.parse({
    mode: 'local',
    orgId: ORG_ID,
    defaultSandbox: 'prod',
    version: '0.1.0-test',
    ...overrides,
  });
}

export function makeSandbox(overrides: Partial<Sandbox> & { name: string }): Sandbox {
  return SandboxSchema.parse({
    id: `id-${overrides.name}`,
    title: overrides.name,
    state: 'active',
    type: 'development',
    region: 'local',
    isDefault: false,
    eTag: 1,
    createdDate: new Date(NOW).toISOString(),
    lastModifiedDate: new Date(NOW).toISOString(),
    createdBy: 'test',
    lastModifiedBy: 'test',
    ...overrides,
  });
}

export function sandboxList(sandboxes: Sandbox[]): SandboxList {
  return SandboxListSchema.parse({ sandboxes, _page: { limit: sandboxes.length, count: sandboxes.length } });
}

export const DEFAULT_SANDBOXES = [
  makeSandbox({ name: 'prod', title: 'Production', type: 'production', isDefault: true }),
  makeSandbox({ name: 'dev', title: 'Development' }),
];

export type DatasetFixture = Dataset & { id: string };

export function makeDataset(
  overrides: Partial<Dataset> & { id: string; name: string; class?: 'profile' | 'experienceevent' },
): DatasetFixture {
  const { id, class: datasetClass = 'profile', ...rest } = overrides;
  const dataset = DatasetSchema.parse({
    description: undefined,
    imsOrg: ORG_ID,
    sandboxId: 'id-prod',
    tags: { unifiedProfile: ['enabled:true'] },
    schemaRef: {
      id: datasetClass === 'profile' ? PROFILE_SCHEMA_ID : EVENT_SCHEMA_ID,
      contentType: 'application/vnd.adobe.xed+json;version=1',
    },
    version: '1.0.0',
    created: NOW - 3_600_000,
    updated: NOW - 3_600_000,
    createdClient: 'test',
    createdUser: 'tester',
    updatedUser: 'tester',
    ...rest,
  });
  return { ...dataset, id };
}

/** Catalog's keyed list shape. */
export function datasetMap(datasets: DatasetFixture[]) {
  return DatasetMapSchema.parse(Object.fromEntries(datasets.map(({ id, ...d }) => [id, d])));
}

export function makeBatch(overrides: Partial<Batch> & { id: string; datasetId: string }): Batch {
  const { datasetId: ds, ...rest } = overrides;
  return BatchSchema.parse({
    imsOrg: ORG_ID,
    status: 'success',
    relatedObjects: [{ type: 'dataSet', id: ds }],
    inputFormat: { format: 'json' },
    created: NOW - 60_000,
    updated: NOW - 30_000,
    version: '1.0.0',
    createdUser: 'tester',
    updatedUser: 'tester',
    ...rest,
  });
}

export function batchMap(batches: Batch[]) {
  return BatchMapSchema.parse(Object.fromEntries(batches.map((b) => [b.id, b])));
}

export function stats(entries: DatasetStats): DatasetStats {
  return DatasetStatsSchema.parse(entries);
}

export function failedRecords(
  records: FailedRecord[],
  totalCount = records.length,
  start = 0,
): FailedRecords {
  return FailedRecordsSchema.parse({
    data: records,
    _page: { start, limit: 100, count: records.length, totalCount },
  });
}

export function problem(status: number, detail: string, requestId = 'req-problem-1'): ProblemDetail {
  const titles: Record<number, string> = {
    400: 'Bad Request',
    404: 'Not Found',
    409: 'Conflict',
    413: 'Payload Too Large',
    500: 'Internal Server Error',
  };
  return ProblemDetailSchema.parse({
    type: `http://ns.adobe.com/aep/errors/TEST-${status}`,
    status,
    title: titles[status] ?? 'Error',
    detail,
    requestId,
  });
}

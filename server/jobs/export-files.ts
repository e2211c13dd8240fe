// Where an export batch's files live and how they are named. Files are written by the export job
// (export-job.ts) under `<sandbox>.exports/<batchId>/part-<n>.ndjson`; names are built here from
// the batch id and a sequence number, never from client input.
import { join } from 'node:path';
import type { SandboxContext } from '../store/tenant-store.ts';

export interface ExportFile {
  /** `part-00000.ndjson` */
  name: string;
  rows: number;
  bytes: number;
}

export const exportBatchDir = (ctx: SandboxContext, batchId: string) => join(ctx.exportsDir, batchId);

export const exportFileName = (index: number) => `part-${String(index).padStart(5, '0')}.ndjson`;

export const exportFilePath = (ctx: SandboxContext, batchId: string, index: number) => join(exportBatchDir(ctx, batchId), exportFileName(index));

/** Data Access file ids: `<batchId>-<n>`, n counting from 1. */
export const dataSetFileId = (batchId: string, index: number) => `${batchId}-${index + 1}`;

export function parseDataSetFileId(id: string): { batchId: string; index: number } | undefined {
  const m = /^([0-9a-f]{32})-(\d{1,6})$/.exec(id);
  if (!m || Number(m[2]) < 1) return undefined;
  return { batchId: m[1], index: Number(m[2]) - 1 };
}

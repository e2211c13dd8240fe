// What the browser can tell about a file before anything is sent: empty, over the limit, or not
// JSON at all (the service applies the same first-byte rule). A refused file creates no batch.
import { MAX_UPLOAD_BYTES } from '../../../contracts/ingestion.ts';

export const ACCEPTED_FILE_TYPES = '.json,.ndjson,.jsonl,application/json,application/x-ndjson';

const SNIFF_BYTES = 4096;

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

/** Why the file cannot be uploaded, or undefined when it may be. */
export async function checkUploadFile(file: File, maxBytes = MAX_UPLOAD_BYTES): Promise<string | undefined> {
  if (file.size === 0) return `The file ${file.name} is empty: it has no records to ingest.`;
  if (file.size > maxBytes) {
    return `The file ${file.name} is ${formatBytes(file.size)}, larger than the ${formatBytes(maxBytes)} upload limit. Split it into smaller files.`;
  }
  const head = (await file.slice(0, SNIFF_BYTES).text()).replace(/^\uFEFF/, '').trimStart();
  if (head.length === 0) {
    return file.size <= SNIFF_BYTES
      ? `The file ${file.name} is empty: it contains only whitespace.`
      : undefined;
  }
  if (head[0] !== '{' && head[0] !== '[') {
    return `The file ${file.name} is not JSON: upload a JSON array or NDJSON (one JSON object per line).`;
  }
  return undefined;
}

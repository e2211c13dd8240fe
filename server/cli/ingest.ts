// npm run ingest -- --sandbox prod --dataset <id> file.ndjson [more files]
// Creates a batch, uploads the files, completes it and prints the outcome (failed records included).
import { createReadStream, existsSync } from 'node:fs';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import type { Batch, BatchMap, FailedRecords } from '../../contracts/index.ts';
import { call, targetOptions, type CliTarget } from './http-client.ts';

const { values, positionals } = parseArgs({
  options: { ...targetOptions, dataset: { type: 'string' } },
  allowPositionals: true,
});
if (!values.dataset || positionals.length === 0) {
  console.error('usage: npm run ingest -- [--url http://127.0.0.1:8080] [--sandbox prod] --dataset <datasetId> <file.ndjson|file.json>...');
  process.exit(2);
}
for (const f of positionals) {
  if (!existsSync(f)) {
    console.error(`no such file: ${f}`);
    process.exit(2);
  }
}
const target: CliTarget = { url: values.url!, orgId: values.org!, sandbox: values.sandbox!, token: values.token };
const datasetId = values.dataset;

const batch = await call<Batch>(target, 'POST', '/data/foundation/import/batches', { body: { datasetId, inputFormat: { format: 'json' } } });
console.log(`batch ${batch.id} created`);
for (const file of positionals) {
  const name = encodeURIComponent(basename(file));
  await call(target, 'PUT', `/data/foundation/import/batches/${batch.id}/datasets/${datasetId}/files/${name}`, {
    raw: Readable.toWeb(createReadStream(file)) as unknown as BodyInit,
  });
  console.log(`uploaded ${file}`);
}
await call(target, 'POST', `/data/foundation/import/batches/${batch.id}?action=COMPLETE`);

let done: Batch;
for (;;) {
  done = (await call<BatchMap>(target, 'GET', `/data/foundation/catalog/batches/${batch.id}`))[batch.id];
  if (done.status !== 'processing' && done.status !== 'loading') break;
  await new Promise((r) => setTimeout(r, 250));
}
const m = done.metrics;
console.log(`batch ${done.status}: ${m?.outputRecordCount ?? 0} of ${m?.inputRecordCount ?? 0} records ingested, ${m?.failedRecordCount ?? 0} failed`);
if (m?.failedRecordCount) {
  const failed = await call<FailedRecords>(target, 'GET', `/data/foundation/export/batches/${batch.id}/failed?limit=20`);
  for (const f of failed.data) console.log(`  ${f.file}:${f.line} ${f.code} — ${f.message}`);
  if (failed._page.totalCount > failed.data.length) console.log(`  … and ${failed._page.totalCount - failed.data.length} more`);
}
process.exitCode = done.status === 'success' ? 0 : 1;

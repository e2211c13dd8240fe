// npm run bench [-- --profiles N] [--seconds S]: builds a store of N demo profiles and prints every
// budgeted figure of DESIGN §8 next to a baseline measured in the same run. Rows that only read run
// first; the destructive ones (delete) run last. `--keep` leaves the data directory behind and
// `--from DIR` starts from a copy of such a directory instead of ingesting (no ingestion row), so
// one row can be measured again against a large store without building it anew.
import { cpSync, mkdtempSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from '../server/app.ts';
import { benchIngestion } from './ingestion.ts';
import { addHelloRoute, benchLookupHttp, benchLookupInProcess } from './lookup.ts';
import { benchDelete } from './delete.ts';
import { benchMergePolicyImpact } from './merge-policy-impact.ts';
import { benchExport } from './export.ts';
import { benchComputedAttributes } from './computed-attributes.ts';
import { benchSample } from './sample.ts';
import { benchLoad } from './load.ts';
import { renderTable, resultsReport, verdict, type BenchRow } from './report.ts';

const { values } = parseArgs({
  options: {
    profiles: { type: 'string', default: '100000' },
    seconds: { type: 'string', default: '10' },
    keep: { type: 'boolean' },
    from: { type: 'string' },
    only: { type: 'string' },
    load: { type: 'boolean' },
    'load-seconds': { type: 'string', default: '30' },
  },
});
const profiles = Number(values.profiles);
const seconds = Number(values.seconds);
const loadSeconds = Number(values['load-seconds']);
if (!Number.isInteger(profiles) || profiles < 100 || !(seconds > 0) || !(loadSeconds > 0)) {
  console.error(
    'usage: npm run bench -- [--profiles N ≥ 100] [--seconds S (per HTTP load run)] [--load [--load-seconds S]] [--keep] [--from DIR] [--only lookup,http,export,impact,ca,sample,load,delete]',
  );
  process.exit(2);
}

const BENCH_ORG = 'BENCH0000000000000000000@AdobeOrg';
const SANDBOX = 'bench';
const dir = mkdtempSync(join(tmpdir(), 'profile-console-bench-'));
if (values.from) cpSync(values.from, dir, { recursive: true });
const log = (s: string) => console.log(s);
// The real service (store, job runner, routes) on a temporary data directory.
const { app, store, jobs } = await buildApp({ dataDir: dir, orgId: BENCH_ORG });
addHelloRoute(app);
const ctx = store.org(BENCH_ORG).context(SANDBOX, true)!;
const headers = { 'x-gw-ims-org-id': BENCH_ORG, 'x-sandbox-name': SANDBOX };
const rows: BenchRow[] = [];
// --only picks rows by key; the ingestion row runs unless --from, since it builds the store the others read.
const only = values.only?.split(',');
const selected = (key: string) => (!only || only.includes(key)) && (key !== 'load' || values.load === true);

try {
  log(`Profile Console bench — ${profiles.toLocaleString('en-US')} profiles, ${cpus().length} cores, Node ${process.version}`);
  if (values.from) log(`starting from a copy of ${values.from} (no ingestion row)`);
  else rows.push((await benchIngestion(ctx, dir, profiles, log)).row);
  if (selected('lookup')) rows.push(benchLookupInProcess(ctx.db));
  if (selected('http')) rows.push(await benchLookupHttp(app, ctx.db, headers, seconds));
  if (selected('export')) rows.push(...(await benchExport(app, jobs, ctx.db, headers, log)).rows);
  if (selected('impact')) rows.push(await benchMergePolicyImpact(app, ctx.db, headers, log));
  if (selected('ca')) rows.push(await benchComputedAttributes(app, ctx, headers, log));
  // the load mix reads reports: a sample runs before it in any case
  if (selected('sample') || selected('load')) rows.push(...(await benchSample(app, jobs, ctx.db, headers, log)));
  if (selected('load')) rows.push(await benchLoad(app, ctx.db, headers, loadSeconds, log));
  if (selected('delete')) rows.push((await benchDelete(ctx, log)).row);

  const table = renderTable(rows);
  log(`\n${table}\n`);
  const report = resultsReport(table, { profiles, loadSeconds: values.load ? loadSeconds : undefined });
  mkdirSync(new URL('./out/', import.meta.url), { recursive: true });
  writeFileSync(new URL(`./out/bench-${profiles}.md`, import.meta.url), report);
  // a run of every row is the project's published figure set (README links it)
  if (!only && !values.from) writeFileSync(new URL('./results.md', import.meta.url), report);
  process.exitCode = rows.every((r) => verdict(r).pass) ? 0 : 1;
} finally {
  await app.close();
  if (values.keep) log(`data directory kept: ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}

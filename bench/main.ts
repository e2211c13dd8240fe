// npm run bench [-- --profiles N]: builds a store of N demo profiles and prints every budgeted
// figure of DESIGN §8 next to a baseline measured in the same run.
import { mkdtempSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createTenantStore } from '../server/store/tenant-store.ts';
import { benchIngestion } from './ingestion.ts';
import { benchDelete } from './delete.ts';
import { renderTable, verdict, type BenchRow } from './report.ts';

const { values } = parseArgs({ options: { profiles: { type: 'string', default: '100000' }, keep: { type: 'boolean' } } });
const profiles = Number(values.profiles);
if (!Number.isInteger(profiles) || profiles < 100) {
  console.error('--profiles must be an integer ≥ 100');
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), 'profile-console-bench-'));
const log = (s: string) => console.log(s);
const store = createTenantStore(dir);
const ctx = store.org('BENCH0000000000000000000@AdobeOrg').context('bench', true)!;
const rows: BenchRow[] = [];

try {
  log(`Profile Console bench — ${profiles.toLocaleString('en-US')} profiles, ${cpus().length} cores, Node ${process.version}`);
  const ingestion = await benchIngestion(ctx, dir, profiles, log);
  rows.push(ingestion.row);
  rows.push((await benchDelete(ctx, log)).row);

  const table = renderTable(rows);
  log(`\n${table}\n`);
  mkdirSync(new URL('./out/', import.meta.url), { recursive: true });
  writeFileSync(new URL(`./out/bench-${profiles}.md`, import.meta.url), `${new Date().toISOString()} — ${profiles} profiles\n\n${table}\n`);
  process.exitCode = rows.every((r) => verdict(r).pass) ? 0 : 1;
} finally {
  store.close();
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
}

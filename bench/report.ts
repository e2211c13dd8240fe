// The benchmark table: every figure printed next to a baseline measured in the same run.
import { cpus, platform, release, totalmem } from 'node:os';
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  baselineName: string;
  baseline: number;
  /** Budget on the ratio value / baseline (higher is better) or on the value itself. */
  budget: { kind: 'ratio-min'; min: number } | { kind: 'value-max'; max: number } | { kind: 'value-min'; min: number };
}

const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(n >= 10 ? 1 : 3));

export function verdict(row: BenchRow): { ratio: number; pass: boolean; budget: string } {
  const ratio = row.value / row.baseline;
  switch (row.budget.kind) {
    case 'ratio-min':
      return { ratio, pass: ratio >= row.budget.min, budget: `≥ ${(row.budget.min * 100).toFixed(0)} % of baseline` };
    case 'value-max':
      return { ratio, pass: row.value <= row.budget.max, budget: `≤ ${fmt(row.budget.max)} ${row.unit}` };
    case 'value-min':
      return { ratio, pass: row.value >= row.budget.min, budget: `≥ ${fmt(row.budget.min)} ${row.unit}` };
  }
}

export function renderTable(rows: BenchRow[]): string {
  const header = ['What', 'Ours', 'Baseline (same run)', 'Ratio', 'Budget', 'Pass'];
  const lines = rows.map((r) => {
    const v = verdict(r);
    const ratio = Number.isFinite(v.ratio) ? `${(v.ratio * 100).toFixed(1)} %` : '—';
    return [r.name, `${fmt(r.value)} ${r.unit}`, `${r.baselineName}: ${fmt(r.baseline)} ${r.unit}`, ratio, v.budget, v.pass ? 'yes' : 'NO'];
  });
  return [header, header.map(() => '---'), ...lines].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/** bench/results.md: the table with the run's date, size and machine. */
export function resultsReport(table: string, run: { profiles: number; loadSeconds?: number }): string {
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, ${platform()} ${release()}, Node ${process.version}`;
  return [
    '# Benchmark results',
    '',
    `\`npm run bench -- --profiles ${run.profiles}${run.loadSeconds ? ` --load --load-seconds ${run.loadSeconds}` : ''}\` on ${new Date().toISOString().slice(0, 10)}.`,
    '',
    `Machine: ${machine}.`,
    '',
    'Every figure sits next to a baseline measured in the same run on the same machine (DESIGN §8); the budget column is the target.',
    '',
    table,
    '',
  ].join('\n');
}

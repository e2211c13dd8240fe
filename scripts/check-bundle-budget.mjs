// Fails when the JavaScript a browser loads before the first route chunk exceeds the budget
// (DESIGN §8: ≤ 250 KB gzip): the entry chunk of index.html plus everything it imports statically.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const BUDGET_KB = 250;
const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const manifest = JSON.parse(readFileSync(`${dist}.vite/manifest.json`, 'utf8'));

const seen = new Set();
function visit(key) {
  if (seen.has(key)) return;
  seen.add(key);
  for (const dep of manifest[key].imports ?? []) visit(dep);
}
const entry = Object.keys(manifest).find((k) => manifest[k].isEntry);
visit(entry);

let total = 0;
for (const key of seen) {
  const file = manifest[key].file;
  const kb = gzipSync(readFileSync(dist + file), { level: 9 }).length / 1024;
  total += kb;
  console.log(`  ${file.padEnd(48)} ${kb.toFixed(1).padStart(7)} KB gzip`);
}
const lazy = Object.values(manifest).filter((m) => m.isDynamicEntry).length;
console.log(`First load: ${total.toFixed(1)} KB gzip (budget ${BUDGET_KB} KB); ${lazy} lazy route chunks.`);
if (total > BUDGET_KB) {
  console.error(`Bundle budget exceeded by ${(total - BUDGET_KB).toFixed(1)} KB gzip.`);
  process.exit(1);
}

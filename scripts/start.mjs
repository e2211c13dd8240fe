// npm start: build the console when dist/ is missing or older than its sources, then run the
// service in this same process (one PID to signal; see STACK G7).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const builtIndex = join(root, 'dist', 'index.html');

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newestMtime(join(path, name))), stat.mtimeMs);
}

const sources = ['src', 'contracts', 'public', 'index.html', 'vite.config.ts', 'package-lock.json'].map((p) => join(root, p));
const stale = !existsSync(builtIndex) || Math.max(...sources.map(newestMtime)) > statSync(builtIndex).mtimeMs;

if (stale && !process.argv.includes('--no-build')) {
  console.log('profile-console: building the console (dist/ is missing or older than its sources)…');
  const { build } = await import('vite');
  await build({ root, logLevel: 'warn' });
}
process.argv = process.argv.filter((a) => a !== '--no-build');

const { register } = await import('tsx/esm/api');
register();
await import('../server/main.ts');

// npm run dev: the service on :8081 (restarting on server changes) and Vite's dev server on :5173
// proxying API paths to it (see vite.config.ts). Both reload on change.
import { spawn } from 'node:child_process';

const servicePort = process.env.SERVICE_PORT ?? '8081';
const children = [
  spawn(process.execPath, ['--import', 'tsx', '--watch', 'server/main.ts', '--port', servicePort, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, DIST_DIR: 'no-spa-in-dev' },
  }),
  spawn(process.execPath, ['node_modules/vite/bin/vite.js', '--host', '127.0.0.1'], {
    stdio: 'inherit',
    env: { ...process.env, PROFILE_CONSOLE_SERVICE_URL: `http://127.0.0.1:${servicePort}` },
  }),
];

const stop = () => children.forEach((c) => c.kill('SIGTERM'));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const c of children) c.on('exit', (code) => { stop(); process.exitCode = code ?? 0; });

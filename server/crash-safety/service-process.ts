// The service as a child process on a given data directory, for tests that kill it: start it,
// wait until it answers, SIGKILL it (no shutdown code runs), start it again on the same directory.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface ServiceProcess {
  url: string;
  child: ChildProcess;
  /** Everything the process wrote so far (JSON log lines, warn and above). */
  output(): string;
  /** SIGKILL; resolves once the process is gone. */
  kill(): Promise<void>;
}

/** A port nobody listens on right now (a new one per start: no stale keep-alive sockets to a killed process). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The test's environment minus settings that would change the service under test (org, auth, mode). */
function serviceEnv(): NodeJS.ProcessEnv {
  const { ORG_ID: _org, AUTH_TOKENS: _tokens, AUTH_TOKENS_FILE: _file, ...env } = process.env;
  // warn: start-up recovery is logged, the per-request lines of hundreds of progress polls are not.
  return { ...env, LOG_LEVEL: 'warn', MODE: 'local' };
}

export async function startService(dataDir: string, options: { startTimeoutMs?: number } = {}): Promise<ServiceProcess> {
  // Another process may take the free port before the service binds it: then try another one.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(dataDir, options.startTimeoutMs ?? 30_000);
    } catch (e) {
      if (attempt === 3 || !(e as Error).message.includes('EADDRINUSE')) throw e;
    }
  }
}

async function startOnce(dataDir: string, timeoutMs: number): Promise<ServiceProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--port', String(port), '--data-dir', dataDir, '--no-demo'], {
    cwd: projectRoot,
    env: serviceEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  const kill = async () => {
    if (!gone()) child.kill('SIGKILL');
    await exited;
  };

  // Start-up recovery (re-applying interrupted batches) runs before the service listens.
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (gone()) throw new Error(`the service exited (${child.signalCode ?? child.exitCode}) before it answered:\n${out}`);
    try {
      const res = await fetch(`${url}/_local/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return { url, child, output: () => out, kill };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await kill();
      throw new Error(`the service did not answer within ${timeoutMs} ms:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

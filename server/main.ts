// CLI entry: parse flags/env, open the store, recover interrupted work, seed the demo organisation
// on a fresh data directory, listen, and shut down gracefully on SIGINT/SIGTERM.
import { closeOnSignals } from './http/graceful-shutdown.ts';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp } from './app.ts';
import { ConfigError, readConfig } from './config.ts';
import { readAepSettings, type AepSettings } from './aep/settings.ts';
import { serveAep } from './aep/serve.ts';
import { createBatchService } from './ingest/batch-service.ts';
import { seedDemo } from './demo/seed.ts';
import { DEFAULT_SANDBOX, type TenantStore } from './store/tenant-store.ts';
import type { JobRunner } from './jobs/runner.ts';

function recoverAll(store: TenantStore, jobs: JobRunner, dataDir: string, log: (msg: string, data: object) => void) {
  const orgsDir = join(dataDir, 'orgs');
  if (!existsSync(orgsDir)) return;
  for (const orgId of readdirSync(orgsDir)) {
    const org = store.org(orgId);
    for (const sandbox of org.list()) {
      const ctx = org.context(sandbox.name, false)!;
      const recovered = createBatchService(ctx).recover();
      if (recovered.length) log('re-applied batches interrupted by a restart', { orgId, sandbox: sandbox.name, batches: recovered });
      const resumed = jobs.resume(ctx);
      if (resumed.length) log('resuming jobs interrupted by a restart', { orgId, sandbox: sandbox.name, jobs: resumed });
    }
  }
}

async function main() {
  let config;
  let aep: AepSettings | undefined;
  try {
    config = readConfig(process.argv.slice(2), process.env);
    if (config.mode === 'aep') aep = readAepSettings(process.env, { host: config.host, auth: config.authTokens !== undefined });
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`profile-console: ${e.message}`);
      process.exit(2);
    }
    throw e;
  }
  if (aep) return serveAep(config, aep);
  const freshOrg = (orgId: string) => !existsSync(join(config.dataDir, 'orgs', orgId));
  const { app, store, jobs, orgId } = await buildApp({
    dataDir: config.dataDir,
    orgId: config.orgId,
    auth: config.authTokens ? { tokens: config.authTokens } : undefined,
    distDir: config.distDir,
    // AEP re-samples within minutes of a batch; locally, once the sandbox has been quiet for 10 s.
    autoSampleDebounceMs: 10_000,
    logger: { level: config.logLevel, redact: ['req.headers.authorization', 'req.headers["x-api-key"]'] },
  });
  const seedNeeded = config.demo && freshOrg(orgId);

  recoverAll(store, jobs, config.dataDir, (msg, data) => app.log.warn(data, msg));
  if (seedNeeded) {
    const ctx = store.org(orgId).context(DEFAULT_SANDBOX, true)!;
    app.log.info({ profiles: config.demoProfiles }, 'generating the demo organisation');
    const result = await seedDemo(ctx, { profiles: config.demoProfiles, seed: 42 });
    app.log.info({ durationMs: result.durationMs, datasets: result.datasets.length }, 'demo organisation ready');
  }

  closeOnSignals(app);

  await app.listen({ port: config.port, host: config.host });
  app.log.info(`Profile Console at http://${config.host}:${(app.server.address() as { port: number }).port} (org ${orgId})`);
}

await main();

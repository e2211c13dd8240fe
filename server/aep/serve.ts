// `npm start -- --aep`: runs the AEP-mode service (main.ts hands over once the settings are valid).
import { closeOnSignals } from '../http/graceful-shutdown.ts';
import type { ServiceConfig } from '../config.ts';
import { buildAepApp } from './app.ts';
import type { AepSettings } from './settings.ts';

export async function serveAep(config: ServiceConfig, settings: AepSettings): Promise<void> {
  const { app, tokens } = await buildAepApp({
    settings,
    auth: config.authTokens ? { tokens: config.authTokens } : undefined,
    distDir: config.distDir,
    logger: { level: config.logLevel },
  });

  closeOnSignals(app);

  await app.listen({ port: config.port, host: config.host });
  const port = (app.server.address() as { port: number }).port;
  app.log.info(`Profile Console at http://${config.host}:${port} (AEP mode: org ${settings.orgId}, platform ${settings.platformUrl})`);
  // Ask for a token now so wrong credentials show up at start-up (the service keeps running: IMS may
  // only be unreachable for a moment; every request tries again and answers 502 meanwhile).
  tokens.get().catch(() => undefined);
}

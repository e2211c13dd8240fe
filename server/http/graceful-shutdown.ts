import type { FastifyInstance } from 'fastify';

/** SIGINT/SIGTERM: stop accepting, let in-flight requests finish, close the app (and its stores), exit. */
export function closeOnSignals(app: FastifyInstance): void {
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    await app.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

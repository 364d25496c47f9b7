import { readAppEnv } from './app-env.js';
import { startServer, type ServerRole } from './server.js';

/** `pullwise serve`: runs the GitHub App until SIGTERM/SIGINT, then shuts down gracefully. */
export async function serveApp(
  env: Record<string, string | undefined>,
  role: ServerRole = 'all',
): Promise<number> {
  const server = await startServer(readAppEnv(env), env, { role });
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      server.probot.log.info({ signal }, 'shutting down: finishing or requeueing running jobs');
      void server.stop().then(resolve);
    };
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
  });
  return 0;
}

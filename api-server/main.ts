import { join } from 'node:path';
import { version } from '../package.json';
import { createApp } from './app';
import { ensureAdmin } from './auth/bootstrap';
import { createAuth } from './auth/create-auth';
import { unavailableComponentService } from './components/unavailable-service';
import { readConfig } from './config';
import { openDatabase } from './db';
import { createLogger } from './logging';
import { listen, RunningServer } from './server';
import { createMetrics } from './system/metrics';

/** `npm start`: configuration from the environment, an embedded SQLite file under the data directory. */
async function main(): Promise<void> {
  const config = readConfig(process.env);
  const log = createLogger(config.logLevel);
  const db = openDatabase(join(config.dataDir, 'dataroaster.sqlite'));
  const auth = createAuth(db, { ...config, now: Date.now });

  const admin = await ensureAdmin(auth.users, auth.hasher, config.adminPassword);
  if (admin.created && admin.generatedPassword !== undefined) {
    // Printed once, on the first start, in the original's words (its README greps for them); never logged.
    process.stdout.write(`randomly generated password for user 'admin': ${admin.generatedPassword}\n`);
  } else if (admin.created) {
    log.info('created user admin with the password from DATAROASTER_ADMIN_PASSWORD');
  }

  const components = unavailableComponentService('component delivery is not wired into this build yet (GitOps delivery module pending)');
  const { koa } = createApp({
    sessions: auth.sessions,
    userAdmin: auth.userAdmin,
    components,
    metrics: createMetrics(),
    log,
    readiness: { database: () => auth.users.ping(), git: () => components.checkRemote() },
    bodyLimitBytes: config.bodyLimitBytes,
    componentRoles: config.componentRoles,
    trustProxy: config.trustProxy,
    version,
  });
  // Handlers first: a SIGTERM that arrives while starting must stop the process cleanly too.
  let server: RunningServer | undefined;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: finishing in-flight requests');
    await server?.stop(config.shutdownTimeoutSeconds * 1000);
    await components.close();
    db.close();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', (signal) => void shutdown(signal));
  process.on('SIGINT', (signal) => void shutdown(signal));

  server = await listen(koa, config.port, config.host);
  if (stopping) return;
  log.info({ url: server.url, dataDir: config.dataDir }, 'listening');
  process.stdout.write(`DataRoaster API listening on ${server.url} (data in ${config.dataDir}); log in with POST ${server.url}/v1/login\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`dataroaster-api: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

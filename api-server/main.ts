import { version } from '../package.json';
import { createApp } from './app';
import { ensureAdmin } from './auth/bootstrap';
import { createAuth } from './auth/create-auth';
import { createComponentDelivery } from './components/component-delivery';
import { gitComponentService } from './components/git-component-service';
import type { ComponentService } from './components/types';
import { readConfig } from './config';
import { prepareDataDir, PRIVATE_UMASK } from './data-dir';
import { openDatabase } from './database';
import { createLogger } from './logging';
import { createServerSealing } from './sealing';
import { listen, RunningServer } from './server';
import { createMetrics } from './system/metrics';

/** How long `/readyz` waits for the database and the Git remote. */
const READINESS_TIMEOUT_MS = 5000;

/**
 * `npm start`: configuration from the environment, an embedded SQLite file (users, tokens) and, unless
 * a remote is configured, a bare GitOps repository under the data directory.
 */
async function main(): Promise<void> {
  const config = readConfig(process.env);
  const log = createLogger(config.logLevel);
  process.umask(PRIVATE_UMASK); // before anything is written: the database, the keys, the clone
  prepareDataDir(config.dataDir, log);
  const metrics = createMetrics();
  // Before the admin is created: a bad Git or sealing setting must not cost the one print of its password.
  const sealing = await createServerSealing({ dataDir: config.dataDir, env: process.env, log, sharedDatabase: config.database.kind === 'postgres' });
  const delivery = createComponentDelivery({ dataDir: config.dataDir, env: process.env, log, metrics, sealer: sealing.sealer });
  const database = openDatabase(config.database);
  // Migrations run here, once, under the migrator's lock (replicas starting together wait for each other).
  await database.migrate();
  const auth = createAuth(database, { ...config, now: Date.now });

  const admin = await ensureAdmin(auth.users, auth.hasher, config.adminPassword);
  if (admin.created && admin.generatedPassword !== undefined) {
    // Printed once, on the first start, in the original's words (its README greps the pod's output for
    // them); never logged. On stderr, so stdout holds only JSON log lines.
    process.stderr.write(`randomly generated password for user 'admin': ${admin.generatedPassword}\n`);
  } else if (admin.created) {
    log.info('created user admin with the password from DATAROASTER_ADMIN_PASSWORD');
  }

  // Handlers first: a SIGTERM that arrives while starting must stop the process cleanly too.
  let server: RunningServer | undefined;
  let components: ComponentService | undefined;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: finishing in-flight requests and commits');
    await server?.stop(config.shutdownTimeoutSeconds * 1000);
    await components?.close(); // waits for changes already queued (even of requests whose connection was cut), then releases the clone
    sealing.stop();
    await auth.close();
    await database.close();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', (signal) => void shutdown(signal));
  process.on('SIGINT', (signal) => void shutdown(signal));

  await delivery.start();
  components = gitComponentService({ delivery, remoteTimeoutMs: READINESS_TIMEOUT_MS - 500, log, reservedNamespaces: config.reservedNamespaces });
  const service = components;
  const { koa } = createApp({
    sessions: auth.sessions,
    userAdmin: auth.userAdmin,
    components: service,
    metrics,
    log,
    readiness: { database: () => database.ping(), git: () => service.checkRemote() },
    readinessTimeoutMs: READINESS_TIMEOUT_MS,
    bodyLimitBytes: config.bodyLimitBytes,
    componentRoles: config.componentRoles,
    trustedProxyHops: config.trustedProxyHops,
    version,
  });
  if (stopping) return;
  server = await listen(koa, config.port, config.host, config.connectionTimeouts);
  if (stopping) return;
  log.info({ url: server.url, dataDir: config.dataDir }, 'listening');
  process.stderr.write(`DataRoaster API listening on ${server.url} (data in ${config.dataDir}); log in with POST ${server.url}/v1/login\n`);
}

main().catch((err: unknown) => {
  // Before the logger exists (a bad setting) too: one line for the person starting it, on stderr.
  process.stderr.write(`dataroaster-api: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

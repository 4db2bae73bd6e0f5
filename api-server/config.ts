import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

import { REGISTRY } from '../src/components/registry';
import type { Registry } from '../src/core/component';
import { dataDirFromEnv } from '../src/core/data-dir';
import { reservedNamespacesFromEnv } from '../src/core/reserved-namespaces';
import type { ServerEnv, ServerEnvName } from '../src/schema/server-env';
import { isRole, Role } from './auth/roles';
import { componentEndpoints } from './components/endpoints';
import type { DatabaseConfig } from './database';
import { AppError } from './errors';
import { ConnectionTimeouts, DEFAULT_CONNECTION_TIMEOUTS } from './server';

/** Everything the server reads from the environment, parsed once at start-up. */
export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  /** Holds the SQLite file (users, tokens) and, by default, the local bare Git repository. */
  readonly dataDir: string;
  /** SQLite in the data dir (one replica) unless `DATAROASTER_DATABASE_URL` names a PostgreSQL server (any number of replicas). */
  readonly database: DatabaseConfig;
  /** Password of the first `admin`; when absent a random one is generated and printed once. */
  readonly adminPassword?: string;
  readonly tokenTtlSeconds: number;
  readonly bodyLimitBytes: number;
  readonly bcryptCost: number;
  /** bcrypt runs in this many worker threads, with at most `maxQueue` jobs waiting (then 429). */
  readonly passwordPool: { readonly threads: number; readonly maxQueue: number };
  readonly throttle: LoginThrottleConfig;
  /** Minimum role per component endpoint (`trino`, `hive_metastore`, …); unlisted ones need `user`. */
  readonly componentRoles: Readonly<Record<string, Role>>;
  /**
   * How many reverse proxies (ingress, load balancer) in front of the server append to `X-Forwarded-For`:
   * the caller's address is taken that many entries from the right, so a value the client forged on the
   * left is never believed. 0: the address of the TCP peer.
   */
  readonly trustedProxyHops: number;
  readonly logLevel: string;
  readonly shutdownTimeoutSeconds: number;
  /** How long a client may take to send its headers, and its whole request (docs/hardening.md). */
  readonly connectionTimeouts: ConnectionTimeouts;
  /** Namespaces no instance may be created in: `DATAROASTER_RESERVED_NAMESPACES` (or the defaults) + `DATAROASTER_SERVER_NAMESPACE`. */
  readonly reservedNamespaces: readonly string[];
}

export interface LoginThrottleConfig {
  /** Attempts without a success per (user, client address) before delays start. */
  readonly maxFailures: number;
  /** The same over all user names from one address (password spraying). */
  readonly maxFailuresPerAddress: number;
  /** The first delay; each further attempt doubles it, up to the window. */
  readonly firstDelaySeconds: number;
  /** Attempts are forgotten after this long without one; also the longest delay. */
  readonly windowSeconds: number;
}

export class ConfigError extends AppError {}

type Env = ServerEnv;

/** Reads the server configuration from `env`; throws a ConfigError naming the variable at fault. */
export function readConfig(env: Env, cwd: string = process.cwd(), registry: Registry = REGISTRY): ServerConfig {
  const dataDir = dataDirFromEnv(env, env.HOME || homedir(), cwd);
  return {
    port: integer(env, 'PORT', 8089, 0, 65535),
    host: env.HOST ?? '127.0.0.1',
    dataDir,
    database: databaseConfig(env, dataDir),
    adminPassword: env.DATAROASTER_ADMIN_PASSWORD === '' ? undefined : env.DATAROASTER_ADMIN_PASSWORD,
    tokenTtlSeconds: duration(env, 'DATAROASTER_TOKEN_TTL', 10 * 3600),
    bodyLimitBytes: byteSize(env, 'DATAROASTER_BODY_LIMIT', 1024 * 1024),
    bcryptCost: integer(env, 'DATAROASTER_BCRYPT_COST', 12, 10, 15),
    passwordPool: {
      threads: integer(env, 'DATAROASTER_PASSWORD_THREADS', 2, 1, 64),
      maxQueue: integer(env, 'DATAROASTER_PASSWORD_QUEUE', 32, 1, 10000),
    },
    throttle: {
      maxFailures: integer(env, 'DATAROASTER_LOGIN_MAX_FAILURES', 5, 1, 1000),
      maxFailuresPerAddress: integer(env, 'DATAROASTER_LOGIN_MAX_FAILURES_PER_ADDRESS', 20, 1, 100000),
      firstDelaySeconds: duration(env, 'DATAROASTER_LOGIN_DELAY', 15),
      windowSeconds: duration(env, 'DATAROASTER_LOGIN_WINDOW', 15 * 60),
    },
    componentRoles: componentRoles(env, 'DATAROASTER_COMPONENT_ROLES', registry),
    trustedProxyHops: proxyHops(env, 'DATAROASTER_TRUST_PROXY'),
    logLevel: oneOf(env, 'DATAROASTER_LOG_LEVEL', 'info', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    shutdownTimeoutSeconds: duration(env, 'DATAROASTER_SHUTDOWN_TIMEOUT', 30),
    connectionTimeouts: connectionTimeouts(env),
    reservedNamespaces: reservedNamespaces(env),
  };
}

function reservedNamespaces(env: Env): readonly string[] {
  try {
    return reservedNamespacesFromEnv(env);
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
}

function connectionTimeouts(env: Env): ConnectionTimeouts {
  const defaults = DEFAULT_CONNECTION_TIMEOUTS;
  const headersTimeoutMs = duration(env, 'DATAROASTER_HEADERS_TIMEOUT', defaults.headersTimeoutMs / 1000) * 1000;
  const requestTimeoutMs = duration(env, 'DATAROASTER_REQUEST_TIMEOUT', defaults.requestTimeoutMs / 1000) * 1000;
  // Node refuses a request timeout below the headers timeout (the headers are part of the request).
  if (requestTimeoutMs < headersTimeoutMs) {
    throw new ConfigError(
      `DATAROASTER_REQUEST_TIMEOUT (${requestTimeoutMs / 1000}s) must not be shorter than DATAROASTER_HEADERS_TIMEOUT (${headersTimeoutMs / 1000}s)`,
    );
  }
  return { headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs: defaults.keepAliveTimeoutMs };
}

/** `postgres://…` / `postgresql://…` → PostgreSQL (password also from `DATAROASTER_DATABASE_PASSWORD_FILE`); unset → SQLite. */
function databaseConfig(env: Env, dataDir: string): DatabaseConfig {
  const url = env.DATAROASTER_DATABASE_URL;
  if (url === undefined || url === '') return { kind: 'sqlite', file: join(dataDir, 'dataroaster.sqlite') };
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new ConfigError(
      'DATAROASTER_DATABASE_URL: expected a PostgreSQL URL like "postgres://dataroaster@db:5432/dataroaster" (leave it unset for the SQLite file in the data dir)',
    );
  }
  const passwordFile = env.DATAROASTER_DATABASE_PASSWORD_FILE;
  return { kind: 'postgres', url, ...(passwordFile ? { passwordFile: resolve(passwordFile) } : {}) };
}

/** `false`/`0` → 0, `true` → 1 (one ingress), or a number of proxies. */
function proxyHops(env: Env, name: ServerEnvName): number {
  const raw = env[name];
  if (raw === undefined || raw === '' || raw === 'false') return 0;
  if (raw === 'true') return 1;
  if (!/^\d{1,2}$/.test(raw) || Number(raw) > 16)
    throw new ConfigError(`${name}: expected "false", "true" (one proxy) or the number of proxies in front of the server (0-16), got "${raw}"`);
  return Number(raw);
}

function integer(env: Env, name: ServerEnvName, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) throw new ConfigError(`${name}: expected an integer from ${min} to ${max}, got "${raw}"`);
  return value;
}

const SECONDS_PER_UNIT: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400 };

/** A duration in seconds: `36000`, `45s`, `30m`, `10h`, `1d`. */
function duration(env: Env, name: ServerEnvName, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const match = /^(\d+)([smhd]?)$/.exec(raw.trim());
  const seconds = match ? Number(match[1]) * (SECONDS_PER_UNIT[match[2]] ?? 1) : 0;
  if (seconds <= 0) throw new ConfigError(`${name}: expected a positive duration like "10h", "30m" or "45s", got "${raw}"`);
  return seconds;
}

const BYTES_PER_UNIT: Readonly<Record<string, number>> = { '': 1, b: 1, kb: 1024, kib: 1024, mb: 1024 ** 2, mib: 1024 ** 2 };

/** A size in bytes: `1048576`, `512kb`, `1mb` (units are powers of 1024). */
function byteSize(env: Env, name: ServerEnvName, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const match = /^(\d+)\s*([a-z]*)$/i.exec(raw.trim());
  const unit = BYTES_PER_UNIT[match?.[2].toLowerCase() ?? 'invalid'];
  const bytes = match && unit !== undefined ? Number(match[1]) * unit : 0;
  if (bytes <= 0) throw new ConfigError(`${name}: expected a positive size like "1mb", "512kb" or "1048576", got "${raw}"`);
  return bytes;
}

function oneOf(env: Env, name: ServerEnvName, fallback: string, allowed: readonly string[]): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!allowed.includes(raw)) throw new ConfigError(`${name}: expected one of ${allowed.join(', ')}, got "${raw}"`);
  return raw;
}

/** `trino=admin,hive_metastore=admin`: the role each named component endpoint needs. */
function componentRoles(env: Env, name: ServerEnvName, registry: Registry): Record<string, Role> {
  const endpoints = componentEndpoints(registry).map((e) => e.name);
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return {};
  const roles: Record<string, Role> = {};
  for (const entry of raw.split(',')) {
    const [endpoint, role, extra] = entry.trim().split('=');
    if (extra !== undefined || !endpoints.includes(endpoint) || role === undefined || !isRole(role)) {
      throw new ConfigError(
        `${name}: expected entries like "trino=admin" (components: ${endpoints.join(', ')}; roles: user, admin), got "${entry.trim()}"`,
      );
    }
    roles[endpoint] = role;
  }
  return roles;
}

import { readConfig } from '../../api-server/config';

describe('readConfig', () => {
  test('defaults: 127.0.0.1:8089, ~/.dataroaster, 10 h tokens, 1 MiB bodies, bcrypt cost 12', () => {
    expect(readConfig({ HOME: '/home/ada' }, '/srv/app')).toEqual({
      port: 8089,
      host: '127.0.0.1',
      dataDir: '/home/ada/.dataroaster',
      database: { kind: 'sqlite', file: '/home/ada/.dataroaster/dataroaster.sqlite' },
      adminPassword: undefined,
      tokenTtlSeconds: 36000,
      bodyLimitBytes: 1048576,
      bcryptCost: 12,
      passwordPool: { threads: 2, maxQueue: 32 },
      throttle: { maxFailures: 5, maxFailuresPerAddress: 20, firstDelaySeconds: 15, windowSeconds: 900 },
      componentRoles: {},
      trustedProxyHops: 0,
      logLevel: 'info',
      shutdownTimeoutSeconds: 30,
      connectionTimeouts: { headersTimeoutMs: 10000, requestTimeoutMs: 30000, keepAliveTimeoutMs: 5000 },
      reservedNamespaces: ['kube-*', 'default', 'flux-system', 'argocd'],
    });
  });

  test('reads every variable', () => {
    const config = readConfig(
      {
        PORT: '0',
        HOST: '0.0.0.0',
        DATAROASTER_DATA_DIR: '/var/lib/dataroaster',
        DATAROASTER_ADMIN_PASSWORD: 'from-a-secret',
        DATAROASTER_TOKEN_TTL: '30m',
        DATAROASTER_BODY_LIMIT: '512kb',
        DATAROASTER_BCRYPT_COST: '10',
        DATAROASTER_LOGIN_MAX_FAILURES: '3',
        DATAROASTER_LOGIN_MAX_FAILURES_PER_ADDRESS: '50',
        DATAROASTER_LOGIN_WINDOW: '1h',
        DATAROASTER_LOGIN_DELAY: '30s',
        DATAROASTER_PASSWORD_THREADS: '4',
        DATAROASTER_PASSWORD_QUEUE: '100',
        DATAROASTER_DATABASE_URL: 'postgres://dataroaster@db:5432/dataroaster',
        DATAROASTER_DATABASE_PASSWORD_FILE: '/var/run/secrets/db/password',
        DATAROASTER_COMPONENT_ROLES: 'hive_metastore=admin, trino=user',
        DATAROASTER_TRUST_PROXY: '2',
        DATAROASTER_LOG_LEVEL: 'warn',
        DATAROASTER_SHUTDOWN_TIMEOUT: '45s',
        DATAROASTER_HEADERS_TIMEOUT: '5s',
        DATAROASTER_REQUEST_TIMEOUT: '1m',
        DATAROASTER_RESERVED_NAMESPACES: 'kube-*, platform-*',
        DATAROASTER_SERVER_NAMESPACE: 'dataroaster',
      },
      '/srv/app',
    );
    expect(config).toEqual({
      port: 0,
      host: '0.0.0.0',
      dataDir: '/var/lib/dataroaster',
      database: { kind: 'postgres', url: 'postgres://dataroaster@db:5432/dataroaster', passwordFile: '/var/run/secrets/db/password' },
      adminPassword: 'from-a-secret',
      tokenTtlSeconds: 1800,
      bodyLimitBytes: 524288,
      bcryptCost: 10,
      passwordPool: { threads: 4, maxQueue: 100 },
      throttle: { maxFailures: 3, maxFailuresPerAddress: 50, firstDelaySeconds: 30, windowSeconds: 3600 },
      componentRoles: { hive_metastore: 'admin', trino: 'user' },
      trustedProxyHops: 2,
      logLevel: 'warn',
      shutdownTimeoutSeconds: 45,
      connectionTimeouts: { headersTimeoutMs: 5000, requestTimeoutMs: 60000, keepAliveTimeoutMs: 5000 },
      reservedNamespaces: ['kube-*', 'platform-*', 'dataroaster'],
    });
  });

  test.each([
    [{ PORT: 'http' }, 'PORT: expected an integer from 0 to 65535, got "http"'],
    [{ PORT: '70000' }, 'PORT: expected an integer from 0 to 65535, got "70000"'],
    [{ DATAROASTER_TOKEN_TTL: '10 hours' }, 'DATAROASTER_TOKEN_TTL: expected a positive duration like "10h", "30m" or "45s", got "10 hours"'],
    [{ DATAROASTER_TOKEN_TTL: '0' }, 'DATAROASTER_TOKEN_TTL: expected a positive duration like "10h", "30m" or "45s", got "0"'],
    [{ DATAROASTER_BODY_LIMIT: '1gb' }, 'DATAROASTER_BODY_LIMIT: expected a positive size like "1mb", "512kb" or "1048576", got "1gb"'],
    [{ DATAROASTER_BCRYPT_COST: '8' }, 'DATAROASTER_BCRYPT_COST: expected an integer from 10 to 15, got "8"'],
    [
      { DATAROASTER_COMPONENT_ROLES: 'kafka=admin' },
      'DATAROASTER_COMPONENT_ROLES: expected entries like "trino=admin" (components: trino, hive_metastore, spark_thrift_server, spark_application, helm_chart, trino_gateway; roles: user, admin), got "kafka=admin"',
    ],
    [
      { DATAROASTER_COMPONENT_ROLES: 'trino=root' },
      'DATAROASTER_COMPONENT_ROLES: expected entries like "trino=admin" (components: trino, hive_metastore, spark_thrift_server, spark_application, helm_chart, trino_gateway; roles: user, admin), got "trino=root"',
    ],
    [{ DATAROASTER_REQUEST_TIMEOUT: '5s' }, 'DATAROASTER_REQUEST_TIMEOUT (5s) must not be shorter than DATAROASTER_HEADERS_TIMEOUT (10s)'],
    [{ DATAROASTER_HEADERS_TIMEOUT: 'soon' }, 'DATAROASTER_HEADERS_TIMEOUT: expected a positive duration like "10h", "30m" or "45s", got "soon"'],
    [
      { DATAROASTER_RESERVED_NAMESPACES: 'kube-*,Kube_System' },
      'DATAROASTER_RESERVED_NAMESPACES: expected namespace names or prefixes ending in "*", separated by commas (or "none"), got "Kube_System"',
    ],
    [
      { DATAROASTER_TRUST_PROXY: 'yes' },
      'DATAROASTER_TRUST_PROXY: expected "false", "true" (one proxy) or the number of proxies in front of the server (0-16), got "yes"',
    ],
    [
      { DATAROASTER_DATABASE_URL: 'mysql://db/x' },
      'DATAROASTER_DATABASE_URL: expected a PostgreSQL URL like "postgres://dataroaster@db:5432/dataroaster" (leave it unset for the SQLite file in the data dir)',
    ],
    [{ DATAROASTER_LOG_LEVEL: 'loud' }, 'DATAROASTER_LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent, got "loud"'],
  ])('%j fails fast: %s', (env, message) => {
    expect(() => readConfig(env)).toThrow(message);
  });
});

import { readConfig } from '../../api-server/config';

describe('readConfig', () => {
  test('defaults: 127.0.0.1:8089, ./.dataroaster, 10 h tokens, 1 MiB bodies, bcrypt cost 12', () => {
    expect(readConfig({}, '/srv/app')).toEqual({
      port: 8089,
      host: '127.0.0.1',
      dataDir: '/srv/app/.dataroaster',
      adminPassword: undefined,
      tokenTtlSeconds: 36000,
      bodyLimitBytes: 1048576,
      bcryptCost: 12,
      throttle: { maxFailuresPerUser: 5, maxFailuresPerAddress: 20, windowSeconds: 900 },
      componentRoles: {},
      trustProxy: false,
      logLevel: 'info',
      shutdownTimeoutSeconds: 30,
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
        DATAROASTER_COMPONENT_ROLES: 'hive_metastore=admin, trino=user',
        DATAROASTER_TRUST_PROXY: 'true',
        DATAROASTER_LOG_LEVEL: 'warn',
        DATAROASTER_SHUTDOWN_TIMEOUT: '45s',
      },
      '/srv/app',
    );
    expect(config).toEqual({
      port: 0,
      host: '0.0.0.0',
      dataDir: '/var/lib/dataroaster',
      adminPassword: 'from-a-secret',
      tokenTtlSeconds: 1800,
      bodyLimitBytes: 524288,
      bcryptCost: 10,
      throttle: { maxFailuresPerUser: 3, maxFailuresPerAddress: 50, windowSeconds: 3600 },
      componentRoles: { hive_metastore: 'admin', trino: 'user' },
      trustProxy: true,
      logLevel: 'warn',
      shutdownTimeoutSeconds: 45,
    });
  });

  test.each([
    [{ PORT: 'http' }, 'PORT: expected an integer from 0 to 65535, got "http"'],
    [{ PORT: '70000' }, 'PORT: expected an integer from 0 to 65535, got "70000"'],
    [{ DATAROASTER_TOKEN_TTL: '10 hours' }, 'DATAROASTER_TOKEN_TTL: expected a positive duration like "10h", "30m" or "45s", got "10 hours"'],
    [{ DATAROASTER_TOKEN_TTL: '0' }, 'DATAROASTER_TOKEN_TTL: expected a positive duration like "10h", "30m" or "45s", got "0"'],
    [{ DATAROASTER_BODY_LIMIT: '1gb' }, 'DATAROASTER_BODY_LIMIT: expected a positive size like "1mb", "512kb" or "1048576", got "1gb"'],
    [{ DATAROASTER_BCRYPT_COST: '8' }, 'DATAROASTER_BCRYPT_COST: expected an integer from 10 to 15, got "8"'],
    [{ DATAROASTER_COMPONENT_ROLES: 'kafka=admin' }, 'DATAROASTER_COMPONENT_ROLES: expected entries like "trino=admin" (components: trino, hive_metastore, spark_thrift_server, spark_application, helm_chart, trino_gateway; roles: user, admin), got "kafka=admin"'],
    [{ DATAROASTER_COMPONENT_ROLES: 'trino=root' }, 'DATAROASTER_COMPONENT_ROLES: expected entries like "trino=admin" (components: trino, hive_metastore, spark_thrift_server, spark_application, helm_chart, trino_gateway; roles: user, admin), got "trino=root"'],
    [{ DATAROASTER_TRUST_PROXY: 'yes' }, 'DATAROASTER_TRUST_PROXY: expected "true" or "false", got "yes"'],
    [{ DATAROASTER_LOG_LEVEL: 'loud' }, 'DATAROASTER_LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent, got "loud"'],
  ])('%j fails fast: %s', (env, message) => {
    expect(() => readConfig(env)).toThrow(message);
  });
});

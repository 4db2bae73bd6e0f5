import { dump } from 'js-yaml';

import { JDBC_DRIVERS, TrinoGatewaySettings } from './schema';

/**
 * Every config.yaml key trino-gateway release 20 reads, as dotted paths (`*` = any map key). Jackson
 * fails the start on any other key (FAIL_ON_UNKNOWN_PROPERTIES, issue #744), so the rendered config
 * may hold nothing outside this list (test/components/trino-gateway/config.test.ts).
 *
 * Read from trinodb/trino-gateway at tag 20, gateway-ha/src/main/java/io/trino/gateway/ha/config/:
 * HaGatewayConfiguration.java (top level, setters at lines 62–275; `additionalStatementPaths` is the
 * setter of `statementPaths`), DataStoreConfiguration.java, MonitorConfiguration.java,
 * RoutingConfiguration.java, RoutingRulesConfiguration.java, RulesExternalConfiguration.java,
 * ClusterStatsConfiguration.java, BackendStateConfiguration.java, AuthenticationConfiguration.java,
 * FormAuthConfiguration.java, SelfSignKeyPairConfiguration.java (record), OAuthConfiguration.java,
 * AuthorizationConfiguration.java, UserConfiguration.java (record), GatewayCookieConfiguration.java,
 * OAuth2GatewayCookieConfiguration.java, ProxyResponseConfiguration.java, RequestAnalyzerConfig.java,
 * UIConfiguration.java, DatabaseCacheConfiguration.java.
 */
export const RELEASE_20_CONFIG_KEYS: readonly string[] = [
  'serverConfig.*',
  'dataStore.jdbcUrl',
  'dataStore.user',
  'dataStore.password',
  'dataStore.driver',
  'dataStore.queryHistoryEnabled',
  'dataStore.queryHistoryHoursRetention',
  'dataStore.runMigrationsEnabled',
  'monitor.taskDelay',
  'monitor.retries',
  'monitor.queryTimeout',
  'monitor.explicitPrepare',
  'monitor.metricsEndpoint',
  'monitor.runningQueriesMetricName',
  'monitor.queuedQueriesMetricName',
  'monitor.metricMinimumValues.*',
  'monitor.metricMaximumValues.*',
  'monitor.clusterMetricsRegistryRefreshPeriod',
  'routing.asyncTimeout',
  'routing.forwardedHeadersEnabled',
  'routing.defaultRoutingGroup',
  'routingRules.rulesEngineEnabled',
  'routingRules.rulesType',
  'routingRules.rulesConfigPath',
  'routingRules.rulesRefreshPeriod',
  'routingRules.rulesExternalConfiguration.urlPath',
  'routingRules.rulesExternalConfiguration.excludeHeaders',
  'routingRules.rulesExternalConfiguration.propagateErrors',
  'clusterStatsConfiguration.monitorType',
  'backendState.username',
  'backendState.password',
  'backendState.ssl',
  'backendState.xForwardedProtoHeader',
  'authentication.defaultType',
  'authentication.form.selfSignKeyPair.privateKeyRsa',
  'authentication.form.selfSignKeyPair.publicKeyRsa',
  'authentication.form.ldapConfigPath',
  'authentication.oauth.issuer',
  'authentication.oauth.clientId',
  'authentication.oauth.clientSecret',
  'authentication.oauth.tokenEndpoint',
  'authentication.oauth.authorizationEndpoint',
  'authentication.oauth.jwkEndpoint',
  'authentication.oauth.scopes',
  'authentication.oauth.redirectUrl',
  'authentication.oauth.userIdField',
  'authentication.oauth.privilegesField',
  'authentication.oauth.audiences',
  'authentication.oauth.redirectWebUrl',
  'authorization.admin',
  'authorization.user',
  'authorization.api',
  'authorization.ldapConfigPath',
  'presetUsers.*.privileges',
  'presetUsers.*.password',
  'pagePermissions.*',
  'extraWhitelistPaths',
  'additionalStatementPaths',
  'includeClusterHostInResponse',
  'gatewayCookieConfiguration.enabled',
  'gatewayCookieConfiguration.cookieSigningSecret',
  'oauth2GatewayCookieConfiguration.routingPaths',
  'oauth2GatewayCookieConfiguration.deletePaths',
  'oauth2GatewayCookieConfiguration.lifetime',
  'proxyResponseConfiguration.responseSize',
  'requestAnalyzerConfig.maxBodySize',
  'requestAnalyzerConfig.tokenUserField',
  'requestAnalyzerConfig.oauthTokenInfoUrl',
  'requestAnalyzerConfig.clientsUseV2Format',
  'requestAnalyzerConfig.analyzeRequest',
  'uiConfiguration.disablePages',
  'databaseCache.enabled',
  'databaseCache.expireAfterWrite',
  'databaseCache.refreshAfterWrite',
  'modules',
  'managedApps',
];

/**
 * Airlift properties the gateway passes through `serverConfig`; Airlift refuses properties nobody uses.
 * `node.environment` (NodeConfig), `http-server.http.port` and `http-server.process-forwarded`
 * (airlift HttpServerConfig; the gateway's docs/installation.md at tag 20 sets the latter behind a proxy).
 */
export const SERVER_CONFIG_KEYS: readonly string[] = ['node.environment', 'http-server.http.port', 'http-server.process-forwarded'];

/** The one port of release 20: UI, REST API and the Trino proxy (docs/migration-to-airlift.md). */
export const GATEWAY_PORT = 8080;
export const CONFIG_DIR = '/etc/trino-gateway/config';
export const RULES_DIR = '/etc/trino-gateway/rules';
export const RULES_FILE = 'routing_rules.yaml';
export const KEYS_DIR = '/etc/trino-gateway/keys';

/** Environment variables the config refers to as `${ENV:…}`; the Deployment sets them from Secrets. */
export const ENV = {
  dbUser: 'GATEWAY_DB_USER',
  dbPassword: 'GATEWAY_DB_PASSWORD',
  adminPassword: 'GATEWAY_ADMIN_PASSWORD',
  reconcilerPassword: 'GATEWAY_RECONCILER_PASSWORD',
} as const;

/** Preset users when authentication is on; privileges are matched by the `authorization` regexes. */
export const PRESET_USERS = {
  admin: { privileges: 'ADMIN_USER_API', env: ENV.adminPassword },
  reconciler: { privileges: 'API', env: ENV.reconcilerPassword },
} as const;

/** The gateway's config.yaml as an object (keys in a fixed order), from the spec and the database's JDBC URL. */
export function gatewayConfig(spec: TrinoGatewaySettings, jdbcUrl: string): Record<string, unknown> {
  const env = (name: string) => `\${ENV:${name}}`;
  const driver = Object.entries(JDBC_DRIVERS).find(([prefix]) => jdbcUrl.startsWith(prefix))?.[1];
  const config: Record<string, unknown> = {
    // serverConfig is a Map<String, String> (HaGatewayConfiguration.java:28): every value a string.
    serverConfig: {
      'node.environment': spec.environment,
      'http-server.http.port': String(GATEWAY_PORT),
      // Clients reach the gateway through a Service or an ingress that may add X-Forwarded-*; Airlift rejects them (406) by default.
      'http-server.process-forwarded': 'true',
    },
    dataStore: {
      jdbcUrl,
      user: env(ENV.dbUser),
      password: env(ENV.dbPassword),
      driver,
      // With several replicas a follow-up request finds its query's backend through this table (pitfall 1).
      queryHistoryEnabled: true,
      queryHistoryHoursRetention: 24,
    },
    clusterStatsConfiguration: { monitorType: 'INFO_API' },
    routing: { defaultRoutingGroup: spec.routing.defaultRoutingGroup, forwardedHeadersEnabled: spec.routing.forwardedHeaders },
    routingRules: {
      rulesEngineEnabled: spec.routing.rules.length > 0,
      rulesType: 'FILE',
      rulesConfigPath: `${RULES_DIR}/${RULES_FILE}`,
      rulesRefreshPeriod: spec.routing.refreshPeriod,
    },
    // Rules come from Git; the UI's editor would write a file every pod has read-only.
    uiConfiguration: { disablePages: ['routing-rules'] },
  };
  if (spec.authentication.enabled) {
    config.authentication = {
      defaultType: 'form',
      form: { selfSignKeyPair: { privateKeyRsa: `${KEYS_DIR}/private.pem`, publicKeyRsa: `${KEYS_DIR}/public.pem` } },
    };
    config.authorization = { admin: '(.*)ADMIN(.*)', user: '(.*)USER(.*)', api: '(.*)API(.*)' };
    config.presetUsers = Object.fromEntries(
      Object.entries(PRESET_USERS).map(([user, u]) => [user, { privileges: u.privileges, password: env(u.env) }]),
    );
  }
  return config;
}

/** config.yaml text; deterministic (insertion order, no timestamps). */
export function renderGatewayConfig(config: Record<string, unknown>): string {
  // Every string double-quoted: a substituted ${ENV:…} value (a generated hex password) then stays a string, never a YAML number.
  return dump(config, { lineWidth: -1, noRefs: true, quoteStyle: 'double', forceQuotes: true });
}

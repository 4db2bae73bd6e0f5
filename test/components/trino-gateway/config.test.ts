import { load as loadYaml } from 'js-yaml';

import { RELEASE_20_CONFIG_KEYS, SERVER_CONFIG_KEYS } from '../../../src/components/trino-gateway/config';
import { gatewayDoc, load, synth, trinoDoc } from './fixtures';

/** Dotted paths of every leaf (lists count as leaves) of a parsed config.yaml. */
function leafPaths(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [prefix];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, v]) => leafPaths(v, prefix ? `${prefix}.${key}` : key));
}

/** A path is allowed when some listed key matches it, `*` standing for one map key (or, as last segment, the rest). */
function allowed(path: string): boolean {
  return RELEASE_20_CONFIG_KEYS.some((key) => {
    const pattern = key
      .split('.')
      .map((part) => (part === '*' ? '[^.]+' : part.replace(/[-]/g, '\\-')))
      .join('\\.');
    return new RegExp(`^${pattern}$`).test(path) || (key.endsWith('.*') && path.startsWith(key.slice(0, -1)));
  });
}

const variants: Record<string, Record<string, unknown>> = {
  'the default (embedded database, authentication, rules)': {},
  'no rules, authentication off': { routing: { rules: [] }, authentication: { enabled: false } },
  'an external MySQL database, a shared key pair, raw MVEL': {
    database: {
      external: {
        jdbcUrl: 'jdbc:mysql://db.example.com:3306/gateway',
        userSecretRef: { name: 'db', key: 'user' },
        passwordSecretRef: { name: 'db', key: 'password' },
      },
    },
    authentication: { keyPairSecretName: 'gateway-keys' },
    routing: {
      defaultRoutingGroup: 'etl',
      forwardedHeaders: false,
      refreshPeriod: '30s',
      rules: [{ name: 'raw', mvel: { condition: 'true', actions: ['result.put("routingGroup", "etl")'] } }],
    },
  },
};

describe('config.yaml holds only keys trino-gateway release 20 reads', () => {
  // Jackson's FAIL_ON_UNKNOWN_PROPERTIES is on for the gateway's ObjectMapper (HaGatewayLauncher.java, tag 20):
  // one unknown key stops the start (trinodb/trino-gateway#744). The list is read from the config classes at tag 20.
  test.each(Object.entries(variants))('%s', (_title, spec) => {
    const { byName } = synth(load(trinoDoc(), gatewayDoc(spec)));
    const config = loadYaml(byName['ConfigMap/gateway-config'].data['config.yaml']) as Record<string, any>;
    const paths = leafPaths(config);
    expect(paths.length).toBeGreaterThan(10);
    expect(paths.filter((p) => !allowed(p))).toEqual([]);
    // serverConfig is Map<String, String> passed to Airlift, which refuses properties nobody uses.
    expect(Object.keys(config.serverConfig).filter((k) => !SERVER_CONFIG_KEYS.includes(k))).toEqual([]);
    for (const value of Object.values(config.serverConfig)) expect(typeof value).toBe('string');
    // node.environment must match [a-z0-9][_a-z0-9]* (Airlift NodeConfig).
    expect(config.serverConfig['node.environment']).toMatch(/^[a-z0-9][_a-z0-9]*$/);
  });

  test('the check itself catches keys release 20 does not read (renamed in v16/v19, or never there)', () => {
    // addXForwardedHeaders was renamed forwardedHeadersEnabled in v19; taskDelaySeconds became taskDelay in v16;
    // monitor.connectTimeoutSeconds is documented but not in MonitorConfiguration; requestRouter was removed in v10.
    for (const stale of [
      'routing.addXForwardedHeaders',
      'monitor.taskDelaySeconds',
      'monitor.connectTimeoutSeconds',
      'requestRouter.port',
      'healthCheck.enabled',
    ]) {
      expect(allowed(stale)).toBe(false);
    }
    expect(allowed('presetUsers.someone.password')).toBe(true);
  });

  test('the rules engine is on exactly when rules are declared (a rules file failing at start would silently fall back to header routing)', () => {
    const on = loadYaml(synth(load(trinoDoc(), gatewayDoc())).byName['ConfigMap/gateway-config'].data['config.yaml']) as any;
    const off = loadYaml(
      synth(load(trinoDoc(), gatewayDoc({ routing: { rules: [] } }))).byName['ConfigMap/gateway-config'].data['config.yaml'],
    ) as any;
    expect(on.routingRules).toEqual({
      rulesEngineEnabled: true,
      rulesType: 'FILE',
      rulesConfigPath: '/etc/trino-gateway/rules/routing_rules.yaml',
      rulesRefreshPeriod: '1m',
    });
    expect(off.routingRules.rulesEngineEnabled).toBe(false);
  });

  test('matchers compile to the MVEL conditions of the rules file, raw MVEL is kept verbatim', () => {
    const { byName } = synth(
      load(
        trinoDoc(),
        gatewayDoc({
          routing: {
            rules: [
              { name: 'airflow', routingGroup: 'etl', match: { source: 'airflow' } },
              { name: 'bi', routingGroup: 'adhoc', priority: 7, match: { clientTags: ['bi'], user: ['alice', 'bob'] } },
              { name: 'raw', mvel: { condition: 'request.getHeader("X-Trino-Catalog") == "hive"', actions: ['result.put("routingGroup", "etl")'] } },
            ],
          },
        }),
      ),
    );
    const docs = (byName['ConfigMap/gateway-rules'].data['routing_rules.yaml'] as string)
      .split(/^---\n/m)
      .filter(Boolean)
      .map((d) => loadYaml(d) as any);
    expect(docs).toEqual([
      {
        name: 'airflow',
        description: 'route to etl',
        priority: 0,
        condition: 'request.getHeader("X-Trino-Source") == "airflow"',
        actions: ['result.put("routingGroup", "etl")'],
      },
      {
        name: 'bi',
        description: 'route to adhoc',
        priority: 7,
        condition:
          '(request.getHeader("X-Trino-User") == "alice" || request.getHeader("X-Trino-User") == "bob") && (request.getHeader("X-Trino-Client-Tags") != null && ("," + request.getHeader("X-Trino-Client-Tags") + ",").contains(",bi,"))',
        actions: ['result.put("routingGroup", "adhoc")'],
      },
      {
        name: 'raw',
        description: 'raw MVEL rule',
        priority: 2,
        condition: 'request.getHeader("X-Trino-Catalog") == "hive"',
        actions: ['result.put("routingGroup", "etl")'],
      },
    ]);
  });
});

import { readFileSync } from 'node:fs';

import { load } from 'js-yaml';

import { REGISTRY } from '../../../src/components/registry';
import { LEGACY_TRINO_CLUSTER } from '../../../src/components/trino/legacy';
import { durationSeconds } from '../../../src/components/trino/legacy-configs';
import { loadSpecs } from '../../../src/schema/load';
import { parseSpecYaml } from '../../../src/schema/yaml';
import { SEED_FILE } from './fixtures';

const seedText = readFileSync(SEED_FILE, 'utf8');
const seed = () => load(seedText) as Record<string, any>;

describe('the original TrinoCluster maps onto the own kind', () => {
  const own = LEGACY_TRINO_CLUSTER.toOwnKind(seed(), 'seed.yaml', {}) as Record<string, any>;

  test('metadata.name names the instance; spec.namespace (not the operator namespace) is its namespace', () => {
    expect(own.apiVersion).toBe('dataroaster.io/v1alpha1');
    expect(own.metadata).toEqual({ name: 'trino-cluster-etl', namespace: 'trino-cluster-etl' });
  });

  test('image, service account and security context carry over', () => {
    expect(own.spec.image).toEqual({ repository: 'trinodb/trino', tag: '384', pullPolicy: 'IfNotPresent', pullSecrets: [] });
    expect(own.spec.serviceAccountName).toBe('trino');
    expect(own.spec.securityContext).toEqual({ runAsUser: 1000, runAsGroup: 1000 });
  });

  test('properties files become typed fields; managed keys are dropped', () => {
    expect(own.spec.environment).toBe('production');
    expect(own.spec.httpPort).toBe(8080);
    expect(own.spec.nodeProperties).toEqual({ 'plugin.dir': '/usr/lib/trino/plugin' });
    expect(own.spec.coordinator.config).toEqual({
      'node-scheduler.include-coordinator': 'false',
      'query.max-memory': '4GB',
      'query.max-memory-per-node': '1GB',
      'memory.heap-headroom-per-node': '1GB',
      'discovery-server.enabled': 'true',
    });
    expect(own.spec.worker.config).toEqual({ 'query.max-memory': '4GB', 'query.max-memory-per-node': '1GB', 'memory.heap-headroom-per-node': '1GB' });
    expect(own.spec.worker.logLevels).toEqual({ 'io.trino': 'INFO' });
    expect(own.spec.worker.jvm.maxHeap).toBe('8G');
    expect(own.spec.worker.jvm.options[0]).toBe('-server');
    expect(own.spec.worker.jvm.options).not.toContain('-Xmx8G');
  });

  test('with no memory limit, -Xmx8G gets a 10Gi limit (heap = 80 %)', () => {
    expect(own.spec.worker.resources).toEqual({ requests: { cpu: '1', memory: '10Gi' }, limits: { cpu: '2', memory: '10Gi' } });
  });

  test('catalog files become catalogs, once for both roles', () => {
    expect(own.spec.catalogs.map((c: any) => [c.name, c.connector])).toEqual([
      ['tpch', 'tpch'],
      ['tpcds', 'tpcds'],
      ['hive', 'hive-hadoop2'],
    ]);
    expect(own.spec.catalogs[2].properties['hive.metastore.uri']).toBe('thrift://metastore.hive-metastore.svc:9083');
  });

  test('the autoscaler owns the worker count: replicas is dropped', () => {
    expect(own.spec.worker.autoscaler).toEqual({ minReplicas: 2, maxReplicas: 5, targetCPUUtilizationPercentage: 50 });
    expect(own.spec.worker).not.toHaveProperty('replicas');
  });

  test('without an autoscaler, replicas is kept; shutdown.grace-period sets the grace period', () => {
    const doc = seed();
    doc.spec.worker.autoscaler = null;
    doc.spec.worker.configs[1].value += 'shutdown.grace-period=3m\n';
    const [spec] = loadSpecs(REGISTRY, [{ source: 'seed.yaml', data: doc }]) as any[];
    expect(spec.spec.worker.replicas).toBe(2);
    expect(spec.spec.worker.gracefulShutdown).toEqual({ gracePeriodSeconds: 180 });
    expect(spec.spec.worker.config).not.toHaveProperty('shutdown.grace-period');
  });

  test('other files are kept at their path; init containers and scheduling pass through', () => {
    const doc = seed();
    doc.spec.worker.configs.push({ name: 'rules.json', path: '/etc/trino/', value: '{}' });
    doc.spec.worker.initContainers = [{ name: 'jmx', image: 'busybox:1.36', volumeMounts: [{ name: 'jmx', mountPath: '/jmx' }] }];
    doc.spec.worker.nodeSelector = { pool: 'trino' };
    const mapped = LEGACY_TRINO_CLUSTER.toOwnKind(doc, 'seed.yaml', {}) as any;
    expect(mapped.spec.worker.files).toEqual([{ path: '/etc/trino/rules.json', content: '{}' }]);
    expect(mapped.spec.worker.initContainers).toEqual(doc.spec.worker.initContainers);
    expect(mapped.spec.worker.nodeSelector).toEqual({ pool: 'trino' });
  });

  test('the seed loads as-is through the registry (nulls are valid)', () => {
    const [spec] = loadSpecs(REGISTRY, parseSpecYaml(seedText, 'seed.yaml'));
    expect(spec.kind).toBe('TrinoCluster');
    expect(spec.metadata.namespace).toBe('trino-cluster-etl');
  });
});

test('Airlift durations', () => {
  expect([durationSeconds('120s'), durationSeconds('2m'), durationSeconds('1.5h'), durationSeconds('500ms'), durationSeconds('soon')]).toEqual([
    120,
    120,
    5400,
    1,
    undefined,
  ]);
});

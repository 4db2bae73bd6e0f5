import { readFileSync } from 'node:fs';

import { dump, load } from 'js-yaml';

import { REGISTRY } from '../../../src/components/registry';
import { API_VERSION } from '../../../src/schema/fields';
import { loadSpecs } from '../../../src/schema/load';
import { parseSpecYaml } from '../../../src/schema/yaml';
import { SEED_FILE } from './fixtures';

type Doc = Record<string, any>;
const own = (spec: Doc = {}, metadata: Doc = {}): Doc => ({
  apiVersion: API_VERSION,
  kind: 'TrinoCluster',
  metadata: { name: 'analytics', namespace: 'analytics', ...metadata },
  spec: { image: { tag: '476' }, ...spec },
});
const seed = load(readFileSync(SEED_FILE, 'utf8')) as Doc;
const legacy = (edit: (doc: Doc) => void): Doc => {
  const doc = JSON.parse(JSON.stringify(seed)) as Doc;
  edit(doc);
  return doc;
};
const loadText = (text: string) => loadSpecs(REGISTRY, parseSpecYaml(text, 'trino.yaml'));
const RFC1123 = 'must be an RFC 1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit)';

describe('invalid TrinoCluster specs are refused before synthesis, naming the file and the field', () => {
  test.each<[string, Doc, string]>([
    // Own kind (dataroaster.io/v1alpha1)
    ['wrong type', own({ worker: { replicas: 'two' } }), 'spec.worker.replicas: expected number, received string'],
    ['missing image tag', own({ image: {} }), 'spec.image.tag: required (string)'],
    ['latest tag', own({ image: { tag: 'latest' } }), 'spec.image.tag: must not be "latest": pin a version'],
    ['name not an RFC 1123 label', own({}, { name: 'Analytics_1' }), `metadata.name: ${RFC1123}`],
    ['missing name', { ...own(), metadata: { namespace: 'analytics' } }, 'metadata.name: required (string)'],
    [
      'name too long for derived names',
      own({}, { name: 'a'.repeat(60) }),
      'metadata.name: must be at most 56 characters (the worker Service is "<name>-worker")',
    ],
    ['unknown field', own({ workers: 3 }), 'spec.workers: unknown field'],
    [
      'replicas and autoscaler',
      own({ worker: { replicas: 2, autoscaler: { minReplicas: 2, maxReplicas: 4 } } }),
      'spec.worker.replicas: leave out when "autoscaler" is set: the HorizontalPodAutoscaler owns the worker count',
    ],
    [
      'autoscaler min above max',
      own({ worker: { autoscaler: { minReplicas: 5, maxReplicas: 2 } } }),
      'spec.worker.autoscaler.maxReplicas: must be >= minReplicas',
    ],
    [
      'termination grace under twice the shutdown grace',
      own({ worker: { gracefulShutdown: { gracePeriodSeconds: 120, terminationGracePeriodSeconds: 200 } } }),
      'spec.worker.gracefulShutdown.terminationGracePeriodSeconds: must be at least twice gracePeriodSeconds (240, default 300): a draining worker waits the grace period twice',
    ],
    [
      'heap above the memory limit',
      own({ coordinator: { resources: { limits: { memory: '4Gi' } }, jvm: { maxHeap: '8G' } } }),
      'spec.coordinator.jvm.maxHeap: heap 8G is above the memory limit 4Gi: the container would be OOM-killed',
    ],
    [
      'heap in JVM options',
      own({ worker: { jvm: { options: ['-Xmx8G'] } } }),
      'spec.worker.jvm.options[0]: set the heap with "maxHeap", not in options',
    ],
    [
      'request above limit',
      own({ worker: { resources: { requests: { cpu: '4' }, limits: { cpu: '2' } } } }),
      'spec.worker.resources.requests.cpu: request 4 is above the limit 2',
    ],
    [
      'bad quantity',
      own({ worker: { resources: { limits: { memory: '4 GB' } } } }),
      'spec.worker.resources.limits.memory: must be a Kubernetes quantity like "500m", "2" or "4Gi"',
    ],
    [
      'managed config.properties key',
      own({ worker: { config: { 'discovery.uri': 'http://x' } } }),
      'spec.worker.config.discovery.uri: managed by DataRoaster: set to the coordinator Service',
    ],
    [
      'managed node property',
      own({ nodeProperties: { 'node.data-dir': '/x' } }),
      'spec.nodeProperties.node.data-dir: managed by DataRoaster: always an emptyDir at /data/trino',
    ],
    ['privileged port', own({ httpPort: 80 }), 'spec.httpPort: must be >= 1024: Trino runs as a non-root user'],
    [
      'duplicate catalog',
      own({
        catalogs: [
          { name: 'hive', connector: 'hive' },
          { name: 'hive', connector: 'iceberg' },
        ],
      }),
      'spec.catalogs[1].name: duplicate catalog "hive" (also catalogs[0])',
    ],
    [
      'catalog name',
      own({ catalogs: [{ name: 'Hive', connector: 'hive' }] }),
      'spec.catalogs[0].name: must be a catalog name (lower-case letters, digits and "_", starting with a letter)',
    ],
    [
      'connector.name as a property',
      own({ catalogs: [{ name: 'tpch', connector: 'tpch', properties: { 'connector.name': 'x' } }] }),
      'spec.catalogs[0].properties.connector.name: set by "connector"',
    ],
    [
      'metastoreRef and hive.metastore.uri',
      own({
        catalogs: [{ name: 'hive', connector: 'hive', metastoreRef: { name: 'hms' }, properties: { 'hive.metastore.uri': 'thrift://x:9083' } }],
      }),
      'spec.catalogs[0].properties.hive.metastore.uri: set by "metastoreRef": give one or the other',
    ],
    [
      'property value of the wrong type',
      own({ catalogs: [{ name: 'hive', connector: 'hive', properties: { a: { b: 1 } } }] }),
      'spec.catalogs[0].properties.a: expected a string, number, boolean or {secretKeyRef: {name, key}}',
    ],
    [
      'file shadowing a catalog',
      own({ worker: { files: [{ path: '/etc/trino/catalog/x.properties', content: '' }] } }),
      'spec.worker.files[0].path: catalog files come from spec.catalogs',
    ],
    // Original DataRoaster TrinoCluster (trino-operator.cloudchef-labs.com/v1beta1)
    ['legacy unknown field', legacy((d) => (d.spec.worker.replica = 3)), 'spec.worker.replica: unknown field'],
    ['legacy tag as a number', legacy((d) => (d.spec.image.tag = 384)), 'spec.image.tag: expected string, received number'],
    ['legacy missing target namespace', legacy((d) => delete d.spec.namespace), 'spec.namespace: required (string)'],
    ['legacy name not an RFC 1123 label', legacy((d) => (d.metadata.name = 'Trino.ETL')), `metadata.name: ${RFC1123}`],
    ['legacy latest tag', legacy((d) => (d.spec.image.tag = 'latest')), 'spec.image.tag: must not be "latest": pin a version'],
    [
      'legacy -Xmx above the memory limit',
      legacy((d) => (d.spec.worker.resources = { limits: { memory: '4Gi' } })),
      'spec.worker.configs[2].value: -Xmx8G in jvm.config is above the memory limit 4Gi (spec.worker.resources): the container would be OOM-killed',
    ],
    [
      'legacy -Xmx not a JVM size',
      legacy((d) => (d.spec.worker.configs[2].value = '-Xmx8GB\n')),
      'spec.worker.configs[2].value: -Xmx8GB is not a JVM size like "8G"',
    ],
    [
      'legacy catalogs differing between roles',
      legacy((d) => (d.spec.worker.configs[4].value = 'connector.name=tpch\ntpch.splits-per-node=8\n')),
      "spec.worker.configs[4].value: catalog tpch.properties differs from the coordinator's: every node needs the same catalogs",
    ],
    [
      'legacy catalog without connector',
      legacy((d) => (d.spec.coordinator.configs[5].value = 'tpcds.splits-per-node=4\n')),
      'spec.coordinator.configs[5].value: catalog tpcds.properties has no connector.name',
    ],
    [
      'legacy coordinator=false in the coordinator',
      legacy((d) => (d.spec.coordinator.configs[1].value = 'coordinator=false\n')),
      'spec.coordinator.configs: config.properties says coordinator=false in the coordinator',
    ],
    [
      'legacy environments differing',
      legacy((d) => (d.spec.worker.configs[0].value = 'node.environment=staging\n')),
      'spec.worker.configs: node.environment "staging" differs from the coordinator\'s "production": nodes only join a coordinator of their environment',
    ],
    [
      'legacy config value of the wrong type',
      legacy((d) => (d.spec.coordinator.configs[0].value = 3)),
      'spec.coordinator.configs[0].value: expected string, received number',
    ],
    [
      'legacy autoscaler min above max',
      legacy((d) => (d.spec.worker.autoscaler.minReplicas = 9)),
      'spec.worker.autoscaler.maxReplicas: must be >= minReplicas',
    ],
    [
      'legacy root user',
      legacy((d) => (d.spec.securityContext.runAsUser = 0)),
      'spec.securityContext.runAsUser: must be a non-root id (>= 1): pods meet the restricted Pod Security Standard',
    ],
    [
      'legacy unpinned init container',
      legacy((d) => (d.spec.worker.initContainers = [{ name: 'jmx', image: 'busybox' }])),
      'spec.worker.initContainers[0].image: must pin a tag or digest',
    ],
  ])('%s', (_, doc, message) => {
    expect(() => loadText(dump(doc))).toThrow(new Error(`trino.yaml: ${message}`));
  });

  test('two clusters of one name, own and legacy alike', () => {
    const text = `${dump(own({}, { name: 'trino-cluster-etl' }))}---\n${dump(seed)}`;
    expect(() => loadText(text)).toThrow(
      new Error('trino.yaml#2: metadata.name: duplicate TrinoCluster name "trino-cluster-etl" (also in trino.yaml#1)'),
    );
  });

  test('errors are SpecErrors listing every field at fault', () => {
    let error: any;
    try {
      loadText(dump(own({ workers: 3, environment: 'Prod' })));
    } catch (err) {
      error = err;
    }
    expect(error.name).toBe('SpecError');
    expect(error.issues).toEqual([
      { path: 'spec.environment', message: 'must be lower-case letters, digits and "_"' },
      { path: 'spec.workers', message: 'unknown field' },
    ]);
  });
});

import { REGISTRY } from '../../../src/components/registry';
import { API_VERSION } from '../../../src/schema/fields';
import { loadSpec } from '../../../src/schema/load';
import { thrownMessage } from '../../support/errors';

const base = () => ({
  apiVersion: API_VERSION,
  kind: 'SparkApplication',
  metadata: { name: 'spark-pi', namespace: 'spark-jobs' },
  spec: {
    type: 'Batch',
    image: 'apache/spark:3.5.3',
    mainClass: 'org.apache.spark.examples.SparkPi',
    mainApplicationFile: 'local:///opt/spark/examples/jars/spark-examples_2.12-3.5.3.jar',
  } as Record<string, any>,
});
const withSpec = (spec: Record<string, unknown>) => {
  const doc = base();
  Object.assign(doc.spec, spec);
  return doc;
};
const load = (data: unknown) => loadSpec(REGISTRY, { source: 'app.yaml', data });
const pvc = (claim: Record<string, unknown>) => ({ name: 'data', persistentVolumeClaim: claim });

describe('SparkApplication spec', () => {
  test('fills defaults: job output, one executor, 1 core and 1g each, IfNotPresent, no host paths', () => {
    const { spec } = load(base()) as any;
    expect(spec).toMatchObject({
      output: 'job',
      imagePullPolicy: 'IfNotPresent',
      arguments: [],
      confs: {},
      volumes: [],
      allowHostPath: false,
      driver: { cores: 1, memory: '1g', labels: {}, annotations: {}, volumeMounts: [], podTemplate: {} },
      executor: { cores: 1, memory: '1g', instances: 1 },
    });
    expect(spec.ttlSecondsAfterFinished).toBeUndefined();
  });

  test('accepts numbers in arguments and confs as strings, and a hostPath volume when explicitly allowed', () => {
    const { spec } = load(
      withSpec({
        arguments: [1000],
        confs: { 'spark.sql.shuffle.partitions': 2, 'spark.eventLog.enabled': false },
        allowHostPath: true,
        volumes: [{ name: 'disk', hostPath: { path: '/mnt/disk' } }],
      }),
    ) as any;
    expect(spec.arguments).toEqual(['1000']);
    expect(spec.confs).toEqual({ 'spark.sql.shuffle.partitions': '2', 'spark.eventLog.enabled': 'false' });
    expect(spec.volumes[0]).toEqual({ name: 'disk', sparkLocalDir: false, hostPath: { path: '/mnt/disk' } });
  });

  test.each([
    ['no type', { type: undefined }, 'app.yaml: spec.type: Invalid option: expected one of "Batch"|"Streaming"'],
    ['an unknown type', { type: 'Cron' }, 'app.yaml: spec.type: Invalid option: expected one of "Batch"|"Streaming"'],
    ['a latest image', { image: 'apache/spark:latest' }, 'app.yaml: spec.image: must not use the "latest" tag: pin a version'],
    [
      'a relative application file',
      { mainApplicationFile: 'app.jar' },
      'app.yaml: spec.mainApplicationFile: must be a URL like "local:///opt/spark/app.jar", "s3a://bucket/app.jar" or "https://…"',
    ],
    ['an unknown field', { colour: 'red' }, 'app.yaml: spec.colour: unknown field'],
    [
      'a hostPath volume not allowed',
      { volumes: [{ name: 'disk', hostPath: { path: '/mnt' } }] },
      'app.yaml: spec.volumes[0].hostPath: hostPath volumes are refused: they break the restricted Pod Security Standard and tie pods to one node; set spec.allowHostPath: true to allow them',
    ],
    [
      'a volume with two sources',
      { volumes: [{ name: 'v', emptyDir: {}, persistentVolumeClaim: { claimName: 'c' } }] },
      'app.yaml: spec.volumes[0]: needs exactly one of emptyDir, persistentVolumeClaim and hostPath',
    ],
    [
      'a volume without a source',
      { volumes: [{ name: 'v' }] },
      'app.yaml: spec.volumes[0]: needs exactly one of emptyDir, persistentVolumeClaim and hostPath',
    ],
    [
      'two volumes of one name',
      {
        volumes: [
          { name: 'v', emptyDir: {} },
          { name: 'v', emptyDir: {} },
        ],
      },
      'app.yaml: spec.volumes[1].name: duplicate volume name "v"',
    ],
    [
      'an OnDemand claim without size',
      { volumes: [pvc({ claimName: 'OnDemand' })] },
      'app.yaml: spec.volumes[0].persistentVolumeClaim.sizeLimit: required when claimName is OnDemand',
    ],
    [
      'a storage class on an existing claim',
      { volumes: [pvc({ claimName: 'data', storageClass: 'fast' })] },
      'app.yaml: spec.volumes[0].persistentVolumeClaim.storageClass: only applies to claimName OnDemand (an existing claim has its own)',
    ],
    [
      'a mount of a missing volume',
      { driver: { volumeMounts: [{ name: 'ghost', mountPath: '/data' }] } },
      'app.yaml: spec.driver.volumeMounts[0].name: no volume named "ghost" in spec.volumes',
    ],
    [
      'a mount over /tmp',
      { volumes: [{ name: 'v', emptyDir: {} }], executor: { volumeMounts: [{ name: 'v', mountPath: '/tmp' }] } },
      'app.yaml: spec.executor.volumeMounts[0].mountPath: must not be /tmp: DataRoaster mounts a scratch emptyDir there',
    ],
    [
      'a relative mount path',
      { volumes: [{ name: 'v', emptyDir: {} }], executor: { volumeMounts: [{ name: 'v', mountPath: 'data' }] } },
      'app.yaml: spec.executor.volumeMounts[0].mountPath: must be an absolute path',
    ],
    [
      'bidirectional mount propagation',
      { volumes: [{ name: 'v', emptyDir: {} }], driver: { volumeMounts: [{ name: 'v', mountPath: '/d', mountPropagation: 'Bidirectional' }] } },
      'app.yaml: spec.driver.volumeMounts[0].mountPropagation: Invalid option: expected one of "None"|"HostToContainer"',
    ],
    [
      'mount propagation on an OnDemand claim',
      {
        volumes: [pvc({ claimName: 'OnDemand', sizeLimit: '10Gi' })],
        executor: { volumeMounts: [{ name: 'data', mountPath: '/d', mountPropagation: 'None' }] },
      },
      'app.yaml: spec.executor.volumeMounts[0]: subPathExpr and mountPropagation cannot be set on an OnDemand claim: Spark mounts it from its own settings',
    ],
    [
      'an OnDemand claim on a Streaming driver',
      {
        type: 'Streaming',
        volumes: [pvc({ claimName: 'OnDemand', sizeLimit: '10Gi' })],
        driver: { volumeMounts: [{ name: 'data', mountPath: '/d' }] },
      },
      'app.yaml: spec.driver.volumeMounts[0].name: volume "data" is an OnDemand claim, which Spark creates only for pods it starts; a Streaming driver runs in a Deployment: use an existing claim or an emptyDir',
    ],
    [
      'a root user',
      { driver: { podTemplate: { securityContext: { runAsUser: 0 } } } },
      'app.yaml: spec.driver.podTemplate.securityContext.runAsUser: must be a non-zero user id: Spark pods run as non-root',
    ],
    [
      'a privileged pod setting',
      { executor: { podTemplate: { securityContext: { privileged: true } } } },
      'app.yaml: spec.executor.podTemplate.securityContext.privileged: unknown field',
    ],
    [
      'memory in Kubernetes notation',
      { executor: { memory: '2Gi' } },
      'app.yaml: spec.executor.memory: must be a JVM memory size like "512m" or "2g"',
    ],
    ['no executors', { executor: { instances: 0 } }, 'app.yaml: spec.executor.instances: Too small: expected number to be >=1'],
    [
      'a credential in confs',
      { confs: { 'spark.hadoop.fs.s3a.secret.key': 'SK' } },
      'app.yaml: spec.confs.spark.hadoop.fs.s3a.secret.key: looks like a credential: Spark settings end up in Git and on command lines; reference a Secret instead (spec.s3.credentials, or spark.kubernetes.driver.secretKeyRef.<ENV>=<secret>:<key>)',
    ],
    [
      'a setting DataRoaster derives',
      { confs: { 'spark.kubernetes.namespace': 'other' } },
      'app.yaml: spec.confs.spark.kubernetes.namespace: is set by DataRoaster from metadata.namespace: set that instead',
    ],
    [
      'a sizing setting',
      { confs: { 'spark.executor.memory': '4g' } },
      'app.yaml: spec.confs.spark.executor.memory: is set by DataRoaster from spec.executor.memory: set that instead',
    ],
    [
      'kubeflow output without a Spark version',
      { output: 'kubeflow' },
      'app.yaml: spec.sparkVersion: required when output is kubeflow (the Spark operator needs it)',
    ],
    [
      'both metastore forms',
      { metastoreRef: { name: 'hive' }, metastoreUris: ['thrift://m.hive.svc:9083'] },
      'app.yaml: spec.metastoreRef: give metastoreRef or metastoreUris, not both',
    ],
    ['a metastore URI without port', { metastoreUris: ['thrift://m.hive.svc'] }, 'app.yaml: spec.metastoreUris[0]: must be a thrift://host:port URI'],
    [
      'half the S3 credentials',
      { s3: { bucket: 'lake', endpoint: 'https://s3.example.com', credentials: { accessKey: 'AK' } } },
      'app.yaml: spec.s3.credentials: give accessKey and secretKey together',
    ],
    [
      'S3 without an endpoint',
      { s3: { bucket: 'lake', credentials: { secretRef: { name: 'lake-keys' } } } },
      'app.yaml: spec.s3.endpoint: required (string)',
    ],
    [
      'a TTL on a Streaming application',
      { type: 'Streaming', ttlSecondsAfterFinished: 60 },
      'app.yaml: spec.ttlSecondsAfterFinished: only applies to Batch applications: a Streaming application never finishes',
    ],
  ])('rejects %s', (_, spec, message) => {
    expect(thrownMessage(() => load(withSpec(spec)))).toBe(message);
  });

  test('names every problem of a spec at once', () => {
    expect(thrownMessage(() => load(withSpec({ image: 'spark', output: 'flink', executor: { cores: 0 } })))).toBe(
      'app.yaml: spec.output: Invalid option: expected one of "job"|"kubeflow"; spec.image: must pin a tag or digest; spec.executor.cores: Too small: expected number to be >=1',
    );
  });
});

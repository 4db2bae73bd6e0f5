import { load as parseYaml } from 'js-yaml';

import { REGISTRY } from '../../../src/components/registry';
import { API_VERSION } from '../../../src/schema/fields';
import { loadSpec } from '../../../src/schema/load';
import { thrownMessage } from '../../support/errors';

// Through the loader and the registered dispatcher of the original kind, own-kind validation included.
const load = (data: unknown) => loadSpec(REGISTRY, { source: 'etl.yaml', data });

// An original CR in the shape of the seed README's example, for a batch job.
const LEGACY = `
apiVersion: "spark-operator.cloudchef-labs.com/v1alpha1"
kind: SparkApplication
metadata:
  name: daily-etl
  namespace: spark-operator
spec:
  core:
    applicationType: Batch
    deployMode: Cluster
    container:
      image: "cloudcheflabs/spark:v3.0.3"
      imagePullPolicy: Always
    class: com.example.DailyEtl
    args: ["--date", "20240101"]
    applicationFileUrl: "s3a://mykidong/spark-app/etl.jar"
    namespace: etl
    s3:
      bucket: mykidong
      accessKey:
        valueFrom:
          secretKeyRef: {name: s3-secret, key: accessKey}
      secretKey:
        valueFrom:
          secretKeyRef: {name: s3-secret, key: secretKey}
      endpoint: "https://any-endpoint"
      region: us-east-1
    hive:
      metastoreUris: ["thrift://metastore.hive-metastore.svc:9083"]
  driver:
    serviceAccountName: etl-driver
    label: {application-name: etl-driver}
    annotation: {team: data}
    resources: {cores: "1", limitCores: "1200m", memory: "512m"}
    volumeMounts:
      - {name: driver-local-dir, mountPath: /tmp/local-dir}
    podTemplate:
      nodeSelector: {pool: spark}
      tolerations: [{key: spark, operator: Exists, effect: NoSchedule}]
      securityContext: {runAsUser: 185, fsGroup: 185}
      hostNetwork: false
  executor:
    instances: 3
    label: {application-name: etl-executor}
    resources: {cores: 2, limitCores: "2", memory: "2g"}
    volumeMounts:
      - {name: executor-local-dir, mountPath: /tmp/local-dir, readOnly: false}
  confs:
    spark.sql.shuffle.partitions: 64
  volumes:
    - name: driver-local-dir
      type: SparkLocalDir
      emptyDir: {sizeLimit: 5Gi}
    - name: executor-local-dir
      type: SparkLocalDir
      persistentVolumeClaim: {claimName: OnDemand, storageClass: standard, sizeLimit: 10Gi}
`;
const legacy = () => parseYaml(LEGACY) as any;
const edit = (change: (doc: any) => void) => {
  const doc = legacy();
  change(doc);
  return doc;
};

describe('original SparkApplication → own SparkApplication', () => {
  test('maps every field of the original onto the own kind', () => {
    expect(load(legacy())).toEqual({
      apiVersion: API_VERSION,
      kind: 'SparkApplication',
      metadata: { name: 'daily-etl', namespace: 'etl' },
      spec: {
        type: 'Batch',
        output: 'job',
        image: 'cloudcheflabs/spark:v3.0.3',
        imagePullPolicy: 'Always',
        mainClass: 'com.example.DailyEtl',
        mainApplicationFile: 's3a://mykidong/spark-app/etl.jar',
        arguments: ['--date', '20240101'],
        pyFiles: [],
        confs: { 'spark.sql.shuffle.partitions': '64' },
        s3: {
          bucket: 'mykidong',
          endpoint: 'https://any-endpoint',
          region: 'us-east-1',
          credentials: { secretRef: { name: 's3-secret', accessKeyKey: 'accessKey', secretKeyKey: 'secretKey' } },
        },
        metastoreUris: ['thrift://metastore.hive-metastore.svc:9083'],
        driver: {
          serviceAccountName: 'etl-driver',
          cores: 1,
          coreLimit: '1200m',
          memory: '512m',
          labels: { 'application-name': 'etl-driver' },
          annotations: { team: 'data' },
          volumeMounts: [{ name: 'driver-local-dir', mountPath: '/tmp/local-dir' }],
          podTemplate: {
            nodeSelector: { pool: 'spark' },
            tolerations: [{ key: 'spark', operator: 'Exists', effect: 'NoSchedule' }],
            securityContext: { runAsUser: 185, fsGroup: 185 },
          },
        },
        executor: {
          instances: 3,
          cores: 2,
          coreLimit: '2',
          memory: '2g',
          labels: { 'application-name': 'etl-executor' },
          annotations: {},
          volumeMounts: [{ name: 'executor-local-dir', mountPath: '/tmp/local-dir', readOnly: false }],
          podTemplate: {},
        },
        volumes: [
          { name: 'driver-local-dir', sparkLocalDir: true, emptyDir: { sizeLimit: '5Gi' } },
          {
            name: 'executor-local-dir',
            sparkLocalDir: true,
            persistentVolumeClaim: { claimName: 'OnDemand', storageClass: 'standard', sizeLimit: '10Gi' },
          },
        ],
        allowHostPath: false,
      },
    });
  });

  test('EndlessRun becomes a Streaming application; absent sections take the own kind defaults', () => {
    const doc = edit((d) => {
      d.spec.core.applicationType = 'EndlessRun';
      d.spec.core.pyFilesUrl = 's3a://b/deps.zip,s3a://b/more.py';
      delete d.spec.driver;
      delete d.spec.executor;
      delete d.spec.volumes;
      delete d.spec.confs;
    });
    const { spec } = load(doc) as any;
    expect(spec.type).toBe('Streaming');
    expect(spec.pyFiles).toEqual(['s3a://b/deps.zip', 's3a://b/more.py']);
    expect(spec.driver).toMatchObject({ cores: 1, memory: '1g' });
    expect(spec.executor.instances).toBe(1);
    expect(spec.confs).toEqual({});
  });

  test.each<[string, (d: any) => void, string]>([
    [
      'client deploy mode',
      (d) => (d.spec.core.deployMode = 'Client'),
      'etl.yaml: spec.core.deployMode: only Cluster is supported: every driver runs in a pod of its own',
    ],
    [
      'an unknown application type',
      (d) => (d.spec.core.applicationType = 'Streaming'),
      'etl.yaml: spec.core.applicationType: Invalid option: expected one of "Batch"|"EndlessRun"',
    ],
    ['no target namespace', (d) => delete d.spec.core.namespace, 'etl.yaml: spec.core.namespace: required (string)'],
    ['an unknown core field', (d) => (d.spec.core.master = 'yarn'), 'etl.yaml: spec.core.master: unknown field'],
    ['an unknown metadata field', (d) => (d.metadata.uid = 'x'), 'etl.yaml: metadata.uid: unknown field'],
    [
      'fractional cores',
      (d) => (d.spec.executor.resources.cores = '1.5'),
      'etl.yaml: spec.executor.resources.cores: must be a whole number of cores like "1" (use limitCores for a fraction)',
    ],
    [
      'host networking',
      (d) => (d.spec.driver.podTemplate.hostNetwork = true),
      'etl.yaml: spec.driver.podTemplate.hostNetwork: not allowed: the Pod Security Standard "restricted" forbids host networking',
    ],
    [
      'a latest image',
      (d) => (d.spec.core.container.image = 'cloudcheflabs/spark:latest'),
      'etl.yaml: spec.core.container.image: must not use the "latest" tag: pin a version',
    ],
    ['a literal S3 key', (d) => (d.spec.core.s3.accessKey = 'AKIA'), 'etl.yaml: spec.core.s3.accessKey: expected object, received string'],
    [
      'a relative application file',
      (d) => (d.spec.core.applicationFileUrl = 'etl.jar'),
      'etl.yaml: spec.core.applicationFileUrl: must be an s3a://, http:// or https:// URL',
    ],
    [
      'an unknown volume type',
      (d) => (d.spec.volumes[0].type = 'Local'),
      'etl.yaml: spec.volumes[0].type: Invalid option: expected one of "SparkLocalDir"|"Any"',
    ],
    [
      'memory in Kubernetes notation',
      (d) => (d.spec.driver.resources.memory = '512Mi'),
      'etl.yaml: spec.driver.resources.memory: must be a JVM memory size like "512m" or "2g"',
    ],
    ['a conf holding a structure', (d) => (d.spec.confs['spark.x'] = { a: 1 }), 'etl.yaml: spec.confs.spark.x: invalid value'],
    [
      'a hostPath volume (the original has no way to allow it)',
      (d) => (d.spec.volumes[0] = { name: 'driver-local-dir', type: 'SparkLocalDir', hostPath: { path: '/mnt/ssd' } }),
      'etl.yaml: spec.volumes[0].hostPath: hostPath volumes are refused: they break the restricted Pod Security Standard and tie pods to one node; set spec.allowHostPath: true to allow them',
    ],
    [
      'a root security context',
      (d) => (d.spec.driver.podTemplate.securityContext = { runAsUser: 0 }),
      'etl.yaml: spec.driver.podTemplate.securityContext.runAsUser: must be a non-zero user id: Spark pods run as non-root',
    ],
    [
      'a bad metastore URI',
      (d) => (d.spec.core.hive.metastoreUris = ['metastore:9083']),
      'etl.yaml: spec.core.hive.metastoreUris[0]: must be a thrift://host:port URI',
    ],
    [
      'S3 keys in two Secrets',
      (d) => (d.spec.core.s3.secretKey.valueFrom.secretKeyRef.name = 'other'),
      'etl.yaml: spec.core.s3.secretKey.valueFrom.secretKeyRef.name: must name the same Secret as accessKey ("s3-secret")',
    ],
    ['no executors', (d) => (d.spec.executor.instances = 0), 'etl.yaml: spec.executor.instances: Too small: expected number to be >=1'],
  ])('rejects %s', (_, change, message) => {
    expect(thrownMessage(() => load(edit(change)))).toBe(message);
  });
});

import { REGISTRY } from '../../../src/components/registry';
import { legacySparkApplication } from '../../../src/components/spark-application/legacy';
import { legacySparkThriftServer } from '../../../src/components/spark-thrift-server/legacy';
import type { LegacyParams } from '../../../src/core/component';
import { API_VERSION } from '../../../src/schema/fields';
import { THRIFT_SERVER_CLASSES } from '../../../src/schema/legacy-spark-application';
import { loadSpecs } from '../../../src/schema/load';
import { edited, fixture, thrownMessage } from '../../support/fixtures';

const seed = fixture('legacy-spark-thrift-server.yaml');
const b64 = (text: string) => Buffer.from(text).toString('base64');
// The parameters of the seed README's curl call.
const seedParams = {
  nfs_storage_class: 'standard',
  nfs_storage_size: '10',
  s3_access_key: b64('any-access-key'),
  s3_secret_key: b64('any-secret-key'),
  pvc_size: '1',
};
const load = (data: unknown, params: LegacyParams = seedParams) => loadSpecs(REGISTRY, [{ source: 'sts.yaml', data }], { params });

describe('SparkApplication (thrift server) → SparkThriftServer', () => {
  test('maps the seed example and its API parameters', () => {
    const [spec] = load(seed);
    expect(spec).toEqual({
      apiVersion: API_VERSION,
      kind: 'SparkThriftServer',
      metadata: { name: 'spark-thrift-server', namespace: 'spark-thrift-server' },
      spec: {
        image: 'cloudcheflabs/spark:v3.0.3',
        imagePullPolicy: 'Always',
        metastoreUris: ['thrift://metastore.hive-metastore.svc:9083'],
        s3: {
          bucket: 'mykidong',
          endpoint: 'https://any-endpoint',
          credentials: {
            accessKey: 'any-access-key',
            secretKey: 'any-secret-key',
            secretRef: { name: 's3-secret', accessKeyKey: 'accessKey', secretKeyKey: 'secretKey' },
          },
        },
        serviceAccountName: 'spark-thrift-server',
        service: { name: 'spark-thrift-server-service' },
        driver: {
          memory: '512m',
          cores: '1',
          coreLimit: '1200m',
          labels: { 'application-name': 'spark-thrift-server-driver' },
          volumeMounts: [{ name: 'driver-local-dir', mountPath: '/tmp/local-dir' }],
        },
        executor: {
          instances: 1,
          cores: 1,
          memory: '1g',
          coreLimit: '1200m',
          labels: { 'application-name': 'spark-thrift-server-executor' },
          volumeMounts: [{ name: 'executor-local-dir', mountPath: '/tmp/local-dir' }],
        },
        volumes: [
          { name: 'driver-local-dir', localDir: true, persistentVolumeClaim: { claimName: 'nfs-pvc-driver', storageClass: 'standard', size: '1Gi' } },
          {
            name: 'executor-local-dir',
            localDir: true,
            persistentVolumeClaim: { claimName: 'nfs-pvc-executor', storageClass: 'standard', size: '1Gi' },
          },
        ],
      },
    });
  });

  test('without parameters: the S3 Secret must exist, claims take sizeLimit (else 1Gi) on the default class', () => {
    const data = edited(seed, (d) => (d.spec.volumes[1].persistentVolumeClaim.sizeLimit = '4Gi'));
    const [spec] = load(data, {}) as any[];
    expect(spec.spec.s3.credentials).toEqual({ secretRef: { name: 's3-secret', accessKeyKey: 'accessKey', secretKeyKey: 'secretKey' } });
    expect(spec.spec.volumes.map((v: any) => v.persistentVolumeClaim)).toEqual([
      { claimName: 'nfs-pvc-driver', size: '1Gi' },
      { claimName: 'nfs-pvc-executor', size: '4Gi' },
    ]);
  });

  test('maps fractional executor cores to a CPU request, pod templates to placement and user ids', () => {
    const data = edited(seed, (d) => {
      d.spec.executor.resources.cores = '500m';
      d.spec.driver.podTemplate = {
        nodeSelector: { pool: 'spark' },
        tolerations: [{ key: 'spark', operator: 'Exists' }],
        securityContext: { runAsUser: 1001, fsGroup: 1001 },
      };
    });
    const [spec] = load(data) as any[];
    expect(spec.spec.executor.coreRequest).toBe('500m');
    expect(spec.spec.executor.cores).toBeUndefined();
    expect(spec.spec.driver.placement).toEqual({ nodeSelector: { pool: 'spark' }, tolerations: [{ key: 'spark', operator: 'Exists' }] });
    expect(spec.spec.securityContext).toEqual({ runAsUser: 1001, fsGroup: 1001 });
  });

  test('S3 keys may come URL-safe or unpadded base64, as the API server passes them on', () => {
    const [spec] = load(seed, { s3_access_key: 'YW55LWFjY2Vzcy1rZXk', s3_secret_key: Buffer.from('k>>?').toString('base64url') }) as any[];
    expect(spec.spec.s3.credentials).toMatchObject({ accessKey: 'any-access-key', secretKey: 'k>>?' });
  });

  test.each(THRIFT_SERVER_CLASSES)('main class %s makes a thrift server', (mainClass) => {
    const [spec] = load(edited(seed, (d) => (d.spec.core.class = mainClass)));
    expect(spec.kind).toBe('SparkThriftServer');
  });

  test('leaves applications of any other main class to the Spark application mapping', () => {
    const batch = edited(seed, (d) => (d.spec.core.class = 'com.example.Etl'));
    expect(legacySparkThriftServer.matches!(batch)).toBe(false);
    expect(legacySparkApplication.matches!(batch)).toBe(true);
    expect(legacySparkThriftServer.matches!(seed)).toBe(true);
    expect(legacySparkApplication.matches!(seed)).toBe(false);
  });

  test.each([
    ['half a key pair', seed, { s3_access_key: b64('a') }, 'sts.yaml: params.s3_secret_key: give s3_access_key and s3_secret_key together'],
    [
      'a key that is not base64',
      seed,
      { s3_access_key: 'any access key!', s3_secret_key: b64('s') },
      'sts.yaml: params.s3_access_key: must be base64-encoded, as the original API took it',
    ],
    [
      'a key that is base64 of no text',
      seed,
      { s3_access_key: '//79', s3_secret_key: b64('s') },
      'sts.yaml: params.s3_access_key: must be base64 of UTF-8 text',
    ],
    [
      'a key encoded with its line break',
      seed,
      { s3_access_key: b64('a\n'), s3_secret_key: b64('s') },
      'sts.yaml: params.s3_access_key: must not hold spaces or line breaks once decoded (encode with "echo -n … | base64")',
    ],
    ['a fractional claim size', seed, { pvc_size: '1.5' }, 'sts.yaml: params.pvc_size: must be a whole number of Gi such as "5" (got "1.5")'],
    [
      'an NFS size that is no number',
      seed,
      { nfs_storage_size: 'ten' },
      'sts.yaml: params.nfs_storage_size: must be a whole number of Gi such as "5" (got "ten")',
    ],
    [
      'no S3 location',
      edited(seed, (d) => delete d.spec.core.s3),
      {},
      'sts.yaml: spec.core.s3: required: the thrift server keeps its warehouse on S3',
    ],
    [
      'no metastore',
      edited(seed, (d) => delete d.spec.core.hive),
      {},
      'sts.yaml: spec.core.hive.metastoreUris: required: the thrift server needs a Hive metastore',
    ],
    [
      'keys in two Secrets',
      edited(seed, (d) => (d.spec.core.s3.secretKey.valueFrom.secretKeyRef.name = 'other')),
      {},
      'sts.yaml: spec.core.s3.secretKey.valueFrom.secretKeyRef.name: must name the same Secret as accessKey ("s3-secret")',
    ],
    [
      'a hostPath volume',
      edited(seed, (d) => (d.spec.volumes[0] = { name: 'driver-local-dir', hostPath: { path: '/data' } })),
      {},
      'sts.yaml: spec.volumes[0].hostPath: not allowed: the Pod Security Standard "restricted" forbids hostPath volumes',
    ],
    [
      'an on-demand claim',
      edited(seed, (d) => (d.spec.volumes[0].persistentVolumeClaim.claimName = 'OnDemand')),
      {},
      'sts.yaml: spec.volumes[0].persistentVolumeClaim.claimName: OnDemand is for Spark applications: name the claim DataRoaster creates for the thrift server',
    ],
    [
      'host networking',
      edited(seed, (d) => (d.spec.driver.podTemplate = { hostNetwork: true })),
      {},
      'sts.yaml: spec.driver.podTemplate.hostNetwork: not allowed: the Pod Security Standard "restricted" forbids host networking',
    ],
    [
      'a mount propagation',
      edited(seed, (d) => (d.spec.executor.volumeMounts[0].mountPropagation = 'HostToContainer')),
      {},
      'sts.yaml: spec.executor.volumeMounts[0].mountPropagation: not supported: Spark cannot set it on executor pods',
    ],
    [
      'a root user',
      edited(seed, (d) => (d.spec.driver.podTemplate = { securityContext: { runAsUser: 0 } })),
      {},
      'sts.yaml: spec.driver.podTemplate.securityContext.runAsUser: must be a non-root id (>= 1)',
    ],
    [
      'driver and executors as different users',
      edited(seed, (d) => {
        d.spec.driver.podTemplate = { securityContext: { runAsUser: 185 } };
        d.spec.executor.podTemplate = { securityContext: { runAsUser: 1000 } };
      }),
      {},
      'sts.yaml: spec.executor.podTemplate.securityContext: must match spec.driver.podTemplate.securityContext: driver and executors run as one user',
    ],
    [
      'an unknown application type',
      edited(seed, (d) => (d.spec.core.applicationType = 'Streaming')),
      {},
      'sts.yaml: spec.core.applicationType: Invalid option: expected one of "Batch"|"EndlessRun"',
    ],
    ['an unknown core field', edited(seed, (d) => (d.spec.core.mainClass = 'x')), {}, 'sts.yaml: spec.core.mainClass: unknown field'],
    [
      'a memory size Spark cannot read',
      edited(seed, (d) => (d.spec.driver.resources.memory = '512MB')),
      {},
      'sts.yaml: spec.driver.resources.memory: must be a JVM memory size like "512m" or "2g"',
    ],
    [
      'a metastore URI of another scheme',
      edited(seed, (d) => (d.spec.core.hive.metastoreUris = ['metastore:9083'])),
      {},
      'sts.yaml: spec.core.hive.metastoreUris[0]: must be a thrift://host:port URI',
    ],
    [
      'a mount of no volume',
      edited(seed, (d) => (d.spec.driver.volumeMounts[0].name = 'nope')),
      {},
      'sts.yaml: spec.driver.volumeMounts[0].name: no volume "nope" in spec.volumes',
    ],
  ])('rejects %s', (_, data, params, message) => {
    expect(thrownMessage(() => load(data, params))).toBe(message);
  });
});

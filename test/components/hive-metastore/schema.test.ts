import { REGISTRY } from '../../../src/components/registry';
import { API_VERSION } from '../../../src/schema/fields';
import { loadSpecs } from '../../../src/schema/load';
import { edited, thrownMessage } from '../../support/fixtures';

const metastore = {
  apiVersion: API_VERSION,
  kind: 'HiveMetastore',
  metadata: { name: 'analytics', namespace: 'hive' },
  spec: { s3: { bucket: 'lake', endpoint: 'https://s3.example.com', credentials: { secretRef: { name: 'lake-s3' } } } },
};
const load = (data: unknown) => loadSpecs(REGISTRY, [{ source: 'metastore.yaml', data }]);

describe('HiveMetastore spec', () => {
  test('accepts the smallest spec and keeps it as written (defaults are resolved by the construct)', () => {
    expect(load(metastore)).toEqual([metastore]);
  });

  test('accepts every field', () => {
    const full = edited(metastore, (d) => {
      d.spec = {
        image: 'registry.example.com/hive:4.0.1-mysql',
        imagePullPolicy: 'IfNotPresent',
        replicas: 3,
        resources: { requests: { cpu: '500m', memory: '2Gi' }, limits: { memory: '2Gi' } },
        service: { name: 'metastore' },
        s3: {
          bucket: 'lake',
          endpoint: 'http://minio.minio.svc:9000',
          region: 'us-east-1',
          pathStyleAccess: false,
          credentials: { accessKey: 'a', secretKey: 's', secretRef: { name: 'keys', accessKeyKey: 'id', secretKeyKey: 'secret' } },
        },
        warehouseDir: 's3a://lake/hive/warehouse',
        database: {
          image: 'mysql:8.4.6',
          storage: { size: 20, storageClass: 'fast' },
          resources: { limits: { memory: '2Gi' } },
          placement: { nodeSelector: { disk: 'ssd' } },
        },
        placement: { tolerations: [{ key: 'k', operator: 'Exists' }], priorityClassName: 'high' },
      };
    });
    const [spec] = load(full) as any[];
    expect(spec.spec.database.storage.size).toBe('20');
    expect(spec.spec.s3.credentials.secretRef.accessKeyKey).toBe('id');
  });

  test.each([
    ['an unknown field', (d: any) => (d.spec.replica = 2), 'metastore.yaml: spec.replica: unknown field'],
    ['no replicas', (d: any) => (d.spec.replicas = 0), 'metastore.yaml: spec.replicas: must be at least 1'],
    ['a latest image', (d: any) => (d.spec.image = 'apache/hive:latest'), 'metastore.yaml: spec.image: must not use the "latest" tag: pin a version'],
    ['an unpinned image', (d: any) => (d.spec.image = 'apache/hive'), 'metastore.yaml: spec.image: must pin a tag or digest'],
    ['no S3 location', (d: any) => delete d.spec.s3, 'metastore.yaml: spec.s3: required (object)'],
    [
      'a bad bucket',
      (d: any) => (d.spec.s3.bucket = 'Lake_1'),
      'metastore.yaml: spec.s3.bucket: must be an S3 bucket name (3-63 lower-case letters, digits, "." and "-")',
    ],
    [
      'an endpoint without scheme',
      (d: any) => (d.spec.s3.endpoint = 's3.example.com'),
      'metastore.yaml: spec.s3.endpoint: must be an http:// or https:// URL',
    ],
    [
      'half a key pair',
      (d: any) => (d.spec.s3.credentials = { accessKey: 'a' }),
      'metastore.yaml: spec.s3.credentials: give accessKey and secretKey together',
    ],
    [
      'no credentials',
      (d: any) => (d.spec.s3.credentials = {}),
      'metastore.yaml: spec.s3.credentials: give accessKey and secretKey, or secretRef naming an existing Secret',
    ],
    [
      'a bad Secret key name',
      (d: any) => (d.spec.s3.credentials.secretRef.accessKeyKey = 'access key'),
      'metastore.yaml: spec.s3.credentials.secretRef.accessKeyKey: must be a Secret key name (letters, digits, "-", "_" and ".")',
    ],
    [
      'a warehouse outside S3A',
      (d: any) => (d.spec.warehouseDir = 's3://lake/warehouse'),
      'metastore.yaml: spec.warehouseDir: must be an s3a:// URL',
    ],
    [
      'a bad storage size',
      (d: any) => (d.spec.database = { storage: { size: '10 GB' } }),
      'metastore.yaml: spec.database.storage.size: must be a Kubernetes quantity like "500m", "2" or "4Gi"',
    ],
    [
      'a bad storage class',
      (d: any) => (d.spec.database = { storage: { storageClass: 'Fast_SSD' } }),
      'metastore.yaml: spec.database.storage.storageClass: must be an RFC 1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit)',
    ],
    [
      'resources without a memory limit',
      (d: any) => (d.spec.resources = { requests: { memory: '1Gi' } }),
      'metastore.yaml: spec.resources.limits.memory: required: the JVM heap is sized from the memory limit',
    ],
    [
      'database resources without a memory limit',
      (d: any) => (d.spec.database = { resources: { limits: { cpu: '1' } } }),
      'metastore.yaml: spec.database.resources.limits.memory: required: the JVM heap is sized from the memory limit',
    ],
    [
      'a bad Service name',
      (d: any) => (d.spec.service = { name: 'Metastore' }),
      'metastore.yaml: spec.service.name: must be an RFC 1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit)',
    ],
    ['replicas as text', (d: any) => (d.spec.replicas = '2'), 'metastore.yaml: spec.replicas: expected number, received string'],
  ])('rejects %s', (_, edit, message) => {
    expect(thrownMessage(() => load(edited(metastore, edit)))).toBe(message);
  });
});

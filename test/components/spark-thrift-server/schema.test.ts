import { REGISTRY } from '../../../src/components/registry';
import { API_VERSION } from '../../../src/schema/fields';
import { loadSpecs } from '../../../src/schema/load';
import { edited, thrownMessage } from '../../support/fixtures';

const server = {
  apiVersion: API_VERSION,
  kind: 'SparkThriftServer',
  metadata: { name: 'sql', namespace: 'spark' },
  spec: {
    metastoreRef: { name: 'analytics' },
    s3: { bucket: 'lake', endpoint: 'https://s3.example.com', credentials: { secretRef: { name: 'lake-s3' } } },
    volumes: [{ name: 'scratch', localDir: true, persistentVolumeClaim: { claimName: 'sql-scratch', size: '5Gi' } }],
    driver: { volumeMounts: [{ name: 'scratch', mountPath: '/scratch' }] },
  },
};
const load = (data: unknown) => loadSpecs(REGISTRY, [{ source: 'sql.yaml', data }]);

describe('SparkThriftServer spec', () => {
  test('accepts a spec referencing a metastore by name and keeps it as written', () => {
    expect(load(server)).toEqual([server]);
  });

  test('accepts Spark properties of any scalar type as text', () => {
    const [spec] = load(edited(server, (d) => (d.spec.confs = { 'spark.sql.shuffle.partitions': 64, 'spark.sql.adaptive.enabled': true }))) as any[];
    expect(spec.spec.confs).toEqual({ 'spark.sql.shuffle.partitions': '64', 'spark.sql.adaptive.enabled': 'true' });
  });

  test.each([
    ['an unknown field', (d: any) => (d.spec.master = 'local'), 'sql.yaml: spec.master: unknown field'],
    [
      'both metastore forms',
      (d: any) => (d.spec.metastoreUris = ['thrift://hms:9083']),
      'sql.yaml: spec.metastoreRef: give metastoreRef or metastoreUris, not both',
    ],
    [
      'no metastore',
      (d: any) => delete d.spec.metastoreRef,
      'sql.yaml: spec.metastoreRef: required: a HiveMetastore of the platform by name, or metastoreUris',
    ],
    [
      'a metastore URI of another scheme',
      (d: any) => {
        delete d.spec.metastoreRef;
        d.spec.metastoreUris = ['http://hms:9083'];
      },
      'sql.yaml: spec.metastoreUris[0]: must be a thrift://host:port URI',
    ],
    [
      'an empty metastore list',
      (d: any) => {
        delete d.spec.metastoreRef;
        d.spec.metastoreUris = [];
      },
      'sql.yaml: spec.metastoreUris: must name at least one URI',
    ],
    [
      'a memory size Spark cannot read',
      (d: any) => (d.spec.driver.memory = '1GB'),
      'sql.yaml: spec.driver.memory: must be a JVM memory size like "512m" or "2g"',
    ],
    ['zero executor cores', (d: any) => (d.spec.executor = { cores: 0 }), 'sql.yaml: spec.executor.cores: must be at least 1'],
    [
      'a mount of no volume',
      (d: any) => (d.spec.driver.volumeMounts[0].name = 'spill'),
      'sql.yaml: spec.driver.volumeMounts[0].name: no volume "spill" in spec.volumes',
    ],
    [
      'a relative mount path',
      (d: any) => (d.spec.driver.volumeMounts[0].mountPath = 'scratch'),
      'sql.yaml: spec.driver.volumeMounts[0].mountPath: must be an absolute path',
    ],
    [
      'a volume of two kinds',
      (d: any) => (d.spec.volumes[0].emptyDir = {}),
      'sql.yaml: spec.volumes[0]: give exactly one of persistentVolumeClaim and emptyDir',
    ],
    [
      'a volume of no kind',
      (d: any) => delete d.spec.volumes[0].persistentVolumeClaim,
      'sql.yaml: spec.volumes[0]: give exactly one of persistentVolumeClaim and emptyDir',
    ],
    [
      'a claim without size',
      (d: any) => delete d.spec.volumes[0].persistentVolumeClaim.size,
      'sql.yaml: spec.volumes[0].persistentVolumeClaim.size: required (string)',
    ],
    [
      'two volumes of one name',
      (d: any) => d.spec.volumes.push({ name: 'scratch', emptyDir: {} }),
      'sql.yaml: spec.volumes[1].name: duplicate volume name "scratch"',
    ],
    [
      'two volumes of one claim',
      (d: any) => d.spec.volumes.push({ name: 'other', persistentVolumeClaim: { claimName: 'sql-scratch', size: '1Gi' } }),
      'sql.yaml: spec.volumes[1].persistentVolumeClaim.claimName: claim "sql-scratch" is already volume "scratch"',
    ],
    [
      'an S3 key in confs',
      (d: any) => (d.spec.confs = { 'spark.hadoop.fs.s3a.secret.key': 'x' }),
      'sql.yaml: spec.confs.spark.hadoop.fs.s3a.secret.key: not allowed: S3 keys go in spec.s3.credentials (confs are written to a ConfigMap)',
    ],
    [
      'a conf DataRoaster sets',
      (d: any) => (d.spec.confs = { 'spark.driver.port': '7000' }),
      'sql.yaml: spec.confs.spark.driver.port: set by DataRoaster: the driver Service exposes 7078',
    ],
    [
      'a conf that is no Spark property',
      (d: any) => (d.spec.confs = { 'hive.exec.scratchdir': '/x' }),
      'sql.yaml: spec.confs.hive.exec.scratchdir: must be a Spark property ("spark.…")',
    ],
    [
      'clashing ports',
      (d: any) => (d.spec.service = { jdbcPort: 4040 }),
      'sql.yaml: spec.service: jdbcPort, uiPort, 7078 (driver) and 7079 (block manager) must differ',
    ],
    ['a privileged port', (d: any) => (d.spec.service = { jdbcPort: 80 }), 'sql.yaml: spec.service.jdbcPort: must be between 1024 and 65535'],
    [
      'a root user',
      (d: any) => (d.spec.securityContext = { runAsUser: 0 }),
      'sql.yaml: spec.securityContext.runAsUser: must be a non-root user id (>= 1)',
    ],
    [
      'an emptyDir medium Kubernetes lacks',
      (d: any) => (d.spec.volumes[0] = { name: 'scratch', emptyDir: { medium: 'Disk' } }),
      'sql.yaml: spec.volumes[0].emptyDir.medium: Invalid option: expected one of ""|"Memory"',
    ],
    [
      'a local-dir name too long for Spark',
      (d: any) => {
        d.spec.volumes[0].name = 'x'.repeat(48);
        d.spec.driver.volumeMounts[0].name = 'x'.repeat(48);
      },
      `sql.yaml: spec.volumes[0].name: must be at most 47 characters: Spark prefixes local-dir volumes with "spark-local-dir-"`,
    ],
    [
      'a volume mounted twice in executors',
      (d: any) =>
        (d.spec.executor = {
          volumeMounts: [
            { name: 'scratch', mountPath: '/a' },
            { name: 'scratch', mountPath: '/b' },
          ],
        }),
      'sql.yaml: spec.executor.volumeMounts[1].name: volume "scratch" is mounted already: Spark mounts a volume once per executor',
    ],
  ])('rejects %s', (_, edit, message) => {
    expect(thrownMessage(() => load(edited(server, edit)))).toBe(message);
  });
});

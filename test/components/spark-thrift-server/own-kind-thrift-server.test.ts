import { parse } from 'dot-properties';
import { load } from 'js-yaml';

import { REGISTRY } from '../../../src/components/registry';
import type { InstanceSpec } from '../../../src/core/instance';
import { synthesize } from '../../../src/engine/synthesize';
import { API_VERSION } from '../../../src/schema/fields';
import { loadSpecs } from '../../../src/schema/load';
import { edited, thrownMessage } from '../../support/fixtures';
import { restrictedProblems } from '../../support/pod-security';
import { objectsIn, schemaFailures } from '../../support/validate';

const metastore = {
  apiVersion: API_VERSION,
  kind: 'HiveMetastore',
  metadata: { name: 'analytics', namespace: 'lake' },
  spec: { s3: { bucket: 'lake', endpoint: 'https://s3.example.com', credentials: { secretRef: { name: 'lake-s3' } } } },
};
const server = {
  apiVersion: API_VERSION,
  kind: 'SparkThriftServer',
  metadata: { name: 'sql', namespace: 'bi' },
  spec: {
    metastoreRef: { name: 'analytics' },
    s3: {
      bucket: 'lake',
      endpoint: 'http://minio.minio.svc:9000',
      credentials: { secretRef: { name: 'lake-s3', accessKeyKey: 'id', secretKeyKey: 'secret' } },
    },
    service: { jdbcPort: 10000 },
    securityContext: { runAsUser: 1001, runAsGroup: 1001 },
    driver: { memory: '2g', cores: '2', annotations: { team: 'bi' }, volumeMounts: [{ name: 'scratch', mountPath: '/scratch' }] },
    executor: {
      instances: 3,
      cores: 2,
      memory: '4g',
      memoryOverhead: '1g',
      coreRequest: '1500m',
      volumeMounts: [{ name: 'spill', mountPath: '/spill' }],
      placement: { nodeSelector: { pool: 'spark' } },
    },
    volumes: [
      { name: 'scratch', localDir: true, emptyDir: { sizeLimit: '20Gi' } },
      { name: 'spill', localDir: true, persistentVolumeClaim: { claimName: 'sql-spill', storageClass: 'nfs', size: '50Gi' } },
    ],
    confs: { 'spark.sql.warehouse.dir': 's3a://lake/sql', 'spark.sql.shuffle.partitions': 64 },
  },
};

function synth(docs: unknown[], known: InstanceSpec[] = []) {
  const specs = loadSpecs(
    REGISTRY,
    docs.map((data, i) => ({ source: `spec-${i}.yaml`, data })),
  );
  return objectsIn(synthesize(specs, { secrets: { mode: 'plaintext' }, known }).files);
}

describe('SparkThriftServer own kind, wired to a HiveMetastore by name', () => {
  const objects = synth([metastore, server]);
  const find = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name)!;
  const config = find('ConfigMap', 'sql-config');
  const conf = parse(config.data['spark-defaults.conf']) as Record<string, string>;
  const template = load(config.data['executor-pod-template.yaml']) as Record<string, any>;
  const pod = find('Deployment', 'sql').spec.template.spec;
  const container = pod.containers[0];

  test('every object is schema-valid; driver and executors restricted as the given user', () => {
    expect(schemaFailures([...objects, template])).toEqual([]);
    expect(restrictedProblems(pod)).toEqual([]);
    expect(restrictedProblems(template.spec)).toEqual([]);
    expect(pod.securityContext).toMatchObject({ runAsUser: 1001, runAsGroup: 1001, fsGroup: 1001 });
    expect(template.spec.securityContext).toMatchObject({ runAsUser: 1001, runAsGroup: 1001 });
  });

  test("the metastore reference resolves to that metastore's thrift Service", () => {
    expect(conf['spark.hadoop.hive.metastore.uris']).toBe('thrift://analytics.lake.svc:9083');
  });

  test('confs are merged over the defaults', () => {
    expect(conf['spark.sql.warehouse.dir']).toBe('s3a://lake/sql');
    expect(conf['spark.sql.shuffle.partitions']).toBe('64');
    expect(conf['spark.sql.catalogImplementation']).toBe('hive');
  });

  test('executors: count, cores, memory and overhead, CPU request, volumes and placement', () => {
    expect(conf).toMatchObject({
      'spark.executor.instances': '3',
      'spark.executor.cores': '2',
      'spark.executor.memory': '4g',
      'spark.executor.memoryOverhead': '1g',
      'spark.kubernetes.executor.request.cores': '1500m',
      'spark.kubernetes.executor.volumes.persistentVolumeClaim.spark-local-dir-spill.options.claimName': 'sql-spill',
      'spark.kubernetes.executor.volumes.persistentVolumeClaim.spark-local-dir-spill.mount.path': '/spill',
    });
    expect(template.spec.nodeSelector).toEqual({ pool: 'spark' });
    expect(find('PersistentVolumeClaim', 'sql-spill').spec).toEqual({
      accessModes: ['ReadWriteMany'],
      storageClassName: 'nfs',
      resources: { requests: { storage: '50Gi' } },
    });
  });

  test('driver: memory plus 10% overhead, an emptyDir local dir, annotations, a configurable JDBC port', () => {
    expect(conf['spark.driver.memory']).toBe('2g');
    expect(container.resources).toEqual({ requests: { cpu: '2', memory: '2432Mi' }, limits: { memory: '2432Mi' } });
    expect(pod.volumes).toContainEqual({ name: 'spark-local-dir-scratch', emptyDir: { sizeLimit: '20Gi' } });
    expect(container.env.find((e: any) => e.name === 'SPARK_LOCAL_DIRS').value).toBe('/scratch');
    expect(find('Deployment', 'sql').spec.template.metadata.annotations.team).toBe('bi');
    expect(find('Service', 'sql').spec.ports[0]).toEqual({ name: 'jdbc', port: 10000, targetPort: 'jdbc' });
    expect(conf['spark.hadoop.hive.server2.thrift.port']).toBe('10000');
    expect(conf['spark.hadoop.fs.s3a.connection.ssl.enabled']).toBe('false');
  });

  test('a referenced S3 Secret is used as named; no Secret is written for it', () => {
    expect(objects.filter((o) => o.kind === 'Secret' && o.metadata.namespace === 'bi')).toEqual([]);
    expect(container.env.find((e: any) => e.name === 'AWS_ACCESS_KEY_ID').valueFrom.secretKeyRef).toEqual({ name: 'lake-s3', key: 'id' });
    expect(conf['spark.kubernetes.executor.secretKeyRef.AWS_ACCESS_KEY_ID']).toBe('lake-s3:id');
  });

  test('a metastore known to the platform but not synthesized now resolves too', () => {
    const [known] = loadSpecs(REGISTRY, [{ source: 'm.yaml', data: metastore }]);
    const only = synth([server], [known]);
    const c = parse(only.find((o) => o.kind === 'ConfigMap')!.data['spark-defaults.conf']) as Record<string, string>;
    expect(c['spark.hadoop.hive.metastore.uris']).toBe('thrift://analytics.lake.svc:9083');
  });

  test('a reference to a missing metastore stops synthesis with the field named', () => {
    expect(thrownMessage(() => synth([edited(server, (d) => (d.spec.metastoreRef.name = 'ghost'))]))).toBe(
      'SparkThriftServer/sql: spec.metastoreRef.name: no HiveMetastore named "ghost" in the platform',
    );
  });

  test('explicit metastore URIs are used as given', () => {
    const external = synth([
      edited(server, (d) => {
        delete d.spec.metastoreRef;
        d.spec.metastoreUris = ['thrift://hms-a.corp:9083', 'thrift://hms-b.corp:9083'];
      }),
    ]);
    const c = parse(external.find((o) => o.kind === 'ConfigMap')!.data['spark-defaults.conf']) as Record<string, string>;
    expect(c['spark.hadoop.hive.metastore.uris']).toBe('thrift://hms-a.corp:9083,thrift://hms-b.corp:9083');
  });
});

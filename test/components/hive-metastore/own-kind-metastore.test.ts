import { Chart, Testing } from 'cdk8s';

import { HiveMetastore } from '../../../src/components/hive-metastore/hive-metastore';
import type { HiveMetastoreSpec } from '../../../src/components/hive-metastore/schema';
import { REGISTRY } from '../../../src/components/registry';
import { API_VERSION } from '../../../src/schema/fields';
import { loadSpecs } from '../../../src/schema/load';
import { edited } from '../../support/fixtures';
import { podSpecsOf, restrictedProblems } from '../../support/pod-security';
import { schemaFailures } from '../../support/validate';

const base = {
  apiVersion: API_VERSION,
  kind: 'HiveMetastore',
  metadata: { name: 'analytics', namespace: 'lake' },
  spec: {
    replicas: 1,
    resources: { requests: { cpu: '500m' }, limits: { memory: '2Gi' } },
    s3: {
      bucket: 'lake',
      endpoint: 'http://minio.minio.svc:9000',
      region: 'us-east-1',
      credentials: { secretRef: { name: 'minio-keys', accessKeyKey: 'id', secretKeyKey: 'secret' } },
    },
    warehouseDir: 's3a://lake/hive',
  },
};

function synth(doc: unknown): Record<string, any>[] {
  const [spec] = loadSpecs(REGISTRY, [{ source: 'analytics.yaml', data: doc }]) as HiveMetastoreSpec[];
  const chart = new Chart(Testing.app(), 'test', { namespace: spec.metadata.namespace, disableResourceNameHashes: true });
  new HiveMetastore(chart, 'hms', { spec });
  return Testing.synth(chart);
}
const find = (objects: Record<string, any>[], kind: string, name?: string) =>
  objects.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name))!;

describe('HiveMetastore own kind', () => {
  const objects = synth(base);
  const deployment = find(objects, 'Deployment');
  const container = deployment.spec.template.spec.containers[0];
  const env = (name: string) => container.env.find((e: any) => e.name === name);

  test('every object is schema-valid and every pod restricted', () => {
    expect(schemaFailures(objects)).toEqual([]);
    for (const pod of podSpecsOf(objects)) expect(restrictedProblems(pod)).toEqual([]);
  });

  test('its Service is named after the instance and the Deployment uses the default image', () => {
    expect(find(objects, 'Service', 'analytics').spec.ports[0].port).toBe(9083);
    expect(find(objects, 'ConfigMap', 'analytics-discovery').data.HIVE).toBe('thrift://analytics.lake.svc:9083');
    expect(container.image).toBe('apache/hive:3.1.3');
    expect(deployment.metadata.labels['app.kubernetes.io/version']).toBe('3.1.3');
  });

  test('a referenced S3 Secret is used as named and no S3 Secret is written', () => {
    expect(objects.filter((o) => o.kind === 'Secret').map((o) => o.metadata.name)).toEqual(['analytics-db']);
    expect(env('AWS_ACCESS_KEY_ID').valueFrom.secretKeyRef).toEqual({ name: 'minio-keys', key: 'id' });
    expect(env('AWS_SECRET_ACCESS_KEY').valueFrom.secretKeyRef).toEqual({ name: 'minio-keys', key: 'secret' });
  });

  test('heap follows the memory limit; memory request equals the limit', () => {
    expect(container.resources).toEqual({ requests: { cpu: '500m', memory: '2Gi' }, limits: { cpu: '1', memory: '2Gi' } });
    expect(env('HADOOP_CLIENT_OPTS').value).toBe('-Xmx1638M -XX:+ExitOnOutOfMemoryError');
  });

  test('plain-HTTP endpoint turns TLS off; region and warehouse are passed on', () => {
    const { data } = find(objects, 'ConfigMap', 'analytics-config');
    expect(data['core-site.xml']).toContain('<name>fs.s3a.connection.ssl.enabled</name>\n    <value>false</value>');
    expect(data['core-site.xml']).toContain('<name>fs.s3a.endpoint.region</name>\n    <value>us-east-1</value>');
    expect(data['hive-site.xml']).toContain('<name>metastore.warehouse.dir</name>\n    <value>s3a://lake/hive</value>');
  });

  test('the database gets 10Gi on the default storage class when the spec says nothing', () => {
    const claim = find(objects, 'StatefulSet').spec.volumeClaimTemplates[0].spec;
    expect(claim.resources.requests.storage).toBe('10Gi');
    expect(claim.storageClassName).toBeUndefined();
  });

  test('one replica is not spread; a given affinity replaces the spreading', () => {
    expect(deployment.spec.template.spec.affinity).toBeUndefined();
    const affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: 'pool', operator: 'In', values: ['data'] }] }],
        },
      },
    };
    const spread = synth(
      edited(base, (d) => {
        d.spec.replicas = 3;
        d.spec.placement = { affinity };
      }),
    );
    expect(find(spread, 'Deployment').spec.template.spec.affinity).toEqual(affinity);
  });

  test('the schema Job is renamed when the image changes (Job specs are immutable), not otherwise', () => {
    const name = find(objects, 'Job').metadata.name;
    expect(find(synth(edited(base, (d) => (d.spec.replicas = 2))), 'Job').metadata.name).toBe(name);
    expect(find(synth(edited(base, (d) => (d.spec.image = 'registry.example.com/hive:4.0.1-mysql'))), 'Job').metadata.name).not.toBe(name);
  });

  test('S3 keys given in the spec go to <name>-s3 and nowhere else', () => {
    const withKeys = synth(edited(base, (d) => (d.spec.s3.credentials = { accessKey: 'AKIAEXAMPLE', secretKey: 'wJalrEXAMPLE' })));
    expect(find(withKeys, 'Secret', 'analytics-s3').stringData).toEqual({ accessKey: 'AKIAEXAMPLE', secretKey: 'wJalrEXAMPLE' });
    const elsewhere = withKeys.filter((o) => o.kind !== 'Secret' && /AKIAEXAMPLE|wJalrEXAMPLE/.test(JSON.stringify(o)));
    expect(elsewhere).toEqual([]);
  });
});

import { legacyHelmChartRelease } from '../../../src/components/helm-release/legacy';
import { legacyHiveMetastoreChart } from '../../../src/components/hive-metastore/legacy';
import { REGISTRY } from '../../../src/components/registry';
import type { LegacyParams } from '../../../src/core/component';
import { API_VERSION } from '../../../src/schema/fields';
import { loadSpecs } from '../../../src/schema/load';
import { edited, fixture, thrownMessage } from '../../support/fixtures';

const seed = fixture('legacy-hive-metastore.yaml');
const load = (data: unknown, params: LegacyParams = {}) => loadSpecs(REGISTRY, [{ source: 'hive-metastore.yaml', data }], { params });
const withValues = (values: string) => edited(seed, (d) => (d.spec.values = values));

describe('HelmChart dataroaster-hivemetastore → HiveMetastore', () => {
  test('maps the seed example and the API parameters; the Service keeps the original address', () => {
    // When
    const [spec] = load(seed, { mysql_storage_class: 'standard', mysql_storage_size: '5' });
    // Then
    expect(spec).toEqual({
      apiVersion: API_VERSION,
      kind: 'HiveMetastore',
      metadata: { name: 'hive-metastore', namespace: 'hive-metastore' },
      spec: {
        service: { name: 'metastore' },
        s3: { bucket: 'any-bucket', endpoint: 'https://any-endpoint', credentials: { accessKey: 'any-access-key', secretKey: 'any-secret-key' } },
        database: { storage: { size: '5Gi', storageClass: 'standard' } },
      },
    });
  });

  test('without API parameters the database keeps the construct defaults (10Gi, default storage class)', () => {
    const [spec] = load(seed) as any[];
    expect(spec.spec.database).toEqual({ storage: {} });
  });

  test('replaces the original Hive 3 image, keeps any other image and passes a region through', () => {
    const values =
      'image: registry.example.com/hive:4.0.1-mysql\ns3: {bucket: b-1, accessKey: a, secretKey: s, endpoint: "http://minio:9000", region: eu-west-1}\n';
    const [spec] = load(withValues(values)) as any[];
    expect(spec.spec.image).toBe('registry.example.com/hive:4.0.1-mysql');
    expect(spec.spec.s3.region).toBe('eu-west-1');
    const [original] = load(seed) as any[];
    expect(original.spec.image).toBeUndefined();
  });

  test('leaves every other chart to the Helm release mapping', () => {
    const redash = edited(seed, (d) => (d.spec.chartName = 'redash'));
    expect(legacyHiveMetastoreChart.matches!(redash)).toBe(false);
    expect(legacyHelmChartRelease.matches!(redash)).toBe(true);
    expect(legacyHiveMetastoreChart.matches!(seed)).toBe(true);
    expect(legacyHelmChartRelease.matches!(seed)).toBe(false);
  });

  test.each([
    ['values that are not YAML', withValues('s3: [1\n'), {}, 'hive-metastore.yaml: spec.values: not valid YAML: deficient indentation (2:1)'],
    ['values that are a list', withValues('- a\n'), {}, 'hive-metastore.yaml: spec.values: must be a YAML mapping'],
    ['values without s3', withValues('image: apache/hive:4.0.1\n'), {}, 'hive-metastore.yaml: spec.values.s3: required (object)'],
    [
      'an S3 endpoint without scheme',
      withValues('s3: {bucket: b-1, accessKey: a, secretKey: s, endpoint: any-endpoint}\n'),
      {},
      'hive-metastore.yaml: spec.values.s3.endpoint: must be an http:// or https:// URL',
    ],
    [
      'an empty access key',
      withValues('s3: {bucket: b-1, accessKey: "", secretKey: s, endpoint: "https://e"}\n'),
      {},
      'hive-metastore.yaml: spec.values.s3.accessKey: must not be empty',
    ],
    [
      'a hard-coded database password',
      withValues('s3: {bucket: b-1, accessKey: a, secretKey: s, endpoint: "https://e"}\njdbc: {user: root, password: mysqlpass123}\n'),
      {},
      'hive-metastore.yaml: spec.values.jdbc: not supported: DataRoaster generates the database password and keeps it in a Secret',
    ],
    [
      'a values namespace of its own',
      withValues('namespace: elsewhere\ns3: {bucket: b-1, accessKey: a, secretKey: s, endpoint: "https://e"}\n'),
      {},
      'hive-metastore.yaml: spec.values.namespace: must equal spec.namespace ("hive-metastore") or be left out',
    ],
    [
      'an unknown value',
      withValues('dnsPolicy: Default\ns3: {bucket: b-1, accessKey: a, secretKey: s, endpoint: "https://e"}\n'),
      {},
      'hive-metastore.yaml: spec.values.dnsPolicy: unknown field',
    ],
    [
      'a latest image',
      withValues('image: cloudcheflabs/hivemetastore:latest\ns3: {bucket: b-1, accessKey: a, secretKey: s, endpoint: "https://e"}\n'),
      {},
      'hive-metastore.yaml: spec.values.image: must not use the "latest" tag: pin a version',
    ],
    ['no target namespace', edited(seed, (d) => delete d.spec.namespace), {}, 'hive-metastore.yaml: spec.namespace: required (string)'],
    ['an unknown chart field', edited(seed, (d) => (d.spec.valuesFile = 'x')), {}, 'hive-metastore.yaml: spec.valuesFile: unknown field'],
    [
      'a storage size with a unit',
      seed,
      { mysql_storage_size: '5Gi' },
      'hive-metastore.yaml: params.mysql_storage_size: must be a whole number of Gi such as "5" (got "5Gi")',
    ],
    [
      'a storage size of zero',
      seed,
      { mysql_storage_size: '0' },
      'hive-metastore.yaml: params.mysql_storage_size: must be a whole number of Gi such as "5" (got "0")',
    ],
    [
      'a bad storage class',
      seed,
      { mysql_storage_class: 'Fast SSD' },
      'hive-metastore.yaml: params.mysql_storage_class: must be a storage class name (an RFC 1123 label; got "Fast SSD")',
    ],
  ])('rejects %s', (_, data, params, message) => {
    expect(thrownMessage(() => load(data, params))).toBe(message);
  });
});

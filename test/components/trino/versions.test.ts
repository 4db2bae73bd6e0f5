import { readFileSync } from 'node:fs';

import { REGISTRY } from '../../../src/components/registry';
import { catalogS3Properties, trinoRelease } from '../../../src/components/trino/versions';
import { API_VERSION } from '../../../src/schema/fields';
import { loadSpecs } from '../../../src/schema/load';
import { parseSpecYaml } from '../../../src/schema/yaml';
import { load, objects, ownDoc, seedSpecs } from './fixtures';
import { SEED_FILE } from './fixtures';

// What each Trino release reads, from trinodb/trino's release notes:
// - release-432.md "Docker image: Update Java runtime to Java 21"; HotSpot refuses the expired
//   -XX:±UseBiasedLocking from JDK 19 (openjdk arguments.cpp special_jvm_flags).
// - release-458.md: legacy file systems deactivated; S3 needs `fs.native-s3.enabled` (or
//   `fs.hadoop.enabled` for the legacy hive.s3.* keys). Unused catalog properties stop the start
//   (airlift Bootstrap strict config; StaticCatalogManager.loadInitialCatalogs).
// - release-481.md: legacy S3 support removed; `fs.native-s3.enabled` stays the legacy name of
//   `fs.s3.enabled` (FileSystemConfig `@LegacyConfig("fs.native-s3.enabled")`).

const metastore = {
  apiVersion: API_VERSION,
  kind: 'HiveMetastore',
  metadata: { name: 'hms', namespace: 'lake' },
  spec: { s3: { bucket: 'lake', endpoint: 'http://minio.minio.svc:9000', region: 'eu-west-1', credentials: { secretRef: { name: 'keys' } } } },
};
const hiveCatalog = (properties: Record<string, unknown> = {}) => ({
  catalogs: [{ name: 'hive', connector: 'hive', metastoreRef: { name: 'hms' }, properties }],
});
const catalogFile = (tag: string, properties: Record<string, unknown> = {}) => {
  const all = objects(load(ownDoc({ image: { tag }, ...hiveCatalog(properties) }), metastore));
  return all['ConfigMap/analytics-catalogs'].data['hive.properties'] as string;
};
const refusal = (doc: Record<string, unknown>) => {
  try {
    load(doc);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
};

describe('Trino release of an image tag', () => {
  test.each([
    ['476', 476],
    ['384', 384],
    ['476-arm64', 476],
    ['latest-custom', undefined],
  ])('%s → %s', (tag, release) => expect(trinoRelease(tag)).toBe(release));
});

describe('catalog S3 keys per release (compatibility table rows)', () => {
  test.each([
    ['384', { 'hive.s3.endpoint': 'http://minio.minio.svc:9000', 'hive.s3.path-style-access': 'true', 'hive.s3.ssl.enabled': 'false' }],
    ['457', { 'hive.s3.endpoint': 'http://minio.minio.svc:9000', 'hive.s3.path-style-access': 'true', 'hive.s3.ssl.enabled': 'false' }],
    [
      '458',
      { 'fs.native-s3.enabled': 'true', 's3.endpoint': 'http://minio.minio.svc:9000', 's3.path-style-access': 'true', 's3.region': 'eu-west-1' },
    ],
    [
      '476',
      { 'fs.native-s3.enabled': 'true', 's3.endpoint': 'http://minio.minio.svc:9000', 's3.path-style-access': 'true', 's3.region': 'eu-west-1' },
    ],
    [
      '481',
      { 'fs.native-s3.enabled': 'true', 's3.endpoint': 'http://minio.minio.svc:9000', 's3.path-style-access': 'true', 's3.region': 'eu-west-1' },
    ],
  ])('Trino %s: a Hive catalog on a platform metastore gets its store in the keys that release reads', (tag, expected) => {
    const file = catalogFile(tag);
    for (const [key, value] of Object.entries(expected)) expect(file).toContain(`${key}=${value}\n`);
    const other = Object.keys(expected)[0].startsWith('hive.s3') ? /^(s3\.|fs\.)/m : /^hive\.s3\./m;
    expect(file).not.toMatch(other);
    expect(file).toContain('hive.metastore.uri=thrift://hms.lake.svc:9083\n');
  });

  test("credentials given in the catalog merge with the metastore's store (the README example)", () => {
    const file = catalogFile('476', { 's3.aws-access-key': { secretKeyRef: { name: 's3', key: 'access-key' } } });
    expect(file).toContain('fs.native-s3.enabled=true\n');
    expect(file).toContain('s3.endpoint=http://minio.minio.svc:9000\n');
    expect(file).toMatch(/^s3\.aws-access-key=\$\{ENV:/m);
  });

  test('a catalog that configures its own file system is left as written', () => {
    const file = catalogFile('476', { 'fs.native-s3.enabled': 'true', 's3.endpoint': 'https://s3.example.com' });
    expect(file).toContain('s3.endpoint=https://s3.example.com\n');
    expect(file).not.toContain('minio');
    expect(catalogS3Properties(undefined, { endpoint: 'https://s3.example.com' })['fs.native-s3.enabled']).toBe('true');
  });
});

describe('what a release no longer reads is refused, not passed through', () => {
  test.each([
    ['476', { 'hive.s3.endpoint': 'https://s3.example.com' }, /no longer reads|only with "fs.hadoop.enabled"/],
    ['481', { 'hive.s3.endpoint': 'https://s3.example.com', 'fs.hadoop.enabled': 'true' }, /removed in 481/],
    ['476', { 'hive.s3.aws-access-key': 'x' }, /use "s3.aws-access-key"/],
  ])('Trino %s refuses %j', (tag, properties, message) => {
    expect(refusal(ownDoc({ image: { tag }, catalogs: [{ name: 'hive', connector: 'hive', properties }] }))).toMatch(message);
  });

  test.each([
    ['384', { 'hive.s3.endpoint': 'https://s3.example.com' }],
    ['470', { 'hive.s3.endpoint': 'https://s3.example.com', 'fs.hadoop.enabled': 'true' }],
  ])('Trino %s still reads %j', (tag, properties) => {
    expect(refusal(ownDoc({ image: { tag }, catalogs: [{ name: 'hive', connector: 'hive', properties }] }))).toBeUndefined();
  });

  test.each([
    ['431', undefined],
    ['432', /JDK 21.*-XX:-UseBiasedLocking/],
    ['476', /JDK 21.*-XX:-UseBiasedLocking/],
  ])('Trino %s and -XX:-UseBiasedLocking: %s', (tag, message) => {
    const result = refusal(ownDoc({ image: { tag }, worker: { jvm: { options: ['-server', '-XX:-UseBiasedLocking'] } } }));
    if (message === undefined) expect(result).toBeUndefined();
    else expect(result).toMatch(message);
  });

  test('the original seed CR with a newer tag is refused with both reasons, instead of writing a server that cannot start', () => {
    const raised = readFileSync(SEED_FILE, 'utf8').replace('tag: "384"', 'tag: "476"');
    let message = '';
    try {
      loadSpecs(REGISTRY, parseSpecYaml(raised, 'trino-cluster-etl.yaml'));
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/UseBiasedLocking/);
    expect(message).toMatch(/hive\.s3\./);
    // as committed (384) it is accepted
    expect(seedSpecs()).toHaveLength(1);
  });
});

import { parse } from 'dot-properties';
import { load } from 'js-yaml';

import { AWS_JAVA_SDK_BUNDLE, HADOOP_AWS } from '../../../src/components/common/jars';
import { REGISTRY } from '../../../src/components/registry';
import { synthesize } from '../../../src/engine/synthesize';
import { API_VERSION } from '../../../src/schema/fields';
import { loadSpecs } from '../../../src/schema/load';
import { edited, thrownMessage } from '../../support/fixtures';
import { podSpecsOf, restrictedProblems } from '../../support/pod-security';
import { objectsIn, schemaFailures } from '../../support/validate';

// What apache/spark:3.5.5 does with the generated objects (apache/spark-docker 86f243f, the image's
// build source; Spark's own behaviour as documented), encoded as assertions.

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
    s3: { bucket: 'lake', endpoint: 'http://minio.minio.svc:9000', credentials: { secretRef: { name: 'lake-s3' } } },
  },
};
const synth = (docs: unknown[]) =>
  objectsIn(
    synthesize(
      loadSpecs(
        REGISTRY,
        docs.map((data, i) => ({ source: `spec-${i}.yaml`, data })),
      ),
      { secrets: { mode: 'plaintext' } },
    ).files,
  );
const find = (objects: any[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);

describe('S3A reaches the thrift server without a custom image', () => {
  const objects = synth([metastore, server]);
  const pod = find(objects, 'Deployment', 'sql').spec.template.spec;
  const config = find(objects, 'ConfigMap', 'sql-config').data;
  const defaults = parse(config['spark-defaults.conf']) as Record<string, string>;
  const executor = load(config['executor-pod-template.yaml']) as any;

  test('the driver and every executor fetch hadoop-aws 3.3.4 and its AWS SDK bundle, SHA-256 checked, into a shared emptyDir', () => {
    // apache/spark 3.5.5 = spark-3.5.5-bin-hadoop3.tgz, built without -Phadoop-cloud (spark-docker
    // 3.5.5/scala2.12-java11-ubuntu/Dockerfile:39; release-build.sh BINARY_PKGS_ARGS): no S3AFileSystem.
    for (const spec of [pod, executor.spec]) {
      const [fetch] = spec.initContainers;
      for (const jar of [HADOOP_AWS, AWS_JAVA_SDK_BUNDLE]) expect(fetch.command[2]).toContain(jar.sha256);
      expect(fetch.volumeMounts).toEqual([{ name: 'extra-jars', mountPath: '/opt/spark/extra-jars' }]);
      expect(spec.volumes).toContainEqual({ name: 'extra-jars', emptyDir: {} });
    }
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'extra-jars', mountPath: '/opt/spark/extra-jars', readOnly: true });
    for (const spec of podSpecsOf(objects)) expect(restrictedProblems(spec)).toEqual([]);
    expect(restrictedProblems(executor.spec)).toEqual([]);
    expect(schemaFailures(objects)).toEqual([]);
  });

  test('and put them on both classpaths', () => {
    // spark-submit builds the client-mode driver's classpath from spark.driver.extraClassPath; executors get
    // spark.executor.extraClassPath as SPARK_CLASSPATH, which the image's entrypoint.sh:48 extends.
    expect(defaults['spark.driver.extraClassPath']).toBe('/opt/spark/extra-jars/*');
    expect(defaults['spark.executor.extraClassPath']).toBe('/opt/spark/extra-jars/*');
  });

  test('with jars.source "image" (a derived image from images/spark) nothing is fetched', () => {
    const derived = synth([
      metastore,
      edited(server, (d) => {
        d.spec.image = 'registry.internal/spark:3.5.5-s3a';
        d.spec.jars = { source: 'image' };
      }),
    ]);
    expect(find(derived, 'Deployment', 'sql').spec.template.spec.initContainers).toBeUndefined();
    expect(find(derived, 'ConfigMap', 'sql-config').data['spark-defaults.conf']).not.toContain('extraClassPath');
  });
});

describe('Spark 3.5 and the metastore version', () => {
  test('a Hive 4 metastore is refused for a Spark 3 client; the default Hive 3.1.3 is accepted', () => {
    // apache/hive PR #3599 (HIVE-26537) removed get_table from hive_metastore.thrift; Spark 3.5's built-in
    // Hive 2.3.9 client calls it (PR #2080, HIVE-24608).
    const hive4 = edited(metastore, (d) => (d.spec.image = 'apache/hive:4.0.1'));
    expect(thrownMessage(() => synth([hive4, server]))).toMatch(/Hive 4.*get_table.*apache\/hive:3\.1\.3/);
    expect(() => synth([metastore, server])).not.toThrow();
    // a client configured for the metastore's version is the user's choice
    expect(() =>
      synth([
        hive4,
        edited(server, (d) => (d.spec.confs = { 'spark.sql.hive.metastore.version': '3.1.3', 'spark.sql.hive.metastore.jars': 'path' })),
      ]),
    ).not.toThrow();
  });
});

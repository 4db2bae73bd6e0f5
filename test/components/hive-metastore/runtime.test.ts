import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Chart, Testing } from 'cdk8s';

import { AWS_JAVA_SDK_BUNDLE, HADOOP_AWS, jarFileName, mavenJarUrl, MYSQL_CONNECTOR_J } from '../../../src/components/common/jars';
import { HiveMetastore } from '../../../src/components/hive-metastore/hive-metastore';
import type { HiveMetastoreSpec } from '../../../src/components/hive-metastore/schema';
import { REGISTRY } from '../../../src/components/registry';
import { API_VERSION } from '../../../src/schema/fields';
import { loadSpecs } from '../../../src/schema/load';
import { edited } from '../../support/fixtures';
import { podSpecsOf, restrictedProblems } from '../../support/pod-security';
import { schemaFailures } from '../../support/validate';

// What the apache/hive and mysql images do with the generated objects, read from their sources
// (apache/hive packaging and launcher as in the 3.1.3 / 4.0.1 images; docker-library/mysql 516237c =
// mysql:8.4.6), encoded as assertions.

const base = {
  apiVersion: API_VERSION,
  kind: 'HiveMetastore',
  metadata: { name: 'analytics', namespace: 'lake' },
  spec: {
    replicas: 1,
    s3: {
      bucket: 'lake',
      endpoint: 'http://minio.minio.svc:9000',
      region: 'us-east-1',
      credentials: { secretRef: { name: 'minio-keys', accessKeyKey: 'id', secretKeyKey: 'secret' } },
    },
  },
};

function synth(doc: unknown): Record<string, any>[] {
  const [spec] = loadSpecs(REGISTRY, [{ source: 'analytics.yaml', data: doc }]) as HiveMetastoreSpec[];
  const chart = new Chart(Testing.app(), 'test', { namespace: spec.metadata.namespace, disableResourceNameHashes: true });
  new HiveMetastore(chart, 'hms', { spec });
  return Testing.synth(chart);
}
const find = (objects: Record<string, any>[], kind: string, name?: string) => {
  const found = objects.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (!found) throw new Error(`no ${kind} ${name ?? ''}`);
  return found;
};
const envOf = (container: any) => Object.fromEntries((container.env ?? []).map((e: any) => [e.name, e.value ?? e.valueFrom]));

describe('schematool reads the JDBC settings', () => {
  const objects = synth(base);
  const job = find(objects, 'Job');
  const schematool = job.spec.template.spec.containers[0];
  const config = find(objects, 'ConfigMap', 'analytics-config');

  test('from hive-site.xml in HIVE_CONF_DIR: HiveConf, which schematool builds, never reads metastore-site.xml', () => {
    // apache/hive beeline/.../HiveSchemaTool.java main: `new HiveConf(HiveSchemaTool.class)`;
    // common/.../HiveConf.java initialize loads hive-site.xml (+ hivemetastore-, hiveserver2-site.xml);
    // MetastoreConf.newMetastoreConf (the server) loads hive-site.xml first too.
    expect(config.data['metastore-site.xml']).toBeUndefined();
    const site = config.data['hive-site.xml'];
    for (const key of [
      'javax.jdo.option.ConnectionURL',
      'javax.jdo.option.ConnectionDriverName',
      'javax.jdo.option.ConnectionUserName',
      'javax.jdo.option.ConnectionPassword',
    ]) {
      expect(site).toContain(`<name>${key}</name>`);
    }
    expect(site).toContain('<value>jdbc:mysql://analytics-mysql.lake.svc:3306/metastore</value>');
    // the password is an environment reference, never a literal in Git
    expect(site).toContain('<value>${env.HIVE_DB_PASSWORD}</value>');
    expect(envOf(schematool).HIVE_CONF_DIR).toBe('/etc/hive/conf');
    expect(schematool.volumeMounts).toContainEqual({ name: 'config', mountPath: '/etc/hive/conf', readOnly: true });
    expect(envOf(schematool).HIVE_DB_PASSWORD).toEqual({ secretKeyRef: { name: 'analytics-db', key: 'password' } });
  });

  test("with the command the image's own entrypoint uses for its Hive version", () => {
    // packaging/src/docker/entrypoint.sh initialize_hive: -initOrUpgradeSchema from Hive 4, -initSchema before.
    expect(schematool.command.join(' ')).toContain('-info; then');
    expect(schematool.command.join(' ')).toContain('-initSchema');
    const four = find(synth(edited(base, (d) => (d.spec.image = 'apache/hive:4.0.1'))), 'Job').spec.template.spec.containers[0];
    expect(four.command).toEqual(['/opt/hive/bin/schematool', '-dbType', 'mysql', '-initOrUpgradeSchema']);
  });
});

describe('the JDBC driver reaches the pods without a custom image', () => {
  const objects = synth(base);

  test('an init container fetches the pinned Connector/J from Maven Central, checks its SHA-256, and HIVE_AUX_JARS_PATH puts it on the classpath', () => {
    // apache/hive bin/hive "add the auxiliary jars": every *.jar of the HIVE_AUX_JARS_PATH directory joins the classpath.
    for (const pod of [find(objects, 'Deployment').spec.template.spec, find(objects, 'Job').spec.template.spec]) {
      const fetch = pod.initContainers.find((c: any) => c.name === 'fetch-jars');
      const script = fetch.command[2];
      expect(script).toContain(
        `fetch 'https://repo1.maven.org/maven2/com/mysql/mysql-connector-j/8.4.0/mysql-connector-j-8.4.0.jar' 'mysql-connector-j-8.4.0.jar' '${MYSQL_CONNECTOR_J.sha256}'`,
      );
      expect(script).toContain('sha256sum -c');
      expect(fetch.image).toBe('curlimages/curl:8.11.1');
      expect(fetch.volumeMounts).toEqual([{ name: 'jars', mountPath: '/opt/dataroaster/jars' }]);
      const main = pod.containers[0];
      expect(envOf(main).HIVE_AUX_JARS_PATH).toBe('/opt/dataroaster/jars');
      expect(main.volumeMounts).toContainEqual({ name: 'jars', mountPath: '/opt/dataroaster/jars', readOnly: true });
    }
    for (const pod of podSpecsOf(objects)) expect(restrictedProblems(pod)).toEqual([]);
    expect(schemaFailures(objects)).toEqual([]);
  });

  test('a mirror repository is used as given; with jars.source "image" nothing is fetched (air-gapped, derived image)', () => {
    const mirrored = synth(edited(base, (d) => (d.spec.jars = { repository: 'https://nexus.internal/repository/maven-central/' })));
    expect(find(mirrored, 'Deployment').spec.template.spec.initContainers[0].command[2]).toContain(
      "fetch 'https://nexus.internal/repository/maven-central/com/mysql/",
    );
    const derived = synth(
      edited(base, (d) => {
        d.spec.image = 'registry.internal/hive:3.1.3-mysql';
        d.spec.jars = { source: 'image' };
      }),
    );
    const pod = find(derived, 'Deployment').spec.template.spec;
    expect(pod.initContainers).toBeUndefined();
    expect(envOf(pod.containers[0]).HIVE_AUX_JARS_PATH).toBeUndefined();
  });

  test('the derived-image Dockerfiles pin the same jars and checksums', () => {
    const hive = readFileSync(join(__dirname, '../../../images/hive-metastore/Dockerfile'), 'utf8');
    const spark = readFileSync(join(__dirname, '../../../images/spark/Dockerfile'), 'utf8');
    const pinned = (dockerfile: string, jar: typeof MYSQL_CONNECTOR_J) =>
      dockerfile.includes(`--checksum=sha256:${jar.sha256}`) &&
      dockerfile.includes(mavenJarUrl('https://repo1.maven.org/maven2', jar)) &&
      dockerfile.includes(jarFileName(jar));
    expect(pinned(hive, MYSQL_CONNECTOR_J)).toBe(true);
    expect(pinned(spark, HADOOP_AWS)).toBe(true);
    expect(pinned(spark, AWS_JAVA_SDK_BUNDLE)).toBe(true);
  });
});

describe('the schema Job under GitOps agents', () => {
  const name = (doc: unknown) => find(synth(doc), 'Job').metadata.name;

  test('its name carries a hash of its whole pod template, so no change ever hits an immutable field', () => {
    // A Job's template is immutable: Flux's dry run fails the whole apply (fluxcd/pkg ssa/manager_apply.go
    // ApplyAll), Argo CD's sync fails and stops retrying (argo-cd controller/appcontroller.go:2397).
    const before = name(base);
    expect(name(base)).toBe(before);
    expect(name(edited(base, (d) => (d.spec.replicas = 3)))).toBe(before); // not in the Job
    expect(name(edited(base, (d) => (d.spec.database = { image: 'mysql:8.4.7' })))).not.toBe(before); // init container image
    expect(name(edited(base, (d) => (d.spec.s3.credentials.secretRef.name = 'other-keys')))).not.toBe(before); // env secretKeyRef
    expect(name(edited(base, (d) => (d.spec.imagePullPolicy = 'Always')))).not.toBe(before);
    expect(name(edited(base, (d) => (d.spec.jars = { repository: 'https://nexus.internal/maven2' })))).not.toBe(before);
  });

  test('a NetworkPolicy covers its pod: no ingress at all', () => {
    const objects = synth(base);
    const labels = find(objects, 'Job').spec.template.metadata.labels;
    const covering = objects.filter(
      (o) => o.kind === 'NetworkPolicy' && Object.entries(o.spec.podSelector.matchLabels).every(([k, v]) => labels[k] === v),
    );
    expect(covering.map((p) => p.metadata.name)).toEqual(['analytics-schema']);
    expect(covering[0].spec).toEqual({ podSelector: covering[0].spec.podSelector, policyTypes: ['Ingress'], ingress: [] });
  });
});

describe('MySQL reads its passwords from files', () => {
  test('MYSQL_*_PASSWORD_FILE point at the mounted Secret; no password in the environment', () => {
    // docker-library/mysql 8.4/docker-entrypoint.sh:28-43 file_env, applied to MYSQL_PASSWORD and
    // MYSQL_ROOT_PASSWORD at 231-235 (516237c, the mysql:8.4.6 build).
    const statefulset = find(synth(base), 'StatefulSet');
    const container = statefulset.spec.template.spec.containers[0];
    const env = envOf(container);
    expect(env.MYSQL_PASSWORD_FILE).toBe('/etc/mysql-secrets/password');
    expect(env.MYSQL_ROOT_PASSWORD_FILE).toBe('/etc/mysql-secrets/root-password');
    expect(env.MYSQL_PASSWORD).toBeUndefined();
    expect(env.MYSQL_ROOT_PASSWORD).toBeUndefined();
    expect(container.volumeMounts).toContainEqual({ name: 'secrets', mountPath: '/etc/mysql-secrets', readOnly: true });
    expect(statefulset.spec.template.spec.volumes).toContainEqual({ name: 'secrets', secret: { secretName: 'analytics-db', defaultMode: 0o440 } });
  });
});

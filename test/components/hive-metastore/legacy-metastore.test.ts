import { metastoreThriftUri } from '../../../src/components/hive-metastore/discovery';
import { REGISTRY } from '../../../src/components/registry';
import { generatedSecretValue } from '../../../src/core/generated-secret';
import { synthesize } from '../../../src/engine/synthesize';
import { loadSpecs } from '../../../src/schema/load';
import { fixture } from '../../support/fixtures';
import { podSpecsOf, restrictedProblems } from '../../support/pod-security';
import { objectsIn, schemaFailures } from '../../support/validate';

// Given the seed README's HelmChart and the parameters of its curl call
const specs = loadSpecs(REGISTRY, [{ source: 'hive-metastore.yaml', data: fixture('legacy-hive-metastore.yaml') }], {
  params: { mysql_storage_class: 'standard', mysql_storage_size: '5' },
});
// Each generated value is a distinct, recognizable run of one byte.
let next = 0xa0;
const random = (bytes: number) => Buffer.alloc(bytes, next++);
const { files } = synthesize(specs, { secrets: { mode: 'plaintext' }, random });
const objects = objectsIn(files);
const byName = (kind: string, name: string) => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
};
const dir = 'hive-metastore/hive-metastore';
const metastore = byName('Deployment', 'hive-metastore');
const database = byName('StatefulSet', 'hive-metastore-mysql');
const job = objects.find((o) => o.kind === 'Job')!;
const config = byName('ConfigMap', 'hive-metastore-config');
const env = (container: any, name: string) => container.env.find((e: any) => e.name === name);

describe('HiveMetastore from the seed HelmChart', () => {
  test('emits the database, schema Job, metastore, configuration and discovery objects, all schema-valid', () => {
    expect(
      Object.keys(files)
        .filter((p) => p.startsWith(dir))
        .map((p) => p.slice(dir.length + 1)),
    ).toEqual([
      'configmap-hive-metastore-config.yaml',
      'configmap-hive-metastore-discovery.yaml',
      'deployment-hive-metastore.yaml',
      `job-${job.metadata.name}.yaml`,
      'kustomization.yaml',
      'networkpolicy-hive-metastore-mysql.yaml',
      'networkpolicy-hive-metastore-schema.yaml',
      'networkpolicy-hive-metastore.yaml',
      'poddisruptionbudget-hive-metastore-mysql.yaml',
      'poddisruptionbudget-hive-metastore.yaml',
      'secret-hive-metastore-db.yaml',
      'secret-hive-metastore-s3.yaml',
      'service-hive-metastore-mysql-headless.yaml',
      'service-hive-metastore-mysql.yaml',
      'service-metastore.yaml',
      'serviceaccount-hive-metastore-mysql.yaml',
      'serviceaccount-hive-metastore.yaml',
      'statefulset-hive-metastore-mysql.yaml',
    ]);
    expect(schemaFailures(objects)).toEqual([]);
  });

  test('answers at the original address: Service "metastore" on 9083, published in the discovery ConfigMap', () => {
    const service = byName('Service', 'metastore');
    expect(service.spec.ports).toEqual([{ name: 'thrift', port: 9083, targetPort: 'thrift' }]);
    expect(service.spec.selector).toEqual(metastore.spec.selector.matchLabels);
    expect(byName('ConfigMap', 'hive-metastore-discovery').data).toEqual({ HIVE: 'thrift://metastore.hive-metastore.svc:9083' });
    expect(metastoreThriftUri(specs[0])).toBe('thrift://metastore.hive-metastore.svc:9083');
  });

  test('MySQL: one replica, volumeClaimTemplate on the given class and size, headless and client Services, PDB', () => {
    expect(database.spec.replicas).toBe(1);
    expect(database.spec.serviceName).toBe('hive-metastore-mysql-headless');
    expect(database.spec.volumeClaimTemplates).toHaveLength(1);
    expect(database.spec.volumeClaimTemplates[0].spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      storageClassName: 'standard',
      resources: { requests: { storage: '5Gi' } },
    });
    expect(database.spec.template.spec.containers[0].volumeMounts).toContainEqual({ name: 'data', mountPath: '/var/lib/mysql' });
    expect(byName('Service', 'hive-metastore-mysql-headless').spec.clusterIP).toBe('None');
    expect(byName('Service', 'hive-metastore-mysql').spec.ports).toEqual([{ name: 'mysql', port: 3306, targetPort: 'mysql' }]);
    expect(byName('PodDisruptionBudget', 'hive-metastore-mysql').spec).toMatchObject({
      maxUnavailable: 1,
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    });
  });

  test("NetworkPolicies: only the instance's pods reach MySQL; anyone reaches the thrift port, and only it", () => {
    expect(byName('NetworkPolicy', 'hive-metastore-mysql').spec).toEqual({
      podSelector: { matchLabels: database.spec.selector.matchLabels },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'hive-metastore', 'app.kubernetes.io/instance': 'hive-metastore' } } }],
          ports: [{ port: 'mysql', protocol: 'TCP' }],
        },
      ],
    });
    for (const pod of [metastore.spec.template, job.spec.template])
      expect(pod.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'hive-metastore', 'app.kubernetes.io/instance': 'hive-metastore' });
    expect(byName('NetworkPolicy', 'hive-metastore').spec).toEqual({
      podSelector: { matchLabels: metastore.spec.selector.matchLabels },
      policyTypes: ['Ingress'],
      ingress: [{ ports: [{ port: 'thrift', protocol: 'TCP' }] }],
    });
  });

  test('database passwords are generated into one Secret and only referenced elsewhere', () => {
    const secret = byName('Secret', 'hive-metastore-db');
    const { password, 'root-password': root } = secret.stringData;
    expect(password).toMatch(/^[0-9a-f]{48}$/);
    expect(root).toMatch(/^[0-9a-f]{48}$/);
    expect(root).not.toBe(password);
    for (const value of [password, root, 'mysqlpass123']) {
      expect(
        Object.entries(files)
          .filter(([, text]) => text.includes(value))
          .map(([path]) => path),
      ).toEqual(value === 'mysqlpass123' ? [] : [`${dir}/secret-hive-metastore-db.yaml`]);
    }
    const mysql = database.spec.template.spec.containers[0];
    expect(env(mysql, 'MYSQL_PASSWORD_FILE').value).toBe('/etc/mysql-secrets/password');
    expect(env(mysql, 'MYSQL_ROOT_PASSWORD_FILE').value).toBe('/etc/mysql-secrets/root-password');
    expect(env(metastore.spec.template.spec.containers[0], 'HIVE_DB_PASSWORD').valueFrom).toEqual({
      secretKeyRef: { name: 'hive-metastore-db', key: 'password' },
    });
  });

  test('the sealer receives generated-value markers, so it keeps the password across re-syntheses', () => {
    const sealed: Record<string, unknown> = {};
    const sealer = {
      seal: (secret: any) => (
        (sealed[secret.metadata.name] = secret.stringData),
        { apiVersion: 'bitnami.com/v1alpha1', kind: 'SealedSecret', metadata: secret.metadata, spec: {} }
      ),
    };
    synthesize(specs, { secrets: { mode: 'seal', sealer } });
    expect(sealed['hive-metastore-db']).toEqual({ password: generatedSecretValue(), 'root-password': generatedSecretValue() });
  });

  test('schema Job: schematool for Hive 3 (-info, else -initSchema), bounded retries and runtime, removed after a TTL', () => {
    expect(job.metadata.name).toMatch(/^hive-metastore-schema-[0-9a-f]{8}$/);
    expect(job.spec).toMatchObject({ backoffLimit: 3, ttlSecondsAfterFinished: 604800, activeDeadlineSeconds: 1800 });
    const pod = job.spec.template.spec;
    expect(pod.restartPolicy).toBe('Never');
    expect(pod.containers[0].command[2]).toBe(
      'if /opt/hive/bin/schematool -dbType mysql -info; then echo "metastore schema present"; else /opt/hive/bin/schematool -dbType mysql -initSchema; fi',
    );
    expect(pod.initContainers[0].command[2]).toContain('mysqladmin ping --host=hive-metastore-mysql.hive-metastore.svc --port=3306');
    expect(job.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('1');
    expect(metastore.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('2');
  });

  test('metastore: Deployment of 2 with TCP probes on the thrift port 9083 and a heap of 80% of its limit', () => {
    expect(metastore.spec.replicas).toBe(2);
    const c = metastore.spec.template.spec.containers[0];
    expect(c.ports).toEqual([{ name: 'thrift', containerPort: 9083 }]);
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) expect(c[probe].tcpSocket).toEqual({ port: 'thrift' });
    expect(c.resources.limits.memory).toBe('1Gi');
    expect(c.resources.requests.memory).toBe('1Gi');
    expect(env(c, 'HADOOP_CLIENT_OPTS').value).toBe('-Xmx819M -XX:+ExitOnOutOfMemoryError');
    expect(byName('PodDisruptionBudget', 'hive-metastore').spec.maxUnavailable).toBe(1);
    expect(metastore.spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight).toBe(70);
  });

  test('configuration: S3A endpoint, path-style access and warehouse on the bucket; S3 keys only in their Secret', () => {
    const core = config.data['core-site.xml'];
    const site = config.data['hive-site.xml'];
    expect(core).toContain('<name>fs.s3a.endpoint</name>\n    <value>https://any-endpoint</value>');
    expect(core).toContain('<name>fs.s3a.path.style.access</name>\n    <value>true</value>');
    expect(core).toContain(
      '<name>fs.s3a.aws.credentials.provider</name>\n    <value>com.amazonaws.auth.EnvironmentVariableCredentialsProvider</value>',
    );
    expect(site).toContain('<name>metastore.warehouse.dir</name>\n    <value>s3a://any-bucket/warehouse</value>');
    expect(site).toContain(
      '<name>javax.jdo.option.ConnectionURL</name>\n    <value>jdbc:mysql://hive-metastore-mysql.hive-metastore.svc:3306/metastore</value>',
    );
    expect(site).toContain('<name>javax.jdo.option.ConnectionPassword</name>\n    <value>${env.HIVE_DB_PASSWORD}</value>');
    for (const key of ['any-access-key', 'any-secret-key']) {
      expect(
        Object.entries(files)
          .filter(([, text]) => text.includes(key))
          .map(([path]) => path),
      ).toEqual([`${dir}/secret-hive-metastore-s3.yaml`]);
    }
    const c = metastore.spec.template.spec.containers[0];
    expect(env(c, 'AWS_ACCESS_KEY_ID').valueFrom).toEqual({ secretKeyRef: { name: 'hive-metastore-s3', key: 'accessKey' } });
    expect(env(c, 'AWS_SECRET_ACCESS_KEY').valueFrom).toEqual({ secretKeyRef: { name: 'hive-metastore-s3', key: 'secretKey' } });
    expect(metastore.spec.template.metadata.annotations['dataroaster.io/config-hash']).toMatch(/^[0-9a-f]{64}$/);
  });

  test('every pod meets the restricted Pod Security Standard; the namespace enforces it', () => {
    const pods = podSpecsOf(objects);
    expect(pods).toHaveLength(3);
    for (const pod of pods) expect(restrictedProblems(pod)).toEqual([]);
    for (const pod of pods) expect(pod.containers.every((c: any) => c.securityContext.readOnlyRootFilesystem)).toBe(true);
    expect(byName('Namespace', 'hive-metastore').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect([metastore, database].map((w) => w.spec.template.spec.automountServiceAccountToken)).toEqual([false, false]);
  });

  test('the same input gives byte-identical files (apart from freshly generated passwords)', () => {
    const again = synthesize(specs, { secrets: { mode: 'plaintext' }, random: (bytes) => Buffer.alloc(bytes, 0xa0) });
    const first = synthesize(specs, { secrets: { mode: 'plaintext' }, random: (bytes) => Buffer.alloc(bytes, 0xa0) });
    expect(again.files).toEqual(first.files);
  });
});

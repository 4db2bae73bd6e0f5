import { parse } from 'dot-properties';
import { load } from 'js-yaml';

import { REGISTRY } from '../../../src/components/registry';
import { synthesize } from '../../../src/engine/synthesize';
import { loadSpecs } from '../../../src/schema/load';
import { fixture } from '../../support/fixtures';
import { podSpecsOf, restrictedProblems } from '../../support/pod-security';
import { objectsIn, schemaFailures } from '../../support/validate';

// Given the seed README's SparkApplication and the parameters of its curl call
const b64 = (text: string) => Buffer.from(text).toString('base64');
const params = {
  nfs_storage_class: 'standard',
  nfs_storage_size: '10',
  s3_access_key: b64('any-access-key'),
  s3_secret_key: b64('any-secret-key'),
  pvc_size: '1',
};
const specs = loadSpecs(REGISTRY, [{ source: 'sts.yaml', data: fixture('legacy-spark-thrift-server.yaml') }], { params });
const { files } = synthesize(specs, { secrets: { mode: 'plaintext' } });
const objects = objectsIn(files);
const byName = (kind: string, name: string) => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
};
const dir = 'spark-thrift-server/spark-thrift-server';
const deployment = byName('Deployment', 'spark-thrift-server');
const pod = deployment.spec.template.spec;
const container = pod.containers[0];
const env = (name: string) => container.env.find((e: any) => e.name === name);
const config = byName('ConfigMap', 'spark-thrift-server-config');
const conf = parse(config.data['spark-defaults.conf']) as Record<string, string>;
const executorTemplate = load(config.data['executor-pod-template.yaml']) as Record<string, any>;

describe('SparkThriftServer from the seed SparkApplication', () => {
  test('emits RBAC, S3 Secret, claims, configuration, driver and Services, all schema-valid', () => {
    expect(
      Object.keys(files)
        .filter((p) => p.startsWith(dir))
        .map((p) => p.slice(dir.length + 1)),
    ).toEqual([
      'configmap-spark-thrift-server-config.yaml',
      'deployment-spark-thrift-server.yaml',
      'kustomization.yaml',
      'networkpolicy-spark-thrift-server.yaml',
      'persistentvolumeclaim-nfs-pvc-driver.yaml',
      'persistentvolumeclaim-nfs-pvc-executor.yaml',
      'role-spark-thrift-server-driver.yaml',
      'rolebinding-spark-thrift-server-driver.yaml',
      'secret-s3-secret.yaml',
      'service-spark-thrift-server-driver.yaml',
      'service-spark-thrift-server-service.yaml',
      'serviceaccount-spark-thrift-server.yaml',
    ]);
    expect(Object.keys(files)).toContain('namespaces/spark-thrift-server.yaml');
    expect(schemaFailures([...objects, executorTemplate])).toEqual([]);
  });

  test('a namespaced Role with exactly what a driver needs, bound to its ServiceAccount; nothing cluster-wide', () => {
    expect(byName('Role', 'spark-thrift-server-driver').rules).toEqual([
      {
        apiGroups: [''],
        resources: ['pods', 'services', 'configmaps', 'persistentvolumeclaims'],
        verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'],
      },
    ]);
    expect(byName('RoleBinding', 'spark-thrift-server-driver')).toMatchObject({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'spark-thrift-server-driver' },
      subjects: [{ kind: 'ServiceAccount', name: 'spark-thrift-server', namespace: 'spark-thrift-server' }],
    });
    expect(objects.filter((o) => o.kind.startsWith('Cluster'))).toEqual([]);
    expect(pod.serviceAccountName).toBe('spark-thrift-server');
    expect(byName('ServiceAccount', 'spark-thrift-server').automountServiceAccountToken).toBe(true);
  });

  test('the S3 Secret is the one the CR names, filled from the base64 parameters, and only referenced elsewhere', () => {
    expect(byName('Secret', 's3-secret').stringData).toEqual({ accessKey: 'any-access-key', secretKey: 'any-secret-key' });
    for (const key of ['any-access-key', 'any-secret-key']) {
      expect(
        Object.entries(files)
          .filter(([, text]) => text.includes(key))
          .map(([path]) => path),
      ).toEqual([`${dir}/secret-s3-secret.yaml`]);
    }
    expect(env('AWS_ACCESS_KEY_ID').valueFrom).toEqual({ secretKeyRef: { name: 's3-secret', key: 'accessKey' } });
    expect(conf['spark.kubernetes.executor.secretKeyRef.AWS_SECRET_ACCESS_KEY']).toBe('s3-secret:secretKey');
    expect(conf['spark.hadoop.fs.s3a.aws.credentials.provider']).toBe('com.amazonaws.auth.EnvironmentVariableCredentialsProvider');
  });

  test('claims named by the volumes: ReadWriteMany on the NFS class parameter, pvc_size Gi', () => {
    for (const name of ['nfs-pvc-driver', 'nfs-pvc-executor']) {
      expect(byName('PersistentVolumeClaim', name).spec).toEqual({
        accessModes: ['ReadWriteMany'],
        storageClassName: 'standard',
        resources: { requests: { storage: '1Gi' } },
      });
    }
    expect(pod.volumes).toContainEqual({ name: 'spark-local-dir-driver-local-dir', persistentVolumeClaim: { claimName: 'nfs-pvc-driver' } });
    expect(container.volumeMounts).toContainEqual({ name: 'spark-local-dir-driver-local-dir', mountPath: '/tmp/local-dir' });
    expect(env('SPARK_LOCAL_DIRS').value).toBe('/tmp/local-dir');
    expect(conf['spark.kubernetes.executor.volumes.persistentVolumeClaim.spark-local-dir-executor-local-dir.options.claimName']).toBe(
      'nfs-pvc-executor',
    );
    expect(conf['spark.kubernetes.executor.volumes.persistentVolumeClaim.spark-local-dir-executor-local-dir.mount.path']).toBe('/tmp/local-dir');
  });

  test('one driver pod in client mode: Recreate, fixed ports, its own pod name from the downward API', () => {
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.strategy).toEqual({ type: 'Recreate' });
    expect(container.command).toEqual(['/opt/spark/bin/spark-submit']);
    expect(container.args).toEqual([
      '--class',
      'org.apache.spark.sql.hive.thriftserver.HiveThriftServer2',
      '--conf',
      'spark.kubernetes.driver.pod.name=$(SPARK_DRIVER_POD_NAME)',
      'spark-internal',
    ]);
    expect(env('SPARK_DRIVER_POD_NAME').valueFrom).toEqual({ fieldRef: { fieldPath: 'metadata.name' } });
    expect(conf).toMatchObject({
      'spark.master': 'k8s://https://kubernetes.default.svc:443',
      'spark.submit.deployMode': 'client',
      'spark.driver.host': 'spark-thrift-server-driver.spark-thrift-server.svc',
      'spark.driver.port': '7078',
      'spark.driver.blockManager.port': '7079',
      'spark.driver.bindAddress': '0.0.0.0',
      'spark.kubernetes.namespace': 'spark-thrift-server',
      'spark.kubernetes.container.image': 'cloudcheflabs/spark:v3.0.3',
      'spark.hadoop.hive.metastore.uris': 'thrift://metastore.hive-metastore.svc:9083',
      'spark.sql.catalogImplementation': 'hive',
      'spark.sql.warehouse.dir': 's3a://mykidong/apps/spark/warehouse',
      'spark.hadoop.fs.s3a.endpoint': 'https://any-endpoint',
      'spark.hadoop.fs.s3a.path.style.access': 'true',
    });
  });

  test('executor settings come from spec.executor', () => {
    expect(conf).toMatchObject({
      'spark.executor.instances': '1',
      'spark.executor.cores': '1',
      'spark.executor.memory': '1g',
      'spark.kubernetes.executor.limit.cores': '1200m',
      'spark.kubernetes.executor.label.application-name': 'spark-thrift-server-executor',
    });
  });

  test("driver memory: the JVM gets spark.driver.memory, the pod that plus Spark's overhead (384Mi minimum)", () => {
    expect(conf['spark.driver.memory']).toBe('512m');
    expect(container.resources).toEqual({ requests: { cpu: '1', memory: '896Mi' }, limits: { cpu: '1200m', memory: '896Mi' } });
  });

  test('Services: the original JDBC address on 10016 plus the UI; a headless driver Service for executors', () => {
    const client = byName('Service', 'spark-thrift-server-service');
    expect(client.spec.ports).toEqual([
      { name: 'jdbc', port: 10016, targetPort: 'jdbc' },
      { name: 'ui', port: 4040, targetPort: 'ui' },
    ]);
    expect(client.spec.selector).toEqual(deployment.spec.selector.matchLabels);
    expect(conf['spark.hadoop.hive.server2.thrift.port']).toBe('10016');
    const headless = byName('Service', 'spark-thrift-server-driver');
    expect(headless.spec).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true });
    expect(headless.spec.ports.map((p: any) => p.port)).toEqual([7078, 7079]);
  });

  test("NetworkPolicy: JDBC and UI open to clients, driver RPC ports only to the instance's executors", () => {
    const policy = byName('NetworkPolicy', 'spark-thrift-server');
    expect(policy.spec.podSelector.matchLabels).toEqual(deployment.spec.selector.matchLabels);
    expect(policy.spec.ingress).toEqual([
      {
        ports: [
          { port: 'jdbc', protocol: 'TCP' },
          { port: 'ui', protocol: 'TCP' },
        ],
      },
      {
        from: [
          { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'spark-thrift-server', 'app.kubernetes.io/instance': 'spark-thrift-server' } } },
        ],
        ports: [
          { port: 'driver', protocol: 'TCP' },
          { port: 'block-manager', protocol: 'TCP' },
        ],
      },
    ]);
    expect(executorTemplate.metadata.labels).toMatchObject(policy.spec.ingress[1].from[0].podSelector.matchLabels);
  });

  test('probes: startup and readiness on the JDBC port, liveness on the UI port', () => {
    expect(container.startupProbe.tcpSocket).toEqual({ port: 'jdbc' });
    expect(container.readinessProbe.tcpSocket).toEqual({ port: 'jdbc' });
    expect(container.livenessProbe.tcpSocket).toEqual({ port: 'ui' });
    expect(container.ports.find((p: any) => p.name === 'jdbc').containerPort).toBe(10016);
  });

  test('driver and executor pods meet the restricted Pod Security Standard', () => {
    expect(restrictedProblems(pod)).toEqual([]);
    expect(restrictedProblems(executorTemplate.spec)).toEqual([]);
    expect(executorTemplate.spec.automountServiceAccountToken).toBe(false);
    expect(executorTemplate.spec.containers[0].name).toBe(conf['spark.kubernetes.executor.podTemplateContainerName']);
    expect(conf['spark.kubernetes.executor.podTemplateFile']).toBe('/etc/spark/conf/executor-pod-template.yaml');
    expect(podSpecsOf(objects)).toHaveLength(1);
    expect(byName('Namespace', 'spark-thrift-server').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });
});

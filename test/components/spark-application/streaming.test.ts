import { confsOf, objectOf, synthYaml, yamlIn } from '../../support/synth';
import { schemaFailures } from '../../support/validate';

const CLICKS = `
apiVersion: dataroaster.io/v1alpha1
kind: SparkApplication
metadata: {name: clicks, namespace: streams}
spec:
  type: Streaming
  image: apache/spark:3.5.3
  mainClass: com.example.Clicks
  mainApplicationFile: s3a://apps/clicks.jar
  s3: {bucket: clicks-data, endpoint: "https://s3.eu-west-1.amazonaws.com", pathStyleAccess: false, credentials: {secretRef: {name: aws, accessKeyKey: id, secretKeyKey: secret}}}
  metastoreUris: ["thrift://metastore.hive.svc:9083", "thrift://metastore-2.hive.svc:9083"]
  driver:
    cores: 2
    coreLimit: "3"
    memory: 4g
    labels: {tier: driver}
    annotations: {owner: web}
    volumeMounts: [{name: checkpoints, mountPath: /checkpoints}, {name: local, mountPath: /local}]
    podTemplate: {nodeSelector: {pool: streaming}, priorityClassName: streaming}
  executor:
    instances: 3
    volumeMounts: [{name: local, mountPath: /local}]
  volumes:
    - {name: checkpoints, persistentVolumeClaim: {claimName: clicks-checkpoints}}
    - {name: local, sparkLocalDir: true, emptyDir: {sizeLimit: 20Gi}}
`;

describe('SparkApplication, Streaming: a one-replica Deployment whose pod is the driver', () => {
  const { objects } = synthYaml(CLICKS);
  const deployment = objectOf(objects, 'Deployment', 'clicks-driver');
  const service = objectOf(objects, 'Service', 'clicks-driver');
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];
  const confs = confsOf(container.args);
  const executor = yamlIn(objectOf(objects, 'ConfigMap', 'clicks-pod-templates'), 'executor.yaml');

  test('writes schema-valid objects and no Job', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'ConfigMap/clicks-pod-templates',
      'Deployment/clicks-driver',
      'Namespace/streams',
      'NetworkPolicy/clicks-spark',
      'Role/clicks-spark',
      'RoleBinding/clicks-spark',
      'Service/clicks-driver',
      'ServiceAccount/clicks',
    ]);
    expect(schemaFailures([...objects, executor])).toEqual([]);
  });

  test('is restarted whenever it stops, and never runs two drivers at once', () => {
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.strategy).toEqual({ type: 'Recreate' });
    // Deployments only allow restartPolicy Always: a driver that exits, fails or succeeds, is started again.
    expect(pod.restartPolicy ?? 'Always').toBe('Always');
    expect(container.startupProbe.tcpSocket.port).toBe('ui');
    expect(container.livenessProbe.tcpSocket.port).toBe('ui');
  });

  test('runs spark-submit in client mode, so the pod is the driver and owns its executors', () => {
    expect(container.args.slice(0, 5)).toEqual([
      '/opt/spark/bin/spark-submit',
      '--master',
      'k8s://https://kubernetes.default.svc:443',
      '--deploy-mode',
      'client',
    ]);
    expect(container.env).toContainEqual({ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } });
    expect(confs).toMatchObject({
      'spark.kubernetes.driver.pod.name': '$(POD_NAME)',
      'spark.driver.host': 'clicks-driver.streams.svc',
      'spark.driver.bindAddress': '0.0.0.0',
      'spark.driver.port': '7078',
      'spark.driver.blockManager.port': '7079',
      'spark.kubernetes.executor.podTemplateFile': '/etc/dataroaster/pod-templates/executor.yaml',
      'spark.executor.instances': '3',
      'spark.hadoop.hive.metastore.uris': 'thrift://metastore.hive.svc:9083,thrift://metastore-2.hive.svc:9083',
      'spark.hadoop.fs.s3a.path.style.access': 'false',
    });
    expect(confs['spark.kubernetes.driver.podTemplateFile']).toBeUndefined();
    expect(pod.serviceAccountName).toBe('clicks');
    expect(pod.automountServiceAccountToken).toBe(true);
  });

  test('gives executors the driver address through a headless Service that does not wait for readiness', () => {
    expect(service.spec).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true, selector: deployment.spec.selector.matchLabels });
    expect(service.spec.ports.map((p: any) => [p.name, p.port])).toEqual([
      ['driver-rpc', 7078],
      ['blockmanager', 7079],
    ]);
    expect(deployment.spec.selector.matchLabels).toEqual({
      'app.kubernetes.io/name': 'spark',
      'app.kubernetes.io/instance': 'clicks',
      'app.kubernetes.io/component': 'driver',
    });
  });

  test('sizes the driver container like Spark sizes its pods: heap plus overhead, memory request = limit', () => {
    // 4g heap + max(384m, 10 %) overhead = 4096 + 410 MiB
    expect(container.resources).toEqual({ requests: { cpu: 2, memory: '4506Mi' }, limits: { cpu: '3', memory: '4506Mi' } });
    expect(confs['spark.driver.memory']).toBe('4g');
  });

  test('hands the driver its S3 credentials as Secret env and the executors through Spark settings', () => {
    expect(container.env).toContainEqual({ name: 'AWS_ACCESS_KEY_ID', valueFrom: { secretKeyRef: { name: 'aws', key: 'id' } } });
    expect(container.env).toContainEqual({ name: 'AWS_SECRET_ACCESS_KEY', valueFrom: { secretKeyRef: { name: 'aws', key: 'secret' } } });
    expect(confs['spark.kubernetes.executor.secretKeyRef.AWS_SECRET_ACCESS_KEY']).toBe('aws:secret');
    expect(Object.keys(confs).filter((k) => k.startsWith('spark.kubernetes.driver.secretKeyRef.'))).toEqual([]);
  });

  test('mounts the driver volumes into the Deployment and makes its Spark local dirs known to Spark', () => {
    expect(pod.volumes).toEqual([
      { name: 'dataroaster-pod-templates', configMap: { name: 'clicks-pod-templates' } },
      { name: 'dataroaster-tmp', emptyDir: {} },
      { name: 'checkpoints', persistentVolumeClaim: { claimName: 'clicks-checkpoints' } },
      { name: 'spark-local-dir-local', emptyDir: { sizeLimit: '20Gi' } },
      { name: 'extra-jars', emptyDir: {} },
    ]);
    expect(container.env).toContainEqual({ name: 'SPARK_LOCAL_DIRS', value: '/local' });
    expect(executor.spec.volumes).toContainEqual({ name: 'spark-local-dir-local', emptyDir: { sizeLimit: '20Gi' } });
  });

  test("carries the driver pod settings, labels and annotations to the Deployment's pods, restricted", () => {
    expect(pod).toMatchObject({ nodeSelector: { pool: 'streaming' }, priorityClassName: 'streaming' });
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 185, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      readOnlyRootFilesystem: true,
    });
    expect(deployment.spec.template.metadata.labels).toMatchObject({ tier: 'driver', 'app.kubernetes.io/component': 'driver' });
    expect(deployment.spec.template.metadata.annotations).toMatchObject({ owner: 'web' });
    expect(deployment.spec.template.metadata.annotations['dataroaster.io/config-hash']).toMatch(/^[0-9a-f]{64}$/);
  });

  test('rolls the driver when the executor template changes', () => {
    const { objects: changed } = synthYaml(
      CLICKS.replace('instances: 3\n    volumeMounts', 'instances: 3\n    labels: {new: label}\n    volumeMounts'),
    );
    const hash = (objs: any[]) => objectOf(objs, 'Deployment', 'clicks-driver').spec.template.metadata.annotations['dataroaster.io/config-hash'];
    expect(hash(changed)).not.toBe(hash(objects));
  });
});

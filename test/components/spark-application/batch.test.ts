import { SPARK_ROLE_RULES } from '../../../src/components/spark-application/rbac';
import type { InstanceSpec } from '../../../src/core/instance';
import { API_VERSION } from '../../../src/schema/fields';
import { thrownMessage } from '../../support/errors';
import { confsOf, objectOf, synthYaml, yamlIn } from '../../support/synth';
import { schemaFailures } from '../../support/validate';

// The platform's Hive metastore, known but not synthesized here.
const metastore: InstanceSpec = { apiVersion: API_VERSION, kind: 'HiveMetastore', metadata: { name: 'metastore', namespace: 'hive' }, spec: {} };
const options = { known: [metastore] };

const ETL = `
apiVersion: dataroaster.io/v1alpha1
kind: SparkApplication
metadata: {name: etl, namespace: jobs, labels: {team: data}}
spec:
  type: Batch
  image: apache/spark:3.5.3
  mainClass: com.example.Etl
  mainApplicationFile: s3a://apps/etl.jar
  arguments: ["--day", "2024-01-01"]
  confs: {spark.sql.shuffle.partitions: "64"}
  ttlSecondsAfterFinished: 3600
  s3: {bucket: lake, endpoint: "https://minio.minio.svc:9000", region: us-east-1, credentials: {accessKey: AKIAEXAMPLE, secretKey: wJalrXUtnEXAMPLEKEY}}
  metastoreRef: {name: metastore}
  driver:
    cores: 2
    coreLimit: 2500m
    memory: 2g
    memoryOverhead: 512m
    labels: {tier: driver}
    annotations: {prometheus.io/scrape: "true"}
    volumeMounts: [{name: shared, mountPath: /shared, readOnly: true, subPath: conf, mountPropagation: None}]
    podTemplate:
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms: [{matchExpressions: [{key: disk, operator: In, values: [ssd]}]}]
      tolerations: [{key: spark, operator: Exists, effect: NoSchedule}]
      nodeSelector: {pool: spark}
      schedulerName: volcano
      priorityClassName: batch-high
      securityContext: {runAsUser: 1001, fsGroup: 2000, supplementalGroups: [3000]}
  executor:
    instances: 4
    cores: 4
    memory: 8g
    labels: {tier: executor}
    volumeMounts: [{name: scratch, mountPath: /scratch}, {name: shuffle, mountPath: /shuffle, readOnly: false}]
  volumes:
    - {name: shared, persistentVolumeClaim: {claimName: shared-data, readOnly: true}}
    - {name: scratch, sparkLocalDir: true, emptyDir: {medium: Memory, sizeLimit: 4Gi}}
    - {name: shuffle, sparkLocalDir: true, persistentVolumeClaim: {claimName: OnDemand, storageClass: fast-ssd, sizeLimit: 100Gi}}
`;

describe('SparkApplication, Batch: a Job running spark-submit in cluster mode', () => {
  const { files, objects } = synthYaml(ETL, options);
  const job = objectOf(objects, 'Job', 'etl-submit');
  const pod = job.spec.template.spec;
  const args: string[] = pod.containers[0].args;
  const confs = confsOf(args);
  const templates = objectOf(objects, 'ConfigMap', 'etl-pod-templates');
  const driver = yamlIn(templates, 'driver.yaml');
  const executor = yamlIn(templates, 'executor.yaml');

  test('writes schema-valid objects, pod templates included, into spark-apps/etl/', () => {
    expect(Object.keys(files).filter((p) => p.startsWith('spark-apps/'))).toEqual([
      'spark-apps/etl/configmap-etl-pod-templates.yaml',
      'spark-apps/etl/job-etl-submit.yaml',
      'spark-apps/etl/kustomization.yaml',
      'spark-apps/etl/networkpolicy-etl-spark.yaml',
      'spark-apps/etl/role-etl-spark.yaml',
      'spark-apps/etl/rolebinding-etl-spark.yaml',
      'spark-apps/etl/secret-etl-s3.yaml',
      'spark-apps/etl/serviceaccount-etl.yaml',
    ]);
    expect(schemaFailures([...objects, driver, executor])).toEqual([]);
  });

  test('never retries a submit (a retry starts a second driver), cleans up after the TTL, and is replaced when the spec changes', () => {
    expect(job.spec.backoffLimit).toBe(0);
    expect(pod.restartPolicy).toBe('Never');
    expect(job.spec.ttlSecondsAfterFinished).toBe(3600);
    expect(job.metadata.annotations).toEqual({
      'argocd.argoproj.io/sync-options': 'Force=true,Replace=true',
      'kustomize.toolkit.fluxcd.io/force': 'enabled',
    });
    const { objects: again } = synthYaml(ETL.replace('ttlSecondsAfterFinished: 3600', ''), options);
    expect(objectOf(again, 'Job', 'etl-submit').spec.ttlSecondsAfterFinished).toBeUndefined();
  });

  test('submits in cluster mode with the pod templates, the image, the namespace and the application', () => {
    expect(args.slice(0, 9)).toEqual([
      '/opt/spark/bin/spark-submit',
      '--master',
      'k8s://https://kubernetes.default.svc:443',
      '--deploy-mode',
      'cluster',
      '--name',
      'etl',
      '--class',
      'com.example.Etl',
    ]);
    expect(args.slice(-3)).toEqual(['s3a://apps/etl.jar', '--day', '2024-01-01']);
    expect(confs).toMatchObject({
      'spark.kubernetes.namespace': 'jobs',
      'spark.kubernetes.container.image': 'apache/spark:3.5.3',
      'spark.kubernetes.container.image.pullPolicy': 'IfNotPresent',
      'spark.kubernetes.authenticate.driver.serviceAccountName': 'etl',
      'spark.kubernetes.driver.podTemplateFile': '/etc/dataroaster/pod-templates/driver.yaml',
      'spark.kubernetes.executor.podTemplateFile': '/etc/dataroaster/pod-templates/executor.yaml',
      'spark.kubernetes.driver.podTemplateContainerName': 'spark-kubernetes-driver',
      'spark.kubernetes.executor.podTemplateContainerName': 'spark-kubernetes-executor',
      'spark.sql.shuffle.partitions': '64',
    });
    expect(pod.volumes).toContainEqual({ name: 'dataroaster-pod-templates', configMap: { name: 'etl-pod-templates' } });
    expect(job.spec.template.metadata.annotations['dataroaster.io/config-hash']).toMatch(/^[0-9a-f]{64}$/);
  });

  test('sizes driver and executors from the spec', () => {
    expect(confs).toMatchObject({
      'spark.driver.cores': '2',
      'spark.kubernetes.driver.limit.cores': '2500m',
      'spark.driver.memory': '2g',
      'spark.driver.memoryOverhead': '512m',
      'spark.executor.instances': '4',
      'spark.executor.cores': '4',
      'spark.executor.memory': '8g',
    });
    expect(confs['spark.kubernetes.executor.limit.cores']).toBeUndefined();
  });

  test('gives spark-submit and the driver a namespaced Role to run executors, never a ClusterRole', () => {
    const sa = objectOf(objects, 'ServiceAccount', 'etl');
    const role = objectOf(objects, 'Role', 'etl-spark');
    const binding = objectOf(objects, 'RoleBinding', 'etl-spark');
    expect(sa.automountServiceAccountToken).toBe(true);
    expect(role.rules).toEqual(SPARK_ROLE_RULES);
    expect(role.rules).toEqual([
      {
        apiGroups: [''],
        resources: ['pods', 'services', 'configmaps', 'persistentvolumeclaims'],
        verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'],
      },
    ]);
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'etl-spark' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'etl', namespace: 'jobs' }]);
    expect(pod.serviceAccountName).toBe('etl');
    expect(objects.filter((o) => /^Cluster/.test(o.kind))).toEqual([]);
  });

  test("runs every pod under the restricted Pod Security Standard as Spark's user 185, unless the spec picks another non-root user", () => {
    const restrictedContainer = {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
    };
    expect(pod.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 185,
      runAsGroup: 185,
      fsGroup: 185,
      fsGroupChangePolicy: 'OnRootMismatch',
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.containers[0].securityContext).toEqual(restrictedContainer);
    expect(executor.spec.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 185,
      runAsGroup: 185,
      fsGroup: 185,
      fsGroupChangePolicy: 'OnRootMismatch',
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(driver.spec.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 1001,
      runAsGroup: 185,
      fsGroup: 2000,
      supplementalGroups: [3000],
      fsGroupChangePolicy: 'OnRootMismatch',
      seccompProfile: { type: 'RuntimeDefault' },
    });
    for (const template of [driver, executor]) expect(template.spec.containers[0].securityContext).toEqual(restrictedContainer);
    expect(objectOf(objects, 'Namespace', 'jobs').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  test('carries pod template fields, labels and annotations to the driver pod, and keeps the executors without an API token', () => {
    expect(driver.spec).toMatchObject({
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] }],
          },
        },
      },
      tolerations: [{ key: 'spark', operator: 'Exists', effect: 'NoSchedule' }],
      nodeSelector: { pool: 'spark' },
      schedulerName: 'volcano',
      priorityClassName: 'batch-high',
      automountServiceAccountToken: true,
    });
    expect(driver.metadata.labels).toMatchObject({ tier: 'driver', 'app.kubernetes.io/component': 'driver', 'app.kubernetes.io/instance': 'etl' });
    expect(driver.metadata.annotations).toEqual({ 'prometheus.io/scrape': 'true' });
    expect(executor.metadata.labels).toMatchObject({ tier: 'executor', 'app.kubernetes.io/component': 'executor' });
    expect(executor.spec.automountServiceAccountToken).toBe(false);
    expect(executor.spec.affinity).toBeUndefined();
    expect(objectOf(objects, 'Job', 'etl-submit').metadata.labels.team).toBe('data');
  });

  test('mounts volumes through the pod templates, Spark local dirs by their spark-local-dir- name, OnDemand claims through Spark settings', () => {
    expect(driver.spec.volumes).toEqual([
      { name: 'dataroaster-tmp', emptyDir: {} },
      { name: 'shared', persistentVolumeClaim: { claimName: 'shared-data', readOnly: true } },
      { name: 'extra-jars', emptyDir: {} },
    ]);
    expect(driver.spec.containers[0].volumeMounts).toEqual([
      { name: 'dataroaster-tmp', mountPath: '/tmp' },
      { name: 'shared', mountPath: '/shared', readOnly: true, subPath: 'conf', mountPropagation: 'None' },
      { name: 'extra-jars', mountPath: '/opt/spark/extra-jars', readOnly: true },
    ]);
    expect(executor.spec.volumes).toEqual([
      { name: 'dataroaster-tmp', emptyDir: {} },
      { name: 'spark-local-dir-scratch', emptyDir: { medium: 'Memory', sizeLimit: '4Gi' } },
      { name: 'extra-jars', emptyDir: {} },
    ]);
    expect(executor.spec.containers[0].volumeMounts).toContainEqual({ name: 'spark-local-dir-scratch', mountPath: '/scratch' });
    const onDemand = 'spark.kubernetes.executor.volumes.persistentVolumeClaim.spark-local-dir-shuffle';
    expect(confs).toMatchObject({
      [`${onDemand}.options.claimName`]: 'OnDemand',
      [`${onDemand}.options.storageClass`]: 'fast-ssd',
      [`${onDemand}.options.sizeLimit`]: '100Gi',
      [`${onDemand}.mount.path`]: '/shuffle',
      [`${onDemand}.mount.readOnly`]: 'false',
    });
    expect(Object.keys(confs).filter((k) => k.includes('.driver.volumes.'))).toEqual([]);
  });

  test('reads S3 credentials from a Secret through secretKeyRefs and never puts them on the command line', () => {
    const secret = objectOf(objects, 'Secret', 'etl-s3');
    expect(secret.stringData).toEqual({ accessKey: 'AKIAEXAMPLE', secretKey: 'wJalrXUtnEXAMPLEKEY' });
    expect(confs).toMatchObject({
      'spark.kubernetes.driver.secretKeyRef.AWS_ACCESS_KEY_ID': 'etl-s3:accessKey',
      'spark.kubernetes.driver.secretKeyRef.AWS_SECRET_ACCESS_KEY': 'etl-s3:secretKey',
      'spark.kubernetes.executor.secretKeyRef.AWS_ACCESS_KEY_ID': 'etl-s3:accessKey',
      'spark.kubernetes.executor.secretKeyRef.AWS_SECRET_ACCESS_KEY': 'etl-s3:secretKey',
      'spark.hadoop.fs.s3a.endpoint': 'https://minio.minio.svc:9000',
      'spark.hadoop.fs.s3a.endpoint.region': 'us-east-1',
      'spark.hadoop.fs.s3a.path.style.access': 'true',
      'spark.hadoop.fs.s3a.aws.credentials.provider': 'com.amazonaws.auth.EnvironmentVariableCredentialsProvider',
      'spark.hadoop.fs.defaultFS': 's3a://lake',
    });
    const outsideSecrets = Object.entries(files)
      .filter(([path]) => !path.includes('/secret-'))
      .map(([, text]) => text)
      .join('\n');
    expect(outsideSecrets).not.toContain('AKIAEXAMPLE');
    expect(outsideSecrets).not.toContain('wJalrXUtnEXAMPLEKEY');
    expect(Object.keys(confs).filter((k) => /fs\.s3a\.(access|secret)\.key/.test(k))).toEqual([]);
  });

  test('uses the referenced Secret as it is when the spec names one, and writes no Secret of its own', () => {
    const { objects: refd } = synthYaml(
      ETL.replace(
        'credentials: {accessKey: AKIAEXAMPLE, secretKey: wJalrXUtnEXAMPLEKEY}',
        'credentials: {secretRef: {name: lake-keys, accessKeyKey: id, secretKeyKey: secret}}',
      ),
      options,
    );
    expect(refd.filter((o) => o.kind === 'Secret')).toEqual([]);
    expect(confsOf(objectOf(refd, 'Job', 'etl-submit').spec.template.spec.containers[0].args)).toMatchObject({
      'spark.kubernetes.executor.secretKeyRef.AWS_ACCESS_KEY_ID': 'lake-keys:id',
      'spark.kubernetes.executor.secretKeyRef.AWS_SECRET_ACCESS_KEY': 'lake-keys:secret',
    });
  });

  test('finds the Hive metastore by name in the platform and refuses a name that is not there', () => {
    expect(confs).toMatchObject({
      'spark.sql.catalogImplementation': 'hive',
      'spark.hadoop.hive.metastore.uris': 'thrift://metastore.hive.svc:9083',
    });
    expect(thrownMessage(() => synthYaml(ETL.replace('metastoreRef: {name: metastore}', 'metastoreRef: {name: ghost}'), options))).toBe(
      'SparkApplication/etl: spec.metastoreRef.name: no HiveMetastore named "ghost" in the platform',
    );
  });

  test("lets only the application's own pods reach its driver and executors", () => {
    const policy = objectOf(objects, 'NetworkPolicy', 'etl-spark');
    const app = { 'app.kubernetes.io/name': 'spark', 'app.kubernetes.io/instance': 'etl' };
    expect(policy.spec).toEqual({
      podSelector: { matchLabels: app },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: app } }] }],
    });
    for (const template of [driver, executor]) expect(template.metadata.labels).toMatchObject(app);
  });

  test('gives byte-identical files for the same spec', () => {
    expect(synthYaml(ETL, options).files).toEqual(files);
  });
});

describe('SparkApplication with hostPath volumes', () => {
  const HOST = `
apiVersion: dataroaster.io/v1alpha1
kind: SparkApplication
metadata: {name: local-ssd, namespace: gpu-jobs}
spec:
  type: Batch
  image: apache/spark:3.5.3
  mainApplicationFile: local:///opt/spark/examples/jars/spark-examples_2.12-3.5.3.jar
  mainClass: org.apache.spark.examples.SparkPi
  allowHostPath: true
  executor: {volumeMounts: [{name: ssd, mountPath: /mnt/ssd, mountPropagation: HostToContainer}]}
  volumes: [{name: ssd, sparkLocalDir: true, hostPath: {path: /mnt/disks/ssd0, type: Directory}}]
`;

  test('mounts them only when explicitly allowed, and the namespace then admits privileged pods', () => {
    const { objects } = synthYaml(HOST);
    const executor = yamlIn(objectOf(objects, 'ConfigMap', 'local-ssd-pod-templates'), 'executor.yaml');
    expect(executor.spec.volumes).toContainEqual({ name: 'spark-local-dir-ssd', hostPath: { path: '/mnt/disks/ssd0', type: 'Directory' } });
    expect(executor.spec.containers[0].volumeMounts).toContainEqual({
      name: 'spark-local-dir-ssd',
      mountPath: '/mnt/ssd',
      mountPropagation: 'HostToContainer',
    });
    expect(objectOf(objects, 'Namespace', 'gpu-jobs').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(schemaFailures([...objects, executor])).toEqual([]);
  });

  test('refuses them otherwise, naming the field and the way out', () => {
    expect(thrownMessage(() => synthYaml(HOST.replace('allowHostPath: true', 'allowHostPath: false')))).toBe(
      'spec.yaml: spec.volumes[0].hostPath: hostPath volumes are refused: they break the restricted Pod Security Standard and tie pods to one node; set spec.allowHostPath: true to allow them',
    );
  });
});

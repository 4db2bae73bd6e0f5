import { thrownMessage } from '../../support/errors';
import { objectOf, synthYaml } from '../../support/synth';
import { schemaFailures } from '../../support/validate';

const app = (type: string, extra = '') => `
apiVersion: dataroaster.io/v1alpha1
kind: SparkApplication
metadata: {name: report, namespace: analytics}
spec:
  type: ${type}
  output: kubeflow
  sparkVersion: 3.5.3
  image: apache/spark:3.5.3
  mainApplicationFile: s3a://apps/report.py
  pyFiles: [s3a://apps/deps.zip]
  arguments: ["--full"]
  confs: {spark.sql.adaptive.enabled: "true"}
  s3: {bucket: lake, endpoint: "http://minio.minio.svc:9000", credentials: {secretRef: {name: lake-keys, accessKeyKey: id, secretKeyKey: secret}}}
  driver: {cores: 1, coreLimit: 1200m, memory: 1g, podTemplate: {tolerations: [{key: spark, operator: Exists}]}}
  executor: {instances: 5, cores: 2, memory: 4g, memoryOverhead: 1g, volumeMounts: [{name: shuffle, mountPath: /shuffle}]}
  volumes: [{name: shuffle, sparkLocalDir: true, persistentVolumeClaim: {claimName: OnDemand, sizeLimit: 50Gi}}]
${extra}`;

describe('SparkApplication, output kubeflow: a Spark operator SparkApplication', () => {
  const { objects } = synthYaml(app('Batch', '  ttlSecondsAfterFinished: 600'));
  const operatorApp = objectOf(objects, 'SparkApplication', 'report');

  test('is valid against the Spark operator CRD schema, beside the driver RBAC, with no Job or ConfigMap', () => {
    expect(operatorApp.apiVersion).toBe('sparkoperator.k8s.io/v1beta2');
    expect(objects.map((o) => o.kind).sort()).toEqual(['Namespace', 'NetworkPolicy', 'Role', 'RoleBinding', 'ServiceAccount', 'SparkApplication']);
    expect(schemaFailures(objects)).toEqual([]);
  });

  test('schema validation catches fields the operator would silently drop', () => {
    const broken = { ...operatorApp, spec: { ...operatorApp.spec, driver: { ...operatorApp.spec.driver, affinityy: {} } } };
    expect(schemaFailures([broken]).map((f) => f.error)).toEqual(['object/spec/driver must NOT have additional properties']);
  });

  test('maps the application, its sizing and its retries', () => {
    expect(operatorApp.spec).toMatchObject({
      type: 'Python',
      mode: 'cluster',
      sparkVersion: '3.5.3',
      image: 'apache/spark:3.5.3',
      imagePullPolicy: 'IfNotPresent',
      mainApplicationFile: 's3a://apps/report.py',
      arguments: ['--full'],
      deps: { pyFiles: ['s3a://apps/deps.zip'] },
      timeToLiveSeconds: 600,
      restartPolicy: { type: 'OnFailure', onFailureRetries: 3, onSubmissionFailureRetries: 5 },
      driver: { cores: 1, coreLimit: '1200m', memory: '1g', serviceAccount: 'report' },
      executor: { instances: 5, cores: 2, memory: '4g', memoryOverhead: '1g' },
    });
  });

  test('applies pod settings through Spark pod templates (not the operator webhook), restricted', () => {
    const { driver, executor } = operatorApp.spec;
    expect(driver.template.apiVersion).toBeUndefined();
    expect(driver.template.spec.tolerations).toEqual([{ key: 'spark', operator: 'Exists' }]);
    expect(driver.template.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 185, seccompProfile: { type: 'RuntimeDefault' } });
    expect(driver.template.spec.containers[0].name).toBe('spark-kubernetes-driver');
    expect(executor.template.spec.containers[0].name).toBe('spark-kubernetes-executor');
    expect(executor.template.spec.automountServiceAccountToken).toBe(false);
    expect(
      schemaFailures([
        { apiVersion: 'v1', kind: 'Pod', ...driver.template },
        { apiVersion: 'v1', kind: 'Pod', ...executor.template },
      ]),
    ).toEqual([]);
  });

  test("puts S3A, credential references, OnDemand claims and the spec's confs into sparkConf, but no sizing", () => {
    expect(operatorApp.spec.sparkConf).toEqual({
      'spark.driver.extraClassPath': '/opt/spark/extra-jars/*',
      'spark.executor.extraClassPath': '/opt/spark/extra-jars/*',
      'spark.hadoop.fs.defaultFS': 's3a://lake',
      'spark.hadoop.fs.s3.impl': 'org.apache.hadoop.fs.s3a.S3AFileSystem',
      'spark.hadoop.fs.s3a.aws.credentials.provider': 'com.amazonaws.auth.EnvironmentVariableCredentialsProvider',
      'spark.hadoop.fs.s3a.connection.ssl.enabled': 'false',
      'spark.hadoop.fs.s3a.endpoint': 'http://minio.minio.svc:9000',
      'spark.hadoop.fs.s3a.impl': 'org.apache.hadoop.fs.s3a.S3AFileSystem',
      'spark.hadoop.fs.s3a.path.style.access': 'true',
      'spark.jars.ivy': '/tmp/.ivy2',
      'spark.kubernetes.driver.secretKeyRef.AWS_ACCESS_KEY_ID': 'lake-keys:id',
      'spark.kubernetes.driver.secretKeyRef.AWS_SECRET_ACCESS_KEY': 'lake-keys:secret',
      'spark.kubernetes.executor.secretKeyRef.AWS_ACCESS_KEY_ID': 'lake-keys:id',
      'spark.kubernetes.executor.secretKeyRef.AWS_SECRET_ACCESS_KEY': 'lake-keys:secret',
      'spark.kubernetes.executor.volumes.persistentVolumeClaim.spark-local-dir-shuffle.mount.path': '/shuffle',
      'spark.kubernetes.executor.volumes.persistentVolumeClaim.spark-local-dir-shuffle.options.claimName': 'OnDemand',
      'spark.kubernetes.executor.volumes.persistentVolumeClaim.spark-local-dir-shuffle.options.sizeLimit': '50Gi',
      'spark.sql.adaptive.enabled': 'true',
      'spark.sql.warehouse.dir': 's3a://lake/apps/spark/warehouse',
    });
  });

  test('restarts a Streaming application whenever it stops', () => {
    const streaming = objectOf(synthYaml(app('Streaming')).objects, 'SparkApplication', 'report');
    expect(streaming.spec.restartPolicy).toEqual({ type: 'Always', onFailureRetryInterval: 10, onSubmissionFailureRetryInterval: 20 });
    expect(streaming.spec.timeToLiveSeconds).toBeUndefined();
  });
});

describe("SparkApplication, output kubeflow: operatorRef names the operator's release", () => {
  const release = (chart: string) => `
apiVersion: dataroaster.io/v1alpha1
kind: HelmRelease
metadata: {name: spark-operator, namespace: spark-operator}
spec: {repo: "https://kubeflow.github.io/spark-operator", chart: ${chart}, version: 2.1.1}
---`;

  test("is accepted for the Kubeflow spark-operator chart, and the object skips Argo CD's dry run until the CRD exists", () => {
    const { objects } = synthYaml(`${release('spark-operator')}${app('Batch', '  operatorRef: {name: spark-operator}')}`);
    const operatorApp = objectOf(objects, 'SparkApplication', 'report');
    // argo-cd docs/user-guide/sync-options.md "Skip Dry Run for new custom resources types".
    expect(operatorApp.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true' });
    expect(schemaFailures(objects)).toEqual([]);
  });

  test('is refused for another chart, for a missing release and without output kubeflow', () => {
    expect(thrownMessage(() => synthYaml(`${release('minio')}${app('Batch', '  operatorRef: {name: spark-operator}')}`))).toContain(
      'spec.operatorRef.name: HelmRelease "spark-operator" installs chart "minio", not the Kubeflow Spark operator ("spark-operator")',
    );
    expect(thrownMessage(() => synthYaml(app('Batch', '  operatorRef: {name: spark-operator}')))).toContain('spec.operatorRef.name');
    expect(
      thrownMessage(() => synthYaml(app('Batch', '  operatorRef: {name: spark-operator}').replace('output: kubeflow', 'output: job'))),
    ).toContain('spec.operatorRef: only applies to output kubeflow');
  });
});

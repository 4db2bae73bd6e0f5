import { mavenJarUrl, S3A_JARS } from '../../../src/components/common/jars';
import { MAVEN_CENTRAL } from '../../../src/schema/jars';
import { restrictedProblems } from '../../support/pod-security';
import { confsOf, objectOf, synthYaml, yamlIn } from '../../support/synth';
import { schemaFailures } from '../../support/validate';

// Why SparkApplication pods get jars: apache/spark 3.5.x = spark-3.5.x-bin-hadoop3.tgz, built without
// -Phadoop-cloud (apache/spark-docker 3.5.5/scala2.12-java11-ubuntu/Dockerfile:39; Spark's
// dev/create-release/release-build.sh BINARY_PKGS_ARGS): no hadoop-aws, so no S3AFileSystem, and every
// s3a:// read or write fails with ClassNotFoundException. Same jars, checksums and fetcher as the thrift
// server (src/components/common/jars.ts).

const spec = (type: string, output: string, extra: string, s3 = true) => `
apiVersion: dataroaster.io/v1alpha1
kind: SparkApplication
metadata: {name: report, namespace: analytics}
spec:
  type: ${type}
  output: ${output}
  sparkVersion: 3.5.5
  image: apache/spark:3.5.5
  mainClass: com.example.Report
${s3 ? '  s3: {bucket: lake, endpoint: "http://minio.minio.svc:9000", credentials: {secretRef: {name: lake-keys}}}\n' : ''}${extra}`;

/** The pod specs Spark builds driver and executors on, whatever the output. */
function sparkPods(objects: Record<string, any>[]): Record<string, any>[] {
  const operatorApp = objects.find((o) => o.kind === 'SparkApplication');
  if (operatorApp) return [operatorApp.spec.driver.template.spec, operatorApp.spec.executor.template.spec];
  const templates = objectOf(objects, 'ConfigMap', 'report-pod-templates');
  const pods = [yamlIn(templates, 'executor.yaml').spec];
  if (templates.data['driver.yaml']) pods.push(yamlIn(templates, 'driver.yaml').spec);
  else pods.push(objectOf(objects, 'Deployment', 'report-driver').spec.template.spec);
  return pods;
}

function expectFetchedJars(pod: Record<string, any>): void {
  const [fetch] = pod.initContainers;
  expect(fetch.name).toBe('fetch-jars');
  for (const jar of S3A_JARS) {
    expect(fetch.command[2]).toContain(mavenJarUrl(MAVEN_CENTRAL, jar));
    expect(fetch.command[2]).toContain(jar.sha256);
  }
  expect(fetch.command[2]).toContain('sha256sum -c');
  expect(fetch.volumeMounts).toEqual([{ name: 'extra-jars', mountPath: '/opt/spark/extra-jars' }]);
  expect(pod.volumes).toContainEqual({ name: 'extra-jars', emptyDir: {} });
  expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'extra-jars', mountPath: '/opt/spark/extra-jars', readOnly: true });
  expect(restrictedProblems(pod)).toEqual([]);
}

describe('S3A reaches SparkApplication pods on the stock apache/spark image', () => {
  test('output kubeflow: driver and executor templates fetch hadoop-aws and the AWS SDK bundle, SHA-256 checked; the CRD accepts it', () => {
    const { objects } = synthYaml(spec('Batch', 'kubeflow', '  mainApplicationFile: local:///opt/app/report.jar\n'));
    const operatorApp = objectOf(objects, 'SparkApplication', 'report');
    // `template` (a PodTemplateSpec) is handed to Spark as its pod template file by the operator itself;
    // Spark keeps a template's init containers and volumes. The operator's own initContainers/volumes
    // fields would need its mutating webhook, which may be disabled.
    for (const pod of sparkPods(objects)) expectFetchedJars(pod);
    expect(operatorApp.spec.volumes).toBeUndefined();
    expect(schemaFailures(objects)).toEqual([]);
    expect(
      schemaFailures([
        { apiVersion: 'v1', kind: 'Pod', ...operatorApp.spec.driver.template },
        { apiVersion: 'v1', kind: 'Pod', ...operatorApp.spec.executor.template },
      ]),
    ).toEqual([]);
  });

  test('and puts them on both classpaths: spark.driver.extraClassPath for the driver, spark.executor.extraClassPath for executors', () => {
    // The driver pod runs spark-submit (client mode inside the pod), whose launcher adds
    // spark.driver.extraClassPath; executors get spark.executor.extraClassPath as SPARK_CLASSPATH, which
    // the image's entrypoint.sh puts on `-cp`. `dir/*` is a JVM classpath wildcard.
    const { objects } = synthYaml(spec('Streaming', 'kubeflow', '  mainApplicationFile: local:///opt/app/report.jar\n'));
    expect(objectOf(objects, 'SparkApplication', 'report').spec.sparkConf).toMatchObject({
      'spark.driver.extraClassPath': '/opt/spark/extra-jars/*',
      'spark.executor.extraClassPath': '/opt/spark/extra-jars/*',
    });
  });

  test.each([
    ['Batch', 'job'],
    ['Streaming', 'job'],
  ])('%s with output %s: the driver and executor pods get them too', (type, output) => {
    const { objects } = synthYaml(spec(type, output, '  mainApplicationFile: local:///opt/app/report.jar\n'));
    for (const pod of sparkPods(objects)) expectFetchedJars(pod);
    const args =
      type === 'Batch'
        ? objectOf(objects, 'Job', 'report-submit').spec.template.spec.containers[0].args
        : objectOf(objects, 'Deployment', 'report-driver').spec.template.spec.containers[0].args;
    expect(confsOf(args)).toMatchObject({
      'spark.driver.extraClassPath': '/opt/spark/extra-jars/*',
      'spark.executor.extraClassPath': '/opt/spark/extra-jars/*',
    });
    expect(schemaFailures(objects)).toEqual([]);
  });

  test("an s3a:// main file alone (no spec.s3, e.g. keys from the pod's identity) needs them as much", () => {
    const { objects } = synthYaml(spec('Batch', 'kubeflow', '  mainApplicationFile: s3a://apps/report.jar\n', false));
    for (const pod of sparkPods(objects)) expectFetchedJars(pod);
  });

  test('without S3A: no init container, no jar volume, no classpath setting', () => {
    for (const [type, output] of [
      ['Batch', 'kubeflow'],
      ['Batch', 'job'],
      ['Streaming', 'job'],
    ]) {
      const { objects } = synthYaml(spec(type, output, '  mainApplicationFile: local:///opt/app/report.jar\n', false));
      for (const pod of sparkPods(objects)) {
        expect(pod.initContainers).toBeUndefined();
        expect(pod.volumes.map((v: any) => v.name)).not.toContain('extra-jars');
      }
      expect(JSON.stringify(objects)).not.toContain('extraClassPath');
    }
  });

  test('with jars.source "image" (a derived image from images/spark) nothing is fetched', () => {
    const { objects } = synthYaml(
      spec('Batch', 'kubeflow', '  mainApplicationFile: s3a://apps/report.jar\n  jars: {source: image}\n').replace(
        'apache/spark:3.5.5',
        'registry.internal/spark:3.5.5-s3a',
      ),
    );
    for (const pod of sparkPods(objects)) expect(pod.initContainers).toBeUndefined();
    expect(JSON.stringify(objects)).not.toContain('extraClassPath');
  });

  test('a classpath given in confs keeps working, after the fetched jars', () => {
    const { objects } = synthYaml(
      spec('Batch', 'kubeflow', '  mainApplicationFile: local:///opt/app/report.jar\n  confs: {spark.executor.extraClassPath: /opt/app/lib/*}\n'),
    );
    const conf = objectOf(objects, 'SparkApplication', 'report').spec.sparkConf;
    expect(conf['spark.executor.extraClassPath']).toBe('/opt/spark/extra-jars/*:/opt/app/lib/*');
    expect(conf['spark.driver.extraClassPath']).toBe('/opt/spark/extra-jars/*');
  });

  test('the submitting Job fetches them only when spark-submit opens S3A itself (s3a:// --py-files)', () => {
    // SparkSubmit.prepareSubmitEnvironment resolves the globs of --py-files/--jars/--files/--archives with
    // Hadoop's FileSystem in every deploy mode (DependencyUtils.resolveGlobPaths); the main file is only
    // read by the driver. spark-class puts SPARK_DIST_CLASSPATH on spark-submit's own JVM.
    const plain = objectOf(synthYaml(spec('Batch', 'job', '  mainApplicationFile: s3a://apps/report.py\n')).objects, 'Job', 'report-submit').spec
      .template.spec;
    expect(plain.initContainers).toBeUndefined();
    const { objects } = synthYaml(spec('Batch', 'job', '  mainApplicationFile: s3a://apps/report.py\n  pyFiles: [s3a://apps/deps.zip]\n'));
    const submit = objectOf(objects, 'Job', 'report-submit').spec.template.spec;
    expectFetchedJars(submit);
    expect(submit.containers[0].env).toEqual([{ name: 'SPARK_DIST_CLASSPATH', value: '/opt/spark/extra-jars/*' }]);
    expect(schemaFailures(objects)).toEqual([]);
  });
});

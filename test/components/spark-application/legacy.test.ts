import { confsOf, objectOf, synthYaml, yamlIn } from '../../support/synth';
import { schemaFailures } from '../../support/validate';

// A streaming job in the original format, shaped like the seed README's example.
const ORIGINAL = `
apiVersion: "spark-operator.cloudchef-labs.com/v1alpha1"
kind: SparkApplication
metadata: {name: events, namespace: spark-operator}
spec:
  core:
    applicationType: EndlessRun
    deployMode: Cluster
    container: {image: "cloudcheflabs/spark:v3.0.3", imagePullPolicy: Always}
    class: com.example.Events
    applicationFileUrl: "s3a://mykidong/spark-app/events.jar"
    namespace: events
    s3:
      bucket: mykidong
      accessKey: {valueFrom: {secretKeyRef: {name: s3-secret, key: accessKey}}}
      secretKey: {valueFrom: {secretKeyRef: {name: s3-secret, key: secretKey}}}
      endpoint: "https://any-endpoint"
    hive: {metastoreUris: ["thrift://metastore.hive-metastore.svc:9083"]}
  driver:
    serviceAccountName: events
    label: {application-name: events-driver}
    resources: {cores: "1", limitCores: "1200m", memory: "512m"}
    volumeMounts: [{name: driver-local-dir, mountPath: "/tmp/local-dir"}]
  executor:
    instances: 2
    label: {application-name: events-executor}
    resources: {cores: "1", limitCores: "1200m", memory: "1g"}
    volumeMounts: [{name: executor-local-dir, mountPath: "/tmp/local-dir"}]
  confs: {spark.sql.shuffle.partitions: "8"}
  volumes:
    - {name: driver-local-dir, type: SparkLocalDir, persistentVolumeClaim: {claimName: events-driver-local}}
    - {name: executor-local-dir, type: SparkLocalDir, persistentVolumeClaim: {claimName: OnDemand, storageClass: nfs, sizeLimit: 1Gi}}
`;

test('an original EndlessRun SparkApplication synthesizes into a schema-valid, restricted streaming driver', () => {
  const { objects } = synthYaml(ORIGINAL);
  const deployment = objectOf(objects, 'Deployment', 'events-driver');
  const container = deployment.spec.template.spec.containers[0];
  const executor = yamlIn(objectOf(objects, 'ConfigMap', 'events-pod-templates'), 'executor.yaml');
  expect(schemaFailures([...objects, executor])).toEqual([]);
  expect(deployment.metadata.namespace).toBe('events');
  expect(container.image).toBe('cloudcheflabs/spark:v3.0.3');
  expect(container.imagePullPolicy).toBe('Always');
  expect(deployment.spec.template.metadata.labels['application-name']).toBe('events-driver');
  expect(executor.metadata.labels['application-name']).toBe('events-executor');
  expect(confsOf(container.args)).toMatchObject({
    'spark.sql.shuffle.partitions': '8',
    'spark.hadoop.hive.metastore.uris': 'thrift://metastore.hive-metastore.svc:9083',
    'spark.sql.warehouse.dir': 's3a://mykidong/apps/spark/warehouse',
    'spark.kubernetes.executor.secretKeyRef.AWS_ACCESS_KEY_ID': 's3-secret:accessKey',
    'spark.kubernetes.executor.volumes.persistentVolumeClaim.spark-local-dir-executor-local-dir.options.claimName': 'OnDemand',
  });
  expect(deployment.spec.template.spec.volumes).toContainEqual({
    name: 'spark-local-dir-driver-local-dir',
    persistentVolumeClaim: { claimName: 'events-driver-local' },
  });
  // The original's cluster-wide ClusterRole is gone: a namespaced Role for the ServiceAccount it named.
  expect(objectOf(objects, 'RoleBinding', 'events-spark').subjects).toEqual([{ kind: 'ServiceAccount', name: 'events', namespace: 'events' }]);
  expect(objects.filter((o) => o.kind.startsWith('Cluster'))).toEqual([]);
});

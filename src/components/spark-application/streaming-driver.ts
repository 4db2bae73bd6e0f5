import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import type { Construct } from 'constructs';

import { s3CredentialEnv, S3SecretRef } from '../common/s3-credentials';
import { restrictedContainerSecurityContext } from '../common/security-context';
import type { S3aJars } from './jars';
import { sparkPodMemory } from './memory';
import { DRIVER_CONTAINER, EXECUTOR_CONTAINER, POD_TEMPLATES_DIR, SparkNames } from './names';
import { rolePodSettings, roleVolumes } from './pod';
import { withJars } from './pod-templates';
import type { SparkApplicationSpec } from './schema';
import type { SparkConf } from './spark-conf';
import { submitArgs } from './submit-job';

export interface StreamingDriverProps {
  readonly instance: string;
  readonly namespace: string;
  readonly spec: SparkApplicationSpec;
  readonly names: SparkNames;
  readonly conf: SparkConf;
  readonly s3: S3SecretRef | undefined;
  /** S3A jars to fetch before the driver starts (the spark-submit in this pod reads them from `conf`). */
  readonly jars?: S3aJars;
  readonly labels: Readonly<Record<string, string>>;
  /** Labels of the driver pod (standard labels plus the spec's), and the selector among them. */
  readonly podLabels: Readonly<Record<string, string>>;
  readonly selector: Readonly<Record<string, string>>;
  readonly podAnnotations: Readonly<Record<string, string>>;
}

const PORTS = { driverRpc: 7078, blockManager: 7079, ui: 4040 };
const TEMPLATES_VOLUME = 'dataroaster-pod-templates';

/**
 * A Streaming application: a one-replica Deployment whose pod *is* the driver (spark-submit in client
 * mode), restarted by Kubernetes whenever it stops. `Recreate` keeps it to one driver at any time, so
 * two drivers never share a checkpoint — which a resubmitting Job or a Deployment running spark-submit in
 * cluster mode could not promise (a restarted submitter starts a second driver beside a live one).
 * Executors are owned by the driver pod and go with it. A headless Service gives executors the
 * driver's address.
 */
export function streamingDriver(scope: Construct, props: StreamingDriverProps): void {
  const { spec, names } = props;
  const driver = spec.driver;
  const { volumes, mounts } = withJars(roleVolumes(spec, 'driver'), props.jars);
  const localDirs = driver.volumeMounts.filter((m) => spec.volumes.find((v) => v.name === m.name)!.sparkLocalDir).map((m) => m.mountPath);
  const conf: SparkConf = {
    // The driver is this pod: it gets its credentials as env below, not from Spark's driver settings.
    ...Object.fromEntries(Object.entries(props.conf).filter(([key]) => !key.startsWith('spark.kubernetes.driver.secretKeyRef.'))),
    'spark.kubernetes.namespace': props.namespace,
    'spark.kubernetes.container.image': spec.image,
    'spark.kubernetes.container.image.pullPolicy': spec.imagePullPolicy,
    'spark.kubernetes.executor.podTemplateFile': `${POD_TEMPLATES_DIR}/executor.yaml`,
    'spark.kubernetes.executor.podTemplateContainerName': EXECUTOR_CONTAINER,
    // Executors reach the driver through the headless Service and are owned by the driver pod.
    'spark.driver.host': `${names.driver}.${props.namespace}.svc`,
    'spark.driver.bindAddress': '0.0.0.0',
    'spark.driver.port': String(PORTS.driverRpc),
    'spark.driver.blockManager.port': String(PORTS.blockManager),
    'spark.ui.port': String(PORTS.ui),
    'spark.kubernetes.driver.pod.name': '$(POD_NAME)',
  };
  const env: k8s.EnvVar[] = [{ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }];
  // In client mode Spark does not set up the driver's local dirs; the spec's SparkLocalDir mounts are them.
  if (localDirs.length) env.push({ name: 'SPARK_LOCAL_DIRS', value: localDirs.join(',') });
  if (props.s3) env.push(...s3CredentialEnv(props.s3));
  const memory = k8s.Quantity.fromString(sparkPodMemory(driver.memory, driver.memoryOverhead));

  new k8s.KubeService(scope, 'driver-service', {
    metadata: { name: names.driver, labels: { ...props.labels } },
    spec: {
      clusterIp: 'None',
      // Executors connect while the driver is starting, before any readiness.
      publishNotReadyAddresses: true,
      selector: { ...props.selector },
      ports: [
        { name: 'driver-rpc', port: PORTS.driverRpc, targetPort: k8s.IntOrString.fromString('driver-rpc') },
        { name: 'blockmanager', port: PORTS.blockManager, targetPort: k8s.IntOrString.fromString('blockmanager') },
      ],
    },
  });

  new k8s.KubeDeployment(scope, 'driver', {
    metadata: { name: names.driver, labels: { ...props.labels } },
    spec: {
      replicas: 1,
      strategy: { type: 'Recreate' },
      selector: { matchLabels: { ...props.selector } },
      template: {
        metadata: { labels: { ...props.podLabels }, annotations: { ...props.podAnnotations } },
        spec: {
          ...rolePodSettings(driver.podTemplate),
          serviceAccountName: names.serviceAccount,
          automountServiceAccountToken: true,
          ...(props.jars ? { initContainers: [props.jars.fetcher] } : {}),
          containers: [
            {
              name: DRIVER_CONTAINER,
              image: spec.image,
              imagePullPolicy: spec.imagePullPolicy,
              args: submitArgs(spec, props.instance, conf, 'client'),
              env,
              ports: [
                { name: 'driver-rpc', containerPort: PORTS.driverRpc },
                { name: 'blockmanager', containerPort: PORTS.blockManager },
                { name: 'ui', containerPort: PORTS.ui },
              ],
              resources: {
                requests: { cpu: k8s.Quantity.fromNumber(driver.cores), memory },
                limits: { ...(driver.coreLimit ? { cpu: k8s.Quantity.fromString(driver.coreLimit) } : {}), memory },
              },
              // The UI opens once the SparkContext runs; a driver that stops serving it is hung.
              startupProbe: { tcpSocket: { port: k8s.IntOrString.fromString('ui') }, periodSeconds: 5, failureThreshold: 60 },
              livenessProbe: { tcpSocket: { port: k8s.IntOrString.fromString('ui') }, periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 3 },
              securityContext: restrictedContainerSecurityContext(),
              volumeMounts: [{ name: TEMPLATES_VOLUME, mountPath: POD_TEMPLATES_DIR, readOnly: true }, ...mounts],
            },
          ],
          volumes: [{ name: TEMPLATES_VOLUME, configMap: { name: names.podTemplates } }, ...volumes],
        },
      },
    },
  });
}

import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import type { Construct } from 'constructs';

import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../common/security-context';
import { S3aJars, submitUsesS3a } from './jars';
import { DRIVER_CONTAINER, EXECUTOR_CONTAINER, POD_TEMPLATES_DIR, SPARK_MASTER, SPARK_UID, SparkNames } from './names';
import { TMP_VOLUME } from './pod';
import type { SparkApplicationSpec } from './schema';
import { confArgs, SparkConf } from './spark-conf';

export interface SubmitJobProps {
  readonly instance: string;
  readonly namespace: string;
  readonly spec: SparkApplicationSpec;
  readonly names: SparkNames;
  /** Application settings (S3, Hive, credentials, OnDemand volumes, the spec's own). */
  readonly conf: SparkConf;
  /** S3A jars of the driver and executors; spark-submit gets them too when it opens S3A itself. */
  readonly jars?: S3aJars;
  readonly labels: Readonly<Record<string, string>>;
  readonly podLabels: Readonly<Record<string, string>>;
  /** Annotations of the Job's pod (the pod templates' hash). */
  readonly podAnnotations: Readonly<Record<string, string>>;
}

const TEMPLATES_VOLUME = 'dataroaster-pod-templates';

/**
 * Sizing of the spark-submit pod. In cluster mode spark-submit only creates the driver pod and watches
 * it; the JVM sizes its heap from the limit.
 */
const SUBMIT_RESOURCES = { requests: { cpu: '100m', memory: '512Mi' }, limits: { cpu: '1', memory: '512Mi' } };

/**
 * A Batch application: a Job running spark-submit in cluster mode, which starts the driver pod and waits
 * for it to finish. `backoffLimit: 0`: a retried submit would start a second driver next to the first.
 * The GitOps agents replace the Job (Jobs are immutable) when the spec changes: a changed spec runs again.
 */
export function submitJob(scope: Construct, props: SubmitJobProps): k8s.KubeJob {
  const { spec, names } = props;
  const jars = props.jars && submitUsesS3a(spec) ? props.jars : undefined;
  const conf: SparkConf = {
    ...props.conf,
    'spark.kubernetes.namespace': props.namespace,
    'spark.kubernetes.container.image': spec.image,
    'spark.kubernetes.container.image.pullPolicy': spec.imagePullPolicy,
    'spark.kubernetes.authenticate.driver.serviceAccountName': names.serviceAccount,
    'spark.kubernetes.driver.podTemplateFile': `${POD_TEMPLATES_DIR}/driver.yaml`,
    'spark.kubernetes.driver.podTemplateContainerName': DRIVER_CONTAINER,
    'spark.kubernetes.executor.podTemplateFile': `${POD_TEMPLATES_DIR}/executor.yaml`,
    'spark.kubernetes.executor.podTemplateContainerName': EXECUTOR_CONTAINER,
  };
  return new k8s.KubeJob(scope, 'submit', {
    metadata: {
      name: names.submitJob,
      labels: { ...props.labels },
      annotations: {
        'argocd.argoproj.io/sync-options': 'Force=true,Replace=true',
        'kustomize.toolkit.fluxcd.io/force': 'enabled',
      },
    },
    spec: {
      backoffLimit: 0,
      ttlSecondsAfterFinished: spec.ttlSecondsAfterFinished,
      template: {
        metadata: { labels: { ...props.podLabels }, annotations: { ...props.podAnnotations } },
        spec: {
          restartPolicy: 'Never',
          serviceAccountName: names.serviceAccount,
          automountServiceAccountToken: true,
          securityContext: restrictedPodSecurityContext({ user: SPARK_UID, group: SPARK_UID }),
          ...(jars ? { initContainers: [jars.fetcher] } : {}),
          containers: [
            {
              name: 'spark-submit',
              image: spec.image,
              imagePullPolicy: spec.imagePullPolicy,
              // The image's entrypoint passes other commands through to tini.
              args: submitArgs(spec, props.instance, conf),
              // spark-class adds SPARK_DIST_CLASSPATH to spark-submit's own JVM (launcher AbstractCommandBuilder).
              ...(jars ? { env: [{ name: 'SPARK_DIST_CLASSPATH', value: `${jars.dir}/*` }] } : {}),
              resources: {
                requests: {
                  cpu: k8s.Quantity.fromString(SUBMIT_RESOURCES.requests.cpu),
                  memory: k8s.Quantity.fromString(SUBMIT_RESOURCES.requests.memory),
                },
                limits: {
                  cpu: k8s.Quantity.fromString(SUBMIT_RESOURCES.limits.cpu),
                  memory: k8s.Quantity.fromString(SUBMIT_RESOURCES.limits.memory),
                },
              },
              securityContext: restrictedContainerSecurityContext(),
              volumeMounts: [
                { name: TEMPLATES_VOLUME, mountPath: POD_TEMPLATES_DIR, readOnly: true },
                { name: TMP_VOLUME, mountPath: '/tmp' },
                ...(jars ? [jars.mount] : []),
              ],
            },
          ],
          volumes: [
            { name: TEMPLATES_VOLUME, configMap: { name: names.podTemplates } },
            { name: TMP_VOLUME, emptyDir: {} },
            ...(jars ? [jars.volume] : []),
          ],
        },
      },
    },
  });
}

/** The spark-submit command line; `deployMode` client for a driver that runs in the calling pod. */
export function submitArgs(spec: SparkApplicationSpec, appName: string, conf: SparkConf, deployMode: 'cluster' | 'client' = 'cluster'): string[] {
  return [
    '/opt/spark/bin/spark-submit',
    '--master',
    SPARK_MASTER,
    '--deploy-mode',
    deployMode,
    '--name',
    appName,
    ...(spec.mainClass ? ['--class', spec.mainClass] : []),
    ...(spec.pyFiles.length ? ['--py-files', spec.pyFiles.join(',')] : []),
    ...confArgs(conf),
    spec.mainApplicationFile,
    ...spec.arguments,
  ];
}

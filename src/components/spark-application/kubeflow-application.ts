import type { Construct } from 'constructs';

import {
  SparkApplication as OperatorSparkApplication,
  SparkApplicationSpecMode,
  SparkApplicationSpecRestartPolicy,
  SparkApplicationSpecRestartPolicyType,
  SparkApplicationSpecType,
} from '../../../imports/spark-operator-sparkoperator.k8s.io';
import type { SparkNames } from './names';
import type { SparkApplicationSpec } from './schema';
import type { SparkConf } from './spark-conf';

export interface KubeflowApplicationProps {
  readonly spec: SparkApplicationSpec;
  readonly names: SparkNames;
  readonly conf: SparkConf;
  readonly labels: Readonly<Record<string, string>>;
  /** Pod templates of the driver and executors (`template`: applied by Spark itself, not by the operator's webhook). */
  readonly driverTemplate: Record<string, unknown>;
  readonly executorTemplate: Record<string, unknown>;
}

/**
 * Batch runs are retried after the failed driver is gone (never two at once), a few times; Streaming
 * applications are restarted whenever they stop.
 */
const RESTART_POLICIES: Record<SparkApplicationSpec['type'], SparkApplicationSpecRestartPolicy> = {
  Batch: {
    type: SparkApplicationSpecRestartPolicyType.ON_FAILURE,
    onFailureRetries: 3,
    onFailureRetryInterval: 10,
    onSubmissionFailureRetries: 5,
    onSubmissionFailureRetryInterval: 20,
  },
  Streaming: { type: SparkApplicationSpecRestartPolicyType.ALWAYS, onFailureRetryInterval: 10, onSubmissionFailureRetryInterval: 20 },
};

/** The Spark operator's language of an application, from its main file. */
function language(mainApplicationFile: string): SparkApplicationSpecType {
  if (/\.py$/i.test(mainApplicationFile)) return SparkApplicationSpecType.PYTHON;
  if (/\.r$/i.test(mainApplicationFile)) return SparkApplicationSpecType.R;
  return SparkApplicationSpecType.SCALA;
}

/** The spec as a Kubeflow Spark operator `sparkoperator.k8s.io/v1beta2` SparkApplication. */
export function kubeflowApplication(scope: Construct, props: KubeflowApplicationProps): OperatorSparkApplication {
  const { spec, names } = props;
  const role = (r: SparkApplicationSpec['driver'] | SparkApplicationSpec['executor']) => ({
    cores: r.cores,
    coreLimit: r.coreLimit,
    memory: r.memory,
    memoryOverhead: r.memoryOverhead,
  });
  return new OperatorSparkApplication(scope, 'application', {
    metadata: {
      name: names.application,
      labels: { ...props.labels },
      // The CRD comes with the operator, which may be installed after this object is first synced: Argo CD
      // then skips the dry run instead of failing the whole sync (argo-cd docs/user-guide/sync-options.md,
      // "Skip Dry Run for new custom resources types"), and the sync retries until the CRD exists. The
      // bootstrap's instance Applications set it too; this covers an Application of the user's own.
      annotations: { 'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true' },
    },
    spec: {
      type: language(spec.mainApplicationFile),
      mode: SparkApplicationSpecMode.CLUSTER,
      sparkVersion: spec.sparkVersion!,
      image: spec.image,
      imagePullPolicy: spec.imagePullPolicy,
      mainClass: spec.mainClass,
      mainApplicationFile: spec.mainApplicationFile,
      arguments: spec.arguments.length ? [...spec.arguments] : undefined,
      deps: spec.pyFiles.length ? { pyFiles: [...spec.pyFiles] } : undefined,
      sparkConf: sorted(props.conf),
      restartPolicy: RESTART_POLICIES[spec.type],
      timeToLiveSeconds: spec.ttlSecondsAfterFinished,
      driver: { ...role(spec.driver), serviceAccount: names.serviceAccount, template: withoutTypeMeta(props.driverTemplate) },
      executor: { ...role(spec.executor), instances: spec.executor.instances, template: withoutTypeMeta(props.executorTemplate) },
    },
  });
}

/** `template` is a PodTemplateSpec: metadata and spec, no apiVersion or kind. */
function withoutTypeMeta(pod: Record<string, unknown>): Record<string, unknown> {
  const { apiVersion: _apiVersion, kind: _kind, ...template } = pod;
  return template;
}

function sorted(conf: SparkConf): SparkConf {
  return Object.fromEntries(
    Object.keys(conf)
      .sort()
      .map((key) => [key, conf[key]]),
  );
}

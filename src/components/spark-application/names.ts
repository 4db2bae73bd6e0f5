/**
 * Names of a SparkApplication instance's objects. Each starts with the instance name, so applications
 * can share a namespace, and none depends on a construct id.
 */
export interface SparkNames {
  /** Used by spark-submit and the driver, which both call the API server. */
  readonly serviceAccount: string;
  /** Role and RoleBinding of that ServiceAccount. */
  readonly role: string;
  readonly podTemplates: string;
  /** Batch: the Job running spark-submit. */
  readonly submitJob: string;
  /** Streaming: the Deployment whose pod is the driver, and its headless Service. */
  readonly driver: string;
  /** Kubeflow output: the SparkApplication. */
  readonly application: string;
}

export function sparkNames(instance: string, serviceAccountName?: string): SparkNames {
  return {
    serviceAccount: serviceAccountName ?? instance,
    role: `${instance}-spark`,
    podTemplates: `${instance}-pod-templates`,
    submitJob: `${instance}-submit`,
    driver: `${instance}-driver`,
    application: instance,
  };
}

/** Container names Spark looks for in pod templates (the Spark operator uses the same). */
export const DRIVER_CONTAINER = 'spark-kubernetes-driver';
export const EXECUTOR_CONTAINER = 'spark-kubernetes-executor';

/** Where the pod-templates ConfigMap is mounted in the pods that run spark-submit. */
export const POD_TEMPLATES_DIR = '/etc/dataroaster/pod-templates';

/** The Spark user of the Apache Spark images (`spark`, uid 185): every Spark pod runs as it. */
export const SPARK_UID = 185;

/** The API server as pods reach it; Spark's `k8s://` master URL. */
export const SPARK_MASTER = 'k8s://https://kubernetes.default.svc:443';

import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { Construct } from 'constructs';

import { toYaml } from '../../core/render';
import { configHashAnnotation } from '../common/config-hash';
import { versionLabelOf } from '../common/image';
import { AppIdentity, selectorLabels, standardLabels } from '../common/labels';
import { s3CredentialsSecret, s3SecretRef } from '../common/s3-credentials';
import { s3aJars } from './jars';
import { kubeflowApplication } from './kubeflow-application';
import { sparkNames } from './names';
import { sparkNetworkPolicy } from './network-policy';
import { sparkPodTemplate } from './pod-templates';
import { sparkRbac } from './rbac';
import type { SparkApplication } from './schema';
import { applicationConf, resourceConf } from './spark-conf';
import { streamingDriver } from './streaming-driver';
import { submitJob } from './submit-job';

export interface SparkAppProps {
  readonly spec: SparkApplication;
  /** Thrift URIs of the Hive metastore: the referenced instance's, or the spec's own list. */
  readonly metastoreUris: readonly string[];
}

/**
 * A Spark application: RBAC for spark-submit and the driver, pod templates, a Secret for S3 credentials
 * given as values, and the workload — a Job (Batch), a one-driver Deployment (Streaming), or a Spark
 * operator SparkApplication (`output: kubeflow`).
 */
export class SparkApp extends Construct {
  constructor(scope: Construct, id: string, props: SparkAppProps) {
    super(scope, id);
    const { metadata, spec } = props.spec;
    const instance = metadata.name;
    const names = sparkNames(instance, spec.driver.serviceAccountName);
    const identity = (component: string): AppIdentity => ({
      name: 'spark',
      instance,
      component,
      version: spec.sparkVersion ?? versionLabelOf(spec.image),
    });
    // The spec's own labels go on every object, under the standard labels.
    const labels = (component: string) => ({ ...metadata.labels, ...standardLabels(identity(component)) });

    sparkRbac(this, { serviceAccount: names.serviceAccount, role: names.role, labels: labels('application') });
    sparkNetworkPolicy(this, {
      name: names.role,
      labels: labels('application'),
      appSelector: { 'app.kubernetes.io/name': 'spark', 'app.kubernetes.io/instance': instance },
    });
    // S3 keys given as values go into the instance's Secret (sealed by the engine); a secretRef is used as it is.
    const s3 = spec.s3 && s3SecretRef(instance, spec.s3.credentials);
    if (spec.s3 && s3) s3CredentialsSecret(this, 's3-secret', s3, spec.s3.credentials, labels('application'));
    // hadoop-aws and the AWS SDK, which apache/spark lacks, for the pods that open S3A.
    const jars = s3aJars(spec);
    const appConf = applicationConf(spec, props.metastoreUris, s3, jars);
    // The spec's sparkConf (last in appConf) wins over sizing; the spec refuses keys that would clash.
    const conf = { ...resourceConf(spec), ...appConf };
    const templates = {
      driver: sparkPodTemplate(spec, 'driver', standardLabels(identity('driver')), jars),
      executor: sparkPodTemplate(spec, 'executor', standardLabels(identity('executor')), jars),
    };

    if (spec.output === 'kubeflow') {
      kubeflowApplication(this, {
        spec,
        names,
        conf: appConf,
        labels: labels('application'),
        driverTemplate: templates.driver,
        executorTemplate: templates.executor,
      });
      return;
    }

    // spark-submit reads the driver's template; the driver reads the executors'.
    const data: Record<string, string> = { 'executor.yaml': toYaml(templates.executor) };
    if (spec.type === 'Batch') data['driver.yaml'] = toYaml(templates.driver);
    new k8s.KubeConfigMap(this, 'pod-templates', { metadata: { name: names.podTemplates, labels: labels('application') }, data });
    const podAnnotations = configHashAnnotation(data);

    if (spec.type === 'Batch') {
      submitJob(this, {
        instance,
        namespace: metadata.namespace,
        spec,
        names,
        conf,
        jars,
        labels: labels('submit'),
        podLabels: standardLabels(identity('submit')),
        podAnnotations,
      });
    } else {
      streamingDriver(this, {
        instance,
        namespace: metadata.namespace,
        spec,
        names,
        conf,
        s3,
        jars,
        labels: labels('driver'),
        podLabels: { ...spec.driver.labels, ...standardLabels(identity('driver')) },
        selector: selectorLabels(identity('driver')),
        podAnnotations: { ...spec.driver.annotations, ...podAnnotations },
      });
    }
  }
}

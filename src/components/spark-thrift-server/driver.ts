import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { Construct } from 'constructs';

import type { PodPlacement } from '../../schema/placement';
import { configHashAnnotation } from '../common/config-hash';
import { placementFields } from '../common/placement';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext, RunAs } from '../common/security-context';
import { writableDirs } from '../common/writable-dirs';
import * as defaults from './defaults';
import type { ThriftServerNames } from './names';

export interface ThriftDriverProps {
  readonly names: ThriftServerNames;
  readonly labels: Record<string, string>;
  readonly selector: Record<string, string>;
  /** Pod template annotations given by the spec. */
  readonly annotations?: Readonly<Record<string, string>>;
  readonly image: string;
  readonly imagePullPolicy: string;
  readonly runAs: RunAs;
  readonly placement?: PodPlacement;
  readonly jdbcPort: number;
  readonly uiPort: number;
  /** Requests and limits of the driver container (memory = JVM + overhead). */
  readonly resources: k8s.ResourceRequirements;
  readonly env: readonly k8s.EnvVar[];
  readonly volumes: readonly k8s.Volume[];
  readonly mounts: readonly k8s.VolumeMount[];
  /** ConfigMap data the driver reads at start; its hash rolls the pod when it changes. */
  readonly configData: Readonly<Record<string, string>>;
  /** Extra thrift server arguments. */
  readonly args: readonly string[];
  /** Labels every pod of the instance carries (driver and executors): name and instance. */
  readonly instanceLabels: Record<string, string>;
  /** Run before the driver (the jar fetcher); they write to `volumes`. */
  readonly initContainers?: readonly k8s.Container[];
}

/**
 * The thrift server: one pod that is the Spark driver in client mode (spark-submit refuses cluster mode
 * for the thrift server). A Deployment with `Recreate`, so two drivers never run at once. spark-submit
 * runs in the foreground (what `start-thriftserver.sh` with SPARK_NO_DAEMONIZE does, without its pid and
 * log files under a read-only SPARK_HOME). The pod's name, from the downward API, makes the driver the
 * owner of its executors, so they go when it goes.
 */
export class ThriftDriver extends Construct {
  constructor(scope: Construct, id: string, props: ThriftDriverProps) {
    super(scope, id);
    const { names } = props;
    const port = (name: string) => k8s.IntOrString.fromString(name);
    const writable = writableDirs([
      { name: 'tmp', path: '/tmp' },
      { name: 'work-dir', path: defaults.WORK_DIR },
    ]);

    new k8s.KubeService(this, 'driver-service', {
      metadata: { name: names.driverService, labels: props.labels },
      spec: {
        clusterIp: 'None',
        // Executors connect while the driver is still starting (not ready): resolve it before readiness.
        publishNotReadyAddresses: true,
        selector: props.selector,
        ports: [
          { name: 'driver', port: defaults.DRIVER_PORT, targetPort: port('driver') },
          { name: 'block-manager', port: defaults.BLOCK_MANAGER_PORT, targetPort: port('block-manager') },
        ],
      },
    });
    new k8s.KubeService(this, 'service', {
      metadata: { name: names.service, labels: props.labels },
      spec: {
        selector: props.selector,
        ports: [
          { name: 'jdbc', port: props.jdbcPort, targetPort: port('jdbc') },
          { name: 'ui', port: props.uiPort, targetPort: port('ui') },
        ],
      },
    });
    // Clients reach the JDBC port and the UI from anywhere; only the instance's executors reach the driver's RPC ports.
    new k8s.KubeNetworkPolicy(this, 'network-policy', {
      metadata: { name: names.driver, labels: props.labels },
      spec: {
        podSelector: { matchLabels: props.selector },
        policyTypes: ['Ingress'],
        ingress: [
          {
            ports: [
              { port: port('jdbc'), protocol: 'TCP' },
              { port: port('ui'), protocol: 'TCP' },
            ],
          },
          {
            from: [{ podSelector: { matchLabels: props.instanceLabels } }],
            ports: [
              { port: port('driver'), protocol: 'TCP' },
              { port: port('block-manager'), protocol: 'TCP' },
            ],
          },
        ],
      },
    });
    new k8s.KubeDeployment(this, 'deployment', {
      metadata: { name: names.driver, labels: props.labels },
      spec: {
        replicas: 1,
        strategy: { type: 'Recreate' },
        selector: { matchLabels: props.selector },
        template: {
          metadata: { labels: props.labels, annotations: { ...props.annotations, ...configHashAnnotation(props.configData) } },
          spec: {
            serviceAccountName: names.serviceAccount,
            automountServiceAccountToken: true,
            securityContext: restrictedPodSecurityContext(props.runAs),
            ...placementFields(props.placement),
            ...(props.initContainers?.length ? { initContainers: [...props.initContainers] } : {}),
            containers: [
              {
                name: 'thrift-server',
                image: props.image,
                imagePullPolicy: props.imagePullPolicy,
                workingDir: defaults.WORK_DIR,
                command: [`${defaults.SPARK_HOME}/bin/spark-submit`],
                args: [
                  '--class',
                  defaults.THRIFT_SERVER_CLASS,
                  '--conf',
                  'spark.kubernetes.driver.pod.name=$(SPARK_DRIVER_POD_NAME)',
                  'spark-internal',
                  ...props.args,
                ],
                env: [
                  { name: 'SPARK_DRIVER_POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
                  { name: 'SPARK_CONF_DIR', value: defaults.SPARK_CONF_DIR },
                  ...props.env,
                ],
                ports: [
                  { name: 'jdbc', containerPort: props.jdbcPort },
                  { name: 'ui', containerPort: props.uiPort },
                  { name: 'driver', containerPort: defaults.DRIVER_PORT },
                  { name: 'block-manager', containerPort: defaults.BLOCK_MANAGER_PORT },
                ],
                resources: props.resources,
                securityContext: restrictedContainerSecurityContext(),
                // The thrift port opens once the SparkContext and the metastore client are up.
                startupProbe: { tcpSocket: { port: port('jdbc') }, periodSeconds: 5, timeoutSeconds: 5, failureThreshold: 60 },
                readinessProbe: { tcpSocket: { port: port('jdbc') }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
                livenessProbe: { tcpSocket: { port: port('ui') }, periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 3 },
                volumeMounts: [{ name: 'config', mountPath: defaults.SPARK_CONF_DIR, readOnly: true }, ...writable.mounts, ...props.mounts],
              },
            ],
            volumes: [{ name: 'config', configMap: { name: names.config } }, ...writable.volumes, ...props.volumes],
          },
        },
      },
    });
  }
}

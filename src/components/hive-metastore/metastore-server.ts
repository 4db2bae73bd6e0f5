import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { Construct } from 'constructs';

import { heapForMemoryLimit } from '../../core/jvm';
import { parseQuantity, ResolvedResources } from '../../core/quantity';
import type { PodPlacement } from '../../schema/placement';
import { configHashAnnotation } from '../common/config-hash';
import { podDisruptionBudget } from '../common/disruption-budget';
import { selectorLabels, standardLabels } from '../common/labels';
import { placementFields, spreadAffinity } from '../common/placement';
import { resourceRequirements } from '../common/resources';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../common/security-context';
import { writableDirs } from '../common/writable-dirs';
import { HIVE_USER } from './defaults';
import { METASTORE_THRIFT_PORT } from './discovery';
import type { HiveRuntime } from './hive-runtime';

export interface MetastoreServerProps extends HiveRuntime {
  readonly replicas: number;
  readonly resources: ResolvedResources;
  readonly placement?: PodPlacement;
  /** ConfigMap data the pods read at start; its hash rolls them when it changes. */
  readonly configData: Readonly<Record<string, string>>;
}

/**
 * The metastore itself: a stateless Deployment (replicas share the database), its thrift Service on 9083,
 * ServiceAccount without token and a PodDisruptionBudget. The heap is 80% of the memory limit.
 *
 * The image's entrypoint is bypassed: it links configuration into the image's own conf directory (not
 * possible on a read-only root filesystem), appends `-Xmx1G`, and would run schematool on every start.
 * The `hive` launcher is called directly with HIVE_CONF_DIR/HADOOP_CONF_DIR on the mounted ConfigMap.
 */
export class MetastoreServer extends Construct {
  constructor(scope: Construct, id: string, props: MetastoreServerProps) {
    super(scope, id);
    const { names } = props;
    const identity = { ...props.identity, component: 'metastore', version: props.version };
    const labels = standardLabels(identity);
    const selector = selectorLabels(identity);
    const heap = heapForMemoryLimit(parseQuantity(props.resources.limits.memory));
    const thrift = k8s.IntOrString.fromString('thrift');
    const writable = writableDirs([{ name: 'tmp', path: '/tmp' }]);

    new k8s.KubeServiceAccount(this, 'service-account', { metadata: { name: names.metastore, labels }, automountServiceAccountToken: false });
    new k8s.KubeService(this, 'service', {
      metadata: { name: names.service, labels },
      spec: { selector, ports: [{ name: 'thrift', port: METASTORE_THRIFT_PORT, targetPort: thrift }] },
    });
    const placement = placementFields(props.placement);
    new k8s.KubeDeployment(this, 'deployment', {
      metadata: { name: names.metastore, labels, annotations: { 'argocd.argoproj.io/sync-wave': '2' } },
      spec: {
        replicas: props.replicas,
        selector: { matchLabels: selector },
        template: {
          metadata: { labels, annotations: configHashAnnotation(props.configData) },
          spec: {
            serviceAccountName: names.metastore,
            automountServiceAccountToken: false,
            securityContext: restrictedPodSecurityContext(HIVE_USER),
            // Lets in-flight thrift calls finish (Stackable allows five minutes too).
            terminationGracePeriodSeconds: 300,
            ...placement,
            ...(placement.affinity === undefined && props.replicas > 1 ? { affinity: spreadAffinity(selector) } : {}),
            ...(props.initContainers.length ? { initContainers: [...props.initContainers] } : {}),
            containers: [
              {
                name: 'metastore',
                image: props.image,
                imagePullPolicy: props.imagePullPolicy,
                command: ['/opt/hive/bin/hive', '--skiphadoopversion', '--skiphbasecp', '--service', 'metastore'],
                env: [
                  ...props.env,
                  { name: 'METASTORE_PORT', value: String(METASTORE_THRIFT_PORT) },
                  { name: 'HADOOP_CLIENT_OPTS', value: `-Xmx${heap} -XX:+ExitOnOutOfMemoryError` },
                ],
                ports: [{ name: 'thrift', containerPort: METASTORE_THRIFT_PORT }],
                resources: resourceRequirements(props.resources),
                securityContext: restrictedContainerSecurityContext(),
                startupProbe: { tcpSocket: { port: thrift }, periodSeconds: 5, timeoutSeconds: 5, failureThreshold: 60 },
                readinessProbe: { tcpSocket: { port: thrift }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
                livenessProbe: { tcpSocket: { port: thrift }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 6 },
                volumeMounts: [...props.configMounts, ...writable.mounts],
              },
            ],
            volumes: [...props.configVolumes, ...writable.volumes],
          },
        },
      },
    });
    podDisruptionBudget(this, 'pdb', { name: names.metastore, labels, selector, maxUnavailable: 1 });
    // Clients (Trino, Spark, in any namespace) may connect, but only to the thrift port.
    new k8s.KubeNetworkPolicy(this, 'network-policy', {
      metadata: { name: names.metastore, labels },
      spec: { podSelector: { matchLabels: selector }, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: thrift, protocol: 'TCP' }] }] },
    });
  }
}

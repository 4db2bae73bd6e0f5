import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import type { Construct } from 'constructs';

import type { PodPlacement } from '../../schema/placement';
import { podDisruptionBudget } from './disruption-budget';
import { placementFields } from './placement';
import { resourceRequirements } from './resources';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext, RunAs } from './security-context';
import { WritableDir, writableDirs } from './writable-dirs';

/** What differs between the single-replica databases components embed (MySQL for Hive, PostgreSQL for the gateway). */
export interface EmbeddedDatabaseProps {
  /** Name of the StatefulSet, its client Service, ServiceAccount, PodDisruptionBudget and NetworkPolicy. */
  readonly name: string;
  readonly headlessName: string;
  readonly labels: Record<string, string>;
  readonly selector: Record<string, string>;
  /** The Secret of generated values (kept across syntheses by sealing). */
  readonly secret: { readonly name: string; readonly stringData: Record<string, string> };
  readonly port: { readonly name: string; readonly number: number };
  /** The image's own non-root user. */
  readonly runAs: RunAs;
  readonly placement?: PodPlacement;
  /** The database container's own fields; ports, probes, resources, security and mounts are added here. */
  readonly container: Pick<k8s.Container, 'name' | 'image' | 'imagePullPolicy' | 'args' | 'env'>;
  readonly resources: Parameters<typeof resourceRequirements>[0];
  /** A check that the server answers on TCP (its first-start server listens on the socket only). */
  readonly ready: k8s.ExecAction;
  /** Where the volume claim is mounted. */
  readonly dataMount: string;
  readonly storage: { readonly size: string; readonly storageClass?: string };
  /** Directories the server writes besides its data (the root filesystem is read-only). */
  readonly writable: readonly WritableDir[];
  /** More volumes and mounts of the container, before the writable directories. */
  readonly volumes?: readonly k8s.Volume[];
  readonly mounts?: readonly k8s.VolumeMount[];
  /** Labels of the only pods allowed to connect. */
  readonly clients: Record<string, string>;
}

/**
 * A component's own database: one replica with a volumeClaimTemplate, headless and client Services, a
 * Secret of generated values, a PodDisruptionBudget that never blocks a drain, and a NetworkPolicy letting
 * only the component's pods in. Runs as the image's own user under the restricted Pod Security Standard
 * with a read-only root filesystem; the first start may take five minutes (startup probe).
 */
export function embeddedDatabase(scope: Construct, props: EmbeddedDatabaseProps): void {
  const { name, labels, selector, port } = props;
  new k8s.KubeSecret(scope, 'secret', { metadata: { name: props.secret.name, labels }, type: 'Opaque', stringData: props.secret.stringData });
  new k8s.KubeServiceAccount(scope, 'service-account', { metadata: { name, labels }, automountServiceAccountToken: false });
  const ports = [{ name: port.name, port: port.number, targetPort: k8s.IntOrString.fromString(port.name) }];
  new k8s.KubeService(scope, 'headless', {
    metadata: { name: props.headlessName, labels },
    spec: { clusterIp: 'None', selector, ports, publishNotReadyAddresses: true },
  });
  new k8s.KubeService(scope, 'service', { metadata: { name, labels }, spec: { selector, ports } });

  const writable = writableDirs(props.writable);
  new k8s.KubeStatefulSet(scope, 'statefulset', {
    metadata: { name, labels },
    spec: {
      replicas: 1,
      serviceName: props.headlessName,
      selector: { matchLabels: selector },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: name,
          automountServiceAccountToken: false,
          securityContext: restrictedPodSecurityContext(props.runAs),
          terminationGracePeriodSeconds: 60,
          ...placementFields(props.placement),
          containers: [
            {
              ...props.container,
              ports: [{ name: port.name, containerPort: port.number }],
              resources: resourceRequirements(props.resources),
              securityContext: restrictedContainerSecurityContext(),
              // First start initializes the data directory: allow five minutes.
              startupProbe: { exec: props.ready, periodSeconds: 5, timeoutSeconds: 5, failureThreshold: 60 },
              readinessProbe: { exec: props.ready, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
              livenessProbe: {
                tcpSocket: { port: k8s.IntOrString.fromString(port.name) },
                periodSeconds: 20,
                timeoutSeconds: 5,
                failureThreshold: 3,
              },
              volumeMounts: [{ name: 'data', mountPath: props.dataMount }, ...(props.mounts ?? []), ...writable.mounts],
            },
          ],
          volumes: [...(props.volumes ?? []), ...writable.volumes],
        },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: 'data', labels: selector },
          spec: {
            accessModes: ['ReadWriteOnce'],
            ...(props.storage.storageClass === undefined ? {} : { storageClassName: props.storage.storageClass }),
            resources: { requests: { storage: k8s.Quantity.fromString(props.storage.size) } },
          },
        },
      ],
    },
  });
  podDisruptionBudget(scope, 'pdb', { name, labels, selector, maxUnavailable: 1 });
  new k8s.KubeNetworkPolicy(scope, 'network-policy', {
    metadata: { name, labels },
    spec: {
      podSelector: { matchLabels: selector },
      policyTypes: ['Ingress'],
      ingress: [
        { from: [{ podSelector: { matchLabels: props.clients } }], ports: [{ port: k8s.IntOrString.fromString(port.name), protocol: 'TCP' }] },
      ],
    },
  });
}

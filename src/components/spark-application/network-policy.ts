import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import type { Construct } from 'constructs';

export interface SparkNetworkPolicyProps {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Labels every pod of the application carries (driver, executors): name and instance. */
  readonly appSelector: Readonly<Record<string, string>>;
}

/**
 * Only the application's own pods reach its pods: executors talk to the driver and fetch shuffle blocks
 * from each other on ports Spark picks. Outbound traffic (API server, S3, metastore) stays open.
 */
export function sparkNetworkPolicy(scope: Construct, props: SparkNetworkPolicyProps): void {
  new k8s.KubeNetworkPolicy(scope, 'network-policy', {
    metadata: { name: props.name, labels: { ...props.labels } },
    spec: {
      podSelector: { matchLabels: { ...props.appSelector } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: { ...props.appSelector } } }] }],
    },
  });
}

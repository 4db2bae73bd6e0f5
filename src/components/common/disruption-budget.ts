import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import type { Construct } from 'constructs';

export interface DisruptionBudgetProps {
  /** Object name, e.g. `<instance>-worker`. */
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** The workload's selector labels. */
  readonly selector: Readonly<Record<string, string>>;
  /** Pods a voluntary disruption (node drain) may take down at once; at least 1 so drains never block. */
  readonly maxUnavailable: number;
}

/**
 * A PodDisruptionBudget that never blocks a drain: `maxUnavailable` ≥ 1 and
 * `unhealthyPodEvictionPolicy: AlwaysAllow`, so pods that are not ready anyway can always be evicted.
 */
export function podDisruptionBudget(scope: Construct, id: string, props: DisruptionBudgetProps): k8s.KubePodDisruptionBudget {
  if (!Number.isInteger(props.maxUnavailable) || props.maxUnavailable < 1) {
    throw new Error(
      `PodDisruptionBudget ${props.name}: maxUnavailable must be an integer >= 1 (got ${props.maxUnavailable}); 0 would block node drains`,
    );
  }
  return new k8s.KubePodDisruptionBudget(scope, id, {
    metadata: { name: props.name, labels: { ...props.labels } },
    spec: {
      maxUnavailable: k8s.IntOrString.fromNumber(props.maxUnavailable),
      selector: { matchLabels: { ...props.selector } },
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    },
  });
}

/** Workers a budget lets go at once: a tenth of them, at least one (Stackable's rule). */
export function tenthOf(replicas: number): number {
  return Math.max(1, Math.floor(replicas / 10));
}

import type * as k8s from 'cdk8s-plus-27/lib/imports/k8s';

import type { PodPlacement } from '../../schema/placement';

/** Pod spec fields for a spec's `placement` (node selector, tolerations, affinity, priority, scheduler), as given. */
export function placementFields(
  placement: PodPlacement | undefined,
): Partial<Pick<k8s.PodSpec, 'nodeSelector' | 'tolerations' | 'affinity' | 'priorityClassName' | 'schedulerName'>> {
  if (placement === undefined) return {};
  return {
    ...(placement.nodeSelector && { nodeSelector: { ...placement.nodeSelector } }),
    ...(placement.tolerations && { tolerations: placement.tolerations as k8s.Toleration[] }),
    ...(placement.affinity && { affinity: placement.affinity as k8s.Affinity }),
    ...(placement.priorityClassName !== undefined && { priorityClassName: placement.priorityClassName }),
    ...(placement.schedulerName !== undefined && { schedulerName: placement.schedulerName }),
  };
}

/**
 * Spreads replicas of one role over nodes (preferred anti-affinity, weight 70 as Stackable), unless the
 * spec brings its own affinity.
 */
export function spreadAffinity(selector: Readonly<Record<string, string>>): k8s.Affinity {
  return {
    podAntiAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [
        { weight: 70, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { ...selector } } } },
      ],
    },
  };
}

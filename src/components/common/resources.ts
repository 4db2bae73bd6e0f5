import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';

import type { ResolvedResources } from '../../core/quantity';

/** A container's `resources` from resolved values. */
export function resourceRequirements(resources: ResolvedResources): k8s.ResourceRequirements {
  const list = (values: { cpu: string; memory: string }) => ({
    cpu: k8s.Quantity.fromString(values.cpu),
    memory: k8s.Quantity.fromString(values.memory),
  });
  return { requests: list(resources.requests), limits: list(resources.limits) };
}

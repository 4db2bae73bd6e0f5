import { z } from 'zod';

import { passThroughObject, stringMap } from './fields';

/** Where pods may be scheduled; passed to the pod spec as given. */
export const podPlacement = z.strictObject({
  nodeSelector: stringMap.optional(),
  tolerations: z.array(passThroughObject).optional(),
  affinity: passThroughObject.optional(),
  priorityClassName: z.string().optional(),
  schedulerName: z.string().optional(),
});
export type PodPlacement = z.infer<typeof podPlacement>;

/** A JVM's heap is sized from its memory limit, so a limit must be set when resources are given. */
export function requireMemoryLimit(resources: { limits?: { memory?: string } } | undefined, path: PropertyKey[], ctx: z.RefinementCtx): void {
  if (resources !== undefined && resources.limits?.memory === undefined) {
    ctx.addIssue({ code: 'custom', path: [...path, 'limits', 'memory'], message: 'required: the JVM heap is sized from the memory limit' });
  }
}

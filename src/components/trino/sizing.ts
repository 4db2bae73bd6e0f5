import { heapForMemoryLimit, parseJvmSize } from '../../core/jvm';
import { parseQuantity, ResolvedResources, resolveJvmResources } from '../../core/quantity';
import type { TrinoRole } from './role-schema';

/** Resources of a coordinator or worker that sets none. */
export const TRINO_DEFAULT_RESOURCES: ResolvedResources = {
  requests: { cpu: '1', memory: '4Gi' },
  limits: { cpu: '2', memory: '4Gi' },
};

/** A role's resources and JVM heap with every default applied. */
export interface RoleSizing {
  readonly resources: ResolvedResources;
  /** `-Xmx` value, e.g. `3276M`. */
  readonly heap: string;
  readonly heapBytes: number;
  readonly memoryLimitBytes: number;
}

/** Resolves a role's resources (JVM rules: memory request = limit) and heap (given, or 80 % of the limit). */
export function roleSizing(role: Pick<TrinoRole, 'resources' | 'jvm'>): RoleSizing {
  const resources = resolveJvmResources(role.resources, TRINO_DEFAULT_RESOURCES);
  const memoryLimitBytes = parseQuantity(resources.limits.memory);
  const heap = role.jvm?.maxHeap ?? heapForMemoryLimit(memoryLimitBytes);
  return { resources, heap, heapBytes: parseJvmSize(heap), memoryLimitBytes };
}

/** Pod termination grace of workers: twice the shutdown grace period plus a minute for the last tasks. */
export function defaultTerminationGraceSeconds(gracePeriodSeconds: number): number {
  return 2 * gracePeriodSeconds + 60;
}

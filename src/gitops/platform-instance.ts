import type { InstanceRef } from '../core/instance';
import { deploymentName } from './layout';

/** What the bootstrap needs to know of one instance of the platform. */
export interface PlatformInstance {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  /** Its component's folder name, e.g. `trino`. */
  readonly component: string;
  /** Instances it needs; their Application/Kustomization goes first. */
  readonly references: readonly InstanceRef[];
  /**
   * Its folder holds Argo CD Applications (an Argo-flavour Helm release), written into Argo CD's own
   * namespace: its Application then belongs to the platform project, the only one allowed there.
   */
  readonly argoApplications?: boolean;
  /**
   * It runs to completion (a Spark batch application): Flux does not wait for its health, since a Job
   * is healthy only once complete and a failed run would keep the Kustomization not Ready for good.
   */
  readonly batch?: boolean;
}

/**
 * Names of the Argo CD Applications / Flux Kustomizations an instance depends on, sorted. References to
 * instances not in `platform` are ignored: the engine already refused them when the instance was written.
 */
export function dependencyNames(instance: PlatformInstance, platform: readonly PlatformInstance[]): string[] {
  const names = instance.references
    .map((ref) => platform.find((other) => other.kind === ref.kind && other.name === ref.name))
    .filter((other): other is PlatformInstance => other !== undefined && other !== instance)
    .map((other) => deploymentName(other.component, other.name));
  return [...new Set(names)].sort();
}

/**
 * Argo CD sync wave of an instance: 1 + the longest chain of instances it references (namespaces are
 * wave 0), so a metastore syncs before the Trino cluster that reads it. Cycles cannot stall it: a
 * reference already on the current path counts as nothing.
 */
export function syncWave(instance: PlatformInstance, platform: readonly PlatformInstance[], path: readonly PlatformInstance[] = []): number {
  const deps = instance.references
    .map((ref) => platform.find((other) => other.kind === ref.kind && other.name === ref.name))
    .filter((other): other is PlatformInstance => other !== undefined && other !== instance && !path.includes(other));
  return 1 + Math.max(0, ...deps.map((dep) => syncWave(dep, platform, [...path, instance])));
}

/** Instances in a stable order: by component folder, then name. */
export function sortInstances(platform: readonly PlatformInstance[]): PlatformInstance[] {
  return [...platform].sort((a, b) => deploymentName(a.component, a.name).localeCompare(deploymentName(b.component, b.name), 'en'));
}

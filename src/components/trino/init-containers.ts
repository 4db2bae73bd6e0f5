import type * as k8s from 'cdk8s-plus-27/lib/imports/k8s';

import { restrictedContainerSecurityContext } from '../common/security-context';

/** Init containers with DataRoaster's defaults, plus an emptyDir per volume they mount, shared with Trino. */
export interface InitContainers {
  readonly containers: k8s.Container[];
  readonly volumes: k8s.Volume[];
  /** Mounts of the same volumes in the Trino container, at the paths the init containers use. */
  readonly mounts: k8s.VolumeMount[];
}

/**
 * Original DataRoaster clusters used init containers to fetch agents (e.g. a JMX exporter) into a
 * directory Trino then reads. Their mounts become emptyDirs shared with the Trino container at the
 * same path. Missing security contexts become the restricted one, missing pull policies IfNotPresent.
 */
export function initContainers(given: readonly Record<string, unknown>[] | undefined): InitContainers {
  const containers = (given ?? []).map((c) => ({
    imagePullPolicy: 'IfNotPresent',
    securityContext: restrictedContainerSecurityContext(),
    ...c,
  })) as unknown as k8s.Container[];
  const mounts = new Map<string, k8s.VolumeMount>();
  for (const container of containers) {
    for (const mount of container.volumeMounts ?? [])
      if (!mounts.has(mount.name)) mounts.set(mount.name, { name: mount.name, mountPath: mount.mountPath });
  }
  return {
    containers,
    volumes: [...mounts.keys()].map((name) => ({ name, emptyDir: {} })),
    mounts: [...mounts.values()],
  };
}

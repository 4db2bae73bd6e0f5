import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';

/** A directory a process writes to under a read-only root filesystem. */
export interface WritableDir {
  /** Volume name (RFC 1123 label, unique in the pod), e.g. `data`. */
  readonly name: string;
  /** Where the container sees it, e.g. `/data/trino`. */
  readonly path: string;
  /** Cap on what the directory may hold; the pod is evicted past it. @default - no cap */
  readonly sizeLimit?: string;
}

/** One emptyDir volume and mount per writable directory, for `readOnlyRootFilesystem: true` containers. */
export function writableDirs(dirs: readonly WritableDir[]): { volumes: k8s.Volume[]; mounts: k8s.VolumeMount[] } {
  return {
    volumes: dirs.map((dir) => ({
      name: dir.name,
      emptyDir: dir.sizeLimit === undefined ? {} : { sizeLimit: k8s.Quantity.fromString(dir.sizeLimit) },
    })),
    mounts: dirs.map((dir) => ({ name: dir.name, mountPath: dir.path })),
  };
}

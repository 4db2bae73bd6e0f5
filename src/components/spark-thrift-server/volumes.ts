import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import type { Construct } from 'constructs';

import type { SparkThriftServerSpec } from './schema';

type Spec = SparkThriftServerSpec['spec'];
type Volume = NonNullable<Spec['volumes']>[number];
type Mount = NonNullable<NonNullable<Spec['driver']>['volumeMounts']>[number];

/** Spark treats volumes named `spark-local-dir-*` as local (scratch) directories. */
export function sparkVolumeName(volume: Volume): string {
  return volume.localDir === true ? `spark-local-dir-${volume.name}` : volume.name;
}

/** One ReadWriteMany claim per `persistentVolumeClaim` volume, on its storage class (or the cluster default). */
export function claims(scope: Construct, volumes: readonly Volume[], labels: Record<string, string>): void {
  for (const volume of volumes) {
    const claim = volume.persistentVolumeClaim;
    if (claim === undefined) continue;
    new k8s.KubePersistentVolumeClaim(scope, `claim-${volume.name}`, {
      metadata: { name: claim.claimName, labels },
      spec: {
        accessModes: ['ReadWriteMany'],
        ...(claim.storageClass === undefined ? {} : { storageClassName: claim.storageClass }),
        resources: { requests: { storage: k8s.Quantity.fromString(claim.size) } },
      },
    });
  }
}

/** The driver pod's volumes and mounts, and the local directories Spark should use (SPARK_LOCAL_DIRS). */
export function driverVolumes(
  volumes: readonly Volume[],
  mounts: readonly Mount[],
): { volumes: k8s.Volume[]; mounts: k8s.VolumeMount[]; localDirs: string[] } {
  const byName = new Map(volumes.map((v) => [v.name, v]));
  const used = volumes.filter((v) => mounts.some((m) => m.name === v.name));
  return {
    volumes: used.map((v) => ({
      name: sparkVolumeName(v),
      ...(v.persistentVolumeClaim
        ? {
            persistentVolumeClaim: {
              claimName: v.persistentVolumeClaim.claimName,
              ...(v.persistentVolumeClaim.readOnly === undefined ? {} : { readOnly: v.persistentVolumeClaim.readOnly }),
            },
          }
        : { emptyDir: emptyDirOf(v) }),
    })),
    mounts: mounts.map((m) => ({
      name: sparkVolumeName(byName.get(m.name)!),
      mountPath: m.mountPath,
      ...(m.readOnly === undefined ? {} : { readOnly: m.readOnly }),
      ...(m.subPath === undefined ? {} : { subPath: m.subPath }),
    })),
    localDirs: mounts.filter((m) => byName.get(m.name)!.localDir === true).map((m) => m.mountPath),
  };
}

/** `spark.kubernetes.executor.volumes.*` properties mounting the executors' volumes. */
export function executorVolumeConfs(volumes: readonly Volume[], mounts: readonly Mount[]): Record<string, string> {
  const byName = new Map(volumes.map((v) => [v.name, v]));
  const confs: Record<string, string> = {};
  for (const mount of mounts) {
    const volume = byName.get(mount.name)!;
    const claim = volume.persistentVolumeClaim;
    const prefix = `spark.kubernetes.executor.volumes.${claim ? 'persistentVolumeClaim' : 'emptyDir'}.${sparkVolumeName(volume)}`;
    confs[`${prefix}.mount.path`] = mount.mountPath;
    const readOnly = mount.readOnly ?? claim?.readOnly;
    if (readOnly !== undefined) confs[`${prefix}.mount.readOnly`] = String(readOnly);
    if (mount.subPath !== undefined) confs[`${prefix}.mount.subPath`] = mount.subPath;
    if (claim) confs[`${prefix}.options.claimName`] = claim.claimName;
    if (volume.emptyDir?.medium) confs[`${prefix}.options.medium`] = volume.emptyDir.medium;
    if (volume.emptyDir?.sizeLimit !== undefined) confs[`${prefix}.options.sizeLimit`] = volume.emptyDir.sizeLimit;
  }
  return confs;
}

function emptyDirOf(volume: Volume): k8s.EmptyDirVolumeSource {
  return {
    ...(volume.emptyDir?.medium ? { medium: volume.emptyDir.medium } : {}),
    ...(volume.emptyDir?.sizeLimit === undefined ? {} : { sizeLimit: k8s.Quantity.fromString(volume.emptyDir.sizeLimit) }),
  };
}

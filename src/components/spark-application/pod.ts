import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';

import { placementFields } from '../common/placement';
import { restrictedPodSecurityContext } from '../common/security-context';
import { SPARK_UID } from './names';
import { ON_DEMAND_CLAIM, PodTemplateSpec, VolumeSpec } from './pod-schema';
import type { SparkApplicationSpec, SparkRole } from './schema';

/** Scratch space of every Spark container: the root filesystem is read-only. */
export const TMP_VOLUME = 'dataroaster-tmp';

/** The Kubernetes volume name of a spec volume: Spark uses `spark-local-dir-*` volumes as local dirs. */
export function volumeName(volume: Pick<VolumeSpec, 'name' | 'sparkLocalDir'>): string {
  return volume.sparkLocalDir ? `spark-local-dir-${volume.name}` : volume.name;
}

export const isOnDemand = (volume: VolumeSpec): boolean => volume.persistentVolumeClaim?.claimName === ON_DEMAND_CLAIM;

/**
 * The volumes and mounts of one role that go into its pod: a `/tmp` emptyDir plus every mounted spec
 * volume except OnDemand claims, which only Spark can create (they go into Spark settings instead).
 */
export function roleVolumes(spec: SparkApplicationSpec, role: SparkRole): { volumes: k8s.Volume[]; mounts: k8s.VolumeMount[] } {
  const volumes: k8s.Volume[] = [{ name: TMP_VOLUME, emptyDir: {} }];
  const mounts: k8s.VolumeMount[] = [{ name: TMP_VOLUME, mountPath: '/tmp' }];
  for (const mount of spec[role].volumeMounts) {
    const volume = spec.volumes.find((v) => v.name === mount.name)!;
    if (isOnDemand(volume)) continue;
    const name = volumeName(volume);
    if (!volumes.some((v) => v.name === name)) volumes.push(kubeVolume(name, volume));
    mounts.push({
      name,
      mountPath: mount.mountPath,
      readOnly: mount.readOnly,
      subPath: mount.subPath,
      subPathExpr: mount.subPathExpr,
      mountPropagation: mount.mountPropagation,
    });
  }
  return { volumes, mounts };
}

function kubeVolume(name: string, volume: VolumeSpec): k8s.Volume {
  if (volume.emptyDir) {
    const { medium, sizeLimit } = volume.emptyDir;
    return { name, emptyDir: { medium, sizeLimit: sizeLimit === undefined ? undefined : k8s.Quantity.fromString(sizeLimit) } };
  }
  if (volume.persistentVolumeClaim) {
    return { name, persistentVolumeClaim: { claimName: volume.persistentVolumeClaim.claimName, readOnly: volume.persistentVolumeClaim.readOnly } };
  }
  // hostPath: the spec refuses it unless `allowHostPath` is set, and the namespace is then privileged.
  return { name, hostPath: volume.hostPath! };
}

/** Pod-level settings of a role: restricted security context (uid 185 unless the spec says otherwise) and scheduling. */
export function rolePodSettings(
  template: PodTemplateSpec,
): Pick<k8s.PodSpec, 'securityContext' | 'affinity' | 'tolerations' | 'nodeSelector' | 'schedulerName' | 'priorityClassName'> {
  const given = template.securityContext ?? {};
  const user = given.runAsUser ?? SPARK_UID;
  return {
    securityContext: {
      ...restrictedPodSecurityContext({ user, group: given.runAsGroup ?? SPARK_UID, fsGroup: given.fsGroup }),
      ...(given.supplementalGroups ? { supplementalGroups: given.supplementalGroups } : {}),
      ...(given.fsGroupChangePolicy ? { fsGroupChangePolicy: given.fsGroupChangePolicy } : {}),
    },
    ...placementFields(template),
  };
}

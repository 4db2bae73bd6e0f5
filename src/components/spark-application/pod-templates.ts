import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';

import { restrictedContainerSecurityContext } from '../common/security-context';
import type { S3aJars } from './jars';
import { DRIVER_CONTAINER, EXECUTOR_CONTAINER } from './names';
import { rolePodSettings, roleVolumes } from './pod';
import type { SparkApplicationSpec, SparkRole } from './schema';

/**
 * A Spark pod template (`spark.kubernetes.{driver,executor}.podTemplateFile`, or the Spark operator's
 * `template`): what Spark settings cannot express — restricted security contexts, a read-only root with
 * a `/tmp` emptyDir, scheduling, volumes with every mount option, labels and annotations. Spark adds its
 * image, command, resources and own volumes on top. Executors get no API token: they never call the API.
 * With `jars`, the pod's init container fetches the S3A jars first: Spark keeps a template's init
 * containers and volumes, and so does the Spark operator, which hands `template` to Spark as the pod
 * template file (no mutating webhook involved).
 */
export function sparkPodTemplate(
  spec: SparkApplicationSpec,
  role: SparkRole,
  labels: Readonly<Record<string, string>>,
  jars?: S3aJars,
): Record<string, unknown> {
  const { volumes, mounts } = withJars(roleVolumes(spec, role), jars);
  const settings = spec[role];
  return k8s.KubePod.manifest({
    metadata: {
      labels: { ...settings.labels, ...labels },
      ...(Object.keys(settings.annotations).length ? { annotations: { ...settings.annotations } } : {}),
    },
    spec: {
      ...rolePodSettings(settings.podTemplate),
      automountServiceAccountToken: role === 'driver',
      ...(jars ? { initContainers: [jars.fetcher] } : {}),
      containers: [
        {
          name: role === 'driver' ? DRIVER_CONTAINER : EXECUTOR_CONTAINER,
          securityContext: restrictedContainerSecurityContext(),
          volumeMounts: mounts,
        },
      ],
      volumes,
    },
  });
}

/** A pod's volumes and mounts plus the S3A jars' emptyDir (mounted read-only), if any. */
export function withJars(
  pod: { volumes: k8s.Volume[]; mounts: k8s.VolumeMount[] },
  jars: S3aJars | undefined,
): { volumes: k8s.Volume[]; mounts: k8s.VolumeMount[] } {
  return jars ? { volumes: [...pod.volumes, jars.volume], mounts: [...pod.mounts, jars.mount] } : pod;
}

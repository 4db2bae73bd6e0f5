import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import type { SparkApplicationSpec, SparkRole } from './schema';
import { restrictedContainerSecurityContext } from '../common/security-context';
import { DRIVER_CONTAINER, EXECUTOR_CONTAINER } from './names';
import { rolePodSettings, roleVolumes } from './pod';

/**
 * A Spark pod template (`spark.kubernetes.{driver,executor}.podTemplateFile`, or the Spark operator's
 * `template`): what Spark settings cannot express — restricted security contexts, a read-only root with
 * a `/tmp` emptyDir, scheduling, volumes with every mount option, labels and annotations. Spark adds its
 * image, command, resources and own volumes on top. Executors get no API token: they never call the API.
 */
export function sparkPodTemplate(spec: SparkApplicationSpec, role: SparkRole, labels: Readonly<Record<string, string>>): Record<string, unknown> {
  const { volumes, mounts } = roleVolumes(spec, role);
  const settings = spec[role];
  return k8s.KubePod.manifest({
    metadata: {
      labels: { ...settings.labels, ...labels },
      ...(Object.keys(settings.annotations).length ? { annotations: { ...settings.annotations } } : {}),
    },
    spec: {
      ...rolePodSettings(settings.podTemplate),
      automountServiceAccountToken: role === 'driver',
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

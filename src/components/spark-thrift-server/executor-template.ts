import type * as k8s from 'cdk8s-plus-27/lib/imports/k8s';

import { toYaml } from '../../core/render';
import type { PodPlacement } from '../../schema/placement';
import { JAR_FETCHER_RESOURCES } from '../common/jars';
import { placementFields } from '../common/placement';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext, RunAs } from '../common/security-context';
import { writableDirs } from '../common/writable-dirs';
import { EXECUTOR_CONTAINER, EXTRA_JARS_DIR, EXTRA_JARS_VOLUME, WORK_DIR } from './defaults';

/**
 * The executor pod template (`spark.kubernetes.executor.podTemplateFile`): Spark builds executor pods on
 * it, so they meet the restricted Pod Security Standard too — non-root, no token (executors do not call
 * the API server), read-only root with writable /tmp (the image's entrypoint writes there) and work dir
 * (files and jars added to a session land there). Spark adds image, resources, env and local dirs.
 */
export function executorPodTemplate(props: {
  labels: Record<string, string>;
  runAs: RunAs;
  placement?: PodPlacement;
  jarFetcher?: k8s.Container;
}): string {
  const writable = writableDirs([
    { name: 'tmp', path: '/tmp' },
    { name: 'work-dir', path: WORK_DIR },
    ...(props.jarFetcher ? [{ name: EXTRA_JARS_VOLUME, path: EXTRA_JARS_DIR }] : []),
  ]);
  // The fetcher's resources as plain data (the template is written as YAML directly).
  const initContainers = props.jarFetcher ? [{ ...props.jarFetcher, resources: JAR_FETCHER_RESOURCES }] : undefined;
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { labels: props.labels },
    spec: {
      automountServiceAccountToken: false,
      securityContext: restrictedPodSecurityContext(props.runAs),
      ...placementFields(props.placement),
      ...(initContainers ? { initContainers } : {}),
      containers: [{ name: EXECUTOR_CONTAINER, securityContext: restrictedContainerSecurityContext(), volumeMounts: writable.mounts }],
      volumes: writable.volumes.map(plainVolume),
    },
  };
  return toYaml(pod);
}

/** cdk8s Quantity objects are not plain data; the template is written as YAML directly, so keep it plain. */
function plainVolume(volume: k8s.Volume): Record<string, unknown> {
  return { name: volume.name, emptyDir: {} };
}

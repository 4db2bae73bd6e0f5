import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';

import { imageReference } from '../common/image';
import { resourceRequirements } from '../common/resources';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../common/security-context';
import { writableDirs } from '../common/writable-dirs';
import { TRINO_CATALOG_DIR } from './checks';
import { DATA_DIR, RoleConfig, RoleName, TRINO_CONFIG_DIR } from './config-files';
import { initContainers } from './init-containers';
import type { TrinoNames } from './names';
import { trinoProbes } from './probes';
import type { TrinoRole } from './role-schema';
import type { TrinoClusterSpec } from './schema';
import { roleSizing } from './sizing';

export interface TrinoPodProps {
  readonly role: RoleName;
  readonly spec: TrinoClusterSpec['spec'];
  readonly names: TrinoNames;
  /** Pod labels (standard labels of the role). */
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  /** The role's selector labels, for spreading. */
  readonly selector: Record<string, string>;
  /** The role's ConfigMap (name = `names[role]`). */
  readonly config: RoleConfig;
  /** Env vars every node needs (catalog credentials, shared secret). */
  readonly env: readonly k8s.EnvVar[];
  readonly terminationGracePeriodSeconds?: number;
  readonly lifecycle?: k8s.Lifecycle;
  /** Spread pods over nodes and zones (for two or more replicas). */
  readonly spread: boolean;
}

/** The pod template of a coordinator or worker: restricted, read-only root, probes, config mounted. */
export function trinoPodTemplate(props: TrinoPodProps): k8s.PodTemplateSpec {
  const { spec, role, names } = props;
  const settings: TrinoRole = spec[role];
  const writable = writableDirs([
    { name: 'data', path: DATA_DIR },
    { name: 'tmp', path: '/tmp' },
  ]);
  const init = initContainers(settings.initContainers);
  const container: k8s.Container = {
    name: 'trino',
    image: imageReference(spec.image),
    imagePullPolicy: spec.image.pullPolicy,
    ports: [{ name: 'http', containerPort: spec.httpPort, protocol: 'TCP' }],
    env: [...props.env, ...props.config.env].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    resources: resourceRequirements(roleSizing(settings).resources),
    securityContext: restrictedContainerSecurityContext(),
    volumeMounts: [
      { name: 'config', mountPath: TRINO_CONFIG_DIR, readOnly: true },
      { name: 'catalogs', mountPath: TRINO_CATALOG_DIR, readOnly: true },
      ...props.config.extraFiles.map((file) => ({ name: 'config', mountPath: file.path, subPath: file.key, readOnly: true })),
      ...writable.mounts,
      ...init.mounts,
    ],
    ...trinoProbes(spec.httpPort),
    lifecycle: props.lifecycle,
  };
  return {
    metadata: { labels: props.labels, annotations: props.annotations },
    spec: {
      serviceAccountName: names.serviceAccount,
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      securityContext: restrictedPodSecurityContext({
        user: spec.securityContext.runAsUser,
        group: spec.securityContext.runAsGroup,
        fsGroup: spec.securityContext.fsGroup,
      }),
      terminationGracePeriodSeconds: props.terminationGracePeriodSeconds,
      imagePullSecrets: spec.image.pullSecrets.length ? spec.image.pullSecrets.map((name) => ({ name })) : undefined,
      nodeSelector: settings.nodeSelector,
      affinity: settings.affinity as k8s.Affinity | undefined,
      tolerations: settings.tolerations as k8s.Toleration[] | undefined,
      topologySpreadConstraints: props.spread ? spreadConstraints(props.selector) : undefined,
      initContainers: init.containers.length ? init.containers : undefined,
      containers: [container],
      volumes: [
        { name: 'config', configMap: { name: names[role], items: props.config.configFiles.map((key) => ({ key, path: key })) } },
        { name: 'catalogs', configMap: { name: names.catalogs } },
        ...writable.volumes,
        ...init.volumes,
      ],
    },
  };
}

/** Best-effort spreading over nodes, then zones: never blocks scheduling. */
function spreadConstraints(selector: Record<string, string>): k8s.TopologySpreadConstraint[] {
  return ['kubernetes.io/hostname', 'topology.kubernetes.io/zone'].map((topologyKey) => ({
    maxSkew: 1,
    topologyKey,
    whenUnsatisfiable: 'ScheduleAnyway',
    labelSelector: { matchLabels: selector },
  }));
}

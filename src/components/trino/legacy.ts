import type { LegacyKind } from '../../core/component';
import { DEFAULT_HEAP_FRACTION, isJvmSize, parseJvmSize } from '../../core/jvm';
import { parseQuantity } from '../../core/quantity';
import { SpecError, SpecIssue } from '../../schema/errors';
import { API_VERSION, parseWith } from '../../schema/fields';
import { durationSeconds, ParsedRole, parseRoleConfigs } from './legacy-configs';
import { LEGACY_TRINO_API_VERSION, LegacyTrinoCluster, legacyTrinoClusterSchema, LegacyTrinoRole } from './legacy-schema';
import { TRINO_DEFAULT_RESOURCES } from './sizing';

type RoleName = 'coordinator' | 'worker';

/** Keys the own kind manages; the original's values are dropped (see the README for each). */
const DROPPED_CONFIG = ['discovery.uri', 'internal-communication.shared-secret'];
const DROPPED_NODE_PROPERTIES = ['node.data-dir', 'node.id'];

/**
 * The original TrinoCluster mapped onto the own kind: the raw config files are parsed into typed
 * fields, `metadata.name` names the instance and `spec.namespace` is its namespace.
 */
export const LEGACY_TRINO_CLUSTER: LegacyKind = {
  apiVersion: LEGACY_TRINO_API_VERSION,
  kind: 'TrinoCluster',
  toOwnKind(data, source) {
    const legacy = parseWith(legacyTrinoClusterSchema, data, source);
    const issues: SpecIssue[] = [];
    const parsed = {
      coordinator: parseRoleConfigs(legacy.spec.coordinator.configs ?? [], 'spec.coordinator', issues),
      worker: parseRoleConfigs(legacy.spec.worker.configs ?? [], 'spec.worker', issues),
    };
    const shared = sharedSettings(parsed, issues);
    const own = {
      apiVersion: API_VERSION,
      kind: 'TrinoCluster',
      metadata: {
        name: legacy.metadata.name,
        namespace: legacy.spec.namespace,
        ...(legacy.metadata.labels ? { labels: legacy.metadata.labels } : {}),
        ...(legacy.metadata.annotations ? { annotations: legacy.metadata.annotations } : {}),
      },
      spec: {
        image: {
          repository: legacy.spec.image.repository,
          tag: legacy.spec.image.tag,
          ...(legacy.spec.image.imagePullPolicy ? { pullPolicy: legacy.spec.image.imagePullPolicy } : {}),
          pullSecrets: (legacy.spec.image.imagePullSecrets ?? []).map((s) => (typeof s === 'string' ? s : s.name)),
        },
        ...shared,
        ...(legacy.spec.serviceAccountName ? { serviceAccountName: legacy.spec.serviceAccountName } : {}),
        securityContext: definedOnly({
          runAsUser: legacy.spec.securityContext?.runAsUser,
          runAsGroup: legacy.spec.securityContext?.runAsGroup,
          fsGroup: legacy.spec.securityContext?.fsGroup,
        }),
        coordinator: ownRole('coordinator', legacy.spec.coordinator, parsed.coordinator, issues),
        worker: { ...ownRole('worker', legacy.spec.worker, parsed.worker, issues), ...workerScaling(legacy.spec.worker, parsed.worker) },
        catalogs: mergedCatalogs(parsed, issues),
      },
    };
    if (issues.length) throw new SpecError(source, issues);
    return own;
  },
};

/** Settings Trino needs equal on every node: environment, HTTP port, node properties. */
function sharedSettings(parsed: Record<RoleName, ParsedRole>, issues: SpecIssue[]) {
  const nodeProperties: Record<string, string> = {};
  let environment: string | undefined;
  let httpPort: string | undefined;
  for (const role of ['coordinator', 'worker'] as const) {
    const { ['node.environment']: env, ...rest } = parsed[role].nodeProperties;
    const port = parsed[role].config['http-server.http.port'];
    if (env !== undefined && environment !== undefined && env !== environment)
      issues.push({
        path: `spec.${role}.configs`,
        message: `node.environment "${env}" differs from the coordinator's "${environment}": nodes only join a coordinator of their environment`,
      });
    if (port !== undefined && httpPort !== undefined && port !== httpPort)
      issues.push({ path: `spec.${role}.configs`, message: `http-server.http.port ${port} differs from the coordinator's ${httpPort}` });
    environment ??= env;
    httpPort ??= port;
    for (const [key, value] of Object.entries(rest)) if (!DROPPED_NODE_PROPERTIES.includes(key)) nodeProperties[key] = value;
  }
  return {
    ...(environment === undefined ? {} : { environment }),
    ...(httpPort === undefined ? {} : { httpPort: /^[0-9]+$/.test(httpPort) ? Number(httpPort) : httpPort }),
    nodeProperties,
  };
}

function ownRole(role: RoleName, legacy: LegacyTrinoRole, parsed: ParsedRole, issues: SpecIssue[]) {
  const { coordinator, ['http-server.http.port']: _port, ['shutdown.grace-period']: _grace, ...config } = parsed.config;
  if (coordinator !== undefined && coordinator !== String(role === 'coordinator')) {
    issues.push({ path: `spec.${role}.configs`, message: `config.properties says coordinator=${coordinator} in the ${role}` });
  }
  for (const key of DROPPED_CONFIG) delete config[key];
  return definedOnly({
    resources: legacyResources(role, legacy, parsed, issues),
    jvm:
      parsed.maxHeap || parsed.jvmOptions.length
        ? definedOnly({ maxHeap: parsed.maxHeap?.size, options: parsed.jvmOptions.length ? parsed.jvmOptions : undefined })
        : undefined,
    config,
    logLevels: parsed.logLevels,
    nodeSelector: legacy.nodeSelector ?? undefined,
    affinity: legacy.affinity ?? undefined,
    tolerations: legacy.tolerations ?? undefined,
    initContainers: legacy.initContainers ?? undefined,
    files: parsed.files,
  });
}

/**
 * Resources as given; with no memory limit but an `-Xmx`, the limit becomes the heap / 0.8 rounded up
 * to whole Gi (`-Xmx8G` → 10Gi), so the original heap still fits with room for off-heap memory.
 */
function legacyResources(role: RoleName, legacy: LegacyTrinoRole, parsed: ParsedRole, issues: SpecIssue[]) {
  const given = legacy.resources ?? undefined;
  const heap = parsed.maxHeap;
  if (!heap) return given;
  const at = `spec.${role}.configs[${heap.index}].value`;
  if (!isJvmSize(heap.size)) {
    issues.push({ path: at, message: `-Xmx${heap.size} is not a JVM size like "8G"` });
    return given;
  }
  const limit = given?.limits?.memory ?? given?.requests?.memory;
  if (limit !== undefined) {
    if (parseJvmSize(heap.size) > parseQuantity(limit)) {
      issues.push({
        path: at,
        message: `-Xmx${heap.size} in jvm.config is above the memory limit ${limit} (spec.${role}.resources): the container would be OOM-killed`,
      });
    }
    return given;
  }
  const memory = `${Math.ceil(parseJvmSize(heap.size) / DEFAULT_HEAP_FRACTION / 2 ** 30)}Gi`;
  return {
    requests: { cpu: given?.requests?.cpu ?? TRINO_DEFAULT_RESOURCES.requests.cpu, memory },
    limits: { cpu: given?.limits?.cpu ?? TRINO_DEFAULT_RESOURCES.limits.cpu, memory },
  };
}

/** The HPA owns the count when an autoscaler is set (the original re-applied `replicas` and fought it). */
function workerScaling(worker: LegacyTrinoCluster['spec']['worker'], parsed: ParsedRole) {
  const grace = parsed.config['shutdown.grace-period'];
  const gracefulShutdown = grace === undefined ? {} : { gracefulShutdown: { gracePeriodSeconds: durationSeconds(grace) ?? grace } };
  if (worker.autoscaler) {
    const { minReplicas, maxReplicas, targetCPUUtilizationPercentage } = worker.autoscaler;
    return {
      autoscaler: definedOnly({ minReplicas, maxReplicas, targetCPUUtilizationPercentage: targetCPUUtilizationPercentage ?? undefined }),
      ...gracefulShutdown,
    };
  }
  return { ...(worker.replicas ? { replicas: worker.replicas } : {}), ...gracefulShutdown };
}

/** Catalogs of both roles (Trino needs them on every node); one name with two contents is refused. */
function mergedCatalogs(parsed: Record<RoleName, ParsedRole>, issues: SpecIssue[]) {
  const catalogs = new Map<string, { connector: unknown; properties: Record<string, string>; text: string }>();
  for (const role of ['coordinator', 'worker'] as const) {
    for (const catalog of parsed[role].catalogs) {
      const { ['connector.name']: connector, ...properties } = catalog.properties;
      const text = JSON.stringify(Object.entries(catalog.properties).sort());
      const seen = catalogs.get(catalog.name);
      const at = `spec.${role}.configs[${catalog.index}]`;
      if (connector === undefined) issues.push({ path: `${at}.value`, message: `catalog ${catalog.name}.properties has no connector.name` });
      else if (seen && seen.text !== text)
        issues.push({
          path: `${at}.value`,
          message: `catalog ${catalog.name}.properties differs from the coordinator's: every node needs the same catalogs`,
        });
      else if (!seen) catalogs.set(catalog.name, { connector, properties, text });
    }
  }
  return [...catalogs].map(([name, c]) => ({ name, connector: c.connector, properties: c.properties }));
}

function definedOnly<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

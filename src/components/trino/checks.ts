import { resourceProblems } from '../../core/quantity';
import type { TrinoCatalog } from './catalog-schema';
import type { TrinoCoordinatorRole, TrinoWorkerRole } from './role-schema';
import { defaultTerminationGraceSeconds, roleSizing } from './sizing';
import { catalogPropertyProblem, jvmOptionProblem, trinoRelease } from './versions';

/** Where the trino image reads its configuration; the construct mounts the managed files here. */
export const TRINO_CONFIG_DIR = '/etc/trino';
export const TRINO_CATALOG_DIR = `${TRINO_CONFIG_DIR}/catalog`;
/** Files DataRoaster writes itself, relative to TRINO_CONFIG_DIR. */
export const MANAGED_FILES = ['node.properties', 'config.properties', 'jvm.config', 'log.properties', 'access-control.properties'];
/** Volume names the construct uses in Trino pods. */
export const MANAGED_VOLUMES = ['config', 'catalogs', 'data', 'tmp'];

/** A broken rule, at a field path relative to `spec`. */
export interface SpecRuleIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** The parts of a TrinoCluster spec the cross-field rules read. */
export interface CheckedSpec {
  readonly image: { readonly tag: string };
  readonly coordinator: TrinoCoordinatorRole;
  readonly worker: TrinoWorkerRole;
  readonly catalogs: readonly TrinoCatalog[];
}

/**
 * Rules that span fields: sizing (requests ≤ limits, heap within the memory limit), graceful shutdown
 * timing, unique catalogs, and escape-hatch files and volumes that would shadow managed ones.
 */
export function trinoClusterIssues(spec: CheckedSpec): SpecRuleIssue[] {
  const issues: SpecRuleIssue[] = [];
  const add = (path: readonly (string | number)[], message: string) => issues.push({ path, message });

  for (const role of ['coordinator', 'worker'] as const) {
    const sizing = roleSizing(spec[role]);
    for (const [key, problem] of Object.entries(resourceProblems(sizing.resources))) add([role, 'resources', 'requests', key], problem);
    if (sizing.heapBytes > sizing.memoryLimitBytes) {
      add(
        [role, 'jvm', 'maxHeap'],
        `heap ${sizing.heap} is above the memory limit ${sizing.resources.limits.memory}: the container would be OOM-killed`,
      );
    }
    const seen = new Map<string, number>();
    spec[role].files.forEach((file, i) => {
      if (file.path.startsWith(`${TRINO_CATALOG_DIR}/`)) add([role, 'files', i, 'path'], 'catalog files come from spec.catalogs');
      else if (MANAGED_FILES.some((name) => file.path === `${TRINO_CONFIG_DIR}/${name}`)) add([role, 'files', i, 'path'], 'managed by DataRoaster');
      else if (seen.has(file.path)) add([role, 'files', i, 'path'], `duplicate file (also files[${seen.get(file.path)}])`);
      seen.set(file.path, i);
    });
    (spec[role].initContainers ?? []).forEach((container, i) => {
      const mounts = Array.isArray(container.volumeMounts) ? (container.volumeMounts as { name?: unknown }[]) : [];
      mounts.forEach((mount, j) => {
        if (typeof mount.name === 'string' && MANAGED_VOLUMES.includes(mount.name)) {
          add([role, 'initContainers', i, 'volumeMounts', j, 'name'], `"${mount.name}" is a volume DataRoaster manages: pick another name`);
        }
      });
    });
  }

  const { gracePeriodSeconds, terminationGracePeriodSeconds } = spec.worker.gracefulShutdown;
  if (terminationGracePeriodSeconds !== undefined && terminationGracePeriodSeconds < 2 * gracePeriodSeconds) {
    add(
      ['worker', 'gracefulShutdown', 'terminationGracePeriodSeconds'],
      `must be at least twice gracePeriodSeconds (${2 * gracePeriodSeconds}, default ${defaultTerminationGraceSeconds(gracePeriodSeconds)}): a draining worker waits the grace period twice`,
    );
  }

  const names = new Map<string, number>();
  spec.catalogs.forEach((catalog, i) => {
    const first = names.get(catalog.name);
    if (first !== undefined) add(['catalogs', i, 'name'], `duplicate catalog "${catalog.name}" (also catalogs[${first}])`);
    else names.set(catalog.name, i);
  });

  // What the image's release no longer reads is refused, not passed through: it would stop the server.
  const release = trinoRelease(spec.image.tag);
  spec.catalogs.forEach((catalog, i) => {
    for (const key of Object.keys(catalog.properties)) {
      const problem = catalogPropertyProblem(release, key, catalog.properties);
      if (problem) add(['catalogs', i, 'properties', key], problem);
    }
  });
  for (const role of ['coordinator', 'worker'] as const) {
    (spec[role].jvm?.options ?? []).forEach((option, i) => {
      const problem = jvmOptionProblem(release, option);
      if (problem) add([role, 'jvm', 'options', i], problem);
    });
  }
  return issues;
}

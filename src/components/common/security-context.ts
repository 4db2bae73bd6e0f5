import type * as k8s from 'cdk8s-plus-27/lib/imports/k8s';

/** The non-root identity a pod runs as. */
export interface RunAs {
  /** Non-zero user id. */
  readonly user: number;
  /** Non-zero group id. */
  readonly group: number;
  /** Group owning mounted volumes. @default - the same as `group` */
  readonly fsGroup?: number;
}

/**
 * Pod security context meeting the Pod Security Standard "restricted": non-root with explicit ids,
 * RuntimeDefault seccomp, and volume ownership changed only when it differs (fast restarts on big volumes).
 */
export function restrictedPodSecurityContext(runAs: RunAs): k8s.PodSecurityContext {
  for (const [field, id] of Object.entries({ user: runAs.user, group: runAs.group, fsGroup: runAs.fsGroup ?? runAs.group })) {
    if (!Number.isInteger(id) || id <= 0) throw new Error(`restricted pods run as a non-root ${field} id > 0 (got ${id})`);
  }
  return {
    runAsNonRoot: true,
    runAsUser: runAs.user,
    runAsGroup: runAs.group,
    fsGroup: runAs.fsGroup ?? runAs.group,
    fsGroupChangePolicy: 'OnRootMismatch',
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/**
 * Container security context meeting "restricted", plus a read-only root filesystem: give every path
 * the process writes an emptyDir (see `writableDirs`).
 */
export function restrictedContainerSecurityContext(): k8s.SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    privileged: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
  };
}

/** Who an object belongs to: the application, its instance and the role inside it. */
export interface AppIdentity {
  /** The application, e.g. `trino` (`app.kubernetes.io/name`). */
  readonly name: string;
  /** The instance name from the spec's `metadata.name` (`app.kubernetes.io/instance`). */
  readonly instance: string;
  /** The role inside the instance, e.g. `coordinator` (`app.kubernetes.io/component`). */
  readonly component: string;
  /** The application version, usually the image tag; must be a valid label value (`app.kubernetes.io/version`). */
  readonly version?: string;
}

/** `app.kubernetes.io/part-of` and `managed-by` of everything DataRoaster synthesizes. */
export const PART_OF = 'dataroaster';
export const MANAGED_BY = 'dataroaster';

/**
 * The labels a workload's selector matches on: name, instance and component. Selectors are
 * immutable once applied, so they never include the version.
 */
export function selectorLabels(id: AppIdentity): Record<string, string> {
  return {
    'app.kubernetes.io/name': id.name,
    'app.kubernetes.io/instance': id.instance,
    'app.kubernetes.io/component': id.component,
  };
}

/** The standard `app.kubernetes.io/*` labels for an object's metadata and its pod template. */
export function standardLabels(id: AppIdentity): Record<string, string> {
  return {
    ...selectorLabels(id),
    ...(id.version === undefined ? {} : { 'app.kubernetes.io/version': id.version }),
    'app.kubernetes.io/part-of': PART_OF,
    'app.kubernetes.io/managed-by': MANAGED_BY,
  };
}

const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

/**
 * `value` when Kubernetes accepts it as a label value (≤ 63 characters of `[A-Za-z0-9_.-]`, alphanumeric
 * at both ends), else undefined — for versions taken from image tags or chart versions (`1.2.3+build`).
 */
export function labelValueOrUndefined(value: string | undefined): string | undefined {
  return value !== undefined && LABEL_VALUE.test(value) ? value : undefined;
}

import type * as k8s from 'cdk8s-plus-27/lib/imports/k8s';

import { configHashAnnotation } from '../common/config-hash';
import { AppIdentity, selectorLabels, standardLabels } from '../common/labels';
import type { RoleConfig, RoleName } from './config-files';
import type { TrinoNames } from './names';
import type { TrinoClusterSpec } from './schema';

/** What building a coordinator or worker needs from the cluster. */
export interface RoleContext {
  readonly instance: string;
  readonly spec: TrinoClusterSpec['spec'];
  readonly names: TrinoNames;
  readonly config: RoleConfig;
  /** Env vars of every node (catalog credentials, shared secret). */
  readonly env: readonly k8s.EnvVar[];
  /** Catalog files, part of what a config change is. */
  readonly catalogData: Readonly<Record<string, string>>;
}

export function roleIdentity(ctx: RoleContext, role: RoleName): AppIdentity {
  return { name: 'trino', instance: ctx.instance, component: role, version: ctx.spec.image.tag };
}

export function roleLabels(ctx: RoleContext, role: RoleName): Record<string, string> {
  return standardLabels(roleIdentity(ctx, role));
}

export function roleSelector(ctx: RoleContext, role: RoleName): Record<string, string> {
  return selectorLabels(roleIdentity(ctx, role));
}

/**
 * Pod template annotations: a hash of everything a node reads at start (its files, the catalogs, the
 * env references), so any change rolls the pods. Secret values are not hashed (the hash is in Git).
 */
export function podAnnotations(ctx: RoleContext): Record<string, string> {
  return configHashAnnotation(ctx.config.data, ctx.catalogData, [...ctx.env, ...ctx.config.env]);
}

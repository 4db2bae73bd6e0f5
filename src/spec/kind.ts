import type { z } from 'zod';
import type { InstanceSpec } from './instance';

/** One of DataRoaster's own spec kinds (group `dataroaster.io`). */
export interface OwnKind<S extends InstanceSpec = InstanceSpec> {
  readonly apiVersion: string;
  readonly kind: S['kind'];
  readonly schema: z.ZodType<S, unknown>;
}

/**
 * Extra inputs the original DataRoaster API took beside the custom resource, as strings
 * (`mysql_storage_class`, `pvc_size`, …). Legacy mappings read what they need.
 */
export type LegacyParams = Readonly<Record<string, string | undefined>>;

/**
 * An input kind of the original DataRoaster (e.g. `trino-operator.cloudchef-labs.com/v1beta1` TrinoCluster)
 * that maps onto an own kind. `toOwnKind` validates the original shape and returns an own-kind document,
 * which is then validated again by the own kind's schema.
 */
export interface LegacyKind {
  readonly apiVersion: string;
  readonly kind: string;
  toOwnKind(data: unknown, source: string, params: LegacyParams): unknown;
}

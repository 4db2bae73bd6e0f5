import type { LegacyKind, OwnKind } from './kind';
import { HELM_RELEASE_KIND } from './kinds/helm-release';
import { SPARK_APPLICATION_KIND } from './kinds/spark-application';
import { TRINO_CLUSTER_KIND } from './kinds/trino-cluster';
import { LEGACY_TRINO_CLUSTER } from './legacy/trino-cluster';

/** Every own spec kind DataRoaster accepts. */
export const OWN_KINDS: readonly OwnKind<any>[] = [
  TRINO_CLUSTER_KIND,
  SPARK_APPLICATION_KIND,
  HELM_RELEASE_KIND,
];

/** Every original DataRoaster input kind, each mapped onto an own kind. */
export const LEGACY_KINDS: readonly LegacyKind[] = [
  LEGACY_TRINO_CLUSTER,
];

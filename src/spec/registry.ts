import type { LegacyKind, OwnKind } from './kind';
import { HELM_RELEASE_OWN_KIND } from './kinds/helm-release';
import { DATAROASTER_SERVER_OWN_KIND } from './kinds/dataroaster-server';
import { HIVE_METASTORE_OWN_KIND } from './kinds/hive-metastore';
import { SPARK_APPLICATION_OWN_KIND } from './kinds/spark-application';
import { SPARK_THRIFT_SERVER_OWN_KIND } from './kinds/spark-thrift-server';
import { TRINO_CLUSTER_OWN_KIND } from './kinds/trino-cluster';
import { TRINO_GATEWAY_OWN_KIND } from '../components/trino-gateway/schema';
import { helmChartLegacyKind } from './legacy/helm-chart';
import { sparkApplicationLegacyKind } from './legacy/spark-application';
import { LEGACY_TRINO_CLUSTER } from './legacy/trino-cluster';

/** Every own spec kind DataRoaster accepts. */
export const OWN_KINDS: readonly OwnKind<any>[] = [
  TRINO_CLUSTER_OWN_KIND,
  HIVE_METASTORE_OWN_KIND,
  SPARK_THRIFT_SERVER_OWN_KIND,
  SPARK_APPLICATION_OWN_KIND,
  HELM_RELEASE_OWN_KIND,
  DATAROASTER_SERVER_OWN_KIND,
  TRINO_GATEWAY_OWN_KIND,
];

/** Every original DataRoaster input kind, each mapped onto an own kind. */
export const LEGACY_KINDS: readonly LegacyKind[] = [
  LEGACY_TRINO_CLUSTER,
  helmChartLegacyKind,
  sparkApplicationLegacyKind,
];

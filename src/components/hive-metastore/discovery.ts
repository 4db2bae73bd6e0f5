import type { InstanceSpec } from '../../core/instance';
import { metastoreNames } from './names';
import type { HiveMetastoreSpec } from './schema';

/** Thrift port of every Hive metastore DataRoaster synthesizes. */
export const METASTORE_THRIFT_PORT = 9083;

/**
 * The URI other instances (Trino catalogs, Spark thrift servers) use to reach a HiveMetastore instance
 * they reference by name: `thrift://<service>.<namespace>.svc:9083`. For a metastore mapped from the
 * original HelmChart that is `thrift://metastore.<namespace>.svc:9083`, the original's address.
 */
export function metastoreThriftUri(metastore: InstanceSpec): string {
  const { service } = metastoreNames(metastore as HiveMetastoreSpec);
  return `thrift://${service}.${metastore.metadata.namespace}.svc:${METASTORE_THRIFT_PORT}`;
}

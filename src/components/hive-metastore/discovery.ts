import type { InstanceSpec } from '../../spec/instance';

/** Thrift port of every Hive metastore DataRoaster synthesizes. */
export const METASTORE_THRIFT_PORT = 9083;

/**
 * The URI other instances (Trino catalogs, Spark thrift servers) use to reach a HiveMetastore instance
 * they reference by name: `thrift://<service>.<namespace>.svc:9083`.
 */
export function metastoreThriftUri(metastore: InstanceSpec): string {
  const service = (metastore.spec as { service?: { name?: string } }).service?.name ?? metastore.metadata.name;
  return `thrift://${service}.${metastore.metadata.namespace}.svc:${METASTORE_THRIFT_PORT}`;
}

import type { HiveMetastoreSpec } from './schema';

/** Names of a HiveMetastore instance's objects, all derived from `metadata.name` (and `spec.service.name`). */
export interface MetastoreNames {
  /** Deployment, ServiceAccount and PodDisruptionBudget of the metastore. */
  readonly metastore: string;
  /** The thrift Service (`metastore` for instances mapped from the original HelmChart). */
  readonly service: string;
  /** hive-site.xml, core-site.xml and the log configuration. */
  readonly config: string;
  /** `HIVE: thrift://…`, for clients outside DataRoaster. */
  readonly discovery: string;
  /** Generated database passwords. */
  readonly databaseSecret: string;
  /** MySQL StatefulSet, its client Service, ServiceAccount and PodDisruptionBudget. */
  readonly database: string;
  /** The StatefulSet's governing headless Service. */
  readonly databaseHeadless: string;
  /** Prefix of the schema Job; the Job's name adds a hash of what it depends on (Jobs are immutable). */
  readonly schemaJobPrefix: string;
}

export function metastoreNames(spec: Pick<HiveMetastoreSpec, 'metadata' | 'spec'>): MetastoreNames {
  const name = spec.metadata.name;
  return {
    metastore: name,
    service: spec.spec.service?.name ?? name,
    config: `${name}-config`,
    discovery: `${name}-discovery`,
    databaseSecret: `${name}-db`,
    database: `${name}-mysql`,
    databaseHeadless: `${name}-mysql-headless`,
    schemaJobPrefix: `${name}-schema`,
  };
}

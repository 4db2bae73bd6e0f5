import type { ResolvedResources } from '../../core/quantity';

/**
 * Apache Hive 3.1.3 (JDK 8), user `hive` (1000): the newest metastore Spark 3.5's built-in Hive 2.3.9
 * client can use (Hive 4 removed the `get_table` call it makes, apache/hive PR #3599 / HIVE-26537).
 * The image lacks the MySQL JDBC driver: the pods fetch it (`spec.jars`).
 */
export const DEFAULT_METASTORE_IMAGE = 'apache/hive:3.1.3';
/** Official MySQL 8.4 LTS, user `mysql` (999). */
export const DEFAULT_DATABASE_IMAGE = 'mysql:8.4.6';

export const HIVE_USER = { user: 1000, group: 1000 };
export const MYSQL_USER = { user: 999, group: 999 };

export const DEFAULT_REPLICAS = 2;
export const DEFAULT_STORAGE_SIZE = '10Gi';
export const MYSQL_PORT = 3306;
export const DATABASE_NAME = 'metastore';
export const DATABASE_USER = 'hive';

export const DEFAULT_METASTORE_RESOURCES: ResolvedResources = { requests: { cpu: '250m', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } };
export const DEFAULT_DATABASE_RESOURCES: ResolvedResources = { requests: { cpu: '250m', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } };
/** schematool is a short-lived client. */
export const SCHEMA_JOB_RESOURCES: ResolvedResources = { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '512Mi' } };

/** Where the ConfigMap is mounted; HIVE_CONF_DIR and HADOOP_CONF_DIR point here. */
export const HIVE_CONF_DIR = '/etc/hive/conf';
/** Where fetched jars land; `HIVE_AUX_JARS_PATH` puts them on the classpath of `bin/hive` and schematool. */
export const AUX_JARS_DIR = '/opt/dataroaster/jars';

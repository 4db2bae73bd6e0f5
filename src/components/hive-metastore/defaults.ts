import type { ResolvedResources } from '../../core/quantity';

/** Apache Hive 4.0.x (Hadoop 3.3.6, JDK 8), user `hive` (1000). It lacks the MySQL JDBC driver: see README. */
export const DEFAULT_METASTORE_IMAGE = 'apache/hive:4.0.1';
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

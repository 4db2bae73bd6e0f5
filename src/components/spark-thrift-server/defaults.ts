/** Apache Spark 3.5 (Hive thrift server jars included), user `spark` (185). It lacks the S3A jars: `spec.jars` brings them. */
export const DEFAULT_SPARK_IMAGE = 'apache/spark:3.5.5';
export const SPARK_USER = { user: 185, group: 185 };

export const DEFAULT_JDBC_PORT = 10016;
export const DEFAULT_UI_PORT = 4040;
export const DRIVER_PORT = 7078;
export const BLOCK_MANAGER_PORT = 7079;

export const DEFAULT_DRIVER_MEMORY = '1g';
export const DEFAULT_DRIVER_CORES = '1';
export const DEFAULT_EXECUTOR_MEMORY = '1g';
export const DEFAULT_EXECUTOR_INSTANCES = 1;
export const DEFAULT_EXECUTOR_CORES = 1;

export const THRIFT_SERVER_CLASS = 'org.apache.spark.sql.hive.thriftserver.HiveThriftServer2';
export const SPARK_HOME = '/opt/spark';
export const WORK_DIR = '/opt/spark/work-dir';
/** Where the ConfigMap is mounted (SPARK_CONF_DIR): spark-defaults.conf and the executor pod template. */
export const SPARK_CONF_DIR = '/etc/spark/conf';
export const EXECUTOR_TEMPLATE_FILE = 'executor-pod-template.yaml';
export const EXECUTOR_CONTAINER = 'spark-executor';
/** Where fetched jars land; `spark.{driver,executor}.extraClassPath` name them. */
export { SPARK_EXTRA_JARS_DIR as EXTRA_JARS_DIR, SPARK_EXTRA_JARS_VOLUME as EXTRA_JARS_VOLUME } from '../common/jars';

/**
 * Spark properties a thrift server spec may not set in `confs`, with the reason given to the user:
 * DataRoaster derives Services, pods or Secrets from them, or they would put a credential in a ConfigMap.
 */
export const RESERVED_CONFS: Readonly<Record<string, string>> = {
  'spark.hadoop.fs.s3a.access.key': 'not allowed: S3 keys go in spec.s3.credentials (confs are written to a ConfigMap)',
  'spark.hadoop.fs.s3a.secret.key': 'not allowed: S3 keys go in spec.s3.credentials (confs are written to a ConfigMap)',
  'spark.hadoop.hive.server2.thrift.port': 'set by DataRoaster: use spec.service.jdbcPort',
  'spark.ui.port': 'set by DataRoaster: use spec.service.uiPort',
  'spark.driver.host': 'set by DataRoaster: the driver is reached through its headless Service',
  'spark.driver.port': 'set by DataRoaster: the driver Service exposes 7078',
  'spark.driver.blockManager.port': 'set by DataRoaster: the driver Service exposes 7079',
  'spark.kubernetes.namespace': 'set by DataRoaster: the instance namespace (metadata.namespace)',
  'spark.kubernetes.driver.pod.name': 'set by DataRoaster from the downward API',
  'spark.submit.deployMode': 'set by DataRoaster: the thrift server runs in client mode',
  'spark.kubernetes.executor.podTemplateFile': 'set by DataRoaster: use spec.executor',
};

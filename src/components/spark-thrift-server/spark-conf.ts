import { extraClassPathConf } from '../common/jars';
import type { S3SecretRef } from '../common/s3-credentials';
import { AWS_ACCESS_KEY_ENV, AWS_SECRET_KEY_ENV, s3aProperties } from '../common/s3a';
import * as defaults from './defaults';
import type { ThriftServerNames } from './names';
import type { SparkThriftServerSpec } from './schema';
import { executorVolumeConfs } from './volumes';

export interface SparkConfInput {
  readonly spec: SparkThriftServerSpec;
  readonly names: ThriftServerNames;
  readonly namespace: string;
  readonly image: string;
  readonly imagePullPolicy: string;
  readonly metastoreUris: readonly string[];
  readonly s3Secret: S3SecretRef;
  readonly jdbcPort: number;
  readonly uiPort: number;
  /** Directory of jars the image lacks (fetched at start), on the driver's and executors' classpath. */
  readonly extraJarsDir?: string;
}

/**
 * spark-defaults.conf of the thrift server: client mode on Kubernetes with the driver reachable through
 * its headless Service on fixed ports, executors from `spec.executor`, the Hive metastore, S3A (keys from
 * the Secret through environment variables, on the driver and on every executor), then `spec.confs` over it.
 */
export function sparkDefaults(input: SparkConfInput): Record<string, string> {
  const { spec, names, namespace } = input;
  const { executor, s3 } = spec.spec;
  const hadoop = Object.fromEntries(Object.entries(s3aProperties(s3)).map(([key, value]) => [`spark.hadoop.${key}`, value]));
  const prefixed = (prefix: string, map: Readonly<Record<string, string>> | undefined) =>
    Object.fromEntries(Object.entries(map ?? {}).map(([k, v]) => [`${prefix}${k}`, v]));
  const base: Record<string, string> = {
    'spark.master': 'k8s://https://kubernetes.default.svc:443',
    'spark.submit.deployMode': 'client',
    'spark.app.name': spec.metadata.name,
    'spark.driver.host': `${names.driverService}.${namespace}.svc`,
    'spark.driver.port': String(defaults.DRIVER_PORT),
    'spark.driver.blockManager.port': String(defaults.BLOCK_MANAGER_PORT),
    'spark.driver.bindAddress': '0.0.0.0',
    'spark.driver.memory': spec.spec.driver?.memory ?? defaults.DEFAULT_DRIVER_MEMORY,
    'spark.kubernetes.namespace': namespace,
    'spark.kubernetes.container.image': input.image,
    'spark.kubernetes.container.image.pullPolicy': input.imagePullPolicy,
    'spark.kubernetes.executor.podTemplateFile': `${defaults.SPARK_CONF_DIR}/${defaults.EXECUTOR_TEMPLATE_FILE}`,
    'spark.kubernetes.executor.podTemplateContainerName': defaults.EXECUTOR_CONTAINER,
    [`spark.kubernetes.executor.secretKeyRef.${AWS_ACCESS_KEY_ENV}`]: `${input.s3Secret.name}:${input.s3Secret.accessKeyKey}`,
    [`spark.kubernetes.executor.secretKeyRef.${AWS_SECRET_KEY_ENV}`]: `${input.s3Secret.name}:${input.s3Secret.secretKeyKey}`,
    'spark.executor.instances': String(executor?.instances ?? defaults.DEFAULT_EXECUTOR_INSTANCES),
    'spark.executor.cores': String(executor?.cores ?? defaults.DEFAULT_EXECUTOR_CORES),
    'spark.executor.memory': executor?.memory ?? defaults.DEFAULT_EXECUTOR_MEMORY,
    ...(executor?.memoryOverhead === undefined ? {} : { 'spark.executor.memoryOverhead': executor.memoryOverhead }),
    ...(executor?.coreRequest === undefined ? {} : { 'spark.kubernetes.executor.request.cores': executor.coreRequest }),
    ...(executor?.coreLimit === undefined ? {} : { 'spark.kubernetes.executor.limit.cores': executor.coreLimit }),
    ...prefixed('spark.kubernetes.executor.label.', executor?.labels),
    ...prefixed('spark.kubernetes.executor.annotation.', executor?.annotations),
    ...executorVolumeConfs(spec.spec.volumes ?? [], executor?.volumeMounts ?? []),
    'spark.dynamicAllocation.shuffleTracking.enabled': 'true',
    'spark.ui.port': String(input.uiPort),
    'spark.ui.prometheus.enabled': 'true',
    'spark.sql.catalogImplementation': 'hive',
    'spark.sql.warehouse.dir': spec.spec.warehouseDir ?? `s3a://${s3.bucket}/apps/spark/warehouse`,
    'spark.hadoop.hive.metastore.uris': input.metastoreUris.join(','),
    'spark.hadoop.hive.metastore.client.connect.retry.delay': '5',
    'spark.hadoop.hive.metastore.client.socket.timeout': '1800',
    'spark.hadoop.hive.server2.enable.doAs': 'false',
    'spark.hadoop.hive.server2.thrift.bind.host': '0.0.0.0',
    'spark.hadoop.hive.server2.thrift.port': String(input.jdbcPort),
    'spark.hadoop.hive.server2.transport.mode': 'binary',
    ...hadoop,
    ...(input.extraJarsDir === undefined ? {} : extraClassPathConf(input.extraJarsDir)),
  };
  return { ...base, ...(spec.spec.confs ?? {}) };
}

import type { S3SecretRef } from '../common/s3-credentials';
import { AWS_ACCESS_KEY_ENV, AWS_SECRET_KEY_ENV, s3aProperties } from '../common/s3a';
import { s3aClassPathConf, S3aJars } from './jars';
import { isOnDemand, volumeName } from './pod';
import type { SparkApplicationSpec, SparkRole } from './schema';

export type SparkConf = Record<string, string>;

const ROLES: readonly SparkRole[] = ['driver', 'executor'];

/**
 * Settings every output shares (Job, Deployment, Spark operator): S3A, the Hive metastore, credentials as
 * Secret references, Spark-created volumes, and the spec's own `confs` last (the fetched S3A jars stay first
 * on the classpath). Never a credential value.
 */
export function applicationConf(
  spec: SparkApplicationSpec,
  metastoreUris: readonly string[],
  s3: S3SecretRef | undefined,
  jars?: S3aJars,
): SparkConf {
  const conf: SparkConf = {
    // Ivy's default cache is under the home directory, which the read-only root does not allow.
    'spark.jars.ivy': '/tmp/.ivy2',
  };
  if (spec.s3) {
    for (const [key, value] of Object.entries(s3aProperties(spec.s3))) conf[`spark.hadoop.${key}`] = value;
    // As the original operator did: the bucket is the default file system and holds the warehouse.
    conf['spark.hadoop.fs.defaultFS'] = `s3a://${spec.s3.bucket}`;
    conf['spark.sql.warehouse.dir'] = `s3a://${spec.s3.bucket}/apps/spark/warehouse`;
  }
  if (s3) {
    for (const role of ROLES) {
      conf[`spark.kubernetes.${role}.secretKeyRef.${AWS_ACCESS_KEY_ENV}`] = `${s3.name}:${s3.accessKeyKey}`;
      conf[`spark.kubernetes.${role}.secretKeyRef.${AWS_SECRET_KEY_ENV}`] = `${s3.name}:${s3.secretKeyKey}`;
    }
  }
  if (metastoreUris.length) {
    conf['spark.sql.catalogImplementation'] = 'hive';
    conf['spark.hadoop.hive.metastore.uris'] = metastoreUris.join(',');
  }
  for (const role of ROLES) Object.assign(conf, onDemandVolumeConf(spec, role));
  return { ...conf, ...spec.confs, ...s3aClassPathConf(jars, spec.confs) };
}

/** Sizing of the pods Spark starts (driver in cluster mode, executors); the Spark operator has fields for it. */
export function resourceConf(spec: SparkApplicationSpec): SparkConf {
  const conf: SparkConf = { 'spark.executor.instances': String(spec.executor.instances) };
  for (const role of ROLES) {
    const r = spec[role];
    conf[`spark.${role}.cores`] = String(r.cores);
    conf[`spark.${role}.memory`] = r.memory;
    if (r.coreLimit) conf[`spark.kubernetes.${role}.limit.cores`] = r.coreLimit;
    if (r.memoryOverhead) conf[`spark.${role}.memoryOverhead`] = r.memoryOverhead;
  }
  return conf;
}

/** OnDemand claims: Spark creates one per pod, so only its settings can ask for them. */
function onDemandVolumeConf(spec: SparkApplicationSpec, role: SparkRole): SparkConf {
  const conf: SparkConf = {};
  for (const mount of spec[role].volumeMounts) {
    const volume = spec.volumes.find((v) => v.name === mount.name)!;
    if (!isOnDemand(volume)) continue;
    const claim = volume.persistentVolumeClaim!;
    const prefix = `spark.kubernetes.${role}.volumes.persistentVolumeClaim.${volumeName(volume)}`;
    conf[`${prefix}.options.claimName`] = claim.claimName;
    if (claim.storageClass) conf[`${prefix}.options.storageClass`] = claim.storageClass;
    conf[`${prefix}.options.sizeLimit`] = claim.sizeLimit!;
    conf[`${prefix}.mount.path`] = mount.mountPath;
    if (mount.readOnly !== undefined) conf[`${prefix}.mount.readOnly`] = String(mount.readOnly);
    if (mount.subPath) conf[`${prefix}.mount.subPath`] = mount.subPath;
  }
  return conf;
}

/** `--conf key=value` pairs, sorted by key so the same spec always gives the same command line. */
export function confArgs(conf: SparkConf): string[] {
  return Object.keys(conf)
    .sort()
    .flatMap((key) => ['--conf', `${key}=${conf[key]}`]);
}

import { z } from 'zod';

import type { OwnKind } from '../../core/component';
import { looksLikeCredential } from '../../schema/credential-names';
import { API_VERSION, imageRef, ownKind, pullPolicy, rfc1123Label } from '../../schema/fields';
import { jarsSource } from '../../schema/jars';
import { s3Location } from '../../schema/s3';
import { thriftUri } from '../../schema/spark-values';
import { ON_DEMAND_CLAIM, roleFields, volume, VolumeMountSpec, VolumeSpec } from './pod-schema';

const scalar = z.union([z.string(), z.number(), z.boolean()]).transform(String);

/** Where Spark reads the application from: `local://` (inside the image), `s3a://`, `http(s)://`, … */
const appFileUrl = z
  .string()
  .regex(/^(local|s3a|https?|hdfs|gs|abfss?):\/\/\S+$/, 'must be a URL like "local:///opt/spark/app.jar", "s3a://bucket/app.jar" or "https://…"');

const javaClassName = z.string().regex(/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/, 'must be a Java class name');

/** Spark settings DataRoaster derives from the spec, and the field each comes from: `confs` must not set them. */
export const MANAGED_SPARK_CONF: Readonly<Record<string, string>> = {
  'spark.master': 'the platform',
  'spark.submit.deployMode': 'spec.type',
  'spark.kubernetes.namespace': 'metadata.namespace',
  'spark.kubernetes.container.image': 'spec.image',
  'spark.kubernetes.container.image.pullPolicy': 'spec.imagePullPolicy',
  'spark.kubernetes.driver.podTemplateFile': 'spec.driver.podTemplate',
  'spark.kubernetes.executor.podTemplateFile': 'spec.executor.podTemplate',
  'spark.kubernetes.driver.podTemplateContainerName': 'spec.driver.podTemplate',
  'spark.kubernetes.executor.podTemplateContainerName': 'spec.executor.podTemplate',
  'spark.kubernetes.authenticate.driver.serviceAccountName': 'spec.driver.serviceAccountName',
  'spark.executor.instances': 'spec.executor.instances',
  ...Object.fromEntries(
    (['driver', 'executor'] as const).flatMap((role) => [
      [`spark.${role}.cores`, `spec.${role}.cores`],
      [`spark.${role}.memory`, `spec.${role}.memory`],
      [`spark.${role}.memoryOverhead`, `spec.${role}.memoryOverhead`],
      [`spark.kubernetes.${role}.limit.cores`, `spec.${role}.coreLimit`],
    ]),
  ),
};

const sparkApplicationSpec = z
  .strictObject({
    /** `Batch` runs once (a Job running spark-submit); `Streaming` is restarted whenever it stops. */
    type: z.enum(['Batch', 'Streaming']),
    /** `job`: plain Kubernetes objects; `kubeflow`: a SparkApplication of the Kubeflow Spark operator. @default job */
    output: z.enum(['job', 'kubeflow']).default('job'),
    image: imageRef,
    imagePullPolicy: pullPolicy.default('IfNotPresent'),
    /**
     * hadoop-aws 3.3.4 and its AWS SDK bundle, which `apache/spark` lacks, for an application that uses S3A
     * (`s3`, or an `s3a://` file or setting). @default fetched from Maven Central, SHA-256 checked
     */
    jars: jarsSource,
    /** Spark version of the image; the Spark operator requires it. */
    sparkVersion: z
      .string()
      .regex(/^[0-9]+\.[0-9]+\.[0-9]+$/, 'must be a version like "3.5.3"')
      .optional(),
    mainApplicationFile: appFileUrl,
    mainClass: javaClassName.optional(),
    arguments: z.array(scalar).default([]),
    pyFiles: z.array(appFileUrl).default([]),
    /** Spark properties (`--conf`), over DataRoaster's; not the ones it derives from the spec, nor credentials. */
    confs: z.record(z.string(), scalar).default({}),
    /** S3 through Hadoop's S3A connector; keys from a Secret, as for the other kinds. */
    s3: s3Location.optional(),
    /** A HiveMetastore instance of the platform, by name. */
    metastoreRef: z.strictObject({ name: rfc1123Label }).optional(),
    /**
     * Output kubeflow: the platform's HelmRelease instance of the Kubeflow Spark operator chart
     * (`spark-operator`), by name. The GitOps agents then apply this application after the operator and its
     * CRD (Flux `dependsOn`, Argo CD sync wave). Unset: install the operator before the application.
     */
    operatorRef: z.strictObject({ name: rfc1123Label }).optional(),
    /** Metastores outside the platform (`thrift://host:port`). */
    metastoreUris: z.array(thriftUri).min(1, 'must name at least one URI').optional(),
    driver: z.strictObject({ ...roleFields, serviceAccountName: rfc1123Label.optional() }).prefault({}),
    executor: z.strictObject({ ...roleFields, instances: z.number().int().min(1).default(1) }).prefault({}),
    volumes: z.array(volume).default([]),
    /** hostPath volumes break the restricted Pod Security Standard; they are refused unless this is true. */
    allowHostPath: z.boolean().default(false),
    /** Batch only: delete the finished run after this many seconds. Unset keeps it (see README). */
    ttlSecondsAfterFinished: z.number().int().min(0).optional(),
  })
  .superRefine((spec, ctx) => {
    const issue = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    checkVolumes(spec.volumes, spec.allowHostPath, issue);
    for (const role of ['driver', 'executor'] as const) {
      checkMounts(role, spec[role].volumeMounts, spec.volumes, spec.type === 'Streaming' && spec.output === 'job', issue);
    }
    for (const key of Object.keys(spec.confs)) {
      const managed = MANAGED_SPARK_CONF[key];
      if (managed) issue(['confs', key], `is set by DataRoaster from ${managed}: set that instead`);
      else if (isCredentialConf(key)) {
        issue(
          ['confs', key],
          'looks like a credential: Spark settings end up in Git and on command lines; reference a Secret instead (spec.s3.credentials, or spark.kubernetes.driver.secretKeyRef.<ENV>=<secret>:<key>)',
        );
      }
    }
    if (spec.output === 'kubeflow' && !spec.sparkVersion) issue(['sparkVersion'], 'required when output is kubeflow (the Spark operator needs it)');
    if (spec.operatorRef !== undefined && spec.output !== 'kubeflow')
      issue(['operatorRef'], 'only applies to output kubeflow (a Job or Deployment needs no operator)');
    if (spec.metastoreRef !== undefined && spec.metastoreUris !== undefined) issue(['metastoreRef'], 'give metastoreRef or metastoreUris, not both');
    if (spec.type === 'Streaming' && spec.ttlSecondsAfterFinished !== undefined) {
      issue(['ttlSecondsAfterFinished'], 'only applies to Batch applications: a Streaming application never finishes');
    }
  });

export const sparkApplicationSchema = ownKind('SparkApplication', sparkApplicationSpec);
export type SparkApplication = z.infer<typeof sparkApplicationSchema>;
export type SparkApplicationSpec = SparkApplication['spec'];
export type SparkRole = 'driver' | 'executor';

type Issue = (path: PropertyKey[], message: string) => void;

/** The longest volume name that still fits a Kubernetes name once prefixed with `spark-local-dir-`. */
const MAX_LOCAL_DIR_NAME = 63 - 'spark-local-dir-'.length;

function checkVolumes(volumes: readonly VolumeSpec[], allowHostPath: boolean, issue: Issue): void {
  volumes.forEach((v, i) => {
    if (volumes.findIndex((other) => other.name === v.name) < i) issue(['volumes', i, 'name'], `duplicate volume name "${v.name}"`);
    const sources = [v.emptyDir, v.persistentVolumeClaim, v.hostPath].filter((s) => s !== undefined).length;
    if (sources !== 1) issue(['volumes', i], 'needs exactly one of emptyDir, persistentVolumeClaim and hostPath');
    if (v.hostPath && !allowHostPath) {
      issue(
        ['volumes', i, 'hostPath'],
        'hostPath volumes are refused: they break the restricted Pod Security Standard and tie pods to one node; set spec.allowHostPath: true to allow them',
      );
    }
    if (v.sparkLocalDir && v.name.length > MAX_LOCAL_DIR_NAME) {
      issue(['volumes', i, 'name'], `must be at most ${MAX_LOCAL_DIR_NAME} characters for a Spark local directory (spark-local-dir-<name>)`);
    }
    const pvc = v.persistentVolumeClaim;
    if (pvc?.claimName === ON_DEMAND_CLAIM && pvc.sizeLimit === undefined) {
      issue(['volumes', i, 'persistentVolumeClaim', 'sizeLimit'], 'required when claimName is OnDemand');
    }
    if (pvc && pvc.claimName !== ON_DEMAND_CLAIM) {
      if (pvc.storageClass !== undefined)
        issue(['volumes', i, 'persistentVolumeClaim', 'storageClass'], 'only applies to claimName OnDemand (an existing claim has its own)');
      if (pvc.sizeLimit !== undefined)
        issue(['volumes', i, 'persistentVolumeClaim', 'sizeLimit'], 'only applies to claimName OnDemand (an existing claim has its own)');
    }
  });
}

function checkMounts(
  role: SparkRole,
  mounts: readonly VolumeMountSpec[],
  volumes: readonly VolumeSpec[],
  driverInDeployment: boolean,
  issue: Issue,
): void {
  mounts.forEach((m, i) => {
    const v = volumes.find((candidate) => candidate.name === m.name);
    if (!v) issue([role, 'volumeMounts', i, 'name'], `no volume named "${m.name}" in spec.volumes`);
    if (mounts.findIndex((other) => other.mountPath === m.mountPath) < i)
      issue([role, 'volumeMounts', i, 'mountPath'], `"${m.mountPath}" is mounted twice`);
    if (m.mountPath === '/tmp') issue([role, 'volumeMounts', i, 'mountPath'], 'must not be /tmp: DataRoaster mounts a scratch emptyDir there');
    if (m.subPath !== undefined && m.subPathExpr !== undefined) issue([role, 'volumeMounts', i], 'subPath and subPathExpr exclude each other');
    const onDemand = v?.persistentVolumeClaim?.claimName === ON_DEMAND_CLAIM;
    if (role === 'driver' && driverInDeployment && onDemand) {
      issue(
        [role, 'volumeMounts', i, 'name'],
        `volume "${m.name}" is an OnDemand claim, which Spark creates only for pods it starts; a Streaming driver runs in a Deployment: use an existing claim or an emptyDir`,
      );
    }
    if (onDemand && (m.subPathExpr !== undefined || m.mountPropagation !== undefined)) {
      issue([role, 'volumeMounts', i], 'subPathExpr and mountPropagation cannot be set on an OnDemand claim: Spark mounts it from its own settings');
    }
  });
}

/** Spark settings that would carry a credential (`spark.hadoop.fs.s3a.secret.key`); Secret references are fine. */
function isCredentialConf(key: string): boolean {
  if (/^spark\.kubernetes\.(driver|executor)\.(secretKeyRef|secrets)\./.test(key)) return false;
  return looksLikeCredential(key);
}

/** The own kind as the registry takes it (the original CR's constants are in legacy/spark-application-schema.ts). */
export const SPARK_APPLICATION_OWN_KIND: OwnKind<SparkApplication> = {
  apiVersion: API_VERSION,
  kind: 'SparkApplication',
  schema: sparkApplicationSchema,
};

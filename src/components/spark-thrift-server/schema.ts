import { z } from 'zod';

import type { OwnKind } from '../../core/component';
import { API_VERSION, imageRef, ownKind, pullPolicy, quantity, rfc1123Label, stringMap } from '../../schema/fields';
import { jarsSource } from '../../schema/jars';
import { podPlacement } from '../../schema/placement';
import { s3Location } from '../../schema/s3';
import { sparkMemory, thriftUri } from '../../schema/spark-values';

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

export const SPARK_THRIFT_SERVER_KIND = 'SparkThriftServer';

const port = z.number().int().min(1024, 'must be between 1024 and 65535').max(65535, 'must be between 1024 and 65535');
const absolutePath = z.string().regex(/^\/\S*$/, 'must be an absolute path');

const volumeMount = z.strictObject({
  name: rfc1123Label,
  mountPath: absolutePath,
  readOnly: z.boolean().optional(),
  subPath: z
    .string()
    .regex(/^[^/]\S*$/, 'must be a relative path')
    .optional(),
});

/** A volume of the driver and/or executors: a claim DataRoaster creates (ReadWriteMany), or an emptyDir. */
const volume = z
  .strictObject({
    name: rfc1123Label,
    /** Spark keeps shuffle and spill files on it (a `spark-local-dir-` volume). @default false */
    localDir: z.boolean().optional(),
    persistentVolumeClaim: z
      .strictObject({
        claimName: rfc1123Label,
        /** A storage class that supports ReadWriteMany. @default - the cluster's default storage class */
        storageClass: rfc1123Label.optional(),
        size: quantity,
        readOnly: z.boolean().optional(),
      })
      .optional(),
    emptyDir: z.strictObject({ medium: z.enum(['', 'Memory']).optional(), sizeLimit: quantity.optional() }).optional(),
  })
  .superRefine((v, ctx) => {
    if ((v.persistentVolumeClaim === undefined) === (v.emptyDir === undefined)) {
      ctx.addIssue({ code: 'custom', path: [], message: 'give exactly one of persistentVolumeClaim and emptyDir' });
    }
  });

const podRole = {
  /** Spark memory of the JVM (`spark.<role>.memory`). @default '1g' */
  memory: sparkMemory.optional(),
  /** Off-heap memory added to the pod's limit. @default max(384m, 10% of memory), as Spark does */
  memoryOverhead: sparkMemory.optional(),
  /** CPU limit of the pod. @default none */
  coreLimit: quantity.optional(),
  labels: stringMap.optional(),
  annotations: stringMap.optional(),
  volumeMounts: z.array(volumeMount).optional(),
  placement: podPlacement.optional(),
};

const driver = z.strictObject({
  ...podRole,
  /** CPU request of the driver pod. @default '1' */
  cores: quantity.optional(),
});

const executor = z.strictObject({
  ...podRole,
  /** @default 1 */
  instances: z.number().int().min(0, 'must be at least 0').max(1000, 'must be at most 1000').optional(),
  /** Task slots per executor (`spark.executor.cores`). @default 1 */
  cores: z.number().int().min(1, 'must be at least 1').optional(),
  /** CPU request of an executor pod. @default cores */
  coreRequest: quantity.optional(),
});

const sparkConfValue = z.union([z.string(), z.number(), z.boolean()]).transform(String);

export const sparkThriftServerSpec = z
  .strictObject({
    /**
     * A Spark 3.x image with Spark's layout (`/opt/spark`) and the Hive thrift server jars (in every Apache
     * Spark binary build). Hadoop's S3A jars, which `apache/spark` lacks, come from `jars`.
     * @default 'apache/spark:3.5.5'
     */
    image: imageRef.optional(),
    /** hadoop-aws 3.3.4 and its AWS SDK bundle (Spark 3.5's Hadoop). @default fetched from Maven Central, SHA-256 checked */
    jars: jarsSource,
    imagePullPolicy: pullPolicy.optional(),
    /** A HiveMetastore instance of the platform, by name. */
    metastoreRef: z.strictObject({ name: rfc1123Label }).optional(),
    /** Metastores outside the platform (`thrift://host:port`). */
    metastoreUris: z.array(thriftUri).min(1, 'must name at least one URI').optional(),
    s3: s3Location,
    /** @default 's3a://<s3.bucket>/apps/spark/warehouse' (as the original) */
    warehouseDir: z
      .string()
      .regex(/^s3a:\/\/[a-z0-9][a-z0-9.-]+[a-z0-9](\/\S*)?$/, 'must be an s3a:// URL')
      .optional(),
    /** ServiceAccount of the driver, which creates executor pods. @default metadata.name */
    serviceAccountName: rfc1123Label.optional(),
    service: z
      .strictObject({
        /** Name of the client Service. @default metadata.name */
        name: rfc1123Label.optional(),
        /** Thrift (JDBC/ODBC, binary transport) port. @default 10016 (as the original) */
        jdbcPort: port.optional(),
        /** Spark UI port. @default 4040 */
        uiPort: port.optional(),
      })
      .optional(),
    /** User and group of driver and executor containers. @default 185 (the `spark` user of Spark images) */
    securityContext: z
      .strictObject({
        runAsUser: z.number().int().min(1, 'must be a non-root user id (>= 1)').optional(),
        runAsGroup: z.number().int().min(1, 'must be a non-root group id (>= 1)').optional(),
        fsGroup: z.number().int().min(1, 'must be a non-root group id (>= 1)').optional(),
      })
      .optional(),
    driver: driver.optional(),
    executor: executor.optional(),
    volumes: z.array(volume).optional(),
    /** Spark properties merged over DataRoaster's defaults. */
    confs: z.record(z.string(), sparkConfValue).optional(),
    /** Extra arguments of the thrift server (e.g. `--hiveconf key=value`). */
    args: z.array(z.string()).optional(),
  })
  .superRefine((spec, ctx) => {
    if (spec.metastoreRef !== undefined && spec.metastoreUris !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['metastoreRef'], message: 'give metastoreRef or metastoreUris, not both' });
    } else if (spec.metastoreRef === undefined && spec.metastoreUris === undefined) {
      ctx.addIssue({ code: 'custom', path: ['metastoreRef'], message: 'required: a HiveMetastore of the platform by name, or metastoreUris' });
    }
    checkVolumes(spec, ctx);
    checkConfs(spec.confs ?? {}, ctx);
    const ports = [spec.service?.jdbcPort ?? 10016, spec.service?.uiPort ?? 4040, 7078, 7079];
    if (new Set(ports).size !== ports.length) {
      ctx.addIssue({ code: 'custom', path: ['service'], message: 'jdbcPort, uiPort, 7078 (driver) and 7079 (block manager) must differ' });
    }
  });

/** Spark names a local-dir volume `spark-local-dir-<name>`, which must stay an RFC 1123 label. */
const MAX_LOCAL_DIR_NAME = 63 - 'spark-local-dir-'.length;

function checkVolumes(
  spec: {
    volumes?: { name: string; localDir?: boolean; persistentVolumeClaim?: { claimName: string } }[];
    driver?: { volumeMounts?: { name: string }[] };
    executor?: { volumeMounts?: { name: string }[] };
  },
  ctx: z.RefinementCtx,
): void {
  const names = new Set<string>();
  const claims = new Map<string, string>();
  (spec.volumes ?? []).forEach((v, i) => {
    if (v.localDir === true && v.name.length > MAX_LOCAL_DIR_NAME) {
      ctx.addIssue({
        code: 'custom',
        path: ['volumes', i, 'name'],
        message: `must be at most ${MAX_LOCAL_DIR_NAME} characters: Spark prefixes local-dir volumes with "spark-local-dir-"`,
      });
    }
    if (names.has(v.name)) ctx.addIssue({ code: 'custom', path: ['volumes', i, 'name'], message: `duplicate volume name "${v.name}"` });
    names.add(v.name);
    const claim = v.persistentVolumeClaim?.claimName;
    if (claim === undefined) return;
    const user = claims.get(claim);
    if (user !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['volumes', i, 'persistentVolumeClaim', 'claimName'],
        message: `claim "${claim}" is already volume "${user}"`,
      });
    claims.set(claim, v.name);
  });
  for (const role of ['driver', 'executor'] as const) {
    const mounted = new Set<string>();
    (spec[role]?.volumeMounts ?? []).forEach((m, i) => {
      if (!names.has(m.name))
        ctx.addIssue({ code: 'custom', path: [role, 'volumeMounts', i, 'name'], message: `no volume "${m.name}" in spec.volumes` });
      else if (role === 'executor' && mounted.has(m.name))
        ctx.addIssue({
          code: 'custom',
          path: [role, 'volumeMounts', i, 'name'],
          message: `volume "${m.name}" is mounted already: Spark mounts a volume once per executor`,
        });
      mounted.add(m.name);
    });
  }
}

function checkConfs(confs: Record<string, string>, ctx: z.RefinementCtx): void {
  for (const key of Object.keys(confs)) {
    const reserved = RESERVED_CONFS[key];
    if (!/^spark\.[A-Za-z0-9._-]+$/.test(key)) {
      ctx.addIssue({ code: 'custom', path: ['confs', key], message: 'must be a Spark property ("spark.…")' });
    } else if (reserved !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['confs', key], message: reserved });
    }
  }
}

export const sparkThriftServerSchema = ownKind(SPARK_THRIFT_SERVER_KIND, sparkThriftServerSpec);
/** A validated SparkThriftServer document (defaults are resolved by the construct). */
export type SparkThriftServerSpec = z.infer<typeof sparkThriftServerSchema>;

export const SPARK_THRIFT_SERVER_OWN_KIND: OwnKind<SparkThriftServerSpec> = {
  apiVersion: API_VERSION,
  kind: SPARK_THRIFT_SERVER_KIND,
  schema: sparkThriftServerSchema,
};

import { z } from 'zod';

import { imageRef, passThroughObject, pullPolicy, quantity, rfc1123Label, stringMap } from './fields';
import { legacyMetadata } from './legacy';
import { s3Bucket, s3Endpoint, s3Region } from './s3';
import { sparkMemory, thriftUri } from './spark-values';

export const SPARK_APPLICATION_API_VERSION = 'spark-operator.cloudchef-labs.com/v1alpha1';
export const SPARK_APPLICATION_KIND = 'SparkApplication';

/** A key of an existing Secret, as the original referenced S3 keys: `valueFrom.secretKeyRef{name, key}`. */
const secretKeyRef = z.strictObject({
  valueFrom: z.strictObject({
    secretKeyRef: z.strictObject({ name: rfc1123Label, key: z.string().min(1, 'must not be empty') }),
  }),
});

const resources = z.strictObject({
  cores: quantity.optional(),
  limitCores: quantity.optional(),
  memory: sparkMemory.optional(),
});

const volumeMount = z.strictObject({
  name: rfc1123Label,
  mountPath: z.string().regex(/^\/\S*$/, 'must be an absolute path'),
  readOnly: z.boolean().optional(),
  subPath: z.string().optional(),
  subPathExpr: z.string().optional(),
  mountPropagation: z.string().optional(),
});

const podTemplate = z.strictObject({
  affinity: passThroughObject.optional(),
  tolerations: z.array(passThroughObject).optional(),
  securityContext: z
    .strictObject({
      runAsUser: z.number().int().optional(),
      runAsGroup: z.number().int().optional(),
      fsGroup: z.number().int().optional(),
      runAsNonRoot: z.boolean().optional(),
    })
    .optional(),
  schedulerName: z.string().optional(),
  priorityClassName: z.string().optional(),
  hostNetwork: z.boolean().optional(),
  nodeSelector: stringMap.optional(),
});

const role = {
  label: stringMap.optional(),
  annotation: stringMap.optional(),
  resources: resources.optional(),
  volumeMounts: z.array(volumeMount).optional(),
  podTemplate: podTemplate.optional(),
};

/** The original `SparkApplication` custom resource of DataRoaster's Spark operator (all its fields). */
export const sparkApplicationSchema = z.strictObject({
  apiVersion: z.literal(SPARK_APPLICATION_API_VERSION),
  kind: z.literal(SPARK_APPLICATION_KIND),
  metadata: legacyMetadata,
  spec: z.strictObject({
    core: z.strictObject({
      applicationType: z.enum(['Batch', 'EndlessRun']),
      deployMode: z.enum(['Cluster', 'Client']),
      container: z.strictObject({ image: imageRef, imagePullPolicy: pullPolicy.optional() }),
      class: z.string().min(1, 'must not be empty').optional(),
      args: z.array(z.string()).optional(),
      applicationFileUrl: z.string().regex(/^(s3a|https?):\/\/\S+$/, 'must be an s3a://, http:// or https:// URL'),
      pyFilesUrl: z
        .string()
        .regex(/^(s3a|https?):\/\/\S+$/, 'must be an s3a://, http:// or https:// URL')
        .optional(),
      /** Namespace the application runs in. */
      namespace: rfc1123Label,
      s3: z
        .strictObject({
          bucket: s3Bucket,
          accessKey: secretKeyRef,
          secretKey: secretKeyRef,
          endpoint: s3Endpoint,
          region: s3Region.optional(),
        })
        .optional(),
      hive: z.strictObject({ metastoreUris: z.array(thriftUri) }).optional(),
    }),
    driver: z.strictObject({ serviceAccountName: rfc1123Label.optional(), ...role }).optional(),
    executor: z.strictObject({ instances: z.number().int().min(0, 'must be at least 0').optional(), ...role }).optional(),
    confs: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String)).optional(),
    volumes: z
      .array(
        z.strictObject({
          name: rfc1123Label,
          type: z.enum(['SparkLocalDir', 'Any']).optional(),
          emptyDir: z.strictObject({ medium: z.string().optional(), sizeLimit: quantity.optional() }).optional(),
          hostPath: z.strictObject({ path: z.string(), type: z.string().optional() }).optional(),
          persistentVolumeClaim: z
            .strictObject({
              claimName: z.string().min(1, 'must not be empty'),
              storageClass: z.string().optional(),
              sizeLimit: quantity.optional(),
              readOnly: z.boolean().optional(),
            })
            .optional(),
        }),
      )
      .optional(),
  }),
});
export type LegacySparkApplication = z.infer<typeof sparkApplicationSchema>;

/**
 * Main classes that make an original SparkApplication a Spark thrift server: the original's runner (a
 * wrapper that only calls HiveThriftServer2.main) and Spark's own thrift server class.
 */
export const THRIFT_SERVER_CLASSES: readonly string[] = [
  'com.cloudcheflabs.dataroaster.hive.SparkThriftServerRunner',
  'org.apache.spark.sql.hive.thriftserver.HiveThriftServer2',
];

/**
 * True when an original SparkApplication runs the thrift server (it maps onto a SparkThriftServer, any
 * other onto a SparkApplication). The original told the two apart only by the endpoint it was posted to;
 * the main class says it in the document itself, so a file gives the same result through the CLI and
 * through either API endpoint.
 */
export function isThriftServerApplication(data: unknown): boolean {
  const spec = (data as { spec?: { core?: { class?: unknown } } } | null)?.spec;
  const mainClass = typeof spec === 'object' && spec !== null ? spec.core?.class : undefined;
  return typeof mainClass === 'string' && THRIFT_SERVER_CLASSES.includes(mainClass);
}

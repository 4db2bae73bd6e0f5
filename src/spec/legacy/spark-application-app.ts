import { z } from 'zod';
import type { LegacyParams } from '../kind';
import { appFileUrl, bucketName, httpUrl, javaClassName, secretKeyRef, thriftUri } from '../kinds/spark-application';
import { podTemplate, sparkMemory, volume, volumeMount } from '../kinds/spark-pod';
import { API_VERSION, imageRef, parseWith, passThroughObject, pullPolicy, quantity, rfc1123Label, stringMap } from '../schema';

// The original Spark operator's input, `spark-operator.cloudchef-labs.com/v1alpha1` SparkApplication.
// Its Java model accepted null for every absent field, so optional fields here accept null too.

const fromSecret = z.strictObject({ valueFrom: z.strictObject({ secretKeyRef }) });

const legacyResources = z.strictObject({
  /** Whole cores, as a string or a number ("1"). */
  cores: z
    .union([z.string(), z.number()])
    .transform(Number)
    .pipe(z.number().int('must be a whole number of cores like "1" (use limitCores for a fraction)').min(1, 'must be at least 1'))
    .nullish(),
  limitCores: quantity.nullish(),
  memory: sparkMemory.nullish(),
});

const legacyPodTemplate = z.strictObject({
  ...podTemplate.shape,
  securityContext: passThroughObject.nullish(),
  // Host networking breaks the Pod Security Standards and lets two pods fight over node ports.
  hostNetwork: z.literal(false, 'true is not supported: host networking breaks the Pod Security Standards').nullish(),
});

const legacyRole = {
  label: stringMap.nullish(),
  annotation: stringMap.nullish(),
  resources: legacyResources.nullish(),
  volumeMounts: z.array(volumeMount).nullish(),
  podTemplate: legacyPodTemplate.nullish(),
};

const legacySparkApplication = z.strictObject({
  apiVersion: z.literal('spark-operator.cloudchef-labs.com/v1alpha1'),
  kind: z.literal('SparkApplication'),
  metadata: z.strictObject({
    name: rfc1123Label,
    /** Where the original operator watched CRs; the application runs in `spec.core.namespace`. */
    namespace: rfc1123Label.nullish(),
    labels: stringMap.nullish(),
    annotations: stringMap.nullish(),
  }),
  spec: z.strictObject({
    core: z.strictObject({
      applicationType: z.enum(['Batch', 'EndlessRun']),
      // Client mode ran the driver inside the original operator's pod; here every driver has its own pod.
      deployMode: z.literal('Cluster', 'only Cluster is supported: every driver runs in a pod of its own').nullish(),
      container: z.strictObject({ image: imageRef, imagePullPolicy: pullPolicy.nullish() }),
      class: javaClassName.nullish(),
      args: z.array(z.union([z.string(), z.number(), z.boolean()])).nullish(),
      applicationFileUrl: appFileUrl,
      /** Comma-separated Python dependencies. */
      pyFilesUrl: z.string().regex(/^\S+$/, 'must be comma-separated URLs without spaces').nullish(),
      namespace: rfc1123Label,
      s3: z
        .strictObject({
          bucket: bucketName.nullish(),
          accessKey: fromSecret.nullish(),
          secretKey: fromSecret.nullish(),
          endpoint: httpUrl.nullish(),
          region: z.string().nullish(),
        })
        .nullish(),
      hive: z.strictObject({ metastoreUris: z.array(thriftUri).nullish() }).nullish(),
    }),
    driver: z.strictObject({ ...legacyRole, serviceAccountName: rfc1123Label.nullish() }).nullish(),
    executor: z.strictObject({ ...legacyRole, instances: z.number().int().min(1).nullish() }).nullish(),
    confs: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).nullish(),
    volumes: z
      .array(
        z.strictObject({
          name: rfc1123Label,
          type: z.enum(['SparkLocalDir', 'Any']).nullish(),
          emptyDir: volume.shape.emptyDir.nullish(),
          hostPath: volume.shape.hostPath.nullish(),
          persistentVolumeClaim: volume.shape.persistentVolumeClaim.nullish(),
        }),
      )
      .nullish(),
  }),
});

type Legacy = z.infer<typeof legacySparkApplication>;
type LegacyRole = NonNullable<Legacy['spec']['driver']>;

/**
 * Maps an original SparkApplication (any but the Spark thrift server) onto an own `SparkApplication`:
 * `Batch` → Batch, `EndlessRun` → Streaming, running in `spec.core.namespace`; `confs` become `sparkConf`,
 * `SparkLocalDir` volumes become Spark local directories. hostPath volumes stay refused unless the own
 * kind's `allowHostPath` is set, which the original format has no field for.
 */
export function sparkApplicationToOwnKind(data: unknown, source: string, _params: LegacyParams): unknown {
  const { metadata, spec } = parseWith(legacySparkApplication, data, source);
  const { core } = spec;
  return {
    apiVersion: API_VERSION,
    kind: 'SparkApplication',
    metadata: {
      name: metadata.name,
      namespace: core.namespace,
      ...(metadata.labels ? { labels: metadata.labels } : {}),
      ...(metadata.annotations ? { annotations: metadata.annotations } : {}),
    },
    spec: compact({
      type: core.applicationType === 'Batch' ? 'Batch' : 'Streaming',
      image: core.container.image,
      imagePullPolicy: core.container.imagePullPolicy,
      mainApplicationFile: core.applicationFileUrl,
      mainClass: core.class,
      arguments: core.args?.map(String),
      pyFiles: core.pyFilesUrl?.split(',').filter(Boolean),
      sparkConf: spec.confs ?? undefined,
      s3: core.s3
        ? compact({
            bucket: core.s3.bucket,
            endpoint: core.s3.endpoint,
            region: core.s3.region,
            accessKey: core.s3.accessKey?.valueFrom,
            secretKey: core.s3.secretKey?.valueFrom,
          })
        : undefined,
      hive: core.hive?.metastoreUris ? { metastoreUris: core.hive.metastoreUris } : undefined,
      driver: spec.driver ? compact({ ...role(spec.driver), serviceAccountName: spec.driver.serviceAccountName }) : undefined,
      executor: spec.executor ? compact({ ...role(spec.executor), instances: spec.executor.instances }) : undefined,
      volumes: spec.volumes?.map((v) =>
        compact({ name: v.name, sparkLocalDir: v.type === 'SparkLocalDir', emptyDir: v.emptyDir, hostPath: v.hostPath, persistentVolumeClaim: v.persistentVolumeClaim }),
      ),
    }),
  };
}

function role(legacy: LegacyRole): Record<string, unknown> {
  const template = legacy.podTemplate;
  return compact({
    cores: legacy.resources?.cores,
    coreLimit: legacy.resources?.limitCores,
    memory: legacy.resources?.memory,
    labels: legacy.label,
    annotations: legacy.annotation,
    volumeMounts: legacy.volumeMounts,
    podTemplate: template
      ? compact({
          affinity: template.affinity,
          tolerations: template.tolerations,
          nodeSelector: template.nodeSelector,
          securityContext: template.securityContext,
          schedulerName: template.schedulerName,
          priorityClassName: template.priorityClassName,
        })
      : undefined,
  });
}

/** Drops absent (undefined or null) fields, so the own kind's defaults apply to them. */
function compact(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && v !== null));
}

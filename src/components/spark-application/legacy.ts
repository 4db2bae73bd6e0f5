import type { LegacyKind, LegacyParams } from '../../core/component';
import { SpecError, SpecIssue } from '../../schema/errors';
import { API_VERSION, parseWith } from '../../schema/fields';
import { compact } from '../../schema/legacy';
import {
  isThriftServerApplication,
  LegacySparkApplication,
  SPARK_APPLICATION_API_VERSION,
  SPARK_APPLICATION_KIND,
  sparkApplicationSchema,
} from '../../schema/legacy-spark-application';

type LegacyRole = NonNullable<LegacySparkApplication['spec']['driver']>;

/**
 * Maps an original SparkApplication (any but the Spark thrift server) onto an own `SparkApplication`:
 * `Batch` → Batch, `EndlessRun` → Streaming, running in `spec.core.namespace`; `confs` carry over,
 * `SparkLocalDir` volumes become Spark local directories. hostPath volumes stay refused: the own kind's
 * `allowHostPath` has no counterpart in the original format. Field checks the own kind repeats (memory,
 * volumes, security context) report the same paths, as the two shapes share them.
 */
export function sparkApplicationToOwnKind(data: unknown, source: string, _params: LegacyParams): unknown {
  const app = parseWith(sparkApplicationSchema, data, source);
  const issues = unsupported(app);
  if (issues.length) throw new SpecError(source, issues);
  const { metadata, spec } = app;
  const { core } = spec;
  const s3 = core.s3;
  return {
    apiVersion: API_VERSION,
    kind: 'SparkApplication',
    metadata: compact({ name: metadata.name, namespace: core.namespace, labels: metadata.labels, annotations: metadata.annotations }),
    spec: compact({
      type: core.applicationType === 'Batch' ? 'Batch' : 'Streaming',
      image: core.container.image,
      imagePullPolicy: core.container.imagePullPolicy,
      mainApplicationFile: core.applicationFileUrl,
      mainClass: core.class,
      arguments: core.args,
      pyFiles: core.pyFilesUrl?.split(',').filter(Boolean),
      confs: spec.confs,
      s3: s3 && {
        ...compact({ bucket: s3.bucket, endpoint: s3.endpoint, region: s3.region }),
        credentials: {
          secretRef: {
            name: s3.accessKey.valueFrom.secretKeyRef.name,
            accessKeyKey: s3.accessKey.valueFrom.secretKeyRef.key,
            secretKeyKey: s3.secretKey.valueFrom.secretKeyRef.key,
          },
        },
      },
      metastoreUris: core.hive?.metastoreUris.length ? core.hive.metastoreUris : undefined,
      driver: spec.driver && compact({ ...role(spec.driver), serviceAccountName: spec.driver.serviceAccountName }),
      executor: spec.executor && compact({ ...role(spec.executor), instances: spec.executor.instances }),
      volumes: spec.volumes?.map((v) =>
        compact({
          name: v.name,
          sparkLocalDir: v.type === 'SparkLocalDir',
          emptyDir: v.emptyDir,
          hostPath: v.hostPath,
          persistentVolumeClaim: v.persistentVolumeClaim,
        }),
      ),
    }),
  };
}

/** What the original allowed but a Spark application here cannot do, with the original's field paths. */
function unsupported(app: LegacySparkApplication): SpecIssue[] {
  const { core } = app.spec;
  const issues: SpecIssue[] = [];
  // Client mode ran the driver inside the original operator's pod; here every driver has a pod of its own.
  if (core.deployMode !== 'Cluster')
    issues.push({ path: 'spec.core.deployMode', message: 'only Cluster is supported: every driver runs in a pod of its own' });
  if (core.s3 && core.s3.secretKey.valueFrom.secretKeyRef.name !== core.s3.accessKey.valueFrom.secretKeyRef.name) {
    issues.push({
      path: 'spec.core.s3.secretKey.valueFrom.secretKeyRef.name',
      message: `must name the same Secret as accessKey ("${core.s3.accessKey.valueFrom.secretKeyRef.name}")`,
    });
  }
  for (const name of ['driver', 'executor'] as const) {
    const role = app.spec[name];
    const cores = role?.resources?.cores;
    if (cores !== undefined && !/^[1-9][0-9]*$/.test(cores)) {
      issues.push({ path: `spec.${name}.resources.cores`, message: 'must be a whole number of cores like "1" (use limitCores for a fraction)' });
    }
    if (role?.podTemplate?.hostNetwork === true) {
      issues.push({
        path: `spec.${name}.podTemplate.hostNetwork`,
        message: 'not allowed: the Pod Security Standard "restricted" forbids host networking',
      });
    }
  }
  return issues;
}

function role(legacy: LegacyRole): Record<string, unknown> {
  const template = legacy.podTemplate;
  return compact({
    cores: legacy.resources?.cores === undefined ? undefined : Number(legacy.resources.cores),
    coreLimit: legacy.resources?.limitCores,
    memory: legacy.resources?.memory,
    labels: legacy.label,
    annotations: legacy.annotation,
    volumeMounts: legacy.volumeMounts,
    podTemplate:
      template &&
      compact({
        affinity: template.affinity,
        tolerations: template.tolerations,
        nodeSelector: template.nodeSelector,
        securityContext: template.securityContext,
        schedulerName: template.schedulerName,
        priorityClassName: template.priorityClassName,
      }),
  });
}

/** The original SparkApplication of a batch or streaming job (not the thrift server), mapped onto a SparkApplication. */
export const legacySparkApplication: LegacyKind = {
  apiVersion: SPARK_APPLICATION_API_VERSION,
  kind: SPARK_APPLICATION_KIND,
  matches: (data) => !isThriftServerApplication(data),
  toOwnKind: sparkApplicationToOwnKind,
};

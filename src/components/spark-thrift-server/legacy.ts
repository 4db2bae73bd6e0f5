import type { LegacyKind, LegacyParams } from '../../core/component';
import { SpecError, SpecIssue } from '../../schema/errors';
import { API_VERSION, parseWith } from '../../schema/fields';
import { base64Param, compact, gibibytesParam, storageClassParam } from '../../schema/legacy';
import {
  isThriftServerApplication,
  LegacySparkApplication,
  SPARK_APPLICATION_API_VERSION,
  SPARK_APPLICATION_KIND,
  sparkApplicationSchema,
} from '../../schema/legacy-spark-application';
import { SPARK_THRIFT_SERVER_KIND } from './schema';

/** The Service the original created for JDBC clients (port 10016); legacy instances keep it. */
export const LEGACY_THRIFT_SERVICE = 'spark-thrift-server-service';

/** Size of each claim when neither `pvc_size` nor the volume's `sizeLimit` says. */
const DEFAULT_CLAIM_SIZE = '1Gi';

type Role = NonNullable<LegacySparkApplication['spec']['driver']>;

/**
 * Maps an original SparkApplication running the thrift server, plus the API parameters of
 * `/v1/spark_thrift_server/create`, onto a SparkThriftServer:
 * - `s3_access_key`/`s3_secret_key` (base64): written into the Secret the CR's `secretKeyRef`s name; without
 *   them that Secret must already exist.
 * - `pvc_size` (Gi): size of every claim in `spec.volumes` (default: the volume's `sizeLimit`, else 1Gi).
 * - `nfs_storage_class`: the claims' storage class unless a volume names its own. It must offer
 *   ReadWriteMany; DataRoaster installs no NFS provisioner, so `nfs_storage_size` is checked and unused.
 * The thrift server always runs in client mode in its own pod; `deployMode`, `applicationType` and
 * `applicationFileUrl` (the original's runner jar, which only called HiveThriftServer2) are not used.
 */
export function sparkThriftServerFromApplication(data: unknown, source: string, params: LegacyParams): unknown {
  const app = parseWith(sparkApplicationSchema, data, source);
  const issues = unsupported(app);
  const accessKey = base64Param(params, 's3_access_key', source);
  const secretKey = base64Param(params, 's3_secret_key', source);
  if ((accessKey === undefined) !== (secretKey === undefined)) {
    issues.push({
      path: accessKey === undefined ? 'params.s3_access_key' : 'params.s3_secret_key',
      message: 'give s3_access_key and s3_secret_key together',
    });
  }
  const size = gibibytesParam(params, 'pvc_size', source);
  const storageClass = storageClassParam(params, 'nfs_storage_class', source);
  gibibytesParam(params, 'nfs_storage_size', source);
  if (issues.length) throw new SpecError(source, issues);

  const { core, driver, executor } = app.spec;
  const s3 = core.s3!;
  const ref = s3.accessKey.valueFrom.secretKeyRef;
  return {
    apiVersion: API_VERSION,
    kind: SPARK_THRIFT_SERVER_KIND,
    metadata: { name: app.metadata.name, namespace: core.namespace },
    spec: compact({
      image: core.container.image,
      imagePullPolicy: core.container.imagePullPolicy,
      metastoreUris: core.hive!.metastoreUris,
      s3: compact({
        bucket: s3.bucket,
        endpoint: s3.endpoint,
        region: s3.region,
        credentials: compact({
          accessKey,
          secretKey,
          secretRef: { name: ref.name, accessKeyKey: ref.key, secretKeyKey: s3.secretKey.valueFrom.secretKeyRef.key },
        }),
      }),
      serviceAccountName: driver?.serviceAccountName,
      service: { name: LEGACY_THRIFT_SERVICE },
      securityContext: securityContextOf(driver) ?? securityContextOf(executor),
      driver: driver && compact({ ...roleOf(driver), memory: driver.resources?.memory, cores: driver.resources?.cores }),
      executor:
        executor &&
        compact({
          ...roleOf(executor),
          instances: executor.instances,
          ...executorCores(executor.resources?.cores),
          memory: executor.resources?.memory,
        }),
      volumes: app.spec.volumes?.map((v) =>
        compact({
          name: v.name,
          localDir: v.type === 'SparkLocalDir' ? true : undefined,
          persistentVolumeClaim:
            v.persistentVolumeClaim &&
            compact({
              claimName: v.persistentVolumeClaim.claimName,
              storageClass: v.persistentVolumeClaim.storageClass ?? storageClass,
              size: size ?? v.persistentVolumeClaim.sizeLimit ?? DEFAULT_CLAIM_SIZE,
              readOnly: v.persistentVolumeClaim.readOnly,
            }),
          emptyDir: v.emptyDir && compact({ medium: v.emptyDir.medium, sizeLimit: v.emptyDir.sizeLimit }),
        }),
      ),
      confs: app.spec.confs,
      args: core.args,
    }),
  };
}

/** What the thrift server needs, and what the original allowed but a restricted pod or Spark cannot do. */
function unsupported(app: LegacySparkApplication): SpecIssue[] {
  const { core, driver, executor, volumes } = app.spec;
  const issues: SpecIssue[] = [];
  if (core.s3 === undefined) issues.push({ path: 'spec.core.s3', message: 'required: the thrift server keeps its warehouse on S3' });
  else if (core.s3.secretKey.valueFrom.secretKeyRef.name !== core.s3.accessKey.valueFrom.secretKeyRef.name) {
    issues.push({
      path: 'spec.core.s3.secretKey.valueFrom.secretKeyRef.name',
      message: `must name the same Secret as accessKey ("${core.s3.accessKey.valueFrom.secretKeyRef.name}")`,
    });
  }
  if (!core.hive?.metastoreUris.length)
    issues.push({ path: 'spec.core.hive.metastoreUris', message: 'required: the thrift server needs a Hive metastore' });
  for (const [name, role] of [
    ['driver', driver],
    ['executor', executor],
  ] as const) {
    role?.volumeMounts?.forEach((m, i) => {
      for (const field of ['subPathExpr', 'mountPropagation'] as const) {
        if (m[field] !== undefined)
          issues.push({ path: `spec.${name}.volumeMounts[${i}].${field}`, message: 'not supported: Spark cannot set it on executor pods' });
      }
    });
    if (role?.podTemplate?.hostNetwork === true)
      issues.push({
        path: `spec.${name}.podTemplate.hostNetwork`,
        message: 'not allowed: the Pod Security Standard "restricted" forbids host networking',
      });
    const sc = role?.podTemplate?.securityContext;
    for (const field of ['runAsUser', 'runAsGroup', 'fsGroup'] as const) {
      if (sc?.[field] !== undefined && sc[field]! < 1)
        issues.push({ path: `spec.${name}.podTemplate.securityContext.${field}`, message: 'must be a non-root id (>= 1)' });
    }
    if (sc?.runAsNonRoot === false)
      issues.push({
        path: `spec.${name}.podTemplate.securityContext.runAsNonRoot`,
        message: 'not allowed: pods run as non-root (Pod Security Standard "restricted")',
      });
  }
  const driverSc = securityContextOf(driver);
  const executorSc = securityContextOf(executor);
  if (driverSc && executorSc && JSON.stringify(driverSc) !== JSON.stringify(executorSc)) {
    issues.push({
      path: 'spec.executor.podTemplate.securityContext',
      message: 'must match spec.driver.podTemplate.securityContext: driver and executors run as one user',
    });
  }
  volumes?.forEach((v, i) => {
    if (v.hostPath !== undefined)
      issues.push({ path: `spec.volumes[${i}].hostPath`, message: 'not allowed: the Pod Security Standard "restricted" forbids hostPath volumes' });
    if (v.persistentVolumeClaim?.claimName === 'OnDemand') {
      issues.push({
        path: `spec.volumes[${i}].persistentVolumeClaim.claimName`,
        message: 'OnDemand is for Spark applications: name the claim DataRoaster creates for the thrift server',
      });
    }
  });
  return issues;
}

function roleOf(role: Role) {
  return {
    coreLimit: role.resources?.limitCores,
    labels: role.label,
    annotations: role.annotation,
    volumeMounts: role.volumeMounts?.map((m) => compact({ name: m.name, mountPath: m.mountPath, readOnly: m.readOnly, subPath: m.subPath })),
    placement:
      role.podTemplate &&
      compact({
        nodeSelector: role.podTemplate.nodeSelector,
        tolerations: role.podTemplate.tolerations,
        affinity: role.podTemplate.affinity,
        priorityClassName: role.podTemplate.priorityClassName,
        schedulerName: role.podTemplate.schedulerName,
      }),
  };
}

/** `cores: "2"` is two task slots; a fraction (`"500m"`) is only a CPU request for a one-slot executor. */
function executorCores(cores: string | undefined): { cores?: number; coreRequest?: string } {
  if (cores === undefined) return {};
  return /^[1-9][0-9]*$/.test(cores) ? { cores: Number(cores) } : { coreRequest: cores };
}

function securityContextOf(role: Role | undefined): Record<string, number> | undefined {
  const sc = role?.podTemplate?.securityContext;
  if (sc === undefined) return undefined;
  const ids = compact({ runAsUser: sc.runAsUser, runAsGroup: sc.runAsGroup, fsGroup: sc.fsGroup });
  return Object.keys(ids).length ? ids : undefined;
}

/** The original SparkApplication running the thrift server, mapped onto a SparkThriftServer. */
export const legacySparkThriftServer: LegacyKind = {
  apiVersion: SPARK_APPLICATION_API_VERSION,
  kind: SPARK_APPLICATION_KIND,
  matches: isThriftServerApplication,
  toOwnKind: sparkThriftServerFromApplication,
};

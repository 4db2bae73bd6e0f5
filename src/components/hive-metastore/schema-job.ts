import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { Construct } from 'constructs';
import { configHash } from '../common/config-hash';
import { heapForMemoryLimit } from '../../core/jvm';
import { standardLabels } from '../common/labels';
import { parseQuantity } from '../../core/quantity';
import { resourceRequirements } from '../common/resources';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../common/security-context';
import { writableDirs } from '../common/writable-dirs';
import type { MetastoreDatabase } from './database';
import { HIVE_USER, MYSQL_PORT, SCHEMA_JOB_RESOURCES } from './defaults';
import type { HiveRuntime } from './hive-runtime';

/** Attempts after the first: enough for a database that restarts once, few enough to surface a real failure. */
export const SCHEMA_JOB_BACKOFF_LIMIT = 3;
/**
 * A finished Job is removed after a week. The GitOps agent then re-creates it from Git and it runs
 * again, which `-initOrUpgradeSchema` makes harmless (it does nothing on a current schema).
 */
export const SCHEMA_JOB_TTL_SECONDS = 7 * 24 * 3600;
/** Upper bound on one run, waiting for the database included. */
const SCHEMA_JOB_DEADLINE_SECONDS = 1800;

export interface SchemaJobProps extends HiveRuntime {
  readonly database: MetastoreDatabase;
  readonly databaseImage: string;
}

/**
 * Creates or upgrades the metastore schema with `schematool -initOrUpgradeSchema` (Hive 4, idempotent).
 * Job specs are immutable, so the name carries a hash of the image and database: a new Hive version
 * gets a new Job, which upgrades the schema. Argo CD runs it after the database (sync wave 1) and before
 * the metastore (wave 2); with Flux the metastore restarts until the schema is there.
 */
export class SchemaJob extends Construct {
  readonly name: string;

  constructor(scope: Construct, id: string, props: SchemaJobProps) {
    super(scope, id);
    const labels = standardLabels({ ...props.identity, component: 'schema', version: props.version });
    this.name = `${props.names.schemaJobPrefix}-${configHash(props.image, props.database.jdbcUrl).slice(0, 8)}`;
    const heap = heapForMemoryLimit(parseQuantity(SCHEMA_JOB_RESOURCES.limits.memory));
    const writable = writableDirs([{ name: 'tmp', path: '/tmp' }]);
    new k8s.KubeJob(this, 'job', {
      metadata: { name: this.name, labels, annotations: { 'argocd.argoproj.io/sync-wave': '1' } },
      spec: {
        backoffLimit: SCHEMA_JOB_BACKOFF_LIMIT,
        ttlSecondsAfterFinished: SCHEMA_JOB_TTL_SECONDS,
        activeDeadlineSeconds: SCHEMA_JOB_DEADLINE_SECONDS,
        template: {
          metadata: { labels },
          spec: {
            restartPolicy: 'Never',
            serviceAccountName: props.names.metastore,
            automountServiceAccountToken: false,
            securityContext: restrictedPodSecurityContext(HIVE_USER),
            initContainers: [
              {
                // `mysqladmin ping` succeeds once the server answers (even "access denied"): no credentials.
                name: 'wait-for-database',
                image: props.databaseImage,
                imagePullPolicy: props.imagePullPolicy,
                command: ['sh', '-c', `until mysqladmin ping --host=${props.database.host} --port=${MYSQL_PORT} --connect-timeout=2 --silent; do sleep 2; done`],
                resources: resourceRequirements({ requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '100m', memory: '64Mi' } }),
                securityContext: restrictedContainerSecurityContext(),
              },
            ],
            containers: [
              {
                name: 'schematool',
                image: props.image,
                imagePullPolicy: props.imagePullPolicy,
                command: ['/opt/hive/bin/schematool', '-dbType', 'mysql', '-initOrUpgradeSchema'],
                env: [...props.env, { name: 'HADOOP_CLIENT_OPTS', value: `-Xmx${heap}` }],
                resources: resourceRequirements(SCHEMA_JOB_RESOURCES),
                securityContext: restrictedContainerSecurityContext(),
                volumeMounts: [...props.configMounts, ...writable.mounts],
              },
            ],
            volumes: [...props.configVolumes, ...writable.volumes],
          },
        },
      },
    });
  }
}

import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { Construct } from 'constructs';

import { heapForMemoryLimit } from '../../core/jvm';
import { parseQuantity } from '../../core/quantity';
import { configHash } from '../common/config-hash';
import { selectorLabels, standardLabels } from '../common/labels';
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
 * again, which is harmless: the schema command does nothing on a current schema.
 */
export const SCHEMA_JOB_TTL_SECONDS = 7 * 24 * 3600;
/** Upper bound on one run, waiting for the database included. */
const SCHEMA_JOB_DEADLINE_SECONDS = 1800;

export interface SchemaJobProps extends HiveRuntime {
  readonly database: MetastoreDatabase;
  readonly databaseImage: string;
}

/**
 * The idempotent schema command for a Hive major version, as the image's own entrypoint chooses it
 * (apache/hive `packaging/src/docker/entrypoint.sh` initialize_hive): Hive 4 has
 * `-initOrUpgradeSchema`; Hive 3 has only `-initSchema`, which must not run on an existing schema, so
 * `-info` (which succeeds only when a schema is there) guards it.
 */
export function schemaCommand(hiveMajor: number): string[] {
  const schematool = '/opt/hive/bin/schematool -dbType mysql';
  if (hiveMajor >= 4) return ['/opt/hive/bin/schematool', '-dbType', 'mysql', '-initOrUpgradeSchema'];
  return ['sh', '-c', `if ${schematool} -info; then echo "metastore schema present"; else ${schematool} -initSchema; fi`];
}

/**
 * Creates (or upgrades) the metastore schema. schematool reads the JDBC settings from hive-site.xml
 * (see config.ts). Job specs are immutable and both agents stall on "field is immutable" when a Job of
 * the same name changes (fluxcd/pkg `ssa/manager_apply.go`, argo-cd `appcontroller.go`), so the name
 * carries a hash of the whole pod template: any change makes a new Job, which runs once. Argo CD runs it
 * after the database (sync wave 1) and before the metastore (wave 2); with Flux the metastore restarts
 * until the schema is there. A NetworkPolicy admits no ingress to its pod (it serves nothing).
 */
export class SchemaJob extends Construct {
  readonly name: string;

  constructor(scope: Construct, id: string, props: SchemaJobProps) {
    super(scope, id);
    const identity = { ...props.identity, component: 'schema', version: props.version };
    const labels = standardLabels(identity);
    const heap = heapForMemoryLimit(parseQuantity(SCHEMA_JOB_RESOURCES.limits.memory));
    const writable = writableDirs([{ name: 'tmp', path: '/tmp' }]);
    const template: k8s.PodTemplateSpec = {
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
            command: [
              'sh',
              '-c',
              `until mysqladmin ping --host=${props.database.host} --port=${MYSQL_PORT} --connect-timeout=2 --silent; do sleep 2; done`,
            ],
            resources: resourceRequirements({ requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '100m', memory: '64Mi' } }),
            securityContext: restrictedContainerSecurityContext(),
          },
          ...props.initContainers,
        ],
        containers: [
          {
            name: 'schematool',
            image: props.image,
            imagePullPolicy: props.imagePullPolicy,
            command: schemaCommand(props.hiveMajor),
            env: [...props.env, { name: 'HADOOP_CLIENT_OPTS', value: `-Xmx${heap}` }],
            resources: resourceRequirements(SCHEMA_JOB_RESOURCES),
            securityContext: restrictedContainerSecurityContext(),
            volumeMounts: [...props.configMounts, ...writable.mounts],
          },
        ],
        volumes: [...props.configVolumes, ...writable.volumes],
      },
    };
    this.name = `${props.names.schemaJobPrefix}-${configHash(template).slice(0, 8)}`;
    new k8s.KubeJob(this, 'job', {
      metadata: { name: this.name, labels, annotations: { 'argocd.argoproj.io/sync-wave': '1' } },
      spec: {
        backoffLimit: SCHEMA_JOB_BACKOFF_LIMIT,
        ttlSecondsAfterFinished: SCHEMA_JOB_TTL_SECONDS,
        activeDeadlineSeconds: SCHEMA_JOB_DEADLINE_SECONDS,
        template,
      },
    });
    new k8s.KubeNetworkPolicy(this, 'network-policy', {
      metadata: { name: props.names.schemaJobPrefix, labels },
      spec: { podSelector: { matchLabels: selectorLabels(identity) }, policyTypes: ['Ingress'], ingress: [] },
    });
  }
}

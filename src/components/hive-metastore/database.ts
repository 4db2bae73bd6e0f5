import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { Construct } from 'constructs';

import { generatedSecretValue } from '../../core/generated-secret';
import { ResolvedResources } from '../../core/quantity';
import type { PodPlacement } from '../../schema/placement';
import { podDisruptionBudget } from '../common/disruption-budget';
import { AppIdentity, selectorLabels, standardLabels } from '../common/labels';
import { placementFields } from '../common/placement';
import { resourceRequirements } from '../common/resources';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../common/security-context';
import { writableDirs } from '../common/writable-dirs';
import { DATABASE_NAME, DATABASE_USER, MYSQL_PORT, MYSQL_USER } from './defaults';
import type { MetastoreNames } from './names';

/** Keys of the generated database Secret. */
export const DB_PASSWORD_KEY = 'password';
export const DB_ROOT_PASSWORD_KEY = 'root-password';

/** The data directory lives one level below the volume root, so a filesystem's `lost+found` never blocks initialization. */
const DATA_MOUNT = '/var/lib/mysql';
const DATA_DIR = `${DATA_MOUNT}/data`;
/** Where the generated passwords are mounted as files. */
const SECRETS_DIR = '/etc/mysql-secrets';

export interface MetastoreDatabaseProps {
  readonly names: MetastoreNames;
  readonly identity: Omit<AppIdentity, 'component' | 'version'>;
  readonly namespace: string;
  readonly image: string;
  readonly imagePullPolicy: string;
  readonly version?: string;
  /** Size of the data volume, e.g. `10Gi`. */
  readonly storageSize: string;
  /** @default - the cluster's default storage class */
  readonly storageClass?: string;
  readonly resources: ResolvedResources;
  readonly placement?: PodPlacement;
}

/**
 * The metastore's MySQL database: a one-replica StatefulSet with a volumeClaimTemplate, its headless and
 * client Services, a Secret with generated passwords (kept across re-syntheses by the sealer), a
 * PodDisruptionBudget that never blocks a drain. The official image runs as its `mysql` user (999)
 * under the restricted Pod Security Standard: no root entrypoint step is needed when the data directory
 * is writable through fsGroup.
 */
export class MetastoreDatabase extends Construct {
  /** `jdbc:mysql://<client service>.<namespace>.svc:3306/metastore` */
  readonly jdbcUrl: string;
  readonly host: string;

  constructor(scope: Construct, id: string, props: MetastoreDatabaseProps) {
    super(scope, id);
    const { names } = props;
    const identity: AppIdentity = { ...props.identity, component: 'database', version: props.version };
    const labels = standardLabels(identity);
    const selector = selectorLabels(identity);
    this.host = `${names.database}.${props.namespace}.svc`;
    this.jdbcUrl = `jdbc:mysql://${this.host}:${MYSQL_PORT}/${DATABASE_NAME}`;

    new k8s.KubeSecret(this, 'secret', {
      metadata: { name: names.databaseSecret, labels },
      type: 'Opaque',
      stringData: { [DB_PASSWORD_KEY]: generatedSecretValue(), [DB_ROOT_PASSWORD_KEY]: generatedSecretValue() },
    });
    new k8s.KubeServiceAccount(this, 'service-account', { metadata: { name: names.database, labels }, automountServiceAccountToken: false });
    const ports = [{ name: 'mysql', port: MYSQL_PORT, targetPort: k8s.IntOrString.fromString('mysql') }];
    new k8s.KubeService(this, 'headless', {
      metadata: { name: names.databaseHeadless, labels },
      spec: { clusterIp: 'None', selector, ports, publishNotReadyAddresses: true },
    });
    new k8s.KubeService(this, 'service', { metadata: { name: names.database, labels }, spec: { selector, ports } });

    const writable = writableDirs([
      { name: 'run', path: '/var/run/mysqld' },
      { name: 'tmp', path: '/tmp' },
    ]);
    // The entrypoint reads MYSQL_PASSWORD / MYSQL_ROOT_PASSWORD from the file named by `<VAR>_FILE`
    // (docker-library/mysql `8.4/docker-entrypoint.sh:28-43` file_env, applied at 231-235, 516237c =
    // mysql:8.4.6), so the passwords sit in a mounted Secret, not in the container's environment.
    const secretFile = (name: string, key: string): k8s.EnvVar => ({ name: `${name}_FILE`, value: `${SECRETS_DIR}/${key}` });
    // `mysqladmin ping` exits 0 whenever the server answers, even "access denied": no credentials needed.
    // The entrypoint's temporary server skips networking, so TCP ping succeeds only once it really serves.
    const ping: k8s.ExecAction = { command: ['mysqladmin', 'ping', '--host=127.0.0.1', `--port=${MYSQL_PORT}`, '--silent'] };
    new k8s.KubeStatefulSet(this, 'statefulset', {
      metadata: { name: names.database, labels },
      spec: {
        replicas: 1,
        serviceName: names.databaseHeadless,
        selector: { matchLabels: selector },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: names.database,
            automountServiceAccountToken: false,
            securityContext: restrictedPodSecurityContext(MYSQL_USER),
            terminationGracePeriodSeconds: 60,
            ...placementFields(props.placement),
            containers: [
              {
                name: 'mysql',
                image: props.image,
                imagePullPolicy: props.imagePullPolicy,
                args: ['mysqld', `--datadir=${DATA_DIR}`],
                env: [
                  { name: 'MYSQL_DATABASE', value: DATABASE_NAME },
                  { name: 'MYSQL_USER', value: DATABASE_USER },
                  secretFile('MYSQL_PASSWORD', DB_PASSWORD_KEY),
                  secretFile('MYSQL_ROOT_PASSWORD', DB_ROOT_PASSWORD_KEY),
                ],
                ports: [{ name: 'mysql', containerPort: MYSQL_PORT }],
                resources: resourceRequirements(props.resources),
                securityContext: restrictedContainerSecurityContext(),
                // First start initializes the data directory: allow five minutes.
                startupProbe: { exec: ping, periodSeconds: 5, timeoutSeconds: 5, failureThreshold: 60 },
                readinessProbe: { exec: ping, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
                livenessProbe: {
                  tcpSocket: { port: k8s.IntOrString.fromString('mysql') },
                  periodSeconds: 20,
                  timeoutSeconds: 5,
                  failureThreshold: 3,
                },
                volumeMounts: [
                  { name: 'data', mountPath: DATA_MOUNT },
                  { name: 'secrets', mountPath: SECRETS_DIR, readOnly: true },
                  ...writable.mounts,
                ],
              },
            ],
            // Readable by the pod's group (fsGroup 999) only.
            volumes: [{ name: 'secrets', secret: { secretName: names.databaseSecret, defaultMode: 0o440 } }, ...writable.volumes],
          },
        },
        volumeClaimTemplates: [
          {
            metadata: { name: 'data', labels: selector },
            spec: {
              accessModes: ['ReadWriteOnce'],
              ...(props.storageClass === undefined ? {} : { storageClassName: props.storageClass }),
              resources: { requests: { storage: k8s.Quantity.fromString(props.storageSize) } },
            },
          },
        ],
      },
    });
    podDisruptionBudget(this, 'pdb', { name: names.database, labels, selector, maxUnavailable: 1 });
    // Only this instance's pods (the metastore and its schema Job) reach the database.
    new k8s.KubeNetworkPolicy(this, 'network-policy', {
      metadata: { name: names.database, labels },
      spec: {
        podSelector: { matchLabels: selector },
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [
              {
                podSelector: {
                  matchLabels: { 'app.kubernetes.io/name': props.identity.name, 'app.kubernetes.io/instance': props.identity.instance },
                },
              },
            ],
            ports: [{ port: k8s.IntOrString.fromString('mysql'), protocol: 'TCP' }],
          },
        ],
      },
    });
  }
}

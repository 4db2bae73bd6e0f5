import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { Construct } from 'constructs';

import { generatedSecretValue } from '../../core/generated-secret';
import { ResolvedResources } from '../../core/quantity';
import type { PodPlacement } from '../../schema/placement';
import { embeddedDatabase } from '../common/embedded-database';
import { AppIdentity, selectorLabels, standardLabels } from '../common/labels';
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

    // The entrypoint reads MYSQL_PASSWORD / MYSQL_ROOT_PASSWORD from the file named by `<VAR>_FILE`
    // (docker-library/mysql `8.4/docker-entrypoint.sh:28-43` file_env, applied at 231-235, 516237c =
    // mysql:8.4.6), so the passwords sit in a mounted Secret, not in the container's environment.
    const secretFile = (name: string, key: string): k8s.EnvVar => ({ name: `${name}_FILE`, value: `${SECRETS_DIR}/${key}` });
    // `mysqladmin ping` exits 0 whenever the server answers, even "access denied": no credentials needed.
    // The entrypoint's temporary server skips networking, so TCP ping succeeds only once it really serves.
    const ping: k8s.ExecAction = { command: ['mysqladmin', 'ping', '--host=127.0.0.1', `--port=${MYSQL_PORT}`, '--silent'] };
    embeddedDatabase(this, {
      name: names.database,
      headlessName: names.databaseHeadless,
      labels,
      selector,
      secret: {
        name: names.databaseSecret,
        stringData: { [DB_PASSWORD_KEY]: generatedSecretValue(), [DB_ROOT_PASSWORD_KEY]: generatedSecretValue() },
      },
      port: { name: 'mysql', number: MYSQL_PORT },
      runAs: MYSQL_USER,
      placement: props.placement,
      container: {
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
      },
      resources: props.resources,
      ready: ping,
      dataMount: DATA_MOUNT,
      storage: { size: props.storageSize, storageClass: props.storageClass },
      writable: [
        { name: 'run', path: '/var/run/mysqld' },
        { name: 'tmp', path: '/tmp' },
      ],
      // Readable by the pod's group (fsGroup 999) only.
      volumes: [{ name: 'secrets', secret: { secretName: names.databaseSecret, defaultMode: 0o440 } }],
      mounts: [{ name: 'secrets', mountPath: SECRETS_DIR, readOnly: true }],
      // Only this instance's pods (the metastore and its schema Job) reach the database.
      clients: { 'app.kubernetes.io/name': props.identity.name, 'app.kubernetes.io/instance': props.identity.instance },
    });
  }
}

import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { Construct } from 'constructs';

import { generatedSecretValue } from '../../core/generated-secret';
import type { PodPlacement } from '../../schema/placement';
import { embeddedDatabase } from '../common/embedded-database';
import { versionLabelOf } from '../common/image';
import { AppIdentity, selectorLabels, standardLabels } from '../common/labels';
import type { GatewayNames } from './names';
import type { TrinoGatewaySettings } from './schema';

export const POSTGRES_PORT = 5432;
export const DATABASE_NAME = 'gateway';
export const DATABASE_USER = 'gateway';
/** Key of the generated password in the database Secret. */
export const DB_PASSWORD_KEY = 'password';
/** The `postgres` user of the official Debian-based image. */
const POSTGRES_RUN_AS = { user: 999, group: 999 } as const;
/** The data directory one level below the volume root, so a filesystem's `lost+found` never blocks initdb. */
const DATA_MOUNT = '/var/lib/postgresql/data';

export interface GatewayDatabaseProps {
  readonly names: GatewayNames;
  readonly identity: Omit<AppIdentity, 'component' | 'version'>;
  readonly namespace: string;
  readonly settings: NonNullable<TrinoGatewaySettings['database']['embedded']>;
  readonly placement?: PodPlacement;
}

/**
 * The gateway's PostgreSQL: one replica with a volumeClaimTemplate, headless and client Services, a
 * generated password (kept across syntheses by sealing), a PodDisruptionBudget that never blocks a
 * drain, and a NetworkPolicy letting only the gateway's pods in. Runs as the image's `postgres` user
 * under the restricted Pod Security Standard with a read-only root filesystem.
 */
export class GatewayDatabase extends Construct {
  /** `jdbc:postgresql://<service>.<namespace>.svc:5432/gateway` */
  readonly jdbcUrl: string;

  constructor(scope: Construct, id: string, props: GatewayDatabaseProps) {
    super(scope, id);
    const { names, settings } = props;
    const identity: AppIdentity = { ...props.identity, component: 'database', version: versionLabelOf(settings.image) };
    const labels = standardLabels(identity);
    const selector = selectorLabels(identity);
    this.jdbcUrl = `jdbc:postgresql://${names.database}.${props.namespace}.svc:${POSTGRES_PORT}/${DATABASE_NAME}`;

    // The entrypoint's first-start server listens on the socket only, so a TCP pg_isready succeeds once it really serves.
    const ready: k8s.ExecAction = {
      command: ['pg_isready', '--host=127.0.0.1', `--port=${POSTGRES_PORT}`, `--username=${DATABASE_USER}`, `--dbname=${DATABASE_NAME}`],
    };
    embeddedDatabase(this, {
      name: names.database,
      headlessName: names.databaseHeadless,
      labels,
      selector,
      secret: { name: names.databaseSecret, stringData: { [DB_PASSWORD_KEY]: generatedSecretValue() } },
      port: { name: 'postgres', number: POSTGRES_PORT },
      runAs: POSTGRES_RUN_AS,
      placement: props.placement,
      container: {
        name: 'postgres',
        image: settings.image,
        imagePullPolicy: settings.imagePullPolicy,
        env: [
          { name: 'POSTGRES_DB', value: DATABASE_NAME },
          { name: 'POSTGRES_USER', value: DATABASE_USER },
          { name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { name: names.databaseSecret, key: DB_PASSWORD_KEY } } },
          { name: 'PGDATA', value: `${DATA_MOUNT}/pgdata` },
        ],
      },
      resources: settings.resources,
      ready,
      dataMount: DATA_MOUNT,
      storage: { size: settings.storage.size, storageClass: settings.storage.storageClass },
      writable: [
        { name: 'run', path: '/var/run/postgresql' },
        { name: 'tmp', path: '/tmp' },
      ],
      // Only the gateway's pods (not its reconciler) reach the database.
      clients: {
        'app.kubernetes.io/name': props.identity.name,
        'app.kubernetes.io/instance': props.identity.instance,
        'app.kubernetes.io/component': 'gateway',
      },
    });
  }
}

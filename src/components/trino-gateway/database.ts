import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { Construct } from 'constructs';

import { generatedSecretValue } from '../../core/generated-secret';
import type { PodPlacement } from '../../schema/placement';
import { podDisruptionBudget } from '../common/disruption-budget';
import { versionLabelOf } from '../common/image';
import { AppIdentity, selectorLabels, standardLabels } from '../common/labels';
import { placementFields } from '../common/placement';
import { resourceRequirements } from '../common/resources';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../common/security-context';
import { writableDirs } from '../common/writable-dirs';
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

    new k8s.KubeSecret(this, 'secret', {
      metadata: { name: names.databaseSecret, labels },
      type: 'Opaque',
      stringData: { [DB_PASSWORD_KEY]: generatedSecretValue() },
    });
    new k8s.KubeServiceAccount(this, 'service-account', { metadata: { name: names.database, labels }, automountServiceAccountToken: false });
    const ports = [{ name: 'postgres', port: POSTGRES_PORT, targetPort: k8s.IntOrString.fromString('postgres') }];
    new k8s.KubeService(this, 'headless', {
      metadata: { name: names.databaseHeadless, labels },
      spec: { clusterIp: 'None', selector, ports, publishNotReadyAddresses: true },
    });
    new k8s.KubeService(this, 'service', { metadata: { name: names.database, labels }, spec: { selector, ports } });

    const writable = writableDirs([
      { name: 'run', path: '/var/run/postgresql' },
      { name: 'tmp', path: '/tmp' },
    ]);
    // The entrypoint's first-start server listens on the socket only, so a TCP pg_isready succeeds once it really serves.
    const ready: k8s.ExecAction = {
      command: ['pg_isready', '--host=127.0.0.1', `--port=${POSTGRES_PORT}`, `--username=${DATABASE_USER}`, `--dbname=${DATABASE_NAME}`],
    };
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
            securityContext: restrictedPodSecurityContext(POSTGRES_RUN_AS),
            terminationGracePeriodSeconds: 60,
            ...placementFields(props.placement),
            containers: [
              {
                name: 'postgres',
                image: settings.image,
                imagePullPolicy: settings.imagePullPolicy,
                env: [
                  { name: 'POSTGRES_DB', value: DATABASE_NAME },
                  { name: 'POSTGRES_USER', value: DATABASE_USER },
                  { name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { name: names.databaseSecret, key: DB_PASSWORD_KEY } } },
                  { name: 'PGDATA', value: `${DATA_MOUNT}/pgdata` },
                ],
                ports: [{ name: 'postgres', containerPort: POSTGRES_PORT }],
                resources: resourceRequirements(settings.resources),
                securityContext: restrictedContainerSecurityContext(),
                startupProbe: { exec: ready, periodSeconds: 5, timeoutSeconds: 5, failureThreshold: 60 },
                readinessProbe: { exec: ready, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
                livenessProbe: {
                  tcpSocket: { port: k8s.IntOrString.fromString('postgres') },
                  periodSeconds: 20,
                  timeoutSeconds: 5,
                  failureThreshold: 3,
                },
                volumeMounts: [{ name: 'data', mountPath: DATA_MOUNT }, ...writable.mounts],
              },
            ],
            volumes: writable.volumes,
          },
        },
        volumeClaimTemplates: [
          {
            metadata: { name: 'data', labels: selector },
            spec: {
              accessModes: ['ReadWriteOnce'],
              ...(settings.storage.storageClass === undefined ? {} : { storageClassName: settings.storage.storageClass }),
              resources: { requests: { storage: k8s.Quantity.fromString(settings.storage.size) } },
            },
          },
        ],
      },
    });
    podDisruptionBudget(this, 'pdb', { name: names.database, labels, selector, maxUnavailable: 1 });
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
                  matchLabels: {
                    'app.kubernetes.io/name': props.identity.name,
                    'app.kubernetes.io/instance': props.identity.instance,
                    'app.kubernetes.io/component': 'gateway',
                  },
                },
              },
            ],
            ports: [{ port: k8s.IntOrString.fromString('postgres'), protocol: 'TCP' }],
          },
        ],
      },
    });
  }
}

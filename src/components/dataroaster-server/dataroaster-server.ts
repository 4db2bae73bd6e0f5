import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { Construct } from 'constructs';

import { generatedSecretValue } from '../../core/generated-secret';
import { parseQuantity, resolveJvmResources } from '../../core/quantity';
import { versionLabelOf } from '../common/image';
import { selectorLabels, standardLabels } from '../common/labels';
import { placementFields } from '../common/placement';
import { resourceRequirements } from '../common/resources';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../common/security-context';
import { writableDirs } from '../common/writable-dirs';
import * as defaults from './defaults';
import { DATABASE_PASSWORD_FILE, DEFAULT_CERT_KEY, serverEnv } from './env';
import { ADMIN_PASSWORD_KEY, SEALING_HASH_KEY, serverNames } from './names';
import type { DataRoasterServerSpec } from './schema';

export interface DataRoasterServerProps {
  /** The validated own-kind document. */
  readonly spec: DataRoasterServerSpec;
}

/**
 * The DataRoaster API server itself, in one of two shapes:
 * - SQLite (no `database`): one replica with the Recreate strategy (SQLite and the working clone on the
 *   data volume have one writer; a second pod would be refused the clone) and the data PersistentVolumeClaim;
 * - production (`database`): 2+ replicas rolled one at a time, a PodDisruptionBudget, spread over nodes and
 *   zones, the database URL and password from the user's (sealed) Secret, a generated sealing hash key all
 *   replicas share, and no data volume (each pod clones into an emptyDir; users live in PostgreSQL).
 * Both: a Service on 8089, a ServiceAccount without token (the server never calls the Kubernetes API), a
 * Secret with a generated admin password and a NetworkPolicy opening 8089.
 */
export class DataRoasterServer extends Construct {
  constructor(scope: Construct, id: string, props: DataRoasterServerProps) {
    super(scope, id);
    const { metadata, spec } = props.spec;
    const names = serverNames(metadata.name);
    const identity = { name: 'dataroaster', instance: metadata.name, component: 'api-server', version: versionLabelOf(spec.image) };
    const labels = standardLabels(identity);
    const selector = selectorLabels(identity);
    const http = k8s.IntOrString.fromString('http');
    const tmp = writableDirs([{ name: 'tmp', path: '/tmp' }]);
    const certificate = spec.sealingCertificate;
    const resources = resolveJvmResources(spec.resources, defaults.DEFAULT_RESOURCES);
    const database = spec.database;
    const replicas = database ? (spec.replicas ?? defaults.DEFAULT_REPLICAS_WITH_DATABASE) : 1;
    const passwordRef = database?.passwordSecretRef;

    new k8s.KubeSecret(this, 'admin', {
      metadata: { name: names.adminSecret, labels },
      type: 'Opaque',
      // Drawn once and kept sealed; read it with `kubectl get secret <name>-admin -o jsonpath='{.data.password}' | base64 -d`.
      stringData: { [ADMIN_PASSWORD_KEY]: generatedSecretValue(16) },
    });
    if (database) {
      new k8s.KubeSecret(this, 'sealing', {
        metadata: { name: names.sealingSecret, labels },
        type: 'Opaque',
        // The key of the hashes kept beside sealed values: the same on every replica, or each would re-seal what another sealed.
        stringData: { [SEALING_HASH_KEY]: generatedSecretValue(32) },
      });
    }
    new k8s.KubeServiceAccount(this, 'service-account', { metadata: { name: names.server, labels }, automountServiceAccountToken: false });
    if (!database) {
      new k8s.KubePersistentVolumeClaim(this, 'data', {
        metadata: { name: names.data, labels },
        spec: {
          accessModes: ['ReadWriteOnce'],
          ...(spec.storage?.storageClass === undefined ? {} : { storageClassName: spec.storage.storageClass }),
          resources: { requests: { storage: k8s.Quantity.fromString(spec.storage?.size ?? defaults.DEFAULT_STORAGE_SIZE) } },
        },
      });
    } else {
      // A drain or a node upgrade takes at most one replica at a time.
      new k8s.KubePodDisruptionBudget(this, 'disruption-budget', {
        metadata: { name: names.server, labels },
        spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: selector } },
      });
    }
    new k8s.KubeService(this, 'service', {
      metadata: { name: names.server, labels },
      spec: { selector, ports: [{ name: 'http', port: defaults.API_PORT, targetPort: http }] },
    });
    new k8s.KubeDeployment(this, 'deployment', {
      metadata: { name: names.server, labels },
      spec: {
        replicas,
        // SQLite: the old pod must let go of the data volume first. Production: one new pod at a time, none taken away before it is ready.
        strategy: database
          ? { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(0), maxSurge: k8s.IntOrString.fromNumber(1) } }
          : { type: 'Recreate' },
        selector: { matchLabels: selector },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: names.server,
            automountServiceAccountToken: false,
            securityContext: restrictedPodSecurityContext(defaults.SERVER_USER),
            terminationGracePeriodSeconds: defaults.TERMINATION_GRACE_SECONDS,
            ...(database && {
              // Replicas on different nodes and zones where the cluster has them, never left unscheduled for it.
              topologySpreadConstraints: ['kubernetes.io/hostname', 'topology.kubernetes.io/zone'].map((topologyKey) => ({
                maxSkew: 1,
                topologyKey,
                whenUnsatisfiable: 'ScheduleAnyway',
                labelSelector: { matchLabels: selector },
              })),
            }),
            ...placementFields(spec.placement),
            containers: [
              {
                name: 'api',
                image: spec.image,
                imagePullPolicy: spec.imagePullPolicy ?? 'IfNotPresent',
                env: serverEnv(spec, names, parseQuantity(resources.limits.memory)),
                ports: [{ name: 'http', containerPort: defaults.API_PORT }],
                resources: resourceRequirements(resources),
                securityContext: restrictedContainerSecurityContext(),
                // The first start generates a sealing key pair (RSA-4096) and clones before it listens.
                startupProbe: { httpGet: { path: '/healthz', port: http }, periodSeconds: 2, timeoutSeconds: 2, failureThreshold: 90 },
                livenessProbe: { httpGet: { path: '/healthz', port: http }, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 6 },
                // /readyz asks the database and the Git remote (ls-remote, at most 5 s).
                readinessProbe: { httpGet: { path: '/readyz', port: http }, periodSeconds: 10, timeoutSeconds: 6, failureThreshold: 3 },
                volumeMounts: [
                  { name: 'data', mountPath: defaults.DATA_DIR },
                  ...(certificate ? [{ name: 'sealing-certificate', mountPath: defaults.SEALING_CERT_DIR, readOnly: true }] : []),
                  ...(database ? [{ name: 'sealing-hash-key', mountPath: defaults.SEALING_HASH_DIR, readOnly: true }] : []),
                  ...(passwordRef ? [{ name: 'database-password', mountPath: defaults.DATABASE_SECRET_DIR, readOnly: true }] : []),
                  ...tmp.mounts,
                ],
              },
            ],
            volumes: [
              database ? { name: 'data', emptyDir: {} } : { name: 'data', persistentVolumeClaim: { claimName: names.data } },
              ...(database
                ? [
                    {
                      name: 'sealing-hash-key',
                      secret: { secretName: names.sealingSecret, items: [{ key: SEALING_HASH_KEY, path: SEALING_HASH_KEY }] },
                    },
                  ]
                : []),
              ...(passwordRef
                ? [
                    {
                      name: 'database-password',
                      secret: { secretName: passwordRef.name, items: [{ key: passwordRef.key, path: DATABASE_PASSWORD_FILE }] },
                    },
                  ]
                : []),
              ...(certificate
                ? [
                    {
                      name: 'sealing-certificate',
                      configMap: {
                        name: certificate.configMapName,
                        items: [{ key: certificate.key ?? DEFAULT_CERT_KEY, path: certificate.key ?? DEFAULT_CERT_KEY }],
                      },
                    },
                  ]
                : []),
              ...tmp.volumes,
            ],
          },
        },
      },
    });
    new k8s.KubeNetworkPolicy(this, 'network-policy', {
      metadata: { name: names.server, labels },
      spec: { podSelector: { matchLabels: selector }, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: http, protocol: 'TCP' }] }] },
    });
  }
}

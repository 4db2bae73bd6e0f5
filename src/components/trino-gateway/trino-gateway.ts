import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { Construct } from 'constructs';

import { generatedSecretValue } from '../../core/generated-secret';
import { configHashAnnotation } from '../common/config-hash';
import { podDisruptionBudget } from '../common/disruption-budget';
import { imageReference } from '../common/image';
import { AppIdentity, selectorLabels, standardLabels } from '../common/labels';
import { placementFields } from '../common/placement';
import { resourceRequirements } from '../common/resources';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../common/security-context';
import { writableDirs } from '../common/writable-dirs';
import { CONFIG_DIR, ENV, GATEWAY_PORT, gatewayConfig, KEYS_DIR, PRESET_USERS, renderGatewayConfig, RULES_DIR, RULES_FILE } from './config';
import { DATABASE_USER, DB_PASSWORD_KEY, GatewayDatabase } from './database';
import { gatewayNames } from './names';
import { BackendReconciler, ResolvedBackend } from './reconciler';
import { compileRules, renderRulesFile } from './routing-rules';
import type { TrinoGatewaySpec } from './schema';

/** The image's `trino` user (docker/Dockerfile at tag 20 names it; restricted pods need the number). */
const GATEWAY_RUN_AS = { user: 1000, group: 1000 } as const;
const JAR = '/usr/lib/trino-gateway/gateway-ha-jar-with-dependencies.jar';
/** Keys of the preset users' generated passwords in the users Secret. */
export const USER_PASSWORD_KEYS = { admin: 'admin-password', reconciler: 'reconciler-password' } as const;

export interface TrinoGatewayProps {
  readonly spec: TrinoGatewaySpec;
  /** Every backend with its `proxyTo` resolved (TrinoCluster references already looked up). */
  readonly backends: readonly ResolvedBackend[];
}

/**
 * The official Trino Gateway (release 20): a Deployment of `replicas` pods spread over nodes and zones,
 * its config.yaml synthesized (no secret in it: `${ENV:…}`), the routing rules in a ConfigMap mounted
 * as a directory (the gateway re-reads it every `refreshPeriod`), a database, preset users with
 * generated passwords, and the reconciler that registers the declared backends.
 */
export class TrinoGateway extends Construct {
  constructor(scope: Construct, id: string, props: TrinoGatewayProps) {
    super(scope, id);
    const { metadata, spec } = props.spec;
    const names = gatewayNames(metadata.name);
    const base = { name: 'trino-gateway', instance: metadata.name };
    const identity: AppIdentity = { ...base, component: 'gateway', version: spec.image.tag };
    const labels = standardLabels(identity);
    const selector = selectorLabels(identity);
    const http = k8s.IntOrString.fromString('http');
    const auth = spec.authentication.enabled;
    const perPodKeys = auth && spec.authentication.keyPairSecretName === undefined;

    // Database: embedded PostgreSQL, or the user's with credentials from their Secret.
    const dbEnv: k8s.EnvVar[] = [];
    let jdbcUrl: string;
    if (spec.database.external !== undefined) {
      const { external } = spec.database;
      jdbcUrl = external.jdbcUrl;
      dbEnv.push({ name: ENV.dbUser, valueFrom: { secretKeyRef: { name: external.userSecretRef.name, key: external.userSecretRef.key } } });
      dbEnv.push({
        name: ENV.dbPassword,
        valueFrom: { secretKeyRef: { name: external.passwordSecretRef.name, key: external.passwordSecretRef.key } },
      });
    } else {
      const db = new GatewayDatabase(this, 'database', {
        names,
        identity: base,
        namespace: metadata.namespace,
        settings: spec.database.embedded!,
        placement: spec.placement,
      });
      jdbcUrl = db.jdbcUrl;
      dbEnv.push({ name: ENV.dbUser, value: DATABASE_USER });
      dbEnv.push({ name: ENV.dbPassword, valueFrom: { secretKeyRef: { name: names.databaseSecret, key: DB_PASSWORD_KEY } } });
    }

    const configYaml = renderGatewayConfig(gatewayConfig(spec, jdbcUrl));
    new k8s.KubeConfigMap(this, 'config', { metadata: { name: names.config, labels }, data: { 'config.yaml': configYaml } });
    new k8s.KubeConfigMap(this, 'rules', {
      metadata: { name: names.rules, labels },
      data: { [RULES_FILE]: renderRulesFile(compileRules(spec.routing.rules)) },
    });

    const userEnv: k8s.EnvVar[] = [];
    if (auth) {
      new k8s.KubeSecret(this, 'users', {
        metadata: { name: names.users, labels },
        type: 'Opaque',
        // Drawn once and kept sealed: `kubectl get secret <name>-users -o jsonpath='{.data.admin-password}' | base64 -d`.
        stringData: { [USER_PASSWORD_KEYS.admin]: generatedSecretValue(16), [USER_PASSWORD_KEYS.reconciler]: generatedSecretValue(16) },
      });
      userEnv.push({ name: PRESET_USERS.admin.env, valueFrom: { secretKeyRef: { name: names.users, key: USER_PASSWORD_KEYS.admin } } });
      userEnv.push({ name: PRESET_USERS.reconciler.env, valueFrom: { secretKeyRef: { name: names.users, key: USER_PASSWORD_KEYS.reconciler } } });
    }

    // Read-only root: the JVM and Brotli's native library write /tmp (PR #1094), Airlift's request log var/log under the workdir.
    const writable = writableDirs([
      { name: 'tmp', path: '/tmp' },
      { name: 'var', path: '/usr/lib/trino-gateway/var', sizeLimit: '1Gi' },
    ]);
    const keysVolume: k8s.Volume = perPodKeys
      ? { name: 'keys', emptyDir: { medium: 'Memory', sizeLimit: k8s.Quantity.fromString('1Mi') } }
      : { name: 'keys', secret: { secretName: spec.authentication.keyPairSecretName!, defaultMode: 0o440 } };
    // UI login tokens are signed with this key pair; without a shared one, each pod draws its own with Node's crypto.
    const keyInit: k8s.Container[] = perPodKeys
      ? [
          {
            name: 'signing-keys',
            image: spec.reconciler.image,
            imagePullPolicy: spec.reconciler.imagePullPolicy,
            command: [
              'node',
              '-e',
              `const c=require('node:crypto'),fs=require('node:fs');const k=c.generateKeyPairSync('rsa',{modulusLength:2048,publicKeyEncoding:{type:'spki',format:'pem'},privateKeyEncoding:{type:'pkcs8',format:'pem'}});fs.writeFileSync('${KEYS_DIR}/private.pem',k.privateKey,{mode:0o400});fs.writeFileSync('${KEYS_DIR}/public.pem',k.publicKey,{mode:0o444});`,
            ],
            resources: {
              requests: { cpu: k8s.Quantity.fromString('50m'), memory: k8s.Quantity.fromString('64Mi') },
              limits: { cpu: k8s.Quantity.fromString('500m'), memory: k8s.Quantity.fromString('128Mi') },
            },
            securityContext: restrictedContainerSecurityContext(),
            volumeMounts: [{ name: 'keys', mountPath: KEYS_DIR }],
          },
        ]
      : [];

    new k8s.KubeServiceAccount(this, 'service-account', { metadata: { name: names.gateway, labels }, automountServiceAccountToken: false });
    new k8s.KubeDeployment(this, 'deployment', {
      metadata: { name: names.gateway, labels },
      spec: {
        replicas: spec.replicas,
        selector: { matchLabels: selector },
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(0), maxSurge: k8s.IntOrString.fromNumber(1) },
        },
        template: {
          // config.yaml is read once at start: a change rolls the pods. The rules file is re-read live, so it is not hashed.
          metadata: { labels, annotations: configHashAnnotation({ 'config.yaml': configYaml }) },
          spec: {
            serviceAccountName: names.gateway,
            automountServiceAccountToken: false,
            securityContext: restrictedPodSecurityContext(GATEWAY_RUN_AS),
            ...placementFields(spec.placement),
            topologySpreadConstraints: [
              { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector } },
              {
                maxSkew: 1,
                topologyKey: 'topology.kubernetes.io/zone',
                whenUnsatisfiable: 'ScheduleAnyway',
                labelSelector: { matchLabels: selector },
              },
            ],
            initContainers: keyInit,
            containers: [
              {
                name: 'gateway',
                image: imageReference(spec.image),
                imagePullPolicy: spec.image.pullPolicy,
                // The image's CMD without heap flags leaves the JVM at 25% of the limit (docker/Dockerfile at tag 20).
                command: ['java', '-XX:MaxRAMPercentage=75.0', '-XX:+ExitOnOutOfMemoryError', '-jar', JAR, `${CONFIG_DIR}/config.yaml`],
                env: [...dbEnv, ...userEnv],
                ports: [{ name: 'http', containerPort: GATEWAY_PORT, protocol: 'TCP' }],
                resources: resourceRequirements(spec.resources),
                securityContext: restrictedContainerSecurityContext(),
                // Flyway migrates before the HTTP server starts; concurrent first starts may wait for its lock.
                startupProbe: { httpGet: { path: '/trino-gateway/livez', port: http }, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 60 },
                livenessProbe: { httpGet: { path: '/trino-gateway/livez', port: http }, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 },
                // 503 until the first pass of the cluster monitor read the backends and checked them (GatewayHealthCheckResource).
                readinessProbe: { httpGet: { path: '/trino-gateway/readyz', port: http }, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 3 },
                volumeMounts: [
                  { name: 'config', mountPath: CONFIG_DIR, readOnly: true },
                  // A directory, not a subPath: the kubelet swaps the file in place and the gateway re-reads it.
                  { name: 'rules', mountPath: RULES_DIR, readOnly: true },
                  ...(auth ? [{ name: 'keys', mountPath: KEYS_DIR, readOnly: true }] : []),
                  ...writable.mounts,
                ],
              },
            ],
            volumes: [
              { name: 'config', configMap: { name: names.config } },
              { name: 'rules', configMap: { name: names.rules } },
              ...(auth ? [keysVolume] : []),
              ...writable.volumes,
            ],
          },
        },
      },
    });
    new k8s.KubeService(this, 'service', {
      metadata: { name: names.gateway, labels },
      spec: {
        type: 'ClusterIP',
        selector,
        ports: [{ name: 'http', port: GATEWAY_PORT, targetPort: http, protocol: 'TCP' }],
        // Per-pod signing keys: a UI login token is only valid on the pod that issued it.
        ...(perPodKeys ? { sessionAffinity: 'ClientIP' } : {}),
      },
    });
    podDisruptionBudget(this, 'pdb', { name: names.gateway, labels, selector, maxUnavailable: 1 });
    // Clients (Trino CLI, JDBC, BI tools) come from anywhere; only the gateway's port is open.
    new k8s.KubeNetworkPolicy(this, 'network-policy', {
      metadata: { name: names.gateway, labels },
      spec: { podSelector: { matchLabels: selector }, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: http, protocol: 'TCP' }] }] },
    });

    new BackendReconciler(this, 'reconciler', {
      instance: metadata.name,
      labels: standardLabels({ ...base, component: 'backend-reconciler' }),
      backends: props.backends,
      gatewayUrl: `http://${names.gateway}.${metadata.namespace}.svc:${GATEWAY_PORT}`,
      settings: spec.reconciler,
      password: auth ? { secretName: names.users, key: USER_PASSWORD_KEYS.reconciler, user: 'reconciler' } : undefined,
    });
  }
}

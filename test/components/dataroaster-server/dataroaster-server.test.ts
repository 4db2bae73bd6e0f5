import { load } from 'js-yaml';

import { readConfig } from '../../../api-server/config';
import { REGISTRY } from '../../../src/components/registry';
import type { KubeObject } from '../../../src/core/render';
import { deliveryConfigFromEnv } from '../../../src/delivery';
import { synthesize } from '../../../src/engine/synthesize';
import { API_VERSION } from '../../../src/schema/fields';
import { loadSpecs } from '../../../src/schema/load';
import { edited, thrownMessage } from '../../support/fixtures';
import { podSpecsOf, restrictedProblems } from '../../support/pod-security';
import { inlineSecretValues } from '../../support/secrets';
import { objectsIn, schemaFailures } from '../../support/validate';

const base = {
  apiVersion: API_VERSION,
  kind: 'DataRoasterServer',
  metadata: { name: 'dataroaster', namespace: 'platform' },
  spec: {
    image: 'registry.example.com/dataroaster/api-server:0.1.0',
    git: { urlSecretRef: { name: 'gitops-remote', key: 'url' }, clusterRepoUrl: 'https://git.example.com/platform/gitops.git' },
  },
};

function synth(doc: unknown): { files: Record<string, string>; objects: Record<string, any>[] } {
  const specs = loadSpecs(REGISTRY, [{ source: 'dataroaster.yaml', data: doc }]);
  const { files } = synthesize(specs, { secrets: { mode: 'plaintext' }, random: (bytes) => Buffer.alloc(bytes, 9) });
  return { files, objects: objectsIn(files) };
}
const find = (objects: Record<string, any>[], kind: string) => objects.find((o) => o.kind === kind)!;

/** A container's env as the process sees it: values as given, Secret references by `secretValue`, downward-API fields by a stand-in. */
function envValues(env: any[], secretValue: (ref: { name: string; key: string }) => string): Record<string, string> {
  const stand = (e: any): string =>
    e.valueFrom.fieldRef ? `field-${e.valueFrom.fieldRef.fieldPath.replace(/\W/g, '-')}` : secretValue(e.valueFrom.secretKeyRef);
  return Object.fromEntries(env.map((e) => [e.name, e.value ?? stand(e)]));
}

describe('DataRoasterServer', () => {
  const { files, objects } = synth(base);
  const deployment = find(objects, 'Deployment');
  const pod = deployment.spec.template.spec;
  const [container] = pod.containers;
  const env = Object.fromEntries(container.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));

  test('every object is schema-valid, the pod restricted, and no credential is written outside its Secret', () => {
    expect(
      Object.keys(files)
        .filter((p) => p.startsWith('dataroaster/'))
        .sort(),
    ).toEqual(
      [
        'deployment-dataroaster',
        'kustomization',
        'networkpolicy-dataroaster',
        'persistentvolumeclaim-dataroaster-data',
        'secret-dataroaster-admin',
        'service-dataroaster',
        'serviceaccount-dataroaster',
      ].map((f) => `dataroaster/dataroaster/${f}.yaml`),
    );
    expect(schemaFailures(objects)).toEqual([]);
    for (const p of podSpecsOf(objects)) expect(restrictedProblems(p)).toEqual([]);
    expect(inlineSecretValues(objects as KubeObject[])).toEqual([]);
    expect(load(files['namespaces/platform.yaml'])).toMatchObject({ metadata: { labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } });
  });

  test('one replica, replaced (not rolled): SQLite and the working clone have a single writer', () => {
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.strategy).toEqual({ type: 'Recreate' });
    expect(pod.volumes).toContainEqual({ name: 'data', persistentVolumeClaim: { claimName: 'dataroaster-data' } });
    expect(container.volumeMounts).toContainEqual({ name: 'data', mountPath: '/var/lib/dataroaster' });
    expect(find(objects, 'PersistentVolumeClaim').spec).toEqual({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } } });
    expect(pod.securityContext).toMatchObject({ runAsUser: 1000, fsGroup: 1000 });
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(pod.terminationGracePeriodSeconds).toBe(45);
  });

  test("V8's heap is sized to the memory limit", () => {
    expect(container.resources.limits.memory).toBe('512Mi');
    expect(env.NODE_OPTIONS).toBe('--max-old-space-size=256 --max-semi-space-size=2');
    // glibc's mmap threshold fixed, as in the image: big freed blocks go back to the system
    expect(env.MALLOC_MMAP_THRESHOLD_).toBe('131072');
    const { objects: bigger } = synth(edited(base, (d) => (d.spec.resources = { limits: { memory: '2Gi' } })));
    expect(find(bigger, 'Deployment').spec.template.spec.containers[0].env[0]).toEqual({
      name: 'NODE_OPTIONS',
      value: '--max-old-space-size=1024 --max-semi-space-size=2',
    });
  });

  test('Service on 8089, probes on /healthz and /readyz, a ServiceAccount without token', () => {
    expect(find(objects, 'Service').spec.ports).toEqual([{ name: 'http', port: 8089, targetPort: 'http' }]);
    expect(container.ports).toEqual([{ name: 'http', containerPort: 8089 }]);
    expect([container.startupProbe, container.livenessProbe, container.readinessProbe].map((p) => p.httpGet.path)).toEqual([
      '/healthz',
      '/healthz',
      '/readyz',
    ]);
    expect(find(objects, 'ServiceAccount').automountServiceAccountToken).toBe(false);
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(find(objects, 'NetworkPolicy').spec.ingress).toEqual([{ ports: [{ port: 'http', protocol: 'TCP' }] }]);
  });

  test("the admin password is generated into a Secret and the Git URL comes from the user's Secret", () => {
    expect(find(objects, 'Secret').stringData).toEqual({ password: '09'.repeat(16) });
    expect(env.DATAROASTER_ADMIN_PASSWORD).toEqual({ secretKeyRef: { name: 'dataroaster-admin', key: 'password' } });
    expect(env.DATAROASTER_GIT_URL).toEqual({ secretKeyRef: { name: 'gitops-remote', key: 'url' } });
    expect(env.DATAROASTER_GITOPS_REPO_URL).toBe('https://git.example.com/platform/gitops.git');
  });

  test('the environment is what the server and the delivery module read', () => {
    // Given review through Gitea and a configured certificate
    const { objects: all } = synth(
      edited(base, (d) => {
        d.spec.review = {
          mode: 'pr',
          provider: { kind: 'gitea', url: 'https://gitea.example.com', repo: 'platform/gitops', tokenSecretRef: { name: 'forge', key: 'token' } },
        };
        d.spec.sealingCertificate = { configMapName: 'sealing-cert' };
        d.spec.logLevel = 'debug';
      }),
    );
    const podSpec = find(all, 'Deployment').spec.template.spec;
    const vars = envValues(podSpec.containers[0].env, (ref) => `from-secret-${ref.name}-1`);
    // When the server reads it (Secret references stand in for their values)
    const server = readConfig(vars, '/');
    const delivery = deliveryConfigFromEnv(vars);
    // Then every setting arrives
    expect({ port: server.port, host: server.host, dataDir: server.dataDir, logLevel: server.logLevel }).toEqual({
      port: 8089,
      host: '0.0.0.0',
      dataDir: '/var/lib/dataroaster',
      logLevel: 'debug',
    });
    expect({ review: delivery.review, provider: delivery.provider, remote: delivery.remoteUrl }).toEqual({
      review: 'pr',
      provider: { kind: 'gitea', url: 'https://gitea.example.com', repo: 'platform/gitops', token: 'from-secret-forge-1' },
      remote: 'from-secret-gitops-remote-1',
    });
    expect(vars.DATAROASTER_SEALED_SECRETS_CERT).toBe('/etc/dataroaster/sealing/cert.pem');
    expect(podSpec.volumes).toContainEqual({
      name: 'sealing-certificate',
      configMap: { name: 'sealing-cert', items: [{ key: 'cert.pem', path: 'cert.pem' }] },
    });
  });

  test('without a Git remote the repository lives on the data volume: no Git variable is set', () => {
    const { objects: all } = synth(edited(base, (d) => delete d.spec.git));
    const names = find(all, 'Deployment').spec.template.spec.containers[0].env.map((e: any) => e.name);
    expect(names.filter((n: string) => n.startsWith('DATAROASTER_GIT'))).toEqual([]);
  });

  test.each<[string, (d: any) => void, string]>([
    [
      'a URL with credentials',
      (d) => (d.spec.git = { url: 'https://robot:t0ken@git.example.com/gitops.git' }),
      'dataroaster.yaml: spec.git.url: must not carry credentials: put a URL with credentials in a Secret and use urlSecretRef',
    ],
    [
      'a URL with a user',
      (d) => (d.spec.git = { url: 'https://t0ken@git.example.com/gitops.git' }),
      'dataroaster.yaml: spec.git.url: must not carry credentials: put a URL with credentials in a Secret and use urlSecretRef',
    ],
    [
      'both url and urlSecretRef',
      (d) => (d.spec.git.url = 'https://git.example.com/gitops.git'),
      'dataroaster.yaml: spec.git: give url or urlSecretRef (one of them)',
    ],
    [
      'an ssh remote URL (no key is mounted)',
      (d) => (d.spec.git = { url: 'ssh://git@git.example.com/gitops.git' }),
      'dataroaster.yaml: spec.git.url: must be a URL starting with https://, http://, git://',
    ],
    ['no image', (d) => delete d.spec.image, 'dataroaster.yaml: spec.image: required (string)'],
    [
      'the latest tag',
      (d) => (d.spec.image = 'dataroaster/api-server:latest'),
      'dataroaster.yaml: spec.image: must not use the "latest" tag: pin a version',
    ],
    [
      'Gitea without its URL',
      (d) => (d.spec.review = { provider: { kind: 'gitea', repo: 'a/b', tokenSecretRef: { name: 'forge', key: 'token' } } }),
      'dataroaster.yaml: spec.review.provider.url: required for gitea (the API base URL of your Gitea)',
    ],
    [
      'an inline token',
      (d) => (d.spec.review = { provider: { kind: 'github', repo: 'a/b', token: 'ghp_x' } }),
      'dataroaster.yaml: spec.review.provider.tokenSecretRef: required (object); spec.review.provider.token: unknown field',
    ],
  ])('refuses %s', (_name, edit, message) => {
    expect(thrownMessage(() => loadSpecs(REGISTRY, [{ source: 'dataroaster.yaml', data: edited(base, edit) }]))).toBe(message);
  });
});

describe('DataRoasterServer on PostgreSQL (the production shape)', () => {
  const production = edited(base, (d) => {
    d.spec.database = { urlSecretRef: { name: 'dataroaster-db', key: 'url' }, passwordSecretRef: { name: 'dataroaster-db', key: 'password' } };
    d.spec.sealingController = 'kube-system/sealed-secrets-controller';
  });
  const { files, objects } = synth(production);
  const deployment = find(objects, 'Deployment');
  const pod = deployment.spec.template.spec;
  const [container] = pod.containers;

  test('schema-valid, restricted, no credential outside its Secret; no data volume, a PodDisruptionBudget instead', () => {
    expect(
      Object.keys(files)
        .filter((p) => p.startsWith('dataroaster/'))
        .sort(),
    ).toEqual(
      [
        'deployment-dataroaster',
        'kustomization',
        'networkpolicy-dataroaster',
        'poddisruptionbudget-dataroaster',
        'secret-dataroaster-admin',
        'secret-dataroaster-sealing',
        'service-dataroaster',
        'serviceaccount-dataroaster',
      ].map((f) => `dataroaster/dataroaster/${f}.yaml`),
    );
    expect(schemaFailures(objects)).toEqual([]);
    for (const p of podSpecsOf(objects)) expect(restrictedProblems(p)).toEqual([]);
    expect(inlineSecretValues(objects as KubeObject[])).toEqual([]);
    expect(find(objects, 'PodDisruptionBudget').spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: deployment.spec.selector.matchLabels } });
  });

  test('two replicas rolled one at a time, spread over nodes and zones, each cloning into an emptyDir', () => {
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } });
    expect(pod.topologySpreadConstraints.map((c: any) => [c.topologyKey, c.whenUnsatisfiable, c.labelSelector.matchLabels])).toEqual([
      ['kubernetes.io/hostname', 'ScheduleAnyway', deployment.spec.selector.matchLabels],
      ['topology.kubernetes.io/zone', 'ScheduleAnyway', deployment.spec.selector.matchLabels],
    ]);
    expect(pod.volumes).toContainEqual({ name: 'data', emptyDir: {} });
    expect(find(synth(edited(production, (d) => (d.spec.replicas = 3))).objects, 'Deployment').spec.replicas).toBe(3);
  });

  test('the database URL and password come from the Secret, the sealing certificate from the controller, the hash key from a shared generated Secret', () => {
    const vars = envValues(container.env, (ref) => `from-secret-${ref.name}-${ref.key}`);
    expect(container.env).toContainEqual({ name: 'DATAROASTER_DATABASE_URL', valueFrom: { secretKeyRef: { name: 'dataroaster-db', key: 'url' } } });
    expect(pod.volumes).toContainEqual({
      name: 'database-password',
      secret: { secretName: 'dataroaster-db', items: [{ key: 'password', path: 'password' }] },
    });
    expect(pod.volumes).toContainEqual({
      name: 'sealing-hash-key',
      secret: { secretName: 'dataroaster-sealing', items: [{ key: 'hash-key', path: 'hash-key' }] },
    });
    expect(
      find(
        objects.filter((o) => o.metadata.name === 'dataroaster-sealing'),
        'Secret',
      ).stringData['hash-key'],
    ).toHaveLength(64);
    // and what the server makes of it
    const server = readConfig({ ...vars, DATAROASTER_DATABASE_URL: 'postgres://dataroaster@db:5432/dataroaster' }, '/');
    expect(server.database).toEqual({
      kind: 'postgres',
      url: 'postgres://dataroaster@db:5432/dataroaster',
      passwordFile: '/etc/dataroaster/database/password',
    });
    expect(vars.DATAROASTER_SEALED_SECRETS_CONTROLLER).toBe('kube-system/sealed-secrets-controller');
    expect(vars.DATAROASTER_SEALED_SECRETS_HASH_KEY).toBe('/etc/dataroaster/sealing-hash/hash-key');
    expect(container.volumeMounts).toEqual(
      expect.arrayContaining([
        { name: 'sealing-hash-key', mountPath: '/etc/dataroaster/sealing-hash', readOnly: true },
        { name: 'database-password', mountPath: '/etc/dataroaster/database', readOnly: true },
      ]),
    );
  });

  test.each<[string, (d: any) => void, string]>([
    [
      'two replicas on SQLite',
      (d) => (delete d.spec.database, (d.spec.replicas = 2)),
      'dataroaster.yaml: spec.replicas: more than one replica needs a database (spec.database): SQLite and the working clone on the data volume have one writer',
    ],
    [
      'a database without a Git remote',
      (d) => delete d.spec.git,
      'dataroaster.yaml: spec.database: a server with a database runs several replicas: give spec.git (the embedded repository would live on one pod only)',
    ],
    [
      'a database without the controller certificate',
      (d) => delete d.spec.sealingController,
      "dataroaster.yaml: spec.database: a server with a database runs several replicas: give sealingController or sealingCertificate, so every replica seals with the controller's certificate",
    ],
    [
      'a data volume next to a database',
      (d) => (d.spec.storage = { size: '5Gi' }),
      'dataroaster.yaml: spec.storage: a server with a database keeps no data volume (each pod clones into an emptyDir)',
    ],
    [
      'both certificate sources',
      (d) => (d.spec.sealingCertificate = { configMapName: 'cert' }),
      'dataroaster.yaml: spec.sealingController: give sealingCertificate or sealingController, not both',
    ],
    [
      'a malformed controller',
      (d) => (d.spec.sealingController = 'sealed-secrets-controller'),
      'dataroaster.yaml: spec.sealingController: must be <namespace>/<service>[:<port>], e.g. kube-system/sealed-secrets-controller',
    ],
  ])('refuses %s', (_name, edit, message) => {
    expect(thrownMessage(() => loadSpecs(REGISTRY, [{ source: 'dataroaster.yaml', data: edited(production, edit) }]))).toBe(message);
  });
});

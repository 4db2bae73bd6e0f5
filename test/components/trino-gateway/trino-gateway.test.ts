import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { load as loadYaml, loadAll } from 'js-yaml';

import { REGISTRY } from '../../../src/components/registry';
import { RULES_DIR } from '../../../src/components/trino-gateway/config';
import { synthesize } from '../../../src/engine/synthesize';
import { repoPath } from '../../../src/gitops/layout';
import { platformFiles } from '../../../src/gitops/platform-files';
import type { PlatformInstance } from '../../../src/gitops/platform-instance';
import { PlaintextSecretError } from '../../../src/secrets/policy';
import { kubectl, kustomize } from '../../support/kubectl';
import { podSpecsOf, restrictedProblems } from '../../support/pod-security';
import { inlineSecretValues } from '../../support/secrets';
import { schemaFailures } from '../../support/validate';
import { gatewayDoc, load, synth, trinoDoc } from './fixtures';

const specs = load(trinoDoc(), gatewayDoc());
const { files, list, byName } = synth(specs);
const gatewayObjects = list.filter((o) => o.metadata.namespace === 'trino-gateway');
const deployment = byName['Deployment/gateway'];
const container = deployment.spec.template.spec.containers[0];
const jobOf = (objects: readonly Record<string, any>[]) => objects.find((o) => o.kind === 'Job' && o.metadata.name.startsWith('gateway-backends-'))!;

describe('TrinoGateway', () => {
  test('objects are schema-valid and every pod (Deployment, database, Job, CronJob) meets the restricted Pod Security Standard', () => {
    expect(schemaFailures(list)).toEqual([]);
    const cronPods = gatewayObjects.filter((o) => o.kind === 'CronJob').map((o) => o.spec.jobTemplate.spec.template.spec);
    const pods = [...podSpecsOf(gatewayObjects), ...cronPods];
    expect(pods).toHaveLength(4);
    for (const pod of pods) expect(restrictedProblems(pod)).toEqual([]);
    for (const pod of pods)
      for (const c of [...(pod.initContainers ?? []), ...pod.containers]) expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(files['namespaces/trino-gateway.yaml']).toContain('pod-security.kubernetes.io/enforce: restricted');
  });

  test('kubectl kustomize builds the gateway folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gateway-kustomize-'));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const built = loadAll(kustomize(await kubectl(), join(dir, 'trino-gateway/gateway'))) as any[];
    expect(built.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual(gatewayObjects.map((o) => `${o.kind}/${o.metadata.name}`).sort());
  });

  test('no secret value outside Secrets, and without a sealer synthesis refuses the generated Secrets', () => {
    expect(inlineSecretValues(list as never)).toEqual([]);
    const secrets = gatewayObjects
      .filter((o) => o.kind === 'Secret')
      .map((o) => o.metadata.name)
      .sort();
    expect(secrets).toEqual(['gateway-db', 'gateway-users']);
    // config.yaml refers to every credential by environment variable (ConfigurationUtils, ${ENV:…}, tag 20).
    const config = loadYaml(byName['ConfigMap/gateway-config'].data['config.yaml']) as any;
    expect(config.dataStore.password).toBe('${ENV:GATEWAY_DB_PASSWORD}');
    expect(Object.values(config.presetUsers).map((u: any) => u.password)).toEqual([
      '${ENV:GATEWAY_ADMIN_PASSWORD}',
      '${ENV:GATEWAY_RECONCILER_PASSWORD}',
    ]);
    expect(() => synthesize(specs)).toThrow(PlaintextSecretError);
  });

  test('two replicas spread over nodes and zones, a PDB, probes on livez/readyz, the image pinned at release 20', () => {
    expect(deployment.spec.replicas).toBe(2);
    expect(container.image).toBe('trinodb/trino-gateway:20');
    expect(deployment.spec.template.spec.topologySpreadConstraints.map((t: any) => t.topologyKey)).toEqual([
      'kubernetes.io/hostname',
      'topology.kubernetes.io/zone',
    ]);
    expect(byName['PodDisruptionBudget/gateway'].spec.maxUnavailable).toBe(1);
    // GatewayHealthCheckResource (tag 20): livez always 200, readyz 503 until the first monitor pass.
    expect(container.livenessProbe.httpGet.path).toBe('/trino-gateway/livez');
    expect(container.readinessProbe.httpGet.path).toBe('/trino-gateway/readyz');
    expect(container.resources.requests.memory).toBe(container.resources.limits.memory);
    const mounts = Object.fromEntries(container.volumeMounts.map((m: any) => [m.mountPath, m]));
    // Writable paths under a read-only root: /tmp (Brotli native library, PR #1094) and the workdir's var/ (Airlift request log).
    expect(Object.keys(mounts)).toEqual(expect.arrayContaining(['/tmp', '/usr/lib/trino-gateway/var']));
    expect(byName['NetworkPolicy/gateway'].spec.ingress).toEqual([{ ports: [{ port: 'http', protocol: 'TCP' }] }]);
  });

  test('routing rules: a ConfigMap mounted as a directory without subPath, outside the config hash so edits reach running pods', () => {
    const rulesMount = container.volumeMounts.find((m: any) => m.mountPath === RULES_DIR);
    expect(rulesMount.subPath).toBeUndefined();
    expect(deployment.spec.template.spec.volumes.find((v: any) => v.name === rulesMount.name).configMap.name).toBe('gateway-rules');
    const changedRules = synth(
      load(trinoDoc(), gatewayDoc({ routing: { rules: [{ name: 'airflow', routingGroup: 'adhoc', match: { source: 'airflow' } }] } })),
    ).byName;
    expect(changedRules['ConfigMap/gateway-rules'].data).not.toEqual(byName['ConfigMap/gateway-rules'].data);
    expect(changedRules['Deployment/gateway'].spec.template.metadata.annotations).toEqual(deployment.spec.template.metadata.annotations);
  });

  test('a backend by trinoClusterRef proxies to the coordinator Service the TrinoCluster component synthesizes', () => {
    const coordinator = byName['Service/etl'];
    expect(coordinator.metadata.namespace).toBe('analytics');
    const backends = JSON.parse(byName['ConfigMap/gateway-backends'].data['backends.json']);
    expect(backends).toEqual([
      {
        name: 'etl',
        proxyTo: `http://${coordinator.metadata.name}.analytics.svc:${coordinator.spec.ports[0].port}`,
        externalUrl: 'http://etl.analytics.svc:8080',
        routingGroup: 'etl',
        active: true,
      },
      { name: 'shared', proxyTo: 'http://trino.shared.svc:8080', externalUrl: 'https://trino.example.com', routingGroup: 'adhoc', active: true },
    ]);
    const moved = synth(load(trinoDoc('etl', 'analytics', { httpPort: 8443 }), gatewayDoc())).byName;
    expect(JSON.parse(moved['ConfigMap/gateway-backends'].data['backends.json'])[0].proxyTo).toBe('http://etl.analytics.svc:8443');
  });

  test('the reconciler Job is named by the backend list: same list, same Job; changed list, new Job; the CronJob stays', () => {
    const job = jobOf(list);
    expect(job.metadata.name).toMatch(/^gateway-backends-[0-9a-f]{10}$/);
    expect(jobOf(synth(load(trinoDoc(), gatewayDoc())).list).metadata.name).toBe(job.metadata.name);
    const deactivated = gatewayDoc();
    (deactivated.spec as any).backends[1].active = false;
    const changed = synth(load(trinoDoc(), deactivated)).list;
    expect(jobOf(changed).metadata.name).not.toBe(job.metadata.name);
    expect(changed.find((o) => o.kind === 'CronJob')!.metadata.name).toBe('gateway-backends');
    expect(job.spec.template.spec.containers[0].env).toEqual(
      expect.arrayContaining([
        { name: 'GATEWAY_USER', value: 'reconciler' },
        { name: 'GATEWAY_PASSWORD', valueFrom: { secretKeyRef: { name: 'gateway-users', key: 'reconciler-password' } } },
      ]),
    );
  });

  test("an external database: JDBC URL in the config, credentials from the user's Secret, no embedded PostgreSQL", () => {
    const external = {
      external: {
        jdbcUrl: 'jdbc:postgresql://db.example.com:5432/gateway',
        userSecretRef: { name: 'gw-db', key: 'user' },
        passwordSecretRef: { name: 'gw-db', key: 'password' },
      },
    };
    const objects = synth(load(trinoDoc(), gatewayDoc({ database: external }))).list;
    expect(objects.filter((o) => o.kind === 'StatefulSet')).toEqual([]);
    const config = loadYaml(objects.find((o) => o.metadata.name === 'gateway-config')!.data['config.yaml']) as any;
    expect(config.dataStore).toMatchObject({ jdbcUrl: external.external.jdbcUrl, driver: 'org.postgresql.Driver', user: '${ENV:GATEWAY_DB_USER}' });
    const env = objects.find((o) => o.kind === 'Deployment')!.spec.template.spec.containers[0].env;
    expect(env).toEqual(expect.arrayContaining([{ name: 'GATEWAY_DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'gw-db', key: 'password' } } }]));
  });

  test('the bootstrap orders the gateway after the Trino cluster it routes to (Argo CD wave, Flux dependsOn)', () => {
    const { files: synthesized, instances } = synthesize(specs, { secrets: { mode: 'plaintext' } });
    const platform: PlatformInstance[] = instances.map((i) => ({
      kind: i.spec.kind,
      name: i.spec.metadata.name,
      namespace: i.spec.metadata.namespace,
      component: REGISTRY.find((c) => c.kind.kind === i.spec.kind)!.folder,
      references: i.references,
    }));
    const instanceFiles = Object.fromEntries(
      Object.entries(synthesized)
        .filter(([p]) => !p.startsWith('namespaces/'))
        .map(([p, t]) => [repoPath(p), t]),
    );
    const tree = (agent: 'argocd' | 'flux') =>
      platformFiles(platform, synthesized, { repoUrl: 'https://git.example.com/platform.git', branch: 'main', agent });
    const argo = (name: string) =>
      loadYaml(Object.entries(tree('argocd')).find(([p]) => p.includes('argocd') && p.endsWith(`${name}.yaml`))![1]) as any;
    const flux = (name: string) =>
      loadYaml(Object.entries(tree('flux')).find(([p]) => p.includes('flux') && p.endsWith(`kustomization-${name}.yaml`))![1]) as any;
    const wave = (name: string) => Number(argo(name).metadata.annotations['argocd.argoproj.io/sync-wave']);
    expect(wave('trino-gateway-gateway')).toBeGreaterThan(wave('trino-etl'));
    expect(flux('trino-gateway-gateway').spec.dependsOn).toEqual(expect.arrayContaining([{ name: 'trino-etl' }]));
    expect(Object.keys(instanceFiles)).toEqual(expect.arrayContaining([expect.stringMatching(/trino-gateway\/gateway\/deployment-gateway\.yaml$/)]));
  });
});

import { join } from 'node:path';

import { load } from 'js-yaml';

import { readSpecFiles } from '../../src/cli/spec-files';
import { REGISTRY } from '../../src/components/registry';
import { definitionOf } from '../../src/core/component';
import { deliveryConfigFromEnv } from '../../src/delivery/config';
import { synthesize } from '../../src/engine/synthesize';
import { INSTANCES_PROJECT, PLATFORM_PROJECT, RELEASES_PROJECT } from '../../src/gitops/bootstrap/argocd';
import type { BootstrapOptions } from '../../src/gitops/bootstrap/options';
import { deploymentName, MAX_DEPLOYMENT_NAME } from '../../src/gitops/layout';
import { bootstrapFiles, platformFiles } from '../../src/gitops/platform-files';
import type { PlatformInstance } from '../../src/gitops/platform-instance';
import { platformInstanceOf } from '../../src/gitops/repository-files';
import { loadSpecs } from '../../src/schema/load';
import { echo, echoSpec } from '../support/echo';
import { objectsIn, schemaFailures } from '../support/validate';

// What Argo CD and Flux do with the bootstrap, read from their sources at the pinned versions
// (argo-cd v3.5.1 = 109ca7ca, the cdk8s.yaml CRDs are from 37ee0097; kustomize-controller 186fb3b
// = v1.9.0-36; fluxcd/pkg e2cfd1a2), encoded as assertions on the generated objects.

const base: BootstrapOptions = { repoUrl: 'https://git.example.com/platform/gitops.git', branch: 'main' };
const instance = (name: string, namespace: string, extra: Partial<PlatformInstance> = {}): PlatformInstance => ({
  kind: 'Echo',
  name,
  namespace,
  component: 'echo',
  references: [],
  ...extra,
});
const objects = (files: Record<string, string>) =>
  objectsIn(Object.fromEntries(Object.entries(files).filter(([p]) => p.endsWith('.yaml') && !p.endsWith('kustomization.yaml'))));
function find(files: Record<string, string>, kind: string, name: string): any {
  const found = objects(files).find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in ${Object.keys(files).join(', ')}`);
  return found;
}

const platform = [
  instance('metastore', 'hive'),
  instance('trino', 'analytics', { references: [{ kind: 'Echo', name: 'metastore', path: 'spec.uses' }] }),
  instance('pi', 'spark', { batch: true }),
  instance('minio', 'storage', { argoApplications: true }),
];
const argo = bootstrapFiles(platform, {
  ...base,
  agent: 'argocd',
  reservedNamespaces: ['kube-*', 'default', 'flux-system', 'argocd', 'dataroaster'],
});
const flux = bootstrapFiles(platform, { ...base, agent: 'flux', fluxSecretName: 'gitops-auth' });

/**
 * Argo CD's destination check, as `AppProject.isDestinationMatched` does it
 * (`pkg/apis/application/v1alpha1/app_project_types.go:507-527`, v3.5.1): any allow rule matches and no
 * deny rule (`!…`) rejects; patterns are globs.
 */
function destinationPermitted(project: any, server: string, namespace: string): boolean {
  const glob = (pattern: string, value: string) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(value);
  const match = (pattern: string, value: string) => (pattern.startsWith('!') ? !glob(pattern.slice(1), value) : glob(pattern, value));
  let any = false;
  for (const item of project.spec.destinations) {
    const serverMatched = match(item.server, server);
    const namespaceMatched = match(item.namespace, namespace);
    if (serverMatched && namespaceMatched) any = true;
    else if (!namespaceMatched && item.namespace.startsWith('!') && serverMatched) return false;
  }
  return any;
}

/**
 * `AppProject.IsGroupKindNamePermitted` (`app_project_types.go:399-418`, v3.5.1): namespaced kinds pass a
 * missing whitelist, cluster-scoped kinds need a non-empty one; lists match with Go's `filepath.Match`
 * (`types.go:3843-3854`).
 */
function kindPermitted(project: any, group: string, kind: string, namespaced: boolean): boolean {
  const inList = (list: any[] | undefined) =>
    (list ?? []).some(
      (i) =>
        new RegExp(`^${i.group.replace(/\./g, '\\.').replace(/\*/g, '[^/]*')}$`).test(group) &&
        new RegExp(`^${i.kind.replace(/\*/g, '[^/]*')}$`).test(kind),
    );
  const { spec } = project;
  if (namespaced) {
    const white = spec.namespaceResourceWhitelist === undefined || inList(spec.namespaceResourceWhitelist);
    return white && !inList(spec.namespaceResourceBlacklist);
  }
  return (spec.clusterResourceWhitelist?.length ?? 0) > 0 && inList(spec.clusterResourceWhitelist) && !inList(spec.clusterResourceBlacklist);
}

const IN_CLUSTER = 'https://kubernetes.default.svc';

describe('Argo CD bootstrap, against argo-cd v3.5.1', () => {
  test('every generated object passes the official CRD schemas', () => {
    expect(schemaFailures(objects(argo))).toEqual([]);
    expect(schemaFailures(objects(flux))).toEqual([]);
  });

  test('root: ApplyOutOfSyncOnly and no PruneLast, so a Degraded child cannot block prunes or new instances', () => {
    // controller/sync.go:322-323 reads both options; with ApplyOutOfSyncOnly the sync drops unmodified
    // children (gitops-engine/pkg/sync/sync_context.go:646-648, filterOutOfSyncTasks 761-769), so an
    // unchanged Degraded child is neither re-applied nor health-gated (565-566 fails the sync on Degraded);
    // PruneLast moves every prune after the last wave (1137-1142), behind that gate.
    const root = find(argo, 'Application', 'dataroaster');
    expect(root.spec.syncPolicy.syncOptions).toContain('ApplyOutOfSyncOnly=true');
    expect(root.spec.syncPolicy.syncOptions).not.toContain('PruneLast=true');
    expect(root.metadata.finalizers).toBeUndefined(); // deleting the root orphans the platform
  });

  test('instances: ApplyOutOfSyncOnly (a Replace=true Job re-runs only when it changes) and unlimited retries for CRDs that come later', () => {
    // sync-options.md:164-172 (only out-of-sync resources are applied); SkipDryRunOnMissingResource
    // (sync-options.md:82-109); retries while `RetryCount < Limit || Limit < 0` (controller/appcontroller.go:1620).
    for (const name of ['echo-metastore', 'echo-trino', 'echo-pi', 'echo-minio']) {
      const app = find(argo, 'Application', name);
      expect(app.spec.syncPolicy.syncOptions).toEqual(expect.arrayContaining(['ApplyOutOfSyncOnly=true', 'SkipDryRunOnMissingResource=true']));
      expect(app.spec.syncPolicy.retry.limit).toBeLessThan(0);
      expect(app.metadata.finalizers).toEqual(['resources-finalizer.argocd.argoproj.io']);
    }
    expect(find(argo, 'Application', 'echo-trino').metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('2');
  });

  test('namespaces: neither pruned nor deleted by `argocd app delete`, and never OutOfSync for a namespace left behind', () => {
    // controller/appcontroller.go:1252-1261 shouldBeDeleted: a cascading delete skips only Delete=false
    // (on the object or the app), not Prune=false; controller/state.go:994 keeps an extraneous object from
    // making the app OutOfSync only with compare-options IgnoreExtraneous.
    const { files } = synthesize([echoSpec('a', { text: 'x' }, 'team-a')], { registry: [echo] });
    const tier = platformFiles([instance('a', 'team-a')], files, { ...base, agent: 'argocd' });
    const namespace = find(tier, 'Namespace', 'team-a');
    expect(namespace.metadata.annotations['argocd.argoproj.io/sync-options'].split(',')).toEqual(
      expect.arrayContaining(['Prune=false', 'Delete=false']),
    );
    expect(namespace.metadata.annotations['argocd.argoproj.io/compare-options']).toBe('IgnoreExtraneous');
    const app = find(tier, 'Application', 'dataroaster-namespaces');
    expect(app.metadata.finalizers).toBeUndefined();
    expect(app.spec.syncPolicy.syncOptions).toContain('Delete=false');
  });

  test('instance projects keep instances out of system, agent and server namespaces, and away from Argo CD and Flux objects', () => {
    // docs/operator-manual/cluster-bootstrapping.md:88-95: a project that may write into Argo CD's
    // namespace is admin-equivalent; deny rules: docs/user-guide/projects.md:95-121.
    for (const name of [INSTANCES_PROJECT, RELEASES_PROJECT]) {
      const project = find(argo, 'AppProject', name);
      for (const ns of ['kube-system', 'kube-public', 'kube-node-lease', 'default', 'argocd', 'flux-system', 'dataroaster']) {
        expect([name, ns, destinationPermitted(project, IN_CLUSTER, ns)]).toEqual([name, ns, false]);
      }
      expect(destinationPermitted(project, IN_CLUSTER, 'analytics')).toBe(true);
      expect(kindPermitted(project, 'argoproj.io', 'Application', true)).toBe(false);
      expect(kindPermitted(project, 'argoproj.io', 'AppProject', true)).toBe(false);
      expect(kindPermitted(project, 'kustomize.toolkit.fluxcd.io', 'Kustomization', true)).toBe(false);
      expect(kindPermitted(project, 'helm.toolkit.fluxcd.io', 'HelmRelease', true)).toBe(false);
      expect(kindPermitted(project, 'apps', 'Deployment', true)).toBe(true);
    }
    // instances write nothing cluster-scoped; chart releases may (CRDs), documented as admin-level
    expect(kindPermitted(find(argo, 'AppProject', INSTANCES_PROJECT), 'rbac.authorization.k8s.io', 'ClusterRoleBinding', false)).toBe(false);
    expect(kindPermitted(find(argo, 'AppProject', RELEASES_PROJECT), 'apiextensions.k8s.io', 'CustomResourceDefinition', false)).toBe(true);
    // the platform project writes Applications into argocd only, plus Namespaces and the sentinel
    const platformProject = find(argo, 'AppProject', PLATFORM_PROJECT);
    expect(destinationPermitted(platformProject, IN_CLUSTER, 'argocd')).toBe(true);
    expect(destinationPermitted(platformProject, IN_CLUSTER, 'kube-system')).toBe(false);
    expect(destinationPermitted(platformProject, IN_CLUSTER, 'analytics')).toBe(false);
    expect(kindPermitted(platformProject, 'argoproj.io', 'AppProject', true)).toBe(false);
    expect(kindPermitted(platformProject, '', 'Namespace', false)).toBe(true);
  });

  test('each Application is in the project its content needs: instances in the instance project, Argo-flavour releases in the platform one', () => {
    expect(find(argo, 'Application', 'dataroaster').spec.project).toBe(PLATFORM_PROJECT);
    expect(find(argo, 'Application', 'dataroaster-namespaces').spec.project).toBe(PLATFORM_PROJECT);
    expect(find(argo, 'Application', 'echo-trino').spec.project).toBe(INSTANCES_PROJECT);
    expect(find(argo, 'Application', 'echo-minio').spec.project).toBe(PLATFORM_PROJECT);
  });

  test('the README gives the Application health check the waves need, and says they are best effort', () => {
    // docs/operator-manual/health.md:26-50 (the check was removed in 1.8); controller/health.go:75-77:
    // since 3.4 a missing resource no longer makes its Application unhealthy (upgrading/3.3-3.4.md).
    const readme = platformFiles(platform, {}, { ...base, agent: 'argocd' })['README.md'];
    expect(readme).toContain('resource.customizations.health.argoproj.io_Application');
    expect(readme).toContain('obj.status.sync.status ~= "Synced"');
    expect(readme).toMatch(/best effort/);
    expect(readme).toContain('argocd.argoproj.io/secret-type: repository');
  });
});

describe('Flux bootstrap, against kustomize-controller v1.9.0-36', () => {
  test('deleting the root orphans the platform; instances keep MirrorPrune, so removing one from Git deletes its objects', () => {
    // kustomization_controller.go:1166-1175 finalizerShouldDeleteResources: MirrorPrune (the default,
    // api/v1/kustomization_types.go:409-411) deletes with prune: true; Orphan never does.
    expect(find(flux, 'Kustomization', 'dataroaster').spec.deletionPolicy).toBe('Orphan');
    expect(find(flux, 'Kustomization', 'echo-trino').spec.deletionPolicy).toBeUndefined();
    expect(find(flux, 'Kustomization', 'echo-trino').spec.prune).toBe(true);
  });

  test('a batch instance is not waited for; the others are', () => {
    // fluxcd/pkg runtime/statusreaders/job.go:60-110: a Job is Current only once Complete, Failed when failed.
    expect(find(flux, 'Kustomization', 'echo-pi').spec.wait).toBe(false);
    expect(find(flux, 'Kustomization', 'echo-trino').spec.wait).toBe(true);
    expect(find(flux, 'Kustomization', 'echo-trino').spec.dependsOn).toEqual([{ name: 'dataroaster-namespaces' }, { name: 'echo-metastore' }]);
  });

  test('a private repository: the GitRepository references the Secret, and the README says what goes in it', () => {
    expect(find(flux, 'GitRepository', 'dataroaster').spec.secretRef).toEqual({ name: 'gitops-auth' });
    const readme = platformFiles([], {}, { ...base, agent: 'flux' })['README.md'];
    expect(readme).toContain('DATAROASTER_FLUX_SECRET');
    expect(readme).toMatch(/`username` and `password` \(or `bearerToken`\)/);
    expect(readme).toContain('deletionPolicy: Orphan');
  });
});

describe('names that reach a label stay within 63 characters', () => {
  // fluxcd/pkg ssa/manager.go:66-77 SetOwnerLabels puts the Kustomization's name into the label
  // kustomize.toolkit.fluxcd.io/name (called at kustomization_controller.go:462); a label value is at
  // most 63 characters, so a longer name never deploys (fluxcd/flux2#2004).
  const long = 's'.repeat(63);
  const other = `${'s'.repeat(62)}t`;

  test('a 63-character instance name gives Application and Kustomization names of at most 63, unique and stable', () => {
    const names = [deploymentName('spark-thrift-server', long), deploymentName('spark-thrift-server', other)];
    for (const name of names) {
      expect(name.length).toBeLessThanOrEqual(MAX_DEPLOYMENT_NAME);
      expect(name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    }
    expect(names[0]).not.toBe(names[1]);
    expect(deploymentName('spark-thrift-server', long)).toBe(names[0]);
    expect(deploymentName('trino', 'etl')).toBe('trino-etl');
  });

  test('the bootstrap uses the short names everywhere, dependsOn included', () => {
    const longPlatform = [instance(long, 'hive'), instance('user', 'analytics', { references: [{ kind: 'Echo', name: long, path: 'spec.uses' }] })];
    for (const agent of ['flux', 'argocd'] as const) {
      const files = bootstrapFiles(longPlatform, { ...base, agent });
      for (const obj of objects(files)) expect([obj.metadata.name, obj.metadata.name.length <= 63]).toEqual([obj.metadata.name, true]);
    }
    const user = find(bootstrapFiles(longPlatform, { ...base, agent: 'flux' }), 'Kustomization', 'echo-user');
    expect(user.spec.dependsOn).toContainEqual({ name: deploymentName('echo', long) });
  });
});

describe('one agent setting', () => {
  test('DATAROASTER_GITOPS_AGENT picks the agent (default flux); anything else is refused at start-up', () => {
    expect(deliveryConfigFromEnv({}).gitopsAgent).toBe('flux');
    expect(deliveryConfigFromEnv({ DATAROASTER_GITOPS_AGENT: 'argocd' }).gitopsAgent).toBe('argocd');
    expect(() => deliveryConfigFromEnv({ DATAROASTER_GITOPS_AGENT: 'helm' })).toThrow(/DATAROASTER_GITOPS_AGENT/);
  });

  test('the server namespace joins the reserved namespaces the projects deny', () => {
    const config = deliveryConfigFromEnv({ DATAROASTER_SERVER_NAMESPACE: 'dataroaster' });
    expect(config.reservedNamespaces).toEqual(expect.arrayContaining(['kube-*', 'argocd', 'flux-system', 'default', 'dataroaster']));
    const project = find(
      bootstrapFiles([], { ...base, agent: 'argocd', reservedNamespaces: config.reservedNamespaces }),
      'AppProject',
      INSTANCES_PROJECT,
    );
    expect(destinationPermitted(project, IN_CLUSTER, 'dataroaster')).toBe(false);
  });

  test('bootstrap/argocd/ lists the three projects and the root', () => {
    expect((load(argo['bootstrap/argocd/kustomization.yaml']) as any).resources).toEqual([
      'application-dataroaster.yaml',
      'appproject-dataroaster-instances.yaml',
      'appproject-dataroaster-releases.yaml',
      'appproject-dataroaster.yaml',
    ]);
  });
});

describe('the components say how they are deployed', () => {
  const [pi, minio] = loadSpecs(
    REGISTRY,
    readSpecFiles([join(__dirname, '../../platform/spark-pi.yaml'), join(__dirname, '../../platform/minio.yaml')]),
  );
  const hints = (spec: typeof pi, agent: 'flux' | 'argocd') => definitionOf(REGISTRY, spec.kind)!.deployment?.(spec, agent) ?? {};

  test('a batch SparkApplication is batch (Flux does not wait for it); a Helm release under Argo CD holds Applications', () => {
    expect(hints(pi, 'flux')).toEqual({ batch: true });
    expect(hints(minio, 'flux')).toEqual({});
    expect(hints(minio, 'argocd')).toEqual({ argoApplications: true });
  });
});

describe('a kubeflow SparkApplication is applied after its operator, whose CRD it needs', () => {
  const release = `
apiVersion: dataroaster.io/v1alpha1
kind: HelmRelease
metadata: {name: spark-operator, namespace: spark-operator}
spec: {repo: "https://kubeflow.github.io/spark-operator", chart: spark-operator, version: 2.1.1, values: {spark: {jobNamespaces: [jobs]}}}
`;
  const app = (extra: string) => `
apiVersion: dataroaster.io/v1alpha1
kind: SparkApplication
metadata: {name: report, namespace: jobs}
spec: {type: Batch, output: kubeflow, sparkVersion: 3.5.5, image: "apache/spark:3.5.5", mainApplicationFile: "local:///opt/spark/examples/src/main/python/pi.py"${extra}}
`;
  const docs = (text: string) => text.split(/^---$/m).map((doc, i) => ({ source: `spec-${i}.yaml`, data: load(doc) }));
  /** The bootstrap entries as both doors compute them: platformInstanceOf (src/gitops/repository-files.ts). */
  const bootstraps = (text: string) => {
    const specs = loadSpecs(REGISTRY, docs(text));
    const entries = (agent: 'flux' | 'argocd') => specs.map((s) => platformInstanceOf(REGISTRY, s, definitionOf(REGISTRY, s.kind)!.folder, agent));
    return {
      flux: bootstrapFiles(entries('flux'), { ...base, agent: 'flux' }),
      argo: bootstrapFiles(entries('argocd'), { ...base, agent: 'argocd' }),
    };
  };

  test("Flux: with operatorRef, its Kustomization dependsOn the operator release's, which waits for the release to be Ready", () => {
    // kustomize-controller docs/spec/v1/kustomizations.md "Dependencies" (v1.9.0-36): a Kustomization with
    // dependsOn is reconciled only once every dependency is Ready; with `wait: true` the release's
    // Kustomization is Ready only once its HelmRelease is (kstatus on the Ready condition), i.e. the chart
    // and its CRDs are installed. Before that, applying the SparkApplication fails its dry run (no CRD).
    const { flux: files } = bootstraps(`${release}---${app(', operatorRef: {name: spark-operator}')}`);
    expect(find(files, 'Kustomization', 'spark-apps-report').spec.dependsOn).toEqual([
      { name: 'dataroaster-namespaces' },
      { name: 'helm-releases-spark-operator' },
    ]);
    expect(find(files, 'Kustomization', 'helm-releases-spark-operator').spec.wait).toBe(true);
    expect(schemaFailures(objects(files))).toEqual([]);
  });

  test('Argo CD: a later sync wave, SkipDryRunOnMissingResource on the Application and on the object, unlimited retries with backoff', () => {
    // argo-cd docs/user-guide/sync-options.md:82-109 ("Skip Dry Run for new custom resources types", per
    // Application or per object annotation); retries while `RetryCount < Limit || Limit < 0`
    // (controller/appcontroller.go:1620, v3.5.1), backoff capped at maxDuration. Waves are best effort
    // (a child Application's health needs the argocd-cm check), so the retries are what converges.
    const text = `${release}---${app(', operatorRef: {name: spark-operator}')}`;
    const { argo: files } = bootstraps(text);
    const appOf = find(files, 'Application', 'spark-apps-report');
    const wave = (a: any) => Number(a.metadata.annotations['argocd.argoproj.io/sync-wave']);
    expect(wave(appOf)).toBeGreaterThan(wave(find(files, 'Application', 'helm-releases-spark-operator')));
    expect(appOf.spec.syncPolicy.syncOptions).toContain('SkipDryRunOnMissingResource=true');
    expect(appOf.spec.syncPolicy.retry).toEqual({ limit: -1, backoff: { duration: '5s', factor: 2, maxDuration: '3m' } });
    const operatorApp = objectsIn(synthesize(loadSpecs(REGISTRY, docs(text)), { gitops: 'argocd' }).files).find((o) => o.kind === 'SparkApplication');
    expect(operatorApp!.metadata.annotations['argocd.argoproj.io/sync-options']).toBe('SkipDryRunOnMissingResource=true');
  });

  test('without operatorRef (the operator installed outside the platform) nothing waits: Flux retries every retryInterval', () => {
    // kustomizations.md "Recommended settings": a failed apply (no CRD yet) is retried after retryInterval.
    const { flux: files } = bootstraps(app(''));
    const kustomization = find(files, 'Kustomization', 'spark-apps-report');
    expect(kustomization.spec.dependsOn).toEqual([{ name: 'dataroaster-namespaces' }]);
    expect(kustomization.spec.retryInterval).toBe('2m');
  });
});

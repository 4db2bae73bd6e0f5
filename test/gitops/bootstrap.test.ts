import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { load } from 'js-yaml';

import type { InstanceSpec } from '../../src/core/instance';
import { synthesize } from '../../src/engine/synthesize';
import type { GitOpsAgent } from '../../src/gitops/bootstrap/options';
import { ARGOCD_APPS, bootstrapEntryPath, FLUX_INSTANCES, repoPath } from '../../src/gitops/layout';
import { platformFiles } from '../../src/gitops/platform-files';
import type { PlatformInstance } from '../../src/gitops/platform-instance';
import { echo, echoSpec } from '../support/echo';
import { kubectl, kustomize } from '../support/kubectl';
import { objectsIn, schemaFailures } from '../support/validate';

const base = { repoUrl: 'https://git.example.com/platform/gitops.git', branch: 'main' };
const options = base;

/** The whole GitOps tree for a set of specs, as the delivery module writes it, for one agent or both. */
function tree(specs: InstanceSpec[], agent?: GitOpsAgent): Record<string, string> {
  if (agent === undefined) return { ...tree(specs, 'flux'), ...tree(specs, 'argocd'), 'README.md': tree(specs, 'flux')['README.md'] };
  const { files } = synthesize(specs, { registry: [echo] });
  const platform: PlatformInstance[] = specs.map((spec) => ({
    kind: spec.kind,
    name: spec.metadata.name,
    namespace: spec.metadata.namespace,
    component: echo.folder,
    references: echo.references!(spec as never),
  }));
  const instanceFiles = Object.fromEntries(
    Object.entries(files)
      .filter(([p]) => !p.startsWith('namespaces/'))
      .map(([p, t]) => [repoPath(p), t]),
  );
  return { ...instanceFiles, ...platformFiles(platform, files, { ...base, agent }) };
}

function writeTree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'gitops-tree-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const doc = (files: Record<string, string>, path: string) => load(files[path]) as any;

describe('bootstrap', () => {
  const specs = [echoSpec('metastore', { text: 'm' }, 'hive'), echoSpec('trino', { text: 't', uses: 'metastore' }, 'analytics')];

  test('every bootstrap object passes the official Argo CD and Flux schemas', () => {
    const files = tree(specs);
    const bootstrap = Object.fromEntries(Object.entries(files).filter(([p]) => p.startsWith('bootstrap/') || p.startsWith('namespaces/')));
    const objects = objectsIn(bootstrap);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'AppProject/dataroaster',
      'AppProject/dataroaster-instances',
      'AppProject/dataroaster-releases',
      'Application/dataroaster',
      'Application/dataroaster-namespaces',
      'Application/echo-metastore',
      'Application/echo-trino',
      'ConfigMap/dataroaster-gitops',
      'GitRepository/dataroaster',
      'Kustomization/dataroaster',
      'Kustomization/dataroaster-namespaces',
      'Kustomization/echo-metastore',
      'Kustomization/echo-trino',
      'Namespace/analytics',
      'Namespace/dataroaster-system',
      'Namespace/hive',
    ]);
    expect(schemaFailures(objects)).toEqual([]);
  });

  test('Argo CD: namespaces in wave 0, a referencing instance after the one it references, cascade delete per instance', () => {
    const files = tree(specs);
    const ns = doc(files, bootstrapEntryPath(ARGOCD_APPS, 'application-dataroaster-namespaces.yaml'));
    const metastore = doc(files, bootstrapEntryPath(ARGOCD_APPS, 'application-echo-metastore.yaml'));
    const trino = doc(files, bootstrapEntryPath(ARGOCD_APPS, 'application-echo-trino.yaml'));
    expect([ns, metastore, trino].map((a) => a.metadata.annotations['argocd.argoproj.io/sync-wave'])).toEqual(['0', '1', '2']);
    expect(trino.metadata.finalizers).toEqual(['resources-finalizer.argocd.argoproj.io']);
    expect(ns.metadata.finalizers).toBeUndefined();
    expect(trino.spec.source).toEqual({ repoURL: options.repoUrl, targetRevision: 'main', path: 'components/echo/trino' });
    expect(trino.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'analytics' });
    expect(trino.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
    expect(ns.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true, allowEmpty: true });
    const root = doc(files, 'bootstrap/argocd/application-dataroaster.yaml');
    expect(root.spec.source.path).toBe('bootstrap/argocd/apps');
  });

  test('Flux: prune, wait and dependsOn the namespaces tier and referenced instances', () => {
    const files = tree(specs);
    const trino = doc(files, bootstrapEntryPath(FLUX_INSTANCES, 'kustomization-echo-trino.yaml'));
    expect(trino.spec).toMatchObject({
      path: './components/echo/trino',
      prune: true,
      wait: true,
      interval: '60m',
      timeout: '3m',
      retryInterval: '2m',
    });
    expect(trino.spec.dependsOn).toEqual([{ name: 'dataroaster-namespaces' }, { name: 'echo-metastore' }]);
    expect(doc(files, bootstrapEntryPath(FLUX_INSTANCES, 'kustomization-echo-metastore.yaml')).spec.dependsOn).toEqual([
      { name: 'dataroaster-namespaces' },
    ]);
    expect(doc(files, 'bootstrap/flux/gitrepository-dataroaster.yaml').spec).toEqual({
      interval: '1m',
      ref: { branch: 'main' },
      url: options.repoUrl,
    });
    expect(doc(files, 'bootstrap/flux/kustomization-dataroaster.yaml').spec.path).toBe('./bootstrap/flux/instances');
  });

  test('is deterministic and independent of instance order', () => {
    expect(tree([...specs].reverse())).toEqual(tree(specs));
  });

  test.each([
    ['two instances', specs],
    ['no instance at all (the last one was deleted)', []],
  ])('kubectl kustomize builds every folder Argo CD and Flux are pointed at: %s', async (_, given) => {
    // Given the tree written to disk
    const files = tree(given);
    const dir = writeTree(files);
    const bin = await kubectl();
    try {
      // When every path an Application or a Flux Kustomization names, and the two bootstrap roots, is built
      const objects = objectsIn(Object.fromEntries(Object.entries(files).filter(([p]) => p.startsWith('bootstrap/'))));
      const paths = objects.flatMap((o) =>
        o.kind === 'Application' ? [o.spec.source.path] : o.kind === 'Kustomization' ? [o.spec.path.replace(/^\.\//, '')] : [],
      );
      const built = ['bootstrap/argocd', 'bootstrap/flux', ...new Set(paths)].map((p) => [p, kustomize(bin, join(dir, p))]);
      // Then each folder builds to at least one object (none is empty, so nothing blocks pruning)
      for (const [path, yaml] of built) expect([path, yaml.includes('apiVersion:')]).toEqual([path, true]);
      expect(paths).toContain('namespaces');
      expect(paths.filter((p) => p.startsWith('components/')).length).toBe(given.length * 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the sentinel keeps the namespaces tier non-empty and never duplicates dataroaster-system', () => {
    const files = tree([echoSpec('a', { text: 'x' }, 'dataroaster-system')]);
    expect(
      Object.keys(files)
        .filter((p) => p.startsWith('namespaces/'))
        .sort(),
    ).toEqual(['namespaces/_sentinel-configmap.yaml', 'namespaces/dataroaster-system.yaml', 'namespaces/kustomization.yaml']);
    expect(doc(files, 'namespaces/kustomization.yaml').resources).toEqual(['_sentinel-configmap.yaml', 'dataroaster-system.yaml']);
  });

  test("only the configured agent's bootstrap is written, and the README explains that one", () => {
    const flux = tree(specs, 'flux');
    const argo = tree(specs, 'argocd');
    expect(Object.keys(flux).filter((p) => p.startsWith('bootstrap/argocd'))).toEqual([]);
    expect(Object.keys(argo).filter((p) => p.startsWith('bootstrap/flux'))).toEqual([]);
    expect(argo['README.md']).toContain('kubectl apply -k bootstrap/argocd');
    expect(argo['README.md']).not.toContain('bootstrap/flux');
    expect(flux['README.md']).toContain('kubectl apply -k bootstrap/flux');
    expect(flux['README.md']).not.toContain('bootstrap/argocd');
    expect(flux['README.md']).toContain('`components/<component>/<instance>/`');
  });
});

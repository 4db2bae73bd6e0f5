import { REGISTRY } from '../../../src/components/registry';
import { synthesize } from '../../../src/engine/synthesize';
import { API_VERSION } from '../../../src/schema/fields';
import { loadSpecs } from '../../../src/schema/load';
import { thrownMessage } from '../../support/errors';
import { objectOf, synthYaml } from '../../support/synth';
import { schemaFailures } from '../../support/validate';

const SUPERSET = (flavour = '', values = '    replicaCount: 2\n    configOverrides: {secret: ""}\n') => `
apiVersion: dataroaster.io/v1alpha1
kind: HelmRelease
metadata: {name: superset, namespace: bi}
spec:
  repo: https://apache.github.io/superset
  chart: superset
  version: 0.12.11
${flavour}  values:
${values}`;

describe('HelmRelease, flavour argocd: an Argo CD Application with a Helm source', () => {
  test("is written for Argo CD when the platform says so, into Argo CD's namespace", () => {
    // Given the platform's GitOps agent is Argo CD (CLI --gitops argocd) and the spec names no flavour
    const { objects } = synthYaml(SUPERSET(), { gitops: 'argocd' });
    // Then
    const app = objectOf(objects, 'Application', 'superset');
    expect(objects.map((o) => o.kind).sort()).toEqual(['Application', 'Namespace']);
    expect(schemaFailures(objects)).toEqual([]);
    expect(app.metadata.namespace).toBe('argocd');
    expect(app.metadata.finalizers).toEqual(['resources-finalizer.argocd.argoproj.io']);
    expect(app.spec).toEqual({
      project: 'default',
      source: {
        repoURL: 'https://apache.github.io/superset',
        chart: 'superset',
        targetRevision: '0.12.11',
        helm: { releaseName: 'superset', valuesObject: { replicaCount: 2, configOverrides: { secret: '' } } },
      },
      destination: { server: 'https://kubernetes.default.svc', namespace: 'bi' },
      syncPolicy: { automated: { prune: true, selfHeal: true } },
    });
    expect(objectOf(objects, 'Namespace', 'bi').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  test("a flavour in the spec wins over the platform's", () => {
    expect(synthYaml(SUPERSET('  flavour: argocd\n')).objects.map((o) => o.kind)).toContain('Application');
    expect(synthYaml(SUPERSET('  flavour: flux\n'), { gitops: 'argocd' }).objects.map((o) => o.kind)).toContain('HelmRelease');
  });

  test('names its own Argo CD namespace and project, strips oci:// and creates another target namespace', () => {
    const spec = SUPERSET('  targetNamespace: dashboards\n  argocd: {namespace: gitops, project: analytics}\n').replace(
      'https://apache.github.io/superset',
      'oci://ghcr.io/example/charts',
    );
    const app = objectOf(synthYaml(spec, { gitops: 'argocd' }).objects, 'Application', 'superset');
    expect(app.metadata.namespace).toBe('gitops');
    expect(app.spec.project).toBe('analytics');
    expect(app.spec.source.repoURL).toBe('ghcr.io/example/charts');
    expect(app.spec.destination.namespace).toBe('dashboards');
    expect(app.spec.syncPolicy.syncOptions).toEqual(['CreateNamespace=true']);
  });

  test("refuses credential-looking values when Argo CD is the platform's agent: they would sit in Git in plaintext", () => {
    const spec = SUPERSET('', '    postgresql: {auth: {password: pg-pass}}\n    extraSecretEnv: {SUPERSET_SECRET_KEY: abc}\n');
    expect(thrownMessage(() => synthYaml(spec, { gitops: 'argocd' }))).toBe(
      'HelmRelease/superset: spec.values.postgresql.auth.password: looks like a credential, and Argo CD cannot read Helm values from a Secret: use flavour flux, or put it in a Secret of your own and point the chart at it (e.g. its existingSecret value); ' +
        'spec.values.extraSecretEnv.SUPERSET_SECRET_KEY: looks like a credential, and Argo CD cannot read Helm values from a Secret: use flavour flux, or put it in a Secret of your own and point the chart at it (e.g. its existingSecret value)',
    );
    expect(() => synthYaml(spec)).not.toThrow();
  });
});

describe('reserved Argo CD identities', () => {
  // The root Application is argocd/dataroaster; an Argo-flavour release named so would replace it, and one
  // in the platform project could write any Application (argo-cd cluster-bootstrapping.md: app of apps is admin-only).
  test('a release named dataroaster or dataroaster-*, or in the platform project, is refused', () => {
    const doc = (name: string, project = 'default') => ({
      apiVersion: API_VERSION,
      kind: 'HelmRelease',
      metadata: { name, namespace: 'apps' },
      spec: { repo: 'https://charts.example.com', chart: 'x', version: '1.0.0', flavour: 'argocd', argocd: { project } },
    });
    const build = (d: unknown) => synthesize(loadSpecs(REGISTRY, [{ source: 'x.yaml', data: d }]), { secrets: { mode: 'plaintext' } });
    expect(() => build(doc('dataroaster'))).toThrow(/metadata.name: is reserved/);
    expect(() => build(doc('dataroaster-namespaces'))).toThrow(/is reserved/);
    expect(() => build(doc('minio', 'dataroaster'))).toThrow(/platform project/);
    expect(() => build(doc('minio', 'dataroaster-releases'))).not.toThrow();
  });
});

import type { ComponentDefinition } from '../../core/component';
import { instanceKey } from '../../core/instance';
import { SpecError } from '../../schema/errors';
import { labelValueOrUndefined, standardLabels } from '../common/labels';
import { argoRelease } from './argocd';
import { fluxRelease } from './flux';
import { legacyHelmChartRelease } from './legacy';
import { argoProblems, HELM_RELEASE_OWN_KIND, HelmRelease } from './schema';
import { splitValues } from './values';

/**
 * The release's Application lives beside the bootstrap's in Argo CD's namespace: a release named like the
 * root (`dataroaster`) or another DataRoaster Application would overwrite it, and one in the platform
 * project could write any Application (argo-cd `docs/operator-manual/cluster-bootstrapping.md`).
 */
export function reservedArgoNameProblems(name: string, project: string): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (name === 'dataroaster' || name.startsWith('dataroaster-')) {
    problems.push({
      path: 'metadata.name',
      message: 'is reserved: Argo CD Applications named "dataroaster" or "dataroaster-*" are the bootstrap\'s own',
    });
  }
  if (project === 'dataroaster') {
    problems.push({
      path: 'spec.argocd.project',
      message: 'is DataRoaster\'s platform project, which may write Applications: use "dataroaster-releases" (or a project of your own)',
    });
  }
  return problems;
}

/**
 * HelmRelease instances → `helm-releases/<name>/`: a chart installed by the platform's GitOps agent
 * (Flux HelmRepository + HelmRelease, or an Argo CD Application). The namespace enforces the Pod Security
 * level the spec declares: DataRoaster did not build the chart, so it cannot vouch for its pods.
 */
export const helmRelease: ComponentDefinition<HelmRelease> = {
  kind: HELM_RELEASE_OWN_KIND,
  legacy: [legacyHelmChartRelease],
  folder: 'helm-releases',
  endpoint: { name: 'helm_chart', title: 'Helm release', params: {} },
  podSecurity: (release) => release.spec.podSecurity,
  // An Argo-flavour release is an Application in Argo CD's namespace: the platform project deploys it.
  deployment: (release, agent) => ((release.spec.flavour ?? agent) === 'argocd' ? { argoApplications: true } : {}),
  build(chart, release, ctx) {
    const { metadata, spec } = release;
    const labels = {
      ...metadata.labels,
      ...standardLabels({ name: spec.chart, instance: metadata.name, component: 'helm-release', version: labelValueOrUndefined(spec.version) }),
    };
    const flavour = spec.flavour ?? ctx.gitops ?? 'flux';
    if (flavour === 'argocd') {
      // An explicit `flavour: argocd` was checked with the spec; the platform's default is checked here.
      const problems = [...argoProblems(spec), ...reservedArgoNameProblems(metadata.name, spec.argocd.project)];
      if (problems.length) throw new SpecError(instanceKey(release), problems);
      argoRelease(chart, { name: metadata.name, namespace: metadata.namespace, spec, labels });
    } else {
      fluxRelease(chart, {
        name: metadata.name,
        namespace: metadata.namespace,
        spec,
        values: splitValues(spec.values),
        valuesSecret: `${metadata.name}-helm-values`,
        labels,
      });
    }
  },
};

import type { ComponentDefinition } from '../../core/component';
import { legacyHelmChartRelease } from './legacy';
import { instanceKey } from '../../core/instance';
import { SpecError } from '../../schema/errors';
import { argoProblems, HELM_RELEASE_OWN_KIND, HelmRelease } from './schema';
import { splitValues } from './values';
import { labelValueOrUndefined, standardLabels } from '../common/labels';
import { argoRelease } from './argocd';
import { fluxRelease } from './flux';

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
  build(chart, release, ctx) {
    const { metadata, spec } = release;
    const labels = {
      ...metadata.labels,
      ...standardLabels({ name: spec.chart, instance: metadata.name, component: 'helm-release', version: labelValueOrUndefined(spec.version) }),
    };
    const flavour = spec.flavour ?? ctx.gitops ?? 'flux';
    if (flavour === 'argocd') {
      // An explicit `flavour: argocd` was checked with the spec; the platform's default is checked here.
      const problems = argoProblems(spec);
      if (problems.length) throw new SpecError(instanceKey(release), problems);
      argoRelease(chart, { name: metadata.name, namespace: metadata.namespace, spec, labels });
    } else {
      fluxRelease(chart, { name: metadata.name, namespace: metadata.namespace, spec, values: splitValues(spec.values), valuesSecret: `${metadata.name}-helm-values`, labels });
    }
  },
};

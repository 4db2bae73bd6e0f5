import type { LegacyKind, LegacyParams } from '../../core/component';
import { API_VERSION, parseWith, passThroughObject } from '../../schema/fields';
import { compact, parseEmbeddedYaml } from '../../schema/legacy';
import { HELM_CHART_API_VERSION, HELM_CHART_KIND, helmChartSchema, isHiveMetastoreChart } from '../../schema/legacy-helm-chart';
import { chartName, releaseName } from './schema';

/**
 * The original HelmChart, with what a Helm release here needs of its chart and release names (the own
 * kind checks `repo` and `version` again, under the same paths).
 */
const releaseChart = helmChartSchema.extend({
  spec: helmChartSchema.shape.spec.extend({ chartName, name: releaseName }),
});

/**
 * Maps an original HelmChart (any chart but the Hive metastore's) onto an own `HelmRelease`: instance
 * `metadata.name`, namespace and release from `spec`, and the values text parsed into an object.
 * The GitOps flavour is the platform's; the original had none.
 */
export function helmChartToHelmRelease(data: unknown, source: string, _params: LegacyParams): unknown {
  const { metadata, spec } = parseWith(releaseChart, data, source);
  return {
    apiVersion: API_VERSION,
    kind: 'HelmRelease',
    metadata: compact({ name: metadata.name, namespace: spec.namespace, labels: metadata.labels, annotations: metadata.annotations }),
    spec: {
      repo: spec.repo,
      chart: spec.chartName,
      version: spec.version,
      releaseName: spec.name,
      values: parseEmbeddedYaml(passThroughObject, spec.values ?? '', source, 'spec.values'),
    },
  };
}

/** The original HelmChart of any chart but the Hive metastore's, mapped onto a HelmRelease. */
export const legacyHelmChartRelease: LegacyKind = {
  apiVersion: HELM_CHART_API_VERSION,
  kind: HELM_CHART_KIND,
  matches: (data) => !isHiveMetastoreChart(data),
  toOwnKind: helmChartToHelmRelease,
};

import type { LegacyKind } from '../kind';
import { HELM_CHART_API_VERSION, HELM_CHART_KIND } from './helm-chart-schema';
import { helmChartToHelmRelease } from './helm-chart-release';
import { HIVE_METASTORE_CHART, hiveMetastoreFromHelmChart } from './hive-metastore';

/**
 * The original `HelmChart` served two purposes, told apart by `spec.chartName`: chart
 * `dataroaster-hivemetastore` is a Hive metastore (with its MySQL database, as `/v1/hive_metastore/create`
 * made it); every other chart is a plain Helm release.
 */
export const helmChartLegacyKind: LegacyKind = {
  apiVersion: HELM_CHART_API_VERSION,
  kind: HELM_CHART_KIND,
  toOwnKind(data, source, params) {
    return chartNameOf(data) === HIVE_METASTORE_CHART ? hiveMetastoreFromHelmChart(data, source, params) : helmChartToHelmRelease(data, source, params);
  },
};

function chartNameOf(data: unknown): unknown {
  const spec = (data as { spec?: unknown } | null)?.spec;
  return typeof spec === 'object' && spec !== null ? (spec as { chartName?: unknown }).chartName : undefined;
}

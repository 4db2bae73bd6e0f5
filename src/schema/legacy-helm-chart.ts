import { z } from 'zod';

import { rfc1123Label } from './fields';
import { legacyMetadata } from './legacy';

export const HELM_CHART_API_VERSION = 'helm-operator.cloudchef-labs.com/v1beta1';
export const HELM_CHART_KIND = 'HelmChart';

/** The original `HelmChart` custom resource: a Helm chart the original Helm operator installed. */
export const helmChartSchema = z.strictObject({
  apiVersion: z.literal(HELM_CHART_API_VERSION),
  kind: z.literal(HELM_CHART_KIND),
  metadata: legacyMetadata,
  spec: z.strictObject({
    repo: z.string().regex(/^(https?|oci):\/\/\S+$/, 'must be an http(s):// or oci:// chart repository URL'),
    chartName: z.string().min(1, 'must not be empty'),
    /** Release name. */
    name: rfc1123Label,
    version: z.string().min(1, 'must not be empty'),
    /** Namespace the release goes to (created on install). */
    namespace: rfc1123Label,
    /** Helm values as YAML text. */
    values: z.string().optional(),
  }),
});
export type HelmChart = z.infer<typeof helmChartSchema>;

/** The chart the original `/v1/hive_metastore/create` installed; a HelmChart naming it is a Hive metastore. */
export const HIVE_METASTORE_CHART = 'dataroaster-hivemetastore';

/**
 * True when an original HelmChart is a Hive metastore (chart `dataroaster-hivemetastore`, with its MySQL
 * database, as `/v1/hive_metastore/create` made it); every other chart is a plain Helm release.
 */
export function isHiveMetastoreChart(data: unknown): boolean {
  const spec = (data as { spec?: unknown } | null)?.spec;
  return typeof spec === 'object' && spec !== null && (spec as { chartName?: unknown }).chartName === HIVE_METASTORE_CHART;
}

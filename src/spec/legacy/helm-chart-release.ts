import { CORE_SCHEMA, loadAll } from 'js-yaml';
import { z } from 'zod';
import { SpecError } from '../errors';
import type { LegacyParams } from '../kind';
import { chartName, exactVersion, releaseName, repoUrl } from '../kinds/helm-release';
import { API_VERSION, parseWith, rfc1123Label, stringMap } from '../schema';

/** The original Helm operator's input, `helm-operator.cloudchef-labs.com/v1beta1` HelmChart. */
const legacyHelmChart = z.strictObject({
  apiVersion: z.literal('helm-operator.cloudchef-labs.com/v1beta1'),
  kind: z.literal('HelmChart'),
  metadata: z.strictObject({
    name: rfc1123Label,
    /** Where the original operator kept the CR; the release goes to `spec.namespace`. */
    namespace: rfc1123Label.optional(),
    labels: stringMap.optional(),
    annotations: stringMap.optional(),
  }),
  spec: z.strictObject({
    repo: repoUrl,
    /** The chart (and, in the original, the alias of `helm repo add`). */
    chartName,
    /** The Helm release name. */
    name: releaseName,
    version: exactVersion,
    /** The namespace the release is installed into. */
    namespace: rfc1123Label,
    /** A values file, as YAML text. */
    values: z.string().nullish(),
  }),
});

/** Aliases per values document, as for spec files: a limit stops alias bombs. */
const MAX_ALIASES = 50;

/**
 * Maps an original HelmChart (any chart but the Hive metastore's) onto an own `HelmRelease`: instance
 * `metadata.name`, namespace and release from `spec`, and the values text parsed into an object.
 * The GitOps flavour is the platform's; the original had none.
 */
export function helmChartToHelmRelease(data: unknown, source: string, _params: LegacyParams): unknown {
  const chart = parseWith(legacyHelmChart, data, source);
  const { metadata, spec } = chart;
  return {
    apiVersion: API_VERSION,
    kind: 'HelmRelease',
    metadata: {
      name: metadata.name,
      namespace: spec.namespace,
      ...(metadata.labels ? { labels: metadata.labels } : {}),
      ...(metadata.annotations ? { annotations: metadata.annotations } : {}),
    },
    spec: {
      repo: spec.repo,
      chart: spec.chartName,
      version: spec.version,
      releaseName: spec.name,
      values: parseValues(spec.values ?? '', source),
    },
  };
}

/** Parses a values file with the YAML 1.2 core schema, as spec files are parsed (`2024-01-01` stays a string). */
function parseValues(text: string, source: string): Record<string, unknown> {
  let docs: unknown[];
  try {
    docs = loadAll(text, { schema: CORE_SCHEMA, maxAliases: MAX_ALIASES, filename: `${source} spec.values` });
  } catch (err) {
    throw new SpecError(source, [{ path: 'spec.values', message: `not valid YAML: ${(err as Error).message.split('\n')[0]}` }]);
  }
  if (docs.length > 1) throw new SpecError(source, [{ path: 'spec.values', message: 'must be one YAML document' }]);
  const values = docs[0];
  if (values === null || values === undefined) return {};
  if (typeof values !== 'object' || Array.isArray(values)) {
    throw new SpecError(source, [{ path: 'spec.values', message: 'must be a YAML mapping of Helm values' }]);
  }
  return values as Record<string, unknown>;
}

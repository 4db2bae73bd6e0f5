import { z } from 'zod';
import { rfc1123Label } from '../schema';
import { legacyMetadata } from './cr-metadata';

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

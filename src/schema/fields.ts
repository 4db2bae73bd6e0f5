import { z } from 'zod';

import { parseQuantity } from '../core/quantity';
import { formatPath, SpecError, SpecIssue } from './errors';

/** The API group and version of DataRoaster's own spec kinds. */
export const API_GROUP = 'dataroaster.io';
export const API_VERSION = `${API_GROUP}/v1alpha1`;

const RFC1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A Kubernetes object name or namespace that must be an RFC 1123 label (≤ 63 chars). */
export const rfc1123Label = z
  .string()
  .max(63, 'must be at most 63 characters')
  .regex(RFC1123_LABEL, 'must be an RFC 1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit)');

/** A container image reference with an explicit tag or digest; `latest` is refused so deploys are reproducible. */
export const imageRef = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._\-/:]*[a-z0-9](:[\w][\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/, 'must be an image reference like "repo/name:tag"')
  .refine((ref) => /(:[\w][\w.-]*|@sha256:[a-f0-9]{64})$/.test(ref.replace(/^[^/]*:\d+\//, '')), 'must pin a tag or digest')
  .refine((ref) => !/:latest(@|$)/.test(ref), 'must not use the "latest" tag: pin a version');

export const pullPolicy = z.enum(['IfNotPresent', 'Always', 'Never']);

const QUANTITY = /^[0-9]+(\.[0-9]+)?(m|k|Ki|M|Mi|G|Gi|T|Ti|P|Pi|E|Ei)?$/;

/** A Kubernetes resource quantity such as `500m`, `2`, `4Gi`. */
export const quantity = z
  .union([z.string(), z.number()])
  .transform(String)
  .pipe(
    z
      .string()
      .regex(QUANTITY, 'must be a Kubernetes quantity like "500m", "2" or "4Gi"')
      // apimachinery resource.Quantity: "no quantity may represent a number greater than 2^63-1"
      .refine((q) => !QUANTITY.test(q) || parseQuantity(q) < 2 ** 63, 'is larger than any Kubernetes quantity (2^63-1)'),
  );

export const resourceList = z.strictObject({ cpu: quantity.optional(), memory: quantity.optional() });
export const resources = z.strictObject({ requests: resourceList.optional(), limits: resourceList.optional() });
export type Resources = z.infer<typeof resources>;

/** Free-form Kubernetes structures (affinity, tolerations, …) passed through as given. */
export const passThroughObject = z.record(z.string(), z.unknown());
export const stringMap = z.record(z.string(), z.string());

/** `metadata` of an own-kind spec: the instance name and the namespace its objects go to. */
export const instanceMetadata = z.strictObject({
  name: rfc1123Label,
  namespace: rfc1123Label,
  labels: stringMap.optional(),
  annotations: stringMap.optional(),
});

/** The envelope every own kind shares: `apiVersion: dataroaster.io/v1alpha1`, `kind`, `metadata`, `spec`. */
export function ownKind<K extends string, S extends z.ZodType>(kind: K, spec: S) {
  return z.strictObject({
    apiVersion: z.literal(API_VERSION),
    kind: z.literal(kind),
    metadata: instanceMetadata,
    spec,
  });
}

/** Validates `data` with `schema`, or throws a SpecError naming every bad field path. */
export function parseWith<S extends z.ZodType>(schema: S, data: unknown, source: string): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  throw new SpecError(source, result.error.issues.flatMap(toSpecIssues));
}

function toSpecIssues(issue: z.core.$ZodIssue): SpecIssue[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), message: 'unknown field' }));
  }
  if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) {
    return [{ path: formatPath(issue.path), message: `required (${issue.expected})` }];
  }
  if (issue.code === 'invalid_key') {
    return [{ path: formatPath(issue.path), message: issue.issues[0]?.message ?? 'invalid key' }];
  }
  if (issue.code === 'invalid_union' && issue.errors.length > 0 && issue.errors.every((branch) => branch.some(isMissing))) {
    // e.g. a missing `quantity` (string or number): say it is required, as for a plain field
    const first = issue.errors[0].find(isMissing) as z.core.$ZodIssueInvalidType;
    return [{ path: formatPath(issue.path), message: `required (${first.expected})` }];
  }
  if (issue.code === 'invalid_union') {
    return [{ path: formatPath(issue.path), message: issue.message === 'Invalid input' ? 'invalid value' : issue.message }];
  }
  return [{ path: formatPath(issue.path), message: issue.message.replace(/^Invalid input: /, '') }];
}

function isMissing(issue: z.core.$ZodIssue): boolean {
  return issue.code === 'invalid_type' && issue.path.length === 0 && issue.message.endsWith('received undefined');
}

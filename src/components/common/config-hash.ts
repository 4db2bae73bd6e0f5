import { createHash } from 'node:crypto';

/** Pod template annotation holding the hash of the configuration the pods read at start. */
export const CONFIG_HASH_ANNOTATION = 'dataroaster.io/config-hash';

/**
 * SHA-256 (hex) of the given values, rendered as JSON with sorted keys so equal configurations give
 * equal hashes whatever their key order. Pass ConfigMap `data` (never Secret values: the hash is
 * committed to Git).
 */
export function configHash(...inputs: readonly unknown[]): string {
  return createHash('sha256').update(canonicalJson(inputs)).digest('hex');
}

/**
 * `{ 'dataroaster.io/config-hash': <hash> }` for a pod template's annotations: when the configuration
 * changes, the template changes, so the Deployment rolls its pods onto the new configuration.
 */
export function configHashAnnotation(...inputs: readonly unknown[]): Record<string, string> {
  return { [CONFIG_HASH_ANNOTATION]: configHash(...inputs) };
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

import { generatedBytes } from '../core/generated-secret';
import type { KubeObject } from '../core/render';
import type { PlainSecret } from './policy';
import { containsSealedReference } from './sealed-reference';

export function isPlainSecret(obj: KubeObject): obj is PlainSecret {
  return obj.apiVersion === 'v1' && obj.kind === 'Secret';
}

/** A Secret's values as text, keys sorted: `stringData`, and `data` decoded from base64 (as the API server merges them). */
export function secretTexts(secret: PlainSecret): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(secret.data ?? {})) values[key] = Buffer.from(value, 'base64').toString('utf8');
  for (const [key, value] of Object.entries(secret.stringData ?? {})) values[key] = value;
  return Object.fromEntries(
    Object.keys(values)
      .sort()
      .map((key) => [key, values[key]]),
  );
}

/** One plaintext value that went into a Secret. */
export interface SecretValue {
  readonly secret: string;
  readonly key: string;
  readonly value: string;
}

/**
 * The plaintext values in the Secrets among `objects` — what must never reach Git unsealed. Generated
 * values (still markers here) and sealed references are not plaintext. Useful to tests, e.g. to scan a
 * repository's history for every value a spec carries.
 */
export function plaintextSecretValues(objects: readonly KubeObject[]): SecretValue[] {
  return objects.filter(isPlainSecret).flatMap((secret) =>
    Object.entries(secretTexts(secret))
      .filter(([, value]) => value !== '' && generatedBytes(value) === undefined && !containsSealedReference(value))
      .map(([key, value]) => ({ secret: secret.metadata.name, key, value })),
  );
}

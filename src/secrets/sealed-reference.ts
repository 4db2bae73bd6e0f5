/**
 * A reference to a sealed value, put in a stored spec where the plaintext was: `sealed:<secret>/<key>`.
 * Synthesizing a spec that holds one keeps the ciphertext last sealed for the Secret key it lands in,
 * so a spec read back from Git gives the same SealedSecrets without anyone knowing the value.
 */
const SEALED_REFERENCE = /sealed:[a-z0-9]([-a-z0-9.]*[a-z0-9])?\/[-._a-zA-Z0-9]+/;

export function sealedReference(secretName: string, key: string): string {
  return `sealed:${secretName}/${key}`;
}

/** Whether a value holds a sealed reference (wholly or inside a longer text, e.g. a properties file). */
export function containsSealedReference(value: string): boolean {
  return SEALED_REFERENCE.test(value);
}

/** The sealed references in a value, in order, e.g. for an error message. */
export function sealedReferencesIn(value: string): string[] {
  return value.match(new RegExp(SEALED_REFERENCE.source, 'g')) ?? [];
}

/** A sealed reference that cannot be honoured: nothing sealed to keep, or no way to write it. */
export class SealedReferenceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

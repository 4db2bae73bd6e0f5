import { createHmac } from 'node:crypto';

import type { SealingScope } from './scope';

/** Annotation on a SealedSecret holding, per key, a keyed hash of the plaintext it seals. */
export const VALUE_HASHES_ANNOTATION = 'dataroaster.io/sealed-value-hashes';
/**
 * Annotation holding, per key whose stored spec holds a sealed reference instead of the value, a keyed
 * hash of the value as the stored spec gives it: synthesizing the stored spec again keeps the ciphertext.
 */
export const REFERENCE_HASHES_ANNOTATION = 'dataroaster.io/sealed-reference-hashes';

/** Everything a sealed value is bound to: a change to any of them needs a new ciphertext. */
export interface SealedValueBinding {
  /** SHA-256 of the sealing certificate's public key: a new controller key needs new ciphertexts. */
  readonly keyFingerprint: string;
  readonly namespace: string;
  readonly name: string;
  readonly scope: SealingScope;
  readonly key: string;
}

/**
 * HMAC-SHA256 of a value and where it is sealed, under a key that never reaches Git. Kept beside the
 * ciphertext, it tells whether the plaintext changed without decrypting and without storing anything
 * a reader of the repository could test guesses against.
 */
export function valueHash(hashKey: Buffer, binding: SealedValueBinding, value: Buffer): string {
  const where = JSON.stringify([binding.keyFingerprint, binding.namespace, binding.name, binding.scope, binding.key]);
  // JSON never contains a raw NUL, so the separator keeps "where" and the value apart unambiguously.
  // 128 bits of the HMAC (RFC 2104 truncation) tell a change apart and keep the annotation short.
  return createHmac('sha256', hashKey).update(where).update('\u0000').update(value).digest('hex').slice(0, 32);
}

/** The hashes kept on a previous SealedSecret; an unreadable annotation counts as none. */
export function readValueHashes(
  annotations: Readonly<Record<string, string>> | undefined,
  annotation = VALUE_HASHES_ANNOTATION,
): Record<string, string> {
  const text = annotations?.[annotation];
  if (text === undefined) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  } catch {
    return {};
  }
}

/** The annotation value for a set of hashes, keys sorted so the same hashes give the same bytes. */
export function writeValueHashes(hashes: Readonly<Record<string, string>>): string {
  return JSON.stringify(
    Object.fromEntries(
      Object.keys(hashes)
        .sort()
        .map((key) => [key, hashes[key]]),
    ),
  );
}

import type { KubeObject } from '../core/render';
import type { RandomSource } from './generated';

/** A Kubernetes Secret as the engine renders it: `stringData` holds the plaintext values. */
export interface PlainSecret extends KubeObject {
  readonly kind: 'Secret';
  readonly metadata: {
    readonly name: string;
    readonly namespace: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
  };
  readonly type?: string;
  readonly immutable?: boolean;
  readonly stringData: Readonly<Record<string, string>>;
  /** Base64 values, if a component gives some that way. */
  readonly data?: Readonly<Record<string, string>>;
}

/** What a sealer gets from the engine besides the Secret. */
export interface SealContext {
  /** Randomness for generated values (`generatedSecretValue()`), the engine's `random` option. */
  readonly random: RandomSource;
  /**
   * The Secret's values as its instance's stored spec gives them: a sealed reference where the
   * plaintext was. A sealer records them (hashed) so the stored spec, synthesized again, keeps the
   * ciphertexts. @default the plaintext values
   */
  readonly storedValues?: Readonly<Record<string, string>>;
}

/** Turns a plaintext Secret into an object that may be written to Git (e.g. a SealedSecret). */
export interface Sealer {
  /**
   * @param previous the object this Secret gave last time (same output path), if any: a sealer keeps
   *   its ciphertext when the plaintext has not changed, so an unchanged instance gives unchanged files.
   */
  seal(secret: PlainSecret, previous: KubeObject | undefined, context: SealContext): KubeObject;
}

/**
 * What the engine does with the Secrets components produce. Plaintext must be asked for by name;
 * by default a Secret stops synthesis, so no plaintext reaches a file by accident.
 */
export type SecretPolicy = { readonly mode: 'refuse' } | { readonly mode: 'plaintext' } | { readonly mode: 'seal'; readonly sealer: Sealer };

export class PlaintextSecretError extends Error {
  constructor(
    readonly secrets: readonly string[],
    message = `refusing to write Secret ${secrets.join(', ')} in plaintext: configure sealing (a Sealed Secrets certificate) or allow plaintext secrets explicitly`,
  ) {
    super(message);
    this.name = 'PlaintextSecretError';
  }
}

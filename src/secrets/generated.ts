import { randomBytes } from 'node:crypto';

import { generatedBytes } from '../core/generated-secret';

/** Source of randomness for generated values; injected so tests can pin it. */
export type RandomSource = (bytes: number) => Buffer;

export const cryptoRandom: RandomSource = (bytes) => randomBytes(bytes);

/** Replaces generated-value markers with fresh random values (for the plaintext policy). */
export function fillGenerated(stringData: Readonly<Record<string, string>>, random: RandomSource): Record<string, string> {
  return Object.fromEntries(
    Object.entries(stringData).map(([key, value]) => {
      const bytes = generatedBytes(value);
      return [key, bytes === undefined ? value : random(bytes).toString('hex')];
    }),
  );
}

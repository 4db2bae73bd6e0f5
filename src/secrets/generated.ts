import { randomBytes } from 'node:crypto';

import { generatedBytes } from '../core/generated-secret';

/** Source of randomness for generated values; injected so tests can pin it. */
export type RandomSource = (bytes: number) => Buffer;

export const cryptoRandom: RandomSource = (bytes) => randomBytes(bytes);

/**
 * Replaces generated-value markers (for the plaintext policy): with the value the Secret had when last
 * written (`kept`, its previous file), so a password stays what the running database was set up with;
 * else with a fresh random value.
 */
export function fillGenerated(
  stringData: Readonly<Record<string, string>>,
  random: RandomSource,
  kept: Readonly<Record<string, string>> = {},
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(stringData).map(([key, value]) => {
      const bytes = generatedBytes(value);
      if (bytes === undefined) return [key, value];
      return [key, Object.hasOwn(kept, key) && kept[key] !== '' ? kept[key] : random(bytes).toString('hex')];
    }),
  );
}

/**
 * Marker a component puts in a Secret's `stringData` for a value DataRoaster must generate (e.g. a
 * database password nobody typed). The engine's secret policy replaces it: a sealer keeps the value
 * sealed last time for that Secret key (the plaintext policy, the value its Secret file holds), and only
 * generates a new one when there is none, so the password stays the same across re-syntheses of the instance.
 */
const GENERATED_PREFIX = '\u0000dataroaster:generated:';

/** A value to generate once per Secret key: `bytes` random bytes, rendered as lower-case hex. */
export function generatedSecretValue(bytes = 24): string {
  return `${GENERATED_PREFIX}${bytes}`;
}

/** The number of random bytes a generated-value marker asks for, or undefined for a plain value. */
export function generatedBytes(value: string): number | undefined {
  return value.startsWith(GENERATED_PREFIX) ? Number(value.slice(GENERATED_PREFIX.length)) : undefined;
}

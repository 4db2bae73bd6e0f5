import { looksLikeCredential } from '../../schema/credential-names';

export type ValuesPath = readonly (string | number)[];
type Values = Record<string, unknown>;

/** Helm values split in two: what may be written inline, and what must go into a Secret. */
export interface SplitValues {
  readonly inline: Values;
  readonly secret: Values;
}

const isMapping = (v: unknown): v is Values => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A value worth hiding: a non-empty string or a number. `false`, `null` and `""` hide nothing. */
const holdsSecret = (v: unknown): boolean => (typeof v === 'string' && v !== '') || typeof v === 'number';

/**
 * Paths of every value in a Helm values tree whose key looks like a credential (`auth.password`,
 * `users[1].apiKey`), in document order.
 */
export function credentialPaths(values: unknown, path: ValuesPath = []): ValuesPath[] {
  if (Array.isArray(values)) return values.flatMap((item, i) => credentialPaths(item, [...path, i]));
  if (!isMapping(values)) return [];
  return Object.entries(values).flatMap(([key, value]) => {
    if (!isMapping(value) && !Array.isArray(value)) return looksLikeCredential(key) && holdsSecret(value) ? [[...path, key]] : [];
    if (Array.isArray(value) && looksLikeCredential(key) && value.some(holdsSecret)) return [[...path, key]];
    return credentialPaths(value, [...path, key]);
  });
}

/**
 * Moves every credential-looking value into `secret`, keeping the tree shape so that Helm's deep merge
 * of the two gives the original values back. Helm replaces lists instead of merging them, so a list
 * holding a credential anywhere moves as a whole.
 */
export function splitValues(values: Values): SplitValues {
  const inline: Values = {};
  const secret: Values = {};
  for (const [key, value] of Object.entries(values)) {
    if (isMapping(value) && Object.keys(value).length > 0) {
      const split = splitValues(value);
      if (Object.keys(split.inline).length) inline[key] = split.inline;
      if (Object.keys(split.secret).length) secret[key] = split.secret;
    } else if (credentialPaths({ [key]: value }).length) {
      secret[key] = value;
    } else {
      inline[key] = value;
    }
  }
  return { inline, secret };
}

/** `auth.password`, `users[1].apiKey`, `annotations["example.com/token"]`: a path as a reader writes it. */
export function formatValuesPath(path: ValuesPath): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    if (!/^[A-Za-z_][\w-]*$/.test(key)) return `${out}[${JSON.stringify(key)}]`;
    return out ? `${out}.${key}` : key;
  }, '');
}

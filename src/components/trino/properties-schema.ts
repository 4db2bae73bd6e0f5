import { z } from 'zod';

import { rfc1123Label } from '../../schema/fields';

/** A Trino configuration property name, e.g. `hive.s3.endpoint` or `query.max-memory`. */
export const propertyName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be a property name like "hive.s3.endpoint"');

/** A property value as YAML gives it; numbers and booleans are written as Trino reads them. */
export const scalarValue = z.union([z.string(), z.number(), z.boolean()], { error: 'expected a string, number or boolean' }).transform(String);

/** A key of a Secret you manage yourself (sealed, external-secrets, …), in the instance's namespace. */
export const secretKeyRef = z.strictObject({
  /** Secret name. */
  name: rfc1123Label,
  /** Key inside the Secret. */
  key: z.string().regex(/^[-._a-zA-Z0-9]+$/, 'must be a Secret key (letters, digits, "-", "_" and ".")'),
});
export type SecretKeyRef = z.infer<typeof secretKeyRef>;

/**
 * A catalog property value: a scalar, or `{secretKeyRef: {name, key}}` to read it from a Secret you
 * manage. Scalars under secret-looking keys are moved into a Secret DataRoaster writes (and seals).
 */
export const propertyValue = z.union([scalarValue, z.strictObject({ secretKeyRef })], {
  error: 'expected a string, number, boolean or {secretKeyRef: {name, key}}',
});
export type PropertyValue = z.infer<typeof propertyValue>;

/** Property names whose values are credentials: never left in a ConfigMap. */
export function isSecretLooking(name: string): boolean {
  return /(-key|password|secret|token)$/i.test(name);
}

/** Whether a value is already a Trino secret reference (`${ENV:X}`, `${file:…}`): nothing to hide. */
export function isSecretReference(value: string): boolean {
  return /^\$\{(ENV|file):[^}]+\}$/.test(value);
}

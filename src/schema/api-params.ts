import { z } from 'zod';

import { rfc1123Label } from './fields';

/**
 * Parameter types shared by the routes. Form fields arrive as strings; JSON bodies may carry
 * numbers and booleans for the same parameters, so both are accepted where that is natural.
 */

/** A required, non-empty string. */
export const text = () => z.string({ error: 'expected a string' }).min(1, 'must not be empty');

/**
 * Base64 (standard or URL-safe, padding optional) as `base64` and `base64 -w 0` print it. Kept as
 * base64, normalized: a `+` sent unencoded in a form body (as `curl -d "yaml=$(base64 …)"` does)
 * arrives as a space, and `base64` without `-w 0` wraps lines; neither can be part of the data.
 */
export const base64String = () =>
  z
    .string({ error: 'expected a base64 string' })
    .transform((value) => value.replace(/ /g, '+').replace(/[\r\n]/g, ''))
    .refine((value) => value.length > 0, 'must not be empty')
    .refine((value) => /^[A-Za-z0-9+/_-]*={0,2}$/.test(value) && value.replace(/=+$/, '').length % 4 !== 1, 'not valid base64');

/** Base64 of UTF-8 text (the `yaml` parameter), decoded. */
export const base64Text = () =>
  base64String()
    .transform((value) => Buffer.from(value, 'base64'))
    .refine((bytes) => isUtf8(bytes), 'base64 does not decode to UTF-8 text')
    .transform((bytes) => bytes.toString('utf8'));

/** A whole number ≥ 1, e.g. a size in Gi (`mysql_storage_size=5`). Kept as the string that was sent. */
export const positiveInteger = () =>
  z
    .union([z.string(), z.number()], { error: 'expected a positive integer' })
    .transform(String)
    .pipe(z.string().regex(/^[1-9][0-9]{0,5}$/, 'expected a positive integer'));

/** `true` or `false` (form) or a JSON boolean. */
export const flag = () =>
  z.union([z.boolean(), z.enum(['true', 'false'])], { error: 'expected true or false' }).transform((value) => value === true || value === 'true');

/** An instance or storage-class name: an RFC 1123 label, so it can never name a path outside its folder. */
export const resourceName = () => z.string({ error: 'expected a string' }).pipe(rfc1123Label);

function isUtf8(bytes: Buffer): boolean {
  return Buffer.from(bytes.toString('utf8'), 'utf8').equals(bytes);
}

// Parameters of the original component endpoints. Optional, as the legacy mappings treat them: absent sizes
// and classes take the defaults, and without S3 keys the thrift server uses the Secret its custom resource
// names, which must then exist.

/** A storage class name parameter (`mysql_storage_class`). */
export const storageClassParam = (what: string) => resourceName().optional().describe(`Storage class for ${what}. @default the cluster's default`);
/** A size parameter in whole Gi (`mysql_storage_size=5`). */
export const sizeGiParam = (what: string) => positiveInteger().optional().describe(`${what} size in Gi.`);
/** A base64-encoded key parameter (`s3_access_key`). */
export const base64KeyParam = (what: string) =>
  base64String().optional().describe(`${what}, base64-encoded. @default - the Secret the custom resource names must exist`);

import { z } from 'zod';

import { text } from '../../src/schema/api-params';
import { MAX_PASSWORD_BYTES } from './passwords';
import { ROLES } from './roles';

/** A user name to create or address: letters, digits, `.`, `_`, `@`, `-`; case-insensitive (`Alice` is `alice`). */
export const userName = () =>
  z
    .string({ error: 'expected a string' })
    .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,62}$/, "must be 1-63 letters, digits, '.', '_', '@' or '-', starting with a letter or digit")
    .describe('User name.');

export const newPassword = () => text().describe('Password: at least 8 characters, at most 72 bytes.');

export const LOGIN_PARAMS = z.strictObject({
  user: text().max(256, 'must be at most 256 characters').describe('User name (case-insensitive).'),
  // bcrypt reads only the first 72 bytes: a longer password would log in with any suffix, so it is refused here as at creation.
  password: text()
    .refine((p) => Buffer.byteLength(p, 'utf8') <= MAX_PASSWORD_BYTES, `must be at most ${MAX_PASSWORD_BYTES} bytes`)
    .describe('Password (at most 72 bytes).'),
});

export const CREATE_USER_PARAMS = z.strictObject({
  user: userName(),
  password: newPassword(),
  role: z.enum(ROLES, { error: 'expected "user" or "admin"' }).optional().describe('Role of the new user. @default user'),
});

export const UPDATE_PASSWORD_PARAMS = z.strictObject({ user: userName(), password: newPassword() });
export const DELETE_USER_PARAMS = z.strictObject({ user: userName() });
export const NO_PARAMS = z.strictObject({});

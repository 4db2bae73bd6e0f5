import { z } from 'zod';
import { text } from '../../src/schema/api-params';
import { ROLES } from './roles';

/** A user name to create or address: letters, digits, `.`, `_`, `@`, `-`. */
export const userName = () =>
  z
    .string({ error: 'expected a string' })
    .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,62}$/, "must be 1-63 letters, digits, '.', '_', '@' or '-', starting with a letter or digit")
    .describe('User name.');

export const newPassword = () => text().describe('Password: at least 8 characters, at most 72 bytes.');

export const LOGIN_PARAMS = z.strictObject({
  user: text().max(256, 'must be at most 256 characters').describe('User name.'),
  password: text().max(1024, 'must be at most 1024 characters').describe('Password.'),
});

export const CREATE_USER_PARAMS = z.strictObject({
  user: userName(),
  password: newPassword(),
  role: z.enum(ROLES, { error: 'expected "user" or "admin"' }).optional().describe('Role of the new user. @default user'),
});

export const UPDATE_PASSWORD_PARAMS = z.strictObject({ user: userName(), password: newPassword() });
export const DELETE_USER_PARAMS = z.strictObject({ user: userName() });
export const NO_PARAMS = z.strictObject({});

import { randomBytes } from 'node:crypto';

import { AppError } from '../errors';
import { PasswordHasher, passwordProblem } from './passwords';
import type { UserStore } from './user-store';

export const ADMIN_USER = 'admin';

export type AdminBootstrap = { readonly created: false } | { readonly created: true; readonly generatedPassword?: string };

export class BootstrapError extends AppError {}

/**
 * On a first start (no admin at all), creates user `admin` with the configured password, or with a
 * random one (32 hex characters, as the original generated) that the caller prints once. Replicas
 * starting together on one database race on the insert; exactly one wins and prints its password,
 * the others find the name taken and go on.
 */
export async function ensureAdmin(users: UserStore, hasher: PasswordHasher, configured: string | undefined): Promise<AdminBootstrap> {
  if ((await users.countAdmins()) > 0) return { created: false };
  if (configured !== undefined) {
    const problem = passwordProblem(configured);
    if (problem) throw new BootstrapError(`DATAROASTER_ADMIN_PASSWORD: ${problem}`);
  }
  const password = configured ?? randomBytes(16).toString('hex');
  try {
    await users.insert({ name: ADMIN_USER, role: 'admin', passwordHash: await hasher.hash(password) });
  } catch (err) {
    if ((err as Error).name === 'ConflictError') return { created: false };
    throw err;
  }
  return { created: true, generatedPassword: configured === undefined ? password : undefined };
}

import { InputError, NotAllowedError } from '../errors';
import type { PasswordHasher } from './passwords';
import { passwordProblem } from './passwords';
import type { Role } from './roles';
import type { Principal } from './sessions';
import { tokenHash } from './tokens';
import type { UserStore } from './user-store';

/** User management. Only admins manage users; anyone may change their own password. */
export interface UserAdmin {
  create(actor: Principal, name: string, password: string, role: Role): Promise<void>;
  /**
   * Revokes the user's tokens; when users change their own password, the token of the request
   * (`callerToken`) stays valid, so a script can go on (the original README's flow does).
   */
  updatePassword(actor: Principal, name: string, password: string, callerToken?: string): Promise<void>;
  list(actor: Principal): Promise<{ user: string; role: Role }[]>;
  delete(actor: Principal, name: string): Promise<void>;
}

export function createUserAdmin(users: UserStore, hasher: PasswordHasher): UserAdmin {
  return {
    async create(actor, name, password, role) {
      assertAdmin(actor);
      assertPassword(password);
      await users.insert({ name, role, passwordHash: await hasher.hash(password) });
    },
    async updatePassword(actor, name, password, callerToken) {
      if (actor.name.toLowerCase() !== name.toLowerCase()) assertAdmin(actor);
      assertPassword(password);
      const keep = actor.name.toLowerCase() === name.toLowerCase() && callerToken !== undefined ? tokenHash(callerToken) : undefined;
      await users.setPassword(name, await hasher.hash(password), keep);
    },
    async list(actor) {
      assertAdmin(actor);
      return (await users.list()).map((u) => ({ user: u.name, role: u.role }));
    },
    async delete(actor, name) {
      assertAdmin(actor);
      await users.delete(name);
    },
  };
}

function assertAdmin(actor: Principal): void {
  if (actor.role !== 'admin') throw new NotAllowedError(`user [${actor.name}] is not allowed to manage users (needs role admin)`);
}

function assertPassword(password: string): void {
  const problem = passwordProblem(password);
  if (problem) throw new InputError(`parameter 'password': ${problem}`);
}

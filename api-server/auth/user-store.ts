import type { Db } from '../db';
import { ConflictError, NotFoundError } from '../errors';
import type { Role } from './roles';

export interface StoredUser {
  readonly name: string;
  readonly passwordHash: string;
  readonly role: Role;
}

/**
 * Users in SQLite. Changing a password or deleting a user revokes the user's tokens in the same
 * transaction (changing one's own password keeps the token of that request).
 */
export interface UserStore {
  find(name: string): StoredUser | undefined;
  list(): { name: string; role: Role }[];
  countAdmins(): number;
  /** @throws ConflictError when the name is taken */
  insert(user: StoredUser): void;
  /**
   * Sets the password and revokes the user's tokens, except the one hashed `keepTokenHash`.
   * @throws NotFoundError
   */
  setPassword(name: string, passwordHash: string, keepTokenHash?: string): void;
  /** @throws NotFoundError; ConflictError for the last admin */
  delete(name: string): void;
  /** Throws when the database cannot answer (readiness). */
  ping(): void;
}

interface UserRow {
  name: string;
  password_hash: string;
  role: Role;
}

export function createUserStore(db: Db, now: () => number): UserStore {
  const findUser = db.prepare<[string], UserRow>('SELECT name, password_hash, role FROM users WHERE name = ?');
  const listUsers = db.prepare<[], { name: string; role: Role }>('SELECT name, role FROM users ORDER BY name');
  const countAdmins = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM users WHERE role = 'admin'");
  const insertUser = db.prepare('INSERT INTO users (name, password_hash, role, created_at) VALUES (?, ?, ?, ?)');
  const updatePassword = db.prepare('UPDATE users SET password_hash = ? WHERE name = ?');
  const deleteTokens = db.prepare('DELETE FROM tokens WHERE user_name = ?');
  const deleteOtherTokens = db.prepare('DELETE FROM tokens WHERE user_name = ? AND hash IS NOT ?');
  const deleteUser = db.prepare('DELETE FROM users WHERE name = ?');
  const ping = db.prepare('SELECT 1');

  const notFound = (name: string) => new NotFoundError(`user [${name}] not found`);

  return {
    find(name) {
      const row = findUser.get(name);
      return row && { name: row.name, passwordHash: row.password_hash, role: row.role };
    },
    list: () => listUsers.all(),
    countAdmins: () => countAdmins.get()!.n,
    insert(user) {
      try {
        insertUser.run(user.name, user.passwordHash, user.role, now());
      } catch (err) {
        if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw new ConflictError(`user [${user.name}] already exists`);
        throw err;
      }
    },
    setPassword: db.transaction((name: string, passwordHash: string, keepTokenHash?: string) => {
      if (updatePassword.run(passwordHash, name).changes === 0) throw notFound(name);
      deleteOtherTokens.run(name, keepTokenHash ?? null);
    }),
    delete: db.transaction((name: string) => {
      const user = findUser.get(name);
      if (!user) throw notFound(name);
      if (user.role === 'admin' && countAdmins.get()!.n <= 1) throw new ConflictError(`user [${name}] is the last admin and cannot be deleted`);
      deleteTokens.run(name);
      deleteUser.run(name);
    }),
    ping: () => void ping.get(),
  };
}

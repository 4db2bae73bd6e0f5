import { sql } from 'kysely';

import type { Database } from '../database';
import { ConflictError, NotFoundError } from '../errors';
import type { Role } from './roles';

export interface StoredUser {
  readonly name: string;
  readonly passwordHash: string;
  readonly role: Role;
}

/**
 * Users in the database. Names are case-insensitive (`Alice` finds `alice`) and kept as first given.
 * Changing a password or deleting a user revokes the user's tokens in the same transaction (changing
 * one's own password keeps the token of that request).
 */
export interface UserStore {
  find(name: string): Promise<StoredUser | undefined>;
  list(): Promise<{ name: string; role: Role }[]>;
  countAdmins(): Promise<number>;
  /** @throws ConflictError when the name is taken (in any letter case) */
  insert(user: StoredUser): Promise<void>;
  /**
   * Sets the password and revokes the user's tokens, except the one hashed `keepTokenHash`.
   * @throws NotFoundError
   */
  setPassword(name: string, passwordHash: string, keepTokenHash?: string): Promise<void>;
  /** @throws NotFoundError; ConflictError for the last admin */
  delete(name: string): Promise<void>;
}

/** `lower(name) = lower(<name>)`: the one comparison of user names. */
export const sameName = (name: string) => sql<boolean>`lower(name) = lower(${name})`;

export function createUserStore(database: Database, now: () => number): UserStore {
  const notFound = (name: string) => new NotFoundError(`user [${name}] not found`);

  return {
    find: (name) =>
      database.run(async (db) => {
        const row = await db.selectFrom('users').select(['name', 'password_hash', 'role']).where(sameName(name)).executeTakeFirst();
        return row && { name: row.name, passwordHash: row.password_hash, role: row.role };
      }),
    list: () => database.run((db) => db.selectFrom('users').select(['name', 'role']).orderBy('name').execute()),
    countAdmins: () =>
      database.run(async (db) => {
        const row = await db
          .selectFrom('users')
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .where('role', '=', 'admin')
          .executeTakeFirstOrThrow();
        return Number(row.n);
      }),
    insert: (user) =>
      database.run(async (db) => {
        // ON CONFLICT DO NOTHING on the case-insensitive unique index: no failed statement, no aborted transaction.
        const inserted = await db
          .insertInto('users')
          .values({ name: user.name, password_hash: user.passwordHash, role: user.role, created_at: now() })
          .onConflict((oc) => oc.doNothing())
          .executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) throw new ConflictError(`user [${user.name}] already exists`);
      }),
    setPassword: (name, passwordHash, keepTokenHash) =>
      database.run((db) =>
        db.transaction().execute(async (trx) => {
          const updated = await trx
            .updateTable('users')
            .set({ password_hash: passwordHash })
            .where(sameName(name))
            .returning('name')
            .executeTakeFirst();
          if (!updated) throw notFound(name);
          await trx
            .deleteFrom('tokens')
            .where('user_name', '=', updated.name)
            .$if(keepTokenHash !== undefined, (q) => q.where('hash', '!=', keepTokenHash!))
            .execute();
        }),
      ),
    delete: (name) =>
      database.run((db) =>
        db.transaction().execute(async (trx) => {
          // Lock the admins first (PostgreSQL), so two replicas deleting the last two admins at once cannot both succeed.
          const admins = await trx
            .selectFrom('users')
            .select('name')
            .where('role', '=', 'admin')
            .$if(database.kind === 'postgres', (q) => q.forUpdate())
            .execute();
          const user = await trx.selectFrom('users').select(['name', 'role']).where(sameName(name)).executeTakeFirst();
          if (!user) throw notFound(name);
          if (user.role === 'admin' && admins.length <= 1) throw new ConflictError(`user [${name}] is the last admin and cannot be deleted`);
          await trx.deleteFrom('tokens').where('user_name', '=', user.name).execute();
          await trx.deleteFrom('users').where('name', '=', user.name).execute();
        }),
      ),
  };
}

import type { Database } from '../database';
import type { Role } from './roles';

export interface TokenOwner {
  readonly name: string;
  readonly role: Role;
  readonly expiresAt: number;
}

/** Access tokens in the database, by SHA-256 hash only: a copy of the database lets nobody call the API. */
export interface TokenStore {
  insert(hash: string, userName: string, createdAt: number, expiresAt: number): Promise<void>;
  /** The owner of an unexpired token, or undefined. Read from the database each time: a logout on any replica counts at once. */
  findValid(hash: string, now: number): Promise<TokenOwner | undefined>;
  delete(hash: string): Promise<void>;
  deleteExpired(now: number): Promise<void>;
}

export function createTokenStore(database: Database): TokenStore {
  return {
    insert: (hash, userName, createdAt, expiresAt) =>
      database.run(
        async (db) =>
          void (await db.insertInto('tokens').values({ hash, user_name: userName, created_at: createdAt, expires_at: expiresAt }).execute()),
      ),
    findValid: (hash, now) =>
      database.run((db) =>
        db
          .selectFrom('tokens as t')
          .innerJoin('users as u', 'u.name', 't.user_name')
          .select(['u.name as name', 'u.role as role', 't.expires_at as expiresAt'])
          .where('t.hash', '=', hash)
          .where('t.expires_at', '>', now)
          .executeTakeFirst(),
      ),
    delete: (hash) => database.run(async (db) => void (await db.deleteFrom('tokens').where('hash', '=', hash).execute())),
    deleteExpired: (now) => database.run(async (db) => void (await db.deleteFrom('tokens').where('expires_at', '<=', now).execute())),
  };
}

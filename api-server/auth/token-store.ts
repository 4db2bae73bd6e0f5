import type { Db } from '../db';
import type { Role } from './roles';

export interface TokenOwner {
  readonly name: string;
  readonly role: Role;
  readonly expiresAt: number;
}

/** Access tokens in SQLite, by SHA-256 hash only: a copy of the database lets nobody call the API. */
export interface TokenStore {
  insert(hash: string, userName: string, createdAt: number, expiresAt: number): void;
  /** The owner of an unexpired token, or undefined. */
  findValid(hash: string, now: number): TokenOwner | undefined;
  delete(hash: string): void;
  deleteExpired(now: number): void;
}

export function createTokenStore(db: Db): TokenStore {
  const insert = db.prepare('INSERT INTO tokens (hash, user_name, expires_at, created_at) VALUES (?, ?, ?, ?)');
  const find = db.prepare<[string, number], TokenOwner>(
    'SELECT u.name AS name, u.role AS role, t.expires_at AS expiresAt FROM tokens t JOIN users u ON u.name = t.user_name WHERE t.hash = ? AND t.expires_at > ?',
  );
  const remove = db.prepare('DELETE FROM tokens WHERE hash = ?');
  const removeExpired = db.prepare('DELETE FROM tokens WHERE expires_at <= ?');
  return {
    insert: (hash, userName, createdAt, expiresAt) => void insert.run(hash, userName, expiresAt, createdAt),
    findValid: (hash, now) => find.get(hash, now),
    delete: (hash) => void remove.run(hash),
    deleteExpired: (now) => void removeExpired.run(now),
  };
}

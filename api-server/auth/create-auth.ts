import type { LoginThrottleConfig } from '../config';
import type { Database } from '../database';
import { createLoginThrottle } from './login-throttle';
import { createPasswordHasher, PasswordHasher, PasswordPoolOptions } from './passwords';
import { createSessions, Sessions } from './sessions';
import { createTokenStore } from './token-store';
import { createUserStore, UserStore } from './user-store';
import { createUserAdmin, UserAdmin } from './users';

export interface AuthOptions {
  readonly bcryptCost: number;
  readonly passwordPool?: PasswordPoolOptions;
  readonly tokenTtlSeconds: number;
  readonly throttle: LoginThrottleConfig;
  readonly now: () => number;
}

export interface Auth {
  readonly users: UserStore;
  readonly hasher: PasswordHasher;
  readonly sessions: Sessions;
  readonly userAdmin: UserAdmin;
  /** Stops the password workers (the database is closed by its owner). */
  close(): Promise<void>;
}

/** Users, tokens and login throttling on one database (SQLite or PostgreSQL). */
export function createAuth(database: Database, options: AuthOptions): Auth {
  const users = createUserStore(database, options.now);
  const hasher = createPasswordHasher(options.bcryptCost, options.passwordPool);
  const sessions = createSessions({
    users,
    tokens: createTokenStore(database),
    hasher,
    throttle: createLoginThrottle(database, options.throttle, options.now),
    tokenTtlSeconds: options.tokenTtlSeconds,
    now: options.now,
  });
  return { users, hasher, sessions, userAdmin: createUserAdmin(users, hasher), close: () => hasher.close() };
}

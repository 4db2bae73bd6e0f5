import type { LoginThrottleConfig } from '../config';
import type { Db } from '../db';
import { createLoginThrottle } from './login-throttle';
import { createPasswordHasher, PasswordHasher } from './passwords';
import { createSessions, Sessions } from './sessions';
import { createTokenStore } from './token-store';
import { createUserStore, UserStore } from './user-store';
import { createUserAdmin, UserAdmin } from './users';

export interface AuthOptions {
  readonly bcryptCost: number;
  readonly tokenTtlSeconds: number;
  readonly throttle: LoginThrottleConfig;
  readonly now: () => number;
}

export interface Auth {
  readonly users: UserStore;
  readonly hasher: PasswordHasher;
  readonly sessions: Sessions;
  readonly userAdmin: UserAdmin;
}

/** Users, tokens and login throttling on one SQLite database. */
export function createAuth(db: Db, options: AuthOptions): Auth {
  const users = createUserStore(db, options.now);
  const hasher = createPasswordHasher(options.bcryptCost);
  const sessions = createSessions({
    users,
    tokens: createTokenStore(db),
    hasher,
    throttle: createLoginThrottle(options.throttle, options.now),
    tokenTtlSeconds: options.tokenTtlSeconds,
    now: options.now,
  });
  return { users, hasher, sessions, userAdmin: createUserAdmin(users, hasher) };
}

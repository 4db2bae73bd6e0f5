import type { Role } from '../auth/roles';

/** The tables of the server's own database (components live in the GitOps repository, not here). */
export interface Tables {
  users: UsersTable;
  tokens: TokensTable;
  login_attempts: LoginAttemptsTable;
}

/**
 * User names are case-insensitive: stored as given (`Alice`), unique and looked up by `lower(name)`,
 * so `Alice` and `alice` are one user.
 */
export interface UsersTable {
  name: string;
  password_hash: string;
  role: Role;
  /** Milliseconds since the epoch, as all times here. */
  created_at: number;
}

/** Access tokens by SHA-256 hash only: a copy of the database lets nobody call the API. */
export interface TokensTable {
  hash: string;
  user_name: string;
  expires_at: number;
  created_at: number;
}

/**
 * Login attempts per (user, client address), and per address over all user names (`user_key` `*`):
 * shared by every replica, so a guesser cannot spread attempts over them.
 */
export interface LoginAttemptsTable {
  /** `u:<lower-case user name>`, or `*` for the address as a whole. */
  user_key: string;
  address: string;
  /** Failed attempts since the last success or the last quiet window. */
  attempts: number;
  /** Attempts whose password is being checked right now (admitted, not yet failed or succeeded). */
  in_flight: number;
  last_attempt_at: number;
  /** No attempt is let through before this time. */
  blocked_until: number;
}

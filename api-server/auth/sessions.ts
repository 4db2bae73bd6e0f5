import { AuthenticationError } from '../errors';
import type { LoginThrottle } from './login-throttle';
import type { PasswordHasher } from './passwords';
import type { Role } from './roles';
import type { TokenStore } from './token-store';
import { newToken, tokenHash } from './tokens';
import type { UserStore } from './user-store';

/** The authenticated caller of a request. */
export interface Principal {
  readonly name: string;
  readonly role: Role;
}

export interface Session {
  readonly token: string;
  /** ISO-8601, as the original API answered. */
  readonly expiration: string;
}

/** Login, logout and token checks. */
export interface Sessions {
  /** @throws AuthenticationError (same message for unknown users and wrong passwords), TooManyRequestsError */
  login(user: string, password: string, address: string): Promise<Session>;
  /** @throws AuthenticationError for a missing, unknown or expired token */
  authenticate(token: string | undefined): Promise<Principal>;
  logout(token: string): Promise<void>;
}

export interface SessionDeps {
  readonly users: UserStore;
  readonly tokens: TokenStore;
  readonly hasher: PasswordHasher;
  readonly throttle: LoginThrottle;
  readonly tokenTtlSeconds: number;
  readonly now: () => number;
}

export function createSessions({ users, tokens, hasher, throttle, tokenTtlSeconds, now }: SessionDeps): Sessions {
  return {
    async login(name, password, address) {
      // Admitted before the password is checked (in flight until it ends): concurrent guesses cannot overshoot the limit.
      await throttle.admit(name, address);
      let user: Awaited<ReturnType<UserStore['find']>>;
      let valid: boolean;
      try {
        user = await users.find(name);
        valid = (await hasher.verify(password, user?.passwordHash)) && user !== undefined;
      } catch (err) {
        await throttle.release(name, address); // the check did not happen (e.g. the password threads were busy): not a failure
        throw err;
      }
      if (!valid || !user) {
        await throttle.fail(name, address);
        throw new AuthenticationError('invalid user or password');
      }
      await throttle.succeed(name, address);
      const token = newToken();
      const issuedAt = now();
      const expiresAt = issuedAt + tokenTtlSeconds * 1000;
      await tokens.deleteExpired(issuedAt);
      await tokens.insert(tokenHash(token), user.name, issuedAt, expiresAt);
      return { token, expiration: new Date(expiresAt).toISOString() };
    },
    async authenticate(token) {
      if (token === undefined) throw new AuthenticationError('missing bearer token: send "Authorization: Bearer <token>" (POST /v1/login gives one)');
      const owner = await tokens.findValid(tokenHash(token), now());
      if (!owner) throw new AuthenticationError('invalid or expired token: log in again');
      return { name: owner.name, role: owner.role };
    },
    async logout(token) {
      await tokens.delete(tokenHash(token));
    },
  };
}

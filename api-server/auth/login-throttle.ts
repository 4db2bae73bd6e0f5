import type { Kysely, Transaction } from 'kysely';
import type { LoginThrottleConfig } from '../config';
import type { Database, Tables } from '../database';
import { TooManyRequestsError } from '../errors';

/**
 * Slows down password guessing without handing attackers a lever to lock others out. Attempts are
 * counted per (user name, client address), and per address over all names (password spraying), in the
 * database shared by every replica. Each attempt is counted *before* its password is checked, inside one
 * transaction, so concurrent attempts cannot overshoot the limit. After `maxFailures` attempts without a
 * success, the next one waits `firstDelaySeconds`, then twice as long each time, never longer than the
 * window; a quiet window (no attempt) forgets everything. A success clears its pair. An attacker
 * elsewhere therefore never delays the real user: a correct password from an address that has not
 * failed is never refused.
 */
export interface LoginThrottle {
  /** Counts an attempt of `user` from `address`. @throws TooManyRequestsError with the seconds to wait */
  admit(user: string, address: string): Promise<void>;
  /** The password was right: forget the pair's attempts and this attempt of the address. */
  succeed(user: string, address: string): Promise<void>;
}

/** The row counting an address over all user names. */
const ANY_USER = '*';
const userKey = (user: string) => `u:${user.toLowerCase()}`;

export function createLoginThrottle(database: Database, config: LoginThrottleConfig, now: () => number): LoginThrottle {
  const windowMs = config.windowSeconds * 1000;
  const delayMs = (attempts: number, max: number) => Math.min(windowMs, config.firstDelaySeconds * 1000 * 2 ** Math.min(30, attempts - max));

  /** Locks (PostgreSQL) and reads the counter `key` of `address`, creating it; a quiet window resets it. */
  const counter = async (trx: Transaction<Tables>, key: string, address: string, at: number) => {
    await trx.insertInto('login_attempts').values({ user_key: key, address, attempts: 0, last_attempt_at: at, blocked_until: 0 }).onConflict((oc) => oc.doNothing()).execute();
    const row = await trx
      .selectFrom('login_attempts')
      .select(['attempts', 'last_attempt_at', 'blocked_until'])
      .where('user_key', '=', key)
      .where('address', '=', address)
      .$if(database.kind === 'postgres', (q) => q.forUpdate())
      .executeTakeFirstOrThrow();
    const quiet = at - row.last_attempt_at >= windowMs;
    return { attempts: quiet ? 0 : row.attempts, blockedUntil: quiet ? 0 : row.blocked_until };
  };

  const forgetOld = (db: Kysely<Tables>, at: number) =>
    db.deleteFrom('login_attempts').where('last_attempt_at', '<', at - windowMs).where('blocked_until', '<', at).execute();

  return {
    admit: (user, address) =>
      database.run(async (db) => {
        const at = now();
        await forgetOld(db, at);
        const limits: [string, number][] = [
          // Always the address row first: one lock order, no deadlocks between replicas.
          [ANY_USER, config.maxFailuresPerAddress],
          [userKey(user), config.maxFailures],
        ];
        const blockedUntil = await db.transaction().execute(async (trx) => {
          const counters = [];
          for (const [key, max] of limits) counters.push({ key, max, ...(await counter(trx, key, address, at)) });
          const blocked = Math.max(...counters.map((c) => c.blockedUntil));
          if (blocked > at) return blocked;
          for (const c of counters) {
            const attempts = c.attempts + 1;
            await trx
              .updateTable('login_attempts')
              .set({ attempts, last_attempt_at: at, blocked_until: attempts >= c.max ? at + delayMs(attempts, c.max) : 0 })
              .where('user_key', '=', c.key)
              .where('address', '=', address)
              .execute();
          }
          return 0;
        });
        if (blockedUntil > at) {
          const retryAfter = Math.max(1, Math.ceil((blockedUntil - at) / 1000));
          throw new TooManyRequestsError(`too many failed logins from this address; retry in ${retryAfter} seconds`, retryAfter);
        }
      }),
    succeed: (user, address) =>
      database.run((db) =>
        db.transaction().execute(async (trx) => {
          await trx.deleteFrom('login_attempts').where('user_key', '=', userKey(user)).where('address', '=', address).execute();
          await trx
            .updateTable('login_attempts')
            .set((eb) => ({ attempts: eb('attempts', '-', 1) }))
            .where('user_key', '=', ANY_USER)
            .where('address', '=', address)
            .where('attempts', '>', 0)
            .execute();
        }),
      ),
  };
}

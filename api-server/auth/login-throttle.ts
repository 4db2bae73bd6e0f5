import { backOff } from 'exponential-backoff';
import type { Kysely, Transaction } from 'kysely';

import type { LoginThrottleConfig } from '../config';
import type { Database, Tables } from '../database';
import { TooManyRequestsError } from '../errors';

/**
 * Slows down password guessing without handing attackers a lever to lock others out. Failures are
 * counted per (user name, client address), and per address over all names (password spraying), in the
 * database shared by every replica. After `maxFailures` failures without a success, the next attempt
 * waits `firstDelaySeconds`, then twice as long each time, never longer than the window; a quiet window
 * (no attempt) forgets everything. A success clears its pair.
 *
 * Only failures delay anyone, so a correct password from an address that has not failed is never
 * refused, however many logins run at once. To keep the limit exact under concurrency, an attempt is
 * also counted while its password is being checked (`in_flight`): an attempt that could be the one
 * failure too many waits until those in flight have finished (it is admitted, or refused once they
 * failed) — at most `maxFailures` passwords are ever checked before the delay starts.
 */
export interface LoginThrottle {
  /** Admits an attempt of `user` from `address` (waiting for attempts in flight when it must). @throws TooManyRequestsError with the seconds to wait */
  admit(user: string, address: string): Promise<void>;
  /** The password was right: forget the pair's failures; the attempt is no longer in flight. */
  succeed(user: string, address: string): Promise<void>;
  /** The password was wrong: count the failure, and delay the pair (or the address) when it is one too many. */
  fail(user: string, address: string): Promise<void>;
  /** Neither (the check itself failed, e.g. the password threads were busy): the attempt is no longer in flight. */
  release(user: string, address: string): Promise<void>;
}

/** The row counting an address over all user names. */
const ANY_USER = '*';
const userKey = (user: string) => `u:${user.toLowerCase()}`;
/** An attempt waits this long at most for those in flight (password checks take ~0.1–0.3 s each). */
const IN_FLIGHT_WAIT = { numOfAttempts: 40, startingDelay: 25, timeMultiple: 1.5, maxDelay: 250, jitter: 'full' } as const;

const STALE_IN_FLIGHT_MS = 60_000;

/** Admission must wait: attempts in flight could reach the limit. */
class WaitForInFlight extends Error {}

export function createLoginThrottle(database: Database, config: LoginThrottleConfig, now: () => number): LoginThrottle {
  const windowMs = config.windowSeconds * 1000;
  const delayMs = (failures: number, max: number) => Math.min(windowMs, config.firstDelaySeconds * 1000 * 2 ** Math.min(30, failures - max));
  const counters = (user: string): [string, number][] => [
    // Always the address row first: one lock order, no deadlocks between replicas.
    [ANY_USER, config.maxFailuresPerAddress],
    [userKey(user), config.maxFailures],
  ];

  /** Locks (PostgreSQL) and reads the counter `key` of `address`, creating it; a quiet window resets it. */
  const counter = async (trx: Transaction<Tables>, key: string, address: string, at: number) => {
    await trx
      .insertInto('login_attempts')
      .values({ user_key: key, address, attempts: 0, in_flight: 0, last_attempt_at: at, blocked_until: 0 })
      .onConflict((oc) => oc.doNothing())
      .execute();
    const row = await trx
      .selectFrom('login_attempts')
      .select(['attempts', 'in_flight', 'last_attempt_at', 'blocked_until'])
      .where('user_key', '=', key)
      .where('address', '=', address)
      .$if(database.kind === 'postgres', (q) => q.forUpdate())
      .executeTakeFirstOrThrow();
    const quiet = at - row.last_attempt_at >= windowMs;
    // No password check takes a minute: older counts in flight were left by a replica that stopped mid-check.
    const stale = at - row.last_attempt_at >= STALE_IN_FLIGHT_MS;
    return { failures: quiet ? 0 : row.attempts, inFlight: stale ? 0 : row.in_flight, blockedUntil: quiet ? 0 : row.blocked_until };
  };

  const update = (trx: Transaction<Tables>, key: string, address: string, values: Partial<Tables['login_attempts']>) =>
    trx.updateTable('login_attempts').set(values).where('user_key', '=', key).where('address', '=', address).execute();

  const forgetOld = (db: Kysely<Tables>, at: number) =>
    db
      .deleteFrom('login_attempts')
      .where('last_attempt_at', '<', at - windowMs)
      .where('blocked_until', '<', at)
      .execute();

  /** One try at admission: 429 while delayed; WaitForInFlight when attempts in flight could reach the limit. */
  const tryAdmit = (user: string, address: string) =>
    database.run(async (db) => {
      const at = now();
      await forgetOld(db, at);
      const blockedUntil = await db.transaction().execute(async (trx) => {
        const rows = [];
        for (const [key, max] of counters(user)) rows.push({ key, max, ...(await counter(trx, key, address, at)) });
        const blocked = Math.max(...rows.map((r) => r.blockedUntil));
        if (blocked > at) return blocked;
        if (rows.some((r) => r.inFlight > 0 && r.failures + r.inFlight >= r.max)) throw new WaitForInFlight();
        for (const r of rows)
          await update(trx, r.key, address, { in_flight: r.inFlight + 1, attempts: r.failures, last_attempt_at: at, blocked_until: 0 });
        return 0;
      });
      if (blockedUntil > at) {
        const retryAfter = Math.max(1, Math.ceil((blockedUntil - at) / 1000));
        throw new TooManyRequestsError(`too many failed logins from this address; retry in ${retryAfter} seconds`, retryAfter);
      }
    });

  /** Ends an attempt in flight: `failed` counts it (and may start a delay), otherwise it only leaves. */
  const finish = (user: string, address: string, outcome: 'failed' | 'released') =>
    database.run((db) =>
      db.transaction().execute(async (trx) => {
        const at = now();
        for (const [key, max] of counters(user)) {
          const r = await counter(trx, key, address, at);
          const failures = outcome === 'failed' ? r.failures + 1 : r.failures;
          const blockedUntil = outcome === 'failed' && failures >= max ? at + delayMs(failures, max) : r.blockedUntil;
          await update(trx, key, address, {
            attempts: failures,
            in_flight: Math.max(0, r.inFlight - 1),
            last_attempt_at: at,
            blocked_until: blockedUntil,
          });
        }
      }),
    );

  return {
    async admit(user, address) {
      try {
        await backOff(() => tryAdmit(user, address), { ...IN_FLIGHT_WAIT, retry: (err) => err instanceof WaitForInFlight });
      } catch (err) {
        if (err instanceof WaitForInFlight) throw new TooManyRequestsError('too many logins in progress from this address; retry in 1 second', 1);
        throw err;
      }
    },
    succeed: (user, address) =>
      database.run((db) =>
        db.transaction().execute(async (trx) => {
          // The address row first, as everywhere: one lock order, no deadlocks between concurrent logins.
          await trx
            .updateTable('login_attempts')
            .set((eb) => ({ in_flight: eb('in_flight', '-', 1) }))
            .where('user_key', '=', ANY_USER)
            .where('address', '=', address)
            .where('in_flight', '>', 0)
            .execute();
          await trx.deleteFrom('login_attempts').where('user_key', '=', userKey(user)).where('address', '=', address).execute();
        }),
      ),
    fail: (user, address) => finish(user, address, 'failed'),
    release: (user, address) => finish(user, address, 'released'),
  };
}

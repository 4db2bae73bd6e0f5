import type { LoginThrottleConfig } from '../config';
import { TooManyRequestsError } from '../errors';

/**
 * Slows down password guessing: after too many failed logins for one user name (from anywhere) or
 * from one address (for any name) within the window, further attempts get 429 until the oldest
 * failure leaves the window. Kept in memory: a restart forgets it, and several replicas each count
 * their own (documented in the README).
 */
export interface LoginThrottle {
  /** @throws TooManyRequestsError with the seconds to wait */
  check(user: string, address: string): void;
  fail(user: string, address: string): void;
  succeed(user: string): void;
}

/** Cap on tracked keys, so a flood of made-up user names cannot exhaust memory. */
const MAX_KEYS = 100_000;

export function createLoginThrottle(config: LoginThrottleConfig, now: () => number): LoginThrottle {
  const windowMs = config.windowSeconds * 1000;
  const failures = new Map<string, number[]>();
  const limits = (user: string, address: string): [string, number][] => [
    [`user:${user}`, config.maxFailuresPerUser],
    [`address:${address}`, config.maxFailuresPerAddress],
  ];
  const recent = (key: string): number[] => {
    const since = now() - windowMs;
    const times = (failures.get(key) ?? []).filter((t) => t > since);
    if (times.length) failures.set(key, times);
    else failures.delete(key);
    return times;
  };

  return {
    check(user, address) {
      for (const [key, max] of limits(user, address)) {
        const times = recent(key);
        if (times.length >= max) {
          const retryAfter = Math.max(1, Math.ceil((times[times.length - max] + windowMs - now()) / 1000));
          throw new TooManyRequestsError(`too many failed logins; retry in ${retryAfter} seconds`, retryAfter);
        }
      }
    },
    fail(user, address) {
      for (const [key, max] of limits(user, address)) {
        const times = [...recent(key), now()].slice(-max);
        failures.delete(key);
        failures.set(key, times);
      }
      // Maps iterate in insertion order and keys are re-inserted on each failure: drop the stalest.
      for (const key of failures.keys()) {
        if (failures.size <= MAX_KEYS) break;
        failures.delete(key);
      }
    },
    succeed(user) {
      failures.delete(`user:${user}`);
    },
  };
}

import { existsSync } from 'node:fs';
import { join } from 'node:path';

import Piscina from 'piscina';

import { TooManyRequestsError } from '../errors';
import type { PasswordTask } from './password-worker';

/** Hashes and checks passwords with bcrypt, in worker threads. */
export interface PasswordHasher {
  /** @throws TooManyRequestsError when the queue of password jobs is full */
  hash(password: string): Promise<string>;
  /** Compares against `hash`, or against a dummy hash when there is no user, so both cases take as long. */
  verify(password: string, hash: string | undefined): Promise<boolean>;
  close(): Promise<void>;
}

export interface PasswordPoolOptions {
  /** Worker threads hashing at once. @default 2 */
  readonly threads?: number;
  /** Jobs that may wait for a thread; beyond that, logins get 429 at once instead of queueing for long. @default 32 */
  readonly maxQueue?: number;
}

/** bcrypt compares at most 72 bytes; longer passwords would be silently truncated, so they are refused. */
export const MAX_PASSWORD_BYTES = 72;
export const MIN_PASSWORD_LENGTH = 8;

/** Why a new password is not acceptable, or undefined. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES) return `must be at most ${MAX_PASSWORD_BYTES} bytes`;
  return undefined;
}

/**
 * bcrypt (bcryptjs) off the event loop: a small piscina pool with a bounded queue, so a login flood
 * slows logins down but leaves `/healthz` and every other request fast.
 */
export function createPasswordHasher(cost: number, options: PasswordPoolOptions = {}): PasswordHasher {
  const pool = new Piscina<PasswordTask, string | boolean>({
    filename: workerFile(),
    minThreads: 0,
    maxThreads: options.threads ?? 2,
    maxQueue: options.maxQueue ?? 32,
    idleTimeout: 60_000,
  });
  const run = async (task: PasswordTask) => {
    try {
      return await pool.run(task);
    } catch (err) {
      if ((err as Error).message === 'Task queue is at limit') {
        throw new TooManyRequestsError('too many password checks at once; retry in 1 second', 1);
      }
      throw err;
    }
  };
  let dummy: Promise<string> | undefined;
  const dummyHash = () => {
    dummy ??= (run({ op: 'hash', password: 'no such user', cost }) as Promise<string>).catch((err: unknown) => {
      dummy = undefined;
      throw err;
    });
    return dummy;
  };
  return {
    hash: (password) => run({ op: 'hash', password, cost }) as Promise<string>,
    async verify(password, hash) {
      const matches = (await run({ op: 'verify', password, hash: hash ?? (await dummyHash()) })) as boolean;
      return hash !== undefined && matches;
    },
    close: () => pool.destroy(),
  };
}

/**
 * The compiled worker next to this file; when this file runs from its TypeScript source (tests), the
 * copy `tsc` built in lib/ (worker threads cannot load TypeScript).
 */
function workerFile(): string {
  const beside = join(__dirname, 'password-worker.js');
  if (existsSync(beside)) return beside;
  const built = join(__dirname, '..', '..', 'lib', 'api-server', 'auth', 'password-worker.js');
  if (existsSync(built)) return built;
  throw new Error(`password worker not found at ${beside} or ${built}: run "npm run build" first`);
}

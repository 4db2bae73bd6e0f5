import bcrypt from 'bcryptjs';

/** Hashes and checks passwords with bcrypt. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** Compares against `hash`, or against a dummy hash when there is no user, so both cases take as long. */
  verify(password: string, hash: string | undefined): Promise<boolean>;
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

export function createPasswordHasher(cost: number): PasswordHasher {
  let dummy: Promise<string> | undefined;
  return {
    hash: (password) => bcrypt.hash(password, cost),
    async verify(password, hash) {
      dummy ??= bcrypt.hash('no such user', cost);
      const matches = await bcrypt.compare(password, hash ?? (await dummy));
      return hash !== undefined && matches;
    },
  };
}

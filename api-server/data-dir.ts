import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';

import type { Logger } from 'pino';

/**
 * Mask for everything the server creates: files 0600, folders 0700. The data directory holds the user
 * database, the sealing keys and the working clone whose `.git/config` may carry the remote's
 * credentials; git, which the server runs, inherits the mask too.
 */
export const PRIVATE_UMASK = 0o077;

/**
 * Prepares the data directory: created 0700 when missing; when it already exists with group or
 * other access (made by someone else, or by `mkdir` with a usual umask) it is left as it is — it may not
 * be ours to change — but the log says so, since only the modes of our own files protect them then.
 */
export function prepareDataDir(dir: string, log: Pick<Logger, 'warn'>): void {
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return;
  }
  const mode = statSync(dir).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    log.warn(
      { dataDir: dir, mode: `0${mode.toString(8)}` },
      `data directory ${dir} is open to other users (mode 0${mode.toString(8)}); DataRoaster creates its files there 0600 and folders 0700, but consider chmod 700 ${dir}`,
    );
  }
}

/** Narrows an existing file (or folder) made before the mask applied — by an older version, or another user's umask. */
export function makePrivate(path: string, mode: 0o600 | 0o700 = 0o600): void {
  if (existsSync(path) && (statSync(path).mode & 0o077) !== 0) chmodSync(path, mode);
}

import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Where DataRoaster keeps its own state — the server's SQLite file and Git clone, the sealing keys —
 * when `DATAROASTER_DATA_DIR` is not set. One default for every door: in the home folder, never the
 * working directory, so a command run inside a GitOps checkout cannot leave a key where `git add .`
 * would commit it. See docs/configuration.md.
 */
export const DEFAULT_DATA_DIR = '~/.dataroaster';

/** `DATAROASTER_DATA_DIR` (relative to `cwd`), else `~/.dataroaster`. */
export function dataDirFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  home: string = env.HOME || homedir(),
  cwd: string = process.cwd(),
): string {
  const raw = env.DATAROASTER_DATA_DIR;
  return raw ? resolve(cwd, raw) : join(home, '.dataroaster');
}

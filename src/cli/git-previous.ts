import { execFileSync } from 'node:child_process';
import { posix, relative, resolve, sep } from 'node:path';

/**
 * The file at `path` under `dir` as committed at `ref`, read with `git show` — for `npm run synth`,
 * whose `cdk8s synth` deletes the output folder before the app runs, so the last sealed values can only
 * come from Git. Outside a git checkout, or for a file not committed, there is none.
 */
export function previousFileInGit(dir: string, ref = 'HEAD', cwd = process.cwd()): (path: string) => string | undefined {
  const base = relative(cwd, resolve(cwd, dir)).split(sep).join(posix.sep);
  return (path) => {
    try {
      return execFileSync('git', ['show', `${ref}:./${posix.join(base, path)}`], {
        cwd,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
        maxBuffer: 64 * 1024 * 1024,
      });
    } catch {
      return undefined;
    }
  };
}

import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The file at `path` under `dir` as written by an earlier synthesis, if any. */
export function previousFileIn(dir: string): (path: string) => string | undefined {
  return (path) => {
    const file = join(dir, path);
    return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  };
}

/**
 * Writes synthesized files under `dir`. Each top-level folder written (an instance's component folder
 * entry, `namespaces/`) is replaced whole, so objects a spec no longer makes do not linger.
 */
export function writeOutput(dir: string, files: Readonly<Record<string, string>>): void {
  const replaced = new Set(Object.keys(files).map((path) => path.split('/').slice(0, -1).join('/')));
  for (const folder of replaced) rmSync(join(dir, folder), { recursive: true, force: true });
  for (const [path, text] of Object.entries(files)) {
    const file = join(dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}

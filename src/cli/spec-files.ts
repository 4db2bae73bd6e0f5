import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { parseSpecYaml, SpecDocument } from '../schema/yaml';

/** A file the CLI could not read, worded for one line on stderr. */
export class SpecFileError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'SpecFileError';
  }
}

/**
 * Reads spec documents from files and folders (every `*.yaml`/`*.yml` below a folder, in path order,
 * so the same tree always gives the same documents in the same order).
 */
export function readSpecFiles(paths: readonly string[]): SpecDocument[] {
  return paths.flatMap((path) => specFilesUnder(path)).flatMap((file) => parseSpecYaml(readText(file), file));
}

function specFilesUnder(path: string): string[] {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (err) {
    throw new SpecFileError(path, describe(err));
  }
  if (!isDirectory) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => {
      const child = join(path, entry.name);
      if (entry.isDirectory()) return specFilesUnder(child);
      return /\.ya?ml$/.test(entry.name) ? [child] : [];
    });
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new SpecFileError(file, describe(err));
  }
}

function describe(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return (err as Error).message;
}

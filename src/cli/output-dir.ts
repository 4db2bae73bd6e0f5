import { mkdirSync, statSync } from 'node:fs';

/** The --out folder cannot be used: it names a file, or cannot be created or written. */
export class OutDirError extends Error {
  constructor(dir: string, reason: string) {
    super(`--out ${dir}: ${reason}`);
    this.name = 'OutDirError';
  }
}

/**
 * Checks that `dir` is a folder (or absent) before anything is synthesized, and creates it when asked,
 * so a bad --out fails with its own message instead of a file system error halfway through writing.
 */
export function prepareOutDir(dir: string, options: { create: boolean }): void {
  let isDirectory: boolean | undefined;
  try {
    isDirectory = statSync(dir).isDirectory();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') throw new OutDirError(dir, 'a parent of it is a file, not a folder');
    if (code !== 'ENOENT') throw new OutDirError(dir, describe(err));
  }
  if (isDirectory === false)
    throw new OutDirError(dir, 'is a file, not a folder: name a folder (a checkout of the GitOps repository, or a new folder)');
  if (isDirectory === undefined && options.create) {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (err) {
      throw new OutDirError(dir, `cannot create it: ${describe(err)}`);
    }
  }
}

function describe(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EROFS') return 'read-only file system';
  if (code === 'ENOTDIR') return 'a parent of it is a file, not a folder';
  return (err as Error).message;
}

import type { Git } from './git';

/** Every file below `folder` at `commit`, repository path → text, in two git processes. */
export async function readFolderAt(git: Git, commit: string, folder: string): Promise<Map<string, string>> {
  const paths = (await git(['ls-tree', '-r', '-z', '--name-only', commit, '--', folder])).split('\0').filter(Boolean);
  const files = new Map<string, string>();
  if (paths.length === 0) return files;
  const out = Buffer.from(await git(['cat-file', '--batch'], { input: paths.map((p) => `${commit}:${p}\n`).join('') }), 'utf8');
  let offset = 0;
  for (const path of paths) {
    const headerEnd = out.indexOf(0x0a, offset);
    const size = Number(out.subarray(offset, headerEnd).toString('utf8').split(' ')[2]);
    files.set(path, out.subarray(headerEnd + 1, headerEnd + 1 + size).toString('utf8'));
    offset = headerEnd + 1 + size + 1;
  }
  return files;
}

/** True when `ancestor` is reachable from `commit`. */
export async function isAncestor(git: Git, ancestor: string, commit: string): Promise<boolean> {
  return git(['merge-base', '--is-ancestor', ancestor, commit]).then(
    () => true,
    () => false,
  );
}

/** True when `folder` has the same content at both commits. */
export async function sameFolder(git: Git, a: string, b: string, folder: string): Promise<boolean> {
  return git(['diff', '--quiet', a, b, '--', folder]).then(
    () => true,
    () => false,
  );
}

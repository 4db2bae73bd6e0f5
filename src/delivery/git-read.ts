import { createHash } from 'node:crypto';

import type { Git } from './git';

/** The object id git gives a file with this text (`git hash-object`), computed without asking git. */
export function blobId(text: string): string {
  if (text.length < BIG) return hashBlob(text);
  // a big file (the bootstrap listing of thousands of instances) is hashed by the plan, the draft and the
  // listing cache alike: once is enough
  let id = bigBlobs.get(text);
  if (id === undefined) {
    id = hashBlob(text);
    if (bigBlobs.size >= 8) bigBlobs.delete(bigBlobs.keys().next().value!);
    bigBlobs.set(text, id);
  }
  return id;
}

const BIG = 32 * 1024;
const bigBlobs = new Map<string, string>();

function hashBlob(text: string): string {
  const body = Buffer.from(text, 'utf8');
  return createHash('sha1').update(`blob ${body.length}\0`).update(body).digest('hex');
}

/** Texts of blobs by id, in one `git cat-file --batch`. Missing ids are left out. */
export async function readBlobs(git: Git, ids: readonly string[]): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return texts;
  const out = await git.raw(['cat-file', '--batch'], { input: wanted.map((id) => `${id}\n`).join('') });
  let offset = 0;
  for (const id of wanted) {
    const headerEnd = out.indexOf(0x0a, offset);
    const header = out.subarray(offset, headerEnd).toString('utf8').split(' ');
    if (header[1] === 'missing' || header.length < 3) {
      offset = headerEnd + 1;
      continue;
    }
    const size = Number(header[2]);
    texts.set(id, out.subarray(headerEnd + 1, headerEnd + 1 + size).toString('utf8'));
    offset = headerEnd + 1 + size + 1;
  }
  return texts;
}

/** Every file of `commit` (or below `path`), repository path → blob id, from one `git ls-tree -r`. */
export async function listFiles(git: Git, commit: string, path?: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  await eachFile(git, commit, (file, blob) => files.set(file, blob), path);
  return files;
}

/**
 * Calls `found` with every file of `commit` (or below `path`) and its blob id, from one `git ls-tree -r`,
 * without a map of them all: the index of 5000 instances takes 100 000 files, whose full paths it does
 * not keep (it groups them by folder), so a map of them would only raise the start-up's peak heap.
 */
export async function eachFile(git: Git, commit: string, found: (path: string, blob: string) => void, path?: string): Promise<void> {
  // Read from the bytes, each path and id decoded on its own: substrings of one big output string would
  // keep all of it (megabytes at thousands of instances) alive for as long as the index holds a path.
  const out = await git.raw(['ls-tree', '-r', '-z', '--full-tree', commit, ...(path ? ['--', path] : [])]);
  let start = 0;
  while (start < out.length) {
    let end = out.indexOf(0, start);
    if (end < 0) end = out.length;
    // `<mode> SP <type> SP <id> TAB <path>`
    const tab = out.indexOf(9, start);
    if (tab > start && tab < end) {
      const [mode, type] = out.toString('latin1', start, tab).split(' ');
      const idStart = out.lastIndexOf(32, tab) + 1;
      if (type === 'blob' && mode !== '120000') found(out.toString('utf8', tab + 1, end), out.toString('latin1', idStart, tab));
    }
    start = end + 1;
  }
}

/** Paths that differ between two commits, with their blob id at `to` (undefined: deleted), from `git diff-tree`. */
export async function changedFiles(git: Git, from: string, to: string): Promise<Map<string, string | undefined>> {
  const out = await git(['diff-tree', '-r', '-z', '--no-renames', '--no-commit-id', from, to]);
  const fields = out.split('\0');
  const changed = new Map<string, string | undefined>();
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const meta = fields[i];
    if (!meta.startsWith(':')) {
      i -= 1; // tolerate a stray separator
      continue;
    }
    const [, , , after, status] = meta.slice(1).split(' ');
    changed.set(fields[i + 1], status === 'D' ? undefined : after);
  }
  return changed;
}

/** True when `ancestor` is reachable from `commit`. */
export async function isAncestor(git: Git, ancestor: string, commit: string): Promise<boolean> {
  return git(['merge-base', '--is-ancestor', ancestor, commit]).then(
    () => true,
    () => false,
  );
}

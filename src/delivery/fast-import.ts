import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Identity } from './config';
import type { Git } from './git';

/** One commit to create: its message, who wrote and who committed it, and the files it sets or deletes. */
export interface CommitSpec {
  readonly message: string;
  readonly author: Identity;
  readonly committer: Identity;
  /** Author and commit time, seconds since the epoch (UTC). */
  readonly at: number;
  /** Repository path → new text, or `null` to delete the file. */
  readonly files: ReadonlyMap<string, string | null>;
  /** First parent. @default the previous commit of the chain; none for the first (a root commit) */
  readonly parent?: string;
  /** Further parents (a review commit that also takes in the target branch's tip). */
  readonly merges?: readonly string[];
  /** Start from this commit's tree instead of the first parent's. */
  readonly treeOf?: string;
}

/**
 * THE commit writer: every commit the service makes (direct changes, review branches, the initial and
 * refresh commits, dry runs) is written by `git fast-import` from the changed files only. It needs no
 * working tree and no index, and rewrites only the trees along the changed paths, so a commit costs the
 * same with ten instances or five thousand; a batch of changes is one process. Returns the commits' ids
 * in order; `ref` points at the last one.
 */
export async function importCommits(git: Git, ref: string, commits: readonly CommitSpec[]): Promise<string[]> {
  const data = (text: string) => `data ${Buffer.byteLength(text, 'utf8')}\n${text}\n`;
  const stream: string[] = [];
  for (const [i, commit] of commits.entries()) {
    stream.push(`commit ${ref}\nmark :${i + 1}\n`);
    stream.push(`author ${commit.author.name} <${commit.author.email}> ${commit.at} +0000\n`);
    stream.push(`committer ${commit.committer.name} <${commit.committer.email}> ${commit.at} +0000\n`);
    stream.push(data(commit.message));
    const parent = commit.parent ?? (i > 0 ? `:${i}` : undefined);
    if (parent) stream.push(`from ${parent}\n`);
    for (const merge of commit.merges ?? []) stream.push(`merge ${merge}\n`);
    if (commit.treeOf) {
      stream.push('deleteall\n');
      for (const entry of await rootEntries(git, commit.treeOf)) stream.push(`M ${entry.mode} ${entry.id} ${quote(entry.name)}\n`);
    }
    for (const [path, text] of commit.files) {
      stream.push(text === null ? `D ${quote(path)}\n` : `M 100644 inline ${quote(path)}\n${data(text)}`);
    }
    stream.push('\n');
  }
  stream.push('done\n');
  const dir = mkdtempSync(join(tmpdir(), 'dataroaster-marks-'));
  try {
    const marks = join(dir, 'marks');
    await git(['fast-import', '--quiet', '--done', '--force', `--export-marks=${marks}`], { input: stream.join('') });
    const byMark = new Map(
      readFileSync(marks, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split(' ') as [string, string]),
    );
    return commits.map((_, i) => byMark.get(`:${i + 1}`)!);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function rootEntries(git: Git, commit: string): Promise<{ mode: string; id: string; name: string }[]> {
  const out = await git(['ls-tree', '-z', commit]);
  return out
    .split('\0')
    .filter(Boolean)
    .map((record) => {
      const tab = record.indexOf('\t');
      const [mode, , id] = record.slice(0, tab).split(' ');
      return { mode: mode === '40000' ? '040000' : mode, id, name: record.slice(tab + 1) };
    });
}

/** fast-import path syntax: quoted C-style when the path has a space, quote, backslash or newline. */
function quote(path: string): string {
  return /[\s"\\]/.test(path) ? JSON.stringify(path) : path;
}

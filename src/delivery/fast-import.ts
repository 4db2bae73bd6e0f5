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
  /** Repository path → new text, or `null` to delete the file. */
  readonly files: ReadonlyMap<string, string | null>;
}

/**
 * Creates a chain of commits on `ref`, starting from `parent`, with one `git fast-import` process, and
 * returns their SHAs in order. A batch of changes thus costs one git process instead of two per change
 * (`add` + `commit`); the working tree is written by the caller, and the index is left as it was (every
 * reader of the index resets it first).
 */
export async function importCommits(git: Git, ref: string, parent: string, commits: readonly CommitSpec[]): Promise<string[]> {
  const now = `${Math.floor(Date.now() / 1000)} +0000`;
  const data = (text: string) => `data ${Buffer.byteLength(text, 'utf8')}\n${text}\n`;
  const stream: string[] = [];
  commits.forEach((commit, i) => {
    stream.push(`commit ${ref}\nmark :${i + 1}\n`);
    stream.push(`author ${commit.author.name} <${commit.author.email}> ${now}\n`);
    stream.push(`committer ${commit.committer.name} <${commit.committer.email}> ${now}\n`);
    stream.push(data(commit.message));
    stream.push(`from ${i === 0 ? parent : `:${i}`}\n`);
    for (const [path, text] of commit.files) {
      stream.push(text === null ? `D ${quote(path)}\n` : `M 100644 inline ${quote(path)}\n${data(text)}`);
    }
    stream.push('\n');
  });
  stream.push('done\n');
  const dir = mkdtempSync(join(tmpdir(), 'dataroaster-marks-'));
  try {
    const marks = join(dir, 'marks');
    await git(['fast-import', '--quiet', '--done', `--export-marks=${marks}`], { input: stream.join('') });
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

/** fast-import path syntax: quoted C-style when the path has a space, quote, backslash or newline. */
function quote(path: string): string {
  return /[\s"\\]/.test(path) ? JSON.stringify(path) : path;
}

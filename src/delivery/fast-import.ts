import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';

import { Mutex } from 'async-mutex';

import type { Identity } from './config';
import { Git, GitCommandError, gitEnv, killGroup } from './git';

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
 * working tree and no index, and rewrites only the trees along the changed paths; a batch of changes is
 * one stream. Returns the commits' ids in order; `ref` points at the last one. This runs one process for
 * the stream; the direct changes go through a {@link FastImportSession}, which keeps one running.
 */
export async function importCommits(git: Git, ref: string, commits: readonly CommitSpec[]): Promise<string[]> {
  if (commits.length === 0) return [];
  const out = await git(['fast-import', '--quiet', '--done', '--force'], {
    input: `${await commitStream(git, ref, commits)}${getMarks(commits)}done\n`,
  });
  return out.trim().split('\n');
}

/**
 * One `git fast-import` kept running for the commits of direct changes, fed a batch at a time: each batch
 * ends with `checkpoint` (the pack is closed and indexed, the ref written: the objects are in the
 * repository for the swap or push that follows) and `get-mark` per commit, whose answers say the batch is
 * done. Why a session: fast-import keeps the tree of the branch it last wrote in memory, and a batch whose
 * first parent is the commit it wrote last starts from that tree, so a change does not read, inflate and
 * parse the trees of its parent again — at 5000 instances the flat `components/<component>` tree alone is
 * 195 KB — nor start a process. A batch on any other parent (the remote moved) loads that parent's tree,
 * as a new process would. (git v2.39.5 builtin/fast-import.c: `parse_objectish`, 2572–2617, drops the
 * tree in memory only when the named parent's tree differs from it; `checkpoint`, 3198–3207, closes the
 * pack with `cycle_packfile` and writes the refs with `dump_branches`.)
 *
 * The process is started on first use and ended by `close()` (before a repack deletes packs it may hold
 * open, and at shutdown) or after `idleMs` without a batch (a server at rest keeps no git process, ≈ 13 MiB
 * RSS at 5000 instances); a batch that fails or does not finish within `timeoutMs` kills it, and the next
 * batch starts a new one. Batches run one at a time.
 */
export class FastImportSession {
  private child?: ChildProcessWithoutNullStreams;
  private readonly mutex = new Mutex();
  private idle?: NodeJS.Timeout;

  constructor(
    private readonly git: Git,
    private readonly dir: string,
    private readonly timeoutMs: number,
    private readonly idleMs = 10_000,
  ) {}

  /** The running process, if one is. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  importCommits(ref: string, commits: readonly CommitSpec[]): Promise<string[]> {
    if (commits.length === 0) return Promise.resolve([]); // nothing would answer
    return this.mutex.runExclusive(async () => {
      clearTimeout(this.idle);
      try {
        return await this.run(`${await commitStream(this.git, ref, commits)}checkpoint\n${getMarks(commits)}`, commits.length);
      } finally {
        this.idle = setTimeout(() => void this.close(), this.idleMs).unref();
      }
    });
  }

  /** Ends the process (it finishes what it was given and exits); the next batch starts another. */
  close(): Promise<void> {
    return this.mutex.runExclusive(async () => {
      clearTimeout(this.idle);
      const child = this.child;
      this.child = undefined;
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('close', resolve));
      child.stdin.end();
      const timer = setTimeout(() => killGroup(child.pid), this.timeoutMs);
      await exited;
      clearTimeout(timer);
    });
  }

  private start(): ChildProcessWithoutNullStreams {
    const args = ['fast-import', '--quiet', '--force'];
    const child = spawn('git', args, { cwd: this.dir, env: gitEnv(), detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin.on('error', () => undefined); // a dead process: its exit is what the batch reports
    child.on('error', () => undefined); // likewise (git missing): 'close' follows
    child.once('close', () => {
      if (this.child === child) this.child = undefined;
    });
    return child;
  }

  /** Writes one batch and resolves with the `count` object ids fast-import answers. */
  private run(input: string, count: number): Promise<string[]> {
    const child = (this.child ??= this.start());
    const args = ['fast-import'];
    return new Promise((resolve, reject) => {
      let out = '';
      let err = '';
      const finish = (error?: Error) => {
        clearTimeout(timer);
        child.stdout.off('data', onOut);
        child.stderr.off('data', onErr);
        child.off('close', onClose);
        const ids = out.trim().split('\n');
        if (!error && ids.every((id) => OBJECT_ID.test(id))) return resolve(ids);
        error ??= new GitCommandError(args, null, `unexpected answer: ${out.slice(0, 200)}`, out, false);
        if (this.child === child) this.child = undefined;
        killGroup(child.pid);
        reject(error);
      };
      const onOut = (chunk: Buffer) => {
        out += chunk.toString('utf8');
        if (out.split('\n').length > count) finish();
      };
      const onErr = (chunk: Buffer) => {
        err = (err + chunk.toString('utf8')).slice(-65536);
      };
      const onClose = (code: number | null) => finish(new GitCommandError(args, code, err, out, false));
      const timer = setTimeout(() => finish(new GitCommandError(args, null, err, out, true, this.timeoutMs, 'idle')), this.timeoutMs);
      child.stdout.on('data', onOut);
      child.stderr.on('data', onErr);
      child.once('close', onClose);
      child.stdin.write(input);
    });
  }
}

/** A full object id, SHA-1 or SHA-256. */
const OBJECT_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/** The commands that make fast-import print the commits' ids on stdout, one line each, in order. */
function getMarks(commits: readonly CommitSpec[]): string {
  return commits.map((_, i) => `get-mark :${i + 1}\n`).join('');
}

/** The fast-import commands that write `commits` onto `ref`, their marks :1…:n. */
async function commitStream(git: Git, ref: string, commits: readonly CommitSpec[]): Promise<string> {
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
  return stream.join('');
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

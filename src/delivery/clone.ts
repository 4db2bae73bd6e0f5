import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { classifyGitError, pushOutcome } from './classify';
import { CloneBusyError } from './errors';
import { CommitSpec, FastImportSession } from './fast-import';
import { Git, GitCommandError } from './git';

/** Prefix of review branches on the remote: `dataroaster/review/<component>/<instance>/<request-id>`. */
export const REVIEW_PREFIX = 'dataroaster/review';
/**
 * Where fast-import writes the commits of a change before they are pushed: never a branch, so that in
 * the embedded repository (which is its own clone) only the compare-and-swap of `push` moves the branch.
 */
export const COMMIT_REF = 'refs/dataroaster/commit';
const NO_COMMIT = '0000000000000000000000000000000000000000';
/** Packs beyond which `maintain` rolls the small ones up. */
const MAX_PACKS = 32;

/**
 * The service's own clone of the GitOps repository (under the data directory): a bare repository, since
 * commits are written by fast-import from the index and never from files — no working tree to check out,
 * clean or scan, whatever the size of the repository. It holds nothing the remote does not have once a
 * push succeeded, so it can always be thrown away and fetched again.
 *
 * With no remote configured, the embedded repository `gitops.git` is its own clone (`embedded`): its
 * `origin` is itself, and a push is a compare-and-swap of the branch in one ref transaction instead of
 * `git push`. A push runs receive-pack's connectivity check (`rev-list --objects --not --all`), which
 * walks every object of the old tip: 115 000 objects at 5000 instances, ≈ 150 ms per change that
 * grows with the repository. Here the objects are already in the repository they go to, and
 * fast-import refuses to write a commit that names an object the repository lacks.
 */
export class LocalClone {
  private pushes = 0;
  /** Writes the commits of direct changes (and the initial and refresh commits) onto COMMIT_REF. */
  private readonly importer: FastImportSession;

  constructor(
    readonly dir: string,
    readonly remoteUrl: string,
    readonly branch: string,
    readonly git: Git,
    readonly embedded = false,
    /** Longest a batch of commits may take to write. */
    importTimeoutMs = 60_000,
  ) {
    this.importer = new FastImportSession(git, dir, importTimeoutMs);
  }

  /** Writes `commits` onto COMMIT_REF (the first one's parent given, each next one on the one before); their ids. */
  importCommits(commits: readonly CommitSpec[]): Promise<string[]> {
    return this.importer.importCommits(COMMIT_REF, commits);
  }

  get trackingRef(): string {
    return `refs/remotes/origin/${this.branch}`;
  }

  /**
   * Creates or reopens the clone: claims it for this process, replaces a working-tree clone of an older
   * version by a bare one, removes what a crashed process left behind (lock files, temporary packs; no git
   * process of ours can be running on it yet), points `origin` at the configured URL.
   */
  async open(): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    this.claim();
    if (existsSync(join(this.dir, '.git'))) {
      for (const entry of readdirSync(this.dir)) rmSync(join(this.dir, entry), { recursive: true, force: true });
    }
    if (!existsSync(join(this.dir, 'HEAD'))) await this.git(['init', '-q', '--bare', '-b', this.branch]);
    removeCrashLeftovers(this.dir);
    const remotes = (await this.git(['remote'])).split('\n');
    if (remotes.includes('origin')) await this.git(['remote', 'set-url', 'origin', this.remoteUrl]);
    else await this.git(['remote', 'add', 'origin', this.remoteUrl]);
    for (const [key, value] of [
      ['gc.auto', '0'],
      ['maintenance.auto', 'false'],
      ['commit.gpgsign', 'false'],
      ['core.quotePath', 'false'],
      // fast-import keeps the pack it wrote: by default a pack of fewer than 100 objects (every change) is
      // exploded into loose objects by a second process, which doubled the cost of writing a commit
      ['fastimport.unpackLimit', '0'],
    ]) {
      await this.git(['config', key, value]);
    }
    // The remote URL in the config may carry credentials: the server's alone (git keeps the mode on rewrites).
    chmodSync(join(this.dir, 'config'), 0o600);
    await this.maintain();
  }

  /**
   * Packs loose objects once there are many (git's own auto-gc threshold; a small fetch leaves them loose)
   * and rolls the small packs of the commits (one per fast-import) into one, geometrically: the big pack
   * of the repository is left alone, so this costs what was written since, not the repository's size
   * (`gc.autoPackLimit` would repack everything into one). In the foreground: automatic maintenance is
   * off so no background gc races our writes.
   */
  async maintain(): Promise<void> {
    await this.importer.close(); // the repack deletes packs the running fast-import may hold open
    await this.git(['-c', 'gc.auto=6700', '-c', 'gc.autoPackLimit=0', '-c', 'gc.autoDetach=false', 'gc', '--auto', '--quiet']);
    if (safeList(join(this.dir, 'objects', 'pack')).filter((f) => f.endsWith('.pack')).length > MAX_PACKS) {
      await this.git(['repack', '-d', '-q', '--geometric=2']);
    }
  }

  /** Ends the running fast-import and releases the clone for other processes. */
  async release(): Promise<void> {
    await this.importer.close();
    if (readOwner(this.ownerFile) === process.pid) rmSync(this.ownerFile, { force: true });
  }

  /**
   * Fetches the branch and the review branches; the branch's tip, or undefined when the remote has no
   * such branch yet. Remote failures are thrown as typed errors.
   */
  async fetch(): Promise<string | undefined> {
    try {
      // --progress: the meter is what tells a big, moving transfer from a remote that stopped answering (see createGit)
      await this.git([
        'fetch',
        '--progress',
        '--prune',
        '--no-tags',
        'origin',
        `+refs/heads/${this.branch}:${this.trackingRef}`,
        `+refs/heads/${REVIEW_PREFIX}/*:refs/remotes/origin/${REVIEW_PREFIX}/*`,
      ]);
    } catch (err) {
      if (err instanceof GitCommandError && /couldn't find remote ref/.test(err.stderr)) return undefined;
      throw classifyGitError(err);
    }
    return this.tracking();
  }

  /** The remote branch's tip as last fetched or pushed, without the network. */
  async tracking(): Promise<string | undefined> {
    return this.git(['rev-parse', '-q', '--verify', `${this.trackingRef}^{commit}`]).then(
      (out) => out.trim(),
      () => undefined,
    );
  }

  /**
   * Pushes `source` to `refs/heads/<target>` (never forced; `base`, the tip it was built on, is what the
   * embedded repository's swap expects). 'non-fast-forward' when the remote moved (fetch and redo), 'locked'
   * when the remote's ref lock is taken (another push, or a stale lock file); a typed error for everything else.
   */
  async push(source: string, target: string = this.branch, base?: string): Promise<'pushed' | 'non-fast-forward' | { locked: string }> {
    try {
      if (this.embedded) await this.swap(source, target, base);
      else await this.git(['push', '--porcelain', '--progress', '--no-verify', 'origin', `${source}:refs/heads/${target}`]);
      if (++this.pushes % 50 === 0) await this.maintain();
      return 'pushed';
    } catch (err) {
      const outcome = pushOutcome(err);
      if (outcome) return outcome;
      throw classifyGitError(err);
    }
  }

  /**
   * The embedded repository's push: one ref transaction moves the branch to `source` only if it is still at
   * `base`, the commit `source` was built on (or, when the caller does not say, where it was last fetched;
   * absent: the branch must not exist), and the tracking ref with it. That is the fast-forward a push
   * checks: when someone else moved the branch meanwhile git answers `is at … but expected …` (or
   * `reference already exists`), which `push` reports as 'non-fast-forward': fetch and redo.
   */
  private async swap(source: string, target: string, base?: string): Promise<void> {
    const tracking = `refs/remotes/origin/${target}`;
    const expected =
      base ??
      (await this.git(['rev-parse', '-q', '--verify', tracking]).then(
        (out) => out.trim(),
        () => NO_COMMIT,
      ));
    await this.git(['update-ref', '--stdin'], { input: `update refs/heads/${target} ${source} ${expected}\nupdate ${tracking} ${source}\n` });
  }

  private get ownerFile(): string {
    return ownerFile(this.dir);
  }

  /** One process per clone: a second server on the same data directory would corrupt the other's work. */
  private claim(): void {
    const owner = otherOwner(this.dir);
    if (owner !== undefined) throw new CloneBusyError(`working clone ${this.dir} is in use by process ${owner}`);
    mkdirSync(dirname(this.ownerFile), { recursive: true });
    writeFileSync(this.ownerFile, String(process.pid));
  }
}

/**
 * What a killed git leaves in a repository it was writing: lock files (ref locks, packed-refs.lock,
 * config.lock, index.lock), temporary packs of fetch and fast-import, and the quarantine folders
 * (`objects/tmp_objdir-incoming-*`) of a receive-pack killed mid-push. Only for repositories this process
 * owns, before it runs git on them. Returns the paths removed.
 */
export function removeCrashLeftovers(gitDir: string): string[] {
  const removed: string[] = [];
  const remove = (path: string) => {
    rmSync(path, { recursive: true, force: true });
    removed.push(path);
  };
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'objects') walk(path);
      } else if (entry.name.endsWith('.lock')) {
        remove(path);
      }
    }
  };
  walk(gitDir);
  const objects = join(gitDir, 'objects');
  for (const entry of safeList(objects)) if (entry.startsWith('tmp_objdir-')) remove(join(objects, entry));
  const packs = join(objects, 'pack');
  for (const entry of safeList(packs)) if (entry.startsWith('tmp_') || entry.startsWith('.tmp-')) remove(join(packs, entry));
  return removed;
}

/**
 * Stale lock files of `branch` in a repository on this machine (a `file://` or path remote): a lock
 * older than `minAgeMs` is no running push's (those hold it for milliseconds) but a crashed one's, and
 * makes every push fail until it is removed.
 */
export function staleBranchLock(gitDir: string, branch: string, minAgeMs = 10_000, now = Date.now()): string | undefined {
  const lock = join(gitDir, 'refs', 'heads', `${branch}.lock`);
  try {
    return now - statSync(lock).mtimeMs >= minAgeMs ? lock : undefined;
  } catch {
    return undefined;
  }
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

const ownerFile = (dir: string) => `${dir}.owner`;

/** The live process other than this one that claimed the clone `dir`, if any. */
function otherOwner(dir: string): number | undefined {
  const owner = readOwner(ownerFile(dir));
  return owner !== undefined && owner !== process.pid && isAlive(owner) ? owner : undefined;
}

/** Removes a clone no live process holds (the separate working clone of earlier versions). */
export function removeUnclaimedClone(dir: string): void {
  if (otherOwner(dir) !== undefined) return;
  rmSync(dir, { recursive: true, force: true });
  rmSync(ownerFile(dir), { force: true });
}

function readOwner(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

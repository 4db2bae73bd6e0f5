import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { classifyGitError, isNonFastForward } from './classify';
import { CloneBusyError } from './errors';
import { Git, GitCommandError } from './git';

/** Prefix of review branches on the remote: `dataroaster/review/<kind>/<instance>/<request-id>`. */
export const REVIEW_PREFIX = 'dataroaster/review';

/**
 * The service's own working clone of the GitOps repository (under the data directory). Callers hold
 * the delivery mutex around every method: one writer per clone at a time.
 */
export class WorkingClone {
  /** True while HEAD and the files equal `origin/<branch>` as last fetched or pushed. */
  public synced = false;
  private pushes = 0;

  constructor(
    readonly dir: string,
    readonly remoteUrl: string,
    readonly branch: string,
    readonly git: Git,
  ) {}

  private get trackingRef(): string {
    return `refs/remotes/origin/${this.branch}`;
  }

  /**
   * Creates or reopens the clone: claims it for this process, removes lock files a crashed process
   * left behind (no git process of ours can be running on it yet), points `origin` at the configured URL.
   */
  async open(): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    this.claim();
    if (!existsSync(join(this.dir, '.git'))) await this.git(['init', '-q', '-b', this.branch]);
    removeStaleLocks(join(this.dir, '.git'));
    const remotes = (await this.git(['remote'])).split('\n');
    await this.git(remotes.includes('origin') ? ['remote', 'set-url', 'origin', this.remoteUrl] : ['remote', 'add', 'origin', this.remoteUrl]);
    for (const [key, value] of [['core.autocrlf', 'false'], ['gc.auto', '0'], ['maintenance.auto', 'false'], ['commit.gpgsign', 'false'], ['core.quotePath', 'false']]) {
      await this.git(['config', key, value]);
    }
    // The remote URL in .git/config may carry credentials: the server's alone (git keeps the mode on rewrites).
    chmodSync(join(this.dir, '.git', 'config'), 0o600);
    await this.maintain();
  }

  /**
   * Packs loose objects and the small packs fast-import leaves once there are many (git's own auto-gc
   * thresholds), in the foreground: automatic maintenance is off so no background gc races our writes.
   */
  async maintain(): Promise<void> {
    await this.git(['-c', 'gc.auto=6700', '-c', 'gc.autoPackLimit=50', '-c', 'gc.autoDetach=false', 'gc', '--auto', '--quiet']);
  }

  /** Releases the clone for other processes. */
  release(): void {
    if (readOwner(this.ownerFile) === process.pid) rmSync(this.ownerFile, { force: true });
  }

  /**
   * Fetches the branch and the review branches; false when the remote has no such branch yet.
   * Remote failures are thrown as typed errors.
   */
  async fetch(): Promise<boolean> {
    try {
      await this.git(['fetch', '-q', '--prune', '--no-tags', 'origin', `+refs/heads/${this.branch}:${this.trackingRef}`, `+refs/heads/${REVIEW_PREFIX}/*:refs/remotes/origin/${REVIEW_PREFIX}/*`]);
      return true;
    } catch (err) {
      if (err instanceof GitCommandError && /couldn't find remote ref/.test(err.stderr)) return false;
      throw classifyGitError(err);
    }
  }

  /** Fetch, then make the working tree exactly the remote tip. */
  async sync(): Promise<boolean> {
    if (!(await this.fetch())) return false;
    await this.resetToTracking();
    return true;
  }

  /**
   * HEAD, index and files := `origin/<branch>` as last known, without the network (the remote may be
   * down): drops unpushed commits and half-written files after a failure.
   */
  async resetToTracking(): Promise<void> {
    this.synced = false;
    await this.git(['checkout', '-q', '-f', '-B', this.branch, this.trackingRef]);
    await this.git(['clean', '-q', '-ffdx']);
    this.synced = true;
  }

  /** Best-effort reset after a failure: to the remote tip if it answers, else to the last known one. */
  async recover(): Promise<void> {
    this.synced = false;
    try {
      await this.sync();
    } catch {
      if (await this.hasTracking()) await this.resetToTracking().catch(() => undefined);
    }
    this.synced = false; // fetch again before the next change: the remote may have moved meanwhile
  }

  async hasTracking(): Promise<boolean> {
    return this.git(['rev-parse', '-q', '--verify', this.trackingRef]).then(
      () => true,
      () => false,
    );
  }

  /** SHA of HEAD. Reads the loose ref file when it can (no process), else asks git. */
  async head(): Promise<string> {
    try {
      const ref = readFileSync(join(this.dir, '.git', 'HEAD'), 'utf8').trim();
      if (ref.startsWith('ref: ')) return readFileSync(join(this.dir, '.git', ref.slice(5)), 'utf8').trim();
      if (/^[0-9a-f]{40}$/.test(ref)) return ref;
    } catch {
      // packed or unborn: fall through
    }
    return (await this.git(['rev-parse', 'HEAD'])).trim();
  }

  /** Stages `paths` (additions and deletions) and commits them with the given identity. Returns the commit. */
  async commit(paths: readonly string[], message: string, env: Record<string, string>): Promise<string> {
    await this.git(['add', '-A', '--', ...paths]);
    await this.git(['commit', '-q', '--no-verify', '-F', '-'], { input: message, env });
    return this.head();
  }

  /**
   * Pushes `source` to `refs/heads/<target>` (never forced). Resolves 'non-fast-forward' when the
   * remote moved (fetch and redo), throws a typed error for everything else.
   */
  async push(source: string, target: string = this.branch): Promise<'pushed' | 'non-fast-forward'> {
    try {
      await this.git(['push', '--porcelain', '--no-verify', 'origin', `${source}:refs/heads/${target}`]);
      if (++this.pushes % 100 === 0) await this.maintain();
      return 'pushed';
    } catch (err) {
      if (isNonFastForward(err)) return 'non-fast-forward';
      throw classifyGitError(err);
    }
  }

  private get ownerFile(): string {
    return `${this.dir}.owner`;
  }

  /** One process per clone: a second server on the same data directory would corrupt the other's work. */
  private claim(): void {
    const owner = readOwner(this.ownerFile);
    if (owner !== undefined && owner !== process.pid && isAlive(owner)) {
      throw new CloneBusyError(`working clone ${this.dir} is in use by process ${owner}`);
    }
    mkdirSync(dirname(this.ownerFile), { recursive: true });
    writeFileSync(this.ownerFile, String(process.pid));
  }
}

/** Lock files git leaves when it is killed: index.lock, HEAD.lock, ref locks, config.lock. */
function removeStaleLocks(gitDir: string): void {
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
        rmSync(path, { force: true });
      }
    }
  };
  walk(gitDir);
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

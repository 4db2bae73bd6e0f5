import { spawn } from 'node:child_process';

import { redactUrls } from './redact';

/** A git command that exited non-zero (or was killed); `stderr` holds git's (and the remote's) own words. */
export class GitCommandError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number | null,
    readonly stderr: string,
    readonly stdout: string,
    readonly timedOut: boolean,
    /** The limit that was hit, when `timedOut`. */
    readonly timeoutMs?: number,
    /** Which limit: 'idle' (no output for `timeoutMs`: the remote stopped answering) or 'total'. */
    readonly limit?: 'idle' | 'total',
  ) {
    super(
      redactUrls(
        `git ${args[0]} failed${timedOut ? (limit === 'total' ? ` (not finished within ${timeoutMs} ms)` : ` (no answer within ${timeoutMs} ms)`) : ''}: ${stderr.trim() || stdout.trim() || `exit code ${exitCode}`}`,
      ),
    );
    this.name = 'GitCommandError';
  }
}

export interface GitOptions {
  /** Working directory of every command (the bare clone). */
  readonly dir: string;
  /** Kill a local command that runs longer than this. */
  readonly timeoutMs: number;
  /**
   * Kill a command that talks to the remote (fetch, push, ls-remote) once it has been this long without
   * any output: no byte and no progress line (fetch and push run with `--progress`, which git prints
   * at least every second while objects are counted, compressed, sent or received). git:// has no idle
   * timeout of its own and ssh only the ones set below, so this is what bounds a remote that accepts the
   * connection and never answers, and the time to connect — while a big transfer that keeps moving (the
   * first fetch of a repository with thousands of instances) is never cut off. @default timeoutMs
   */
  readonly networkTimeoutMs?: number;
  /**
   * Longest a command that talks to the remote may run in all, however it progresses: a safety net
   * against a remote that trickles forever. @default max(30 × networkTimeoutMs, 10 minutes)
   */
  readonly networkTotalMs?: number;
}

export interface RunOptions {
  /** Text for stdin (fast-import streams, cat-file requests). */
  readonly input?: string;
  /** Extra environment (author and committer identity). */
  readonly env?: Readonly<Record<string, string>>;
}

/** Runs one git command in the clone; resolves with its stdout. `raw` keeps stdout as bytes (object contents). */
export interface Git {
  (args: readonly string[], options?: RunOptions): Promise<string>;
  raw(args: readonly string[], options?: RunOptions): Promise<Buffer>;
}

/** Subcommands that talk to the remote: they get the network timeout. */
const NETWORK_COMMANDS = new Set(['fetch', 'push', 'ls-remote', 'clone']);

/**
 * The environment of every git process: no terminal prompt (a missing credential fails instead of
 * hanging), ssh in batch mode with connect and keep-alive timeouts, HTTP transfers aborted when they
 * stall (below 1 KB/s for `idleSeconds`), C locale (error messages are matched by text), and neither the
 * global nor the system config, so the host's settings never change what is committed.
 */
export function gitEnv(idleSeconds = 20): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^GIT_/.test(key)) env[key] = value;
  const idle = String(Math.max(1, Math.round(idleSeconds)));
  return {
    ...env,
    GIT_TERMINAL_PROMPT: '0',
    GIT_SSH_COMMAND: `ssh -o BatchMode=yes -o ConnectTimeout=${idle} -o ServerAliveInterval=${Math.max(1, Math.round(Number(idle) / 3))} -o ServerAliveCountMax=3`,
    GIT_HTTP_LOW_SPEED_LIMIT: '1000',
    GIT_HTTP_LOW_SPEED_TIME: idle,
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    LC_ALL: 'C',
    LANG: 'C',
  };
}

/**
 * Runs git directly (not simple-git, which waits 50 ms after every silent command). Every command has a
 * deadline; on expiry its whole process group is killed (git, git-remote-http, ssh), so nothing is left
 * holding the connection, and the error says `timedOut`.
 */
export function createGit(options: GitOptions): Git {
  const networkTimeoutMs = options.networkTimeoutMs ?? options.timeoutMs;
  const networkTotalMs = options.networkTotalMs ?? Math.max(30 * networkTimeoutMs, 600_000);
  const base = gitEnv(networkTimeoutMs / 1000);
  const raw = (args: readonly string[], run: RunOptions = {}) =>
    new Promise<Buffer>((resolve, reject) => {
      const network = NETWORK_COMMANDS.has(args[0]);
      const child = spawn('git', [...args], {
        cwd: options.dir,
        env: run.env ? { ...base, ...run.env } : base,
        detached: true,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let timedOut: { ms: number; limit: 'idle' | 'total' } | undefined;
      const expire = (ms: number, limit: 'idle' | 'total') => () => {
        timedOut = { ms, limit };
        killGroup(child.pid);
      };
      // a local command: one deadline for the whole run; a network one: idle (reset by every output) and total
      const total = setTimeout(
        expire(network ? networkTotalMs : options.timeoutMs, network ? 'total' : 'idle'),
        network ? networkTotalMs : options.timeoutMs,
      );
      let idle = network ? setTimeout(expire(networkTimeoutMs, 'idle'), networkTimeoutMs) : undefined;
      const moved = () => {
        if (idle === undefined || timedOut) return;
        clearTimeout(idle);
        idle = setTimeout(expire(networkTimeoutMs, 'idle'), networkTimeoutMs);
      };
      const stop = () => {
        clearTimeout(total);
        if (idle !== undefined) clearTimeout(idle);
      };
      child.stdout.on('data', (chunk: Buffer) => {
        stdout.push(chunk);
        moved();
      });
      child.stderr.on('data', (chunk: Buffer) => {
        stderr.push(chunk);
        moved();
      });
      child.stdin.on('error', () => undefined); // git may exit before reading all of stdin; its exit status tells
      child.on('error', (err) => {
        stop();
        reject(new GitCommandError(args, null, err.message, '', false));
      });
      child.on('close', (code) => {
        stop();
        const out = Buffer.concat(stdout);
        if (code === 0 && !timedOut) return resolve(out);
        const err = Buffer.concat(stderr).toString('utf8');
        reject(
          new GitCommandError(
            args,
            code,
            network ? withoutProgress(err) : err,
            out.toString('utf8'),
            timedOut !== undefined,
            timedOut?.ms,
            timedOut?.limit,
          ),
        );
      });
      child.stdin.end(run.input ?? '');
    });
  const git = (async (args: readonly string[], run?: RunOptions) => (await raw(args, run)).toString('utf8')) as Git;
  git.raw = raw;
  return git;
}

/** git's progress meters (`--progress`: `Receiving objects:  42% (…)`, `remote: Counting objects: …`), one per line or `\r`. */
const PROGRESS =
  /^(remote:\s*)?(Enumerating objects|Counting objects|Compressing objects|Writing objects|Receiving objects|Resolving deltas|Unpacking objects|Checking connectivity|Checking objects|Finding sources|Delta compression using|Total \d+ \(delta \d+\))/;

/** stderr of a command run with `--progress`, without its progress meters: what git and the remote said. */
export function withoutProgress(stderr: string): string {
  return stderr
    .split(/\r\n|\r|\n/)
    .filter((line) => !PROGRESS.test(line.trim()))
    .join('\n');
}

/** Kills a process started `detached` and everything it started (its process group). */
export function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

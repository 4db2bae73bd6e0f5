import { execFile } from 'node:child_process';
import { redactUrls } from './redact';

/** A git command that exited non-zero; `stderr` holds git's (and the remote's) own words. */
export class GitCommandError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number | null,
    readonly stderr: string,
    readonly stdout: string,
    readonly timedOut: boolean,
  ) {
    super(redactUrls(`git ${args[0]} failed${timedOut ? ' (timed out)' : ''}: ${stderr.trim() || stdout.trim() || `exit code ${exitCode}`}`));
    this.name = 'GitCommandError';
  }
}

export interface GitOptions {
  /** Working directory of every command. */
  readonly dir: string;
  /** Kill a command that runs longer than this. */
  readonly timeoutMs: number;
}

export interface RunOptions {
  /** Text for stdin (commit messages). */
  readonly input?: string;
  /** Extra environment (author and committer identity). */
  readonly env?: Readonly<Record<string, string>>;
}

export type Git = (args: readonly string[], options?: RunOptions) => Promise<string>;

/**
 * The environment of every git process: no terminal prompt (a missing credential fails instead of
 * hanging), ssh in batch mode, C locale (error messages are matched by text), and neither the global
 * nor the system config, so the host's settings never change what is committed.
 */
export function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^GIT_/.test(key)) env[key] = value;
  return {
    ...env,
    GIT_TERMINAL_PROMPT: '0',
    GIT_SSH_COMMAND: 'ssh -o BatchMode=yes',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    LC_ALL: 'C',
    LANG: 'C',
  };
}

/**
 * Runs git directly with `execFile`. (simple-git waits 50 ms after every command that prints nothing —
 * `add`, `reset -q`, … — which alone would break the commit-latency target, so the six commands a change
 * needs go through this small runner instead.)
 */
export function createGit(options: GitOptions): Git {
  const base = gitEnv();
  return (args, run = {}) =>
    new Promise((resolve, reject) => {
      const child = execFile(
        'git',
        [...args],
        { cwd: options.dir, env: run.env ? { ...base, ...run.env } : base, timeout: options.timeoutMs, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' },
        (err, stdout, stderr) => {
          if (!err) return resolve(stdout);
          const timedOut = (err as NodeJS.ErrnoException & { killed?: boolean }).killed === true;
          const code = typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : null;
          reject(new GitCommandError(args, code, stderr, stdout, timedOut));
        },
      );
      if (run.input !== undefined) child.stdin?.end(run.input);
    });
}

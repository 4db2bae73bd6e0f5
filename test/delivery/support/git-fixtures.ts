import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { gitEnv } from '../../../src/delivery/git';

/** Temporary folders removed after the test file. */
const made: string[] = [];
export function tempDir(prefix = 'delivery-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Runs git in `dir` with no global or system config (the same environment the delivery module uses). */
export function git(dir: string, args: string[], input?: string): string {
  return execFileSync('git', args, { cwd: dir, env: gitEnv(), input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

/** A bare repository on disk, as a remote. */
export function bareRemote(parent = tempDir('remote-'), name = 'gitops.git'): string {
  const path = join(parent, name);
  execFileSync('git', ['init', '-q', '--bare', '-b', 'main', path], { env: gitEnv() });
  git(path, ['config', 'gc.auto', '0']);
  return path;
}

/** A plain clone of `remote` for a second, hand-written writer. */
export function handClone(remote: string): string {
  const dir = join(tempDir('hand-'), 'clone');
  execFileSync('git', ['clone', '-q', remote, dir], { env: gitEnv() });
  git(dir, ['config', 'user.name', 'Someone Else']);
  git(dir, ['config', 'user.email', 'else@example.test']);
  return dir;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** `git daemon --enable=receive-pack` serving `base` on 127.0.0.1, started and stopped by the test. */
export class GitDaemon {
  private child?: ChildProcess;
  constructor(
    readonly base: string,
    readonly port: number,
  ) {}

  static async start(base: string): Promise<GitDaemon> {
    const daemon = new GitDaemon(base, await freePort());
    await daemon.start();
    return daemon;
  }

  url(repo: string): string {
    return `git://127.0.0.1:${this.port}/${repo}`;
  }

  async start(): Promise<void> {
    const args = [
      'daemon',
      '--reuseaddr',
      '--export-all',
      '--enable=receive-pack',
      `--base-path=${this.base}`,
      '--listen=127.0.0.1',
      `--port=${this.port}`,
      this.base,
    ];
    // its own process group: `git daemon` runs `git-daemon` as a child, and killing only `git` would leave it listening
    this.child = spawn('git', args, { env: gitEnv(), stdio: 'ignore', detached: true });
    for (let i = 0; i < 100; i++) {
      try {
        execFileSync('git', ['ls-remote', `git://127.0.0.1:${this.port}/none`], { env: gitEnv(), stdio: 'ignore', timeout: 2000 });
        return;
      } catch {
        // "not found" from a listening daemon is exit 128 after connecting; "connection refused" too, so probe the port
        if (await listening(this.port)) return;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('git daemon did not start');
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      process.kill(-child.pid!, 'SIGKILL');
    });
  }
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

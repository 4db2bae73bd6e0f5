import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..', '..');
const MAIN = join(ROOT, 'lib', 'api-server', 'main.js');

/** `node lib/api-server/main.js`, started by a test. */
export interface ServerProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly exited: Promise<number | null>;
}

/** Compiles lib/ from the sources (incremental: fast when current), since the child runs the compiled server. */
export function compileServer(): void {
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.json')], { cwd: ROOT });
}

/**
 * Starts the server (what `npm start` runs after building) in `cwd` on a free port, and resolves once
 * it prints where it listens; rejects with its output if it exits first.
 */
export function startServer(cwd: string, env: Record<string, string> = {}, timeoutMs = 60_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, [MAIN], {
    cwd,
    // HOME is the test's folder: the default data directory (~/.dataroaster) lands there, not in the real home.
    env: { PATH: process.env.PATH, HOME: cwd, PORT: '0', DATAROASTER_BCRYPT_COST: '10', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return new Promise((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`no URL printed within ${timeoutMs} ms:\n${out}\n${err}`)), timeoutMs);
    child.stderr!.on('data', () => {
      const match = /DataRoaster API listening on (http:\/\/\S+)/.exec(err);
      if (match) {
        clearTimeout(timer);
        ready({ child, url: match[1], stdout: () => out, stderr: () => err, exited });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      fail(new Error(`exited with ${code}:\n${out}\n${err}`));
    });
  });
}

/** The JSON log lines the server printed on stdout, parsed (stdout holds nothing else). */
export function logLines(stdout: string): Record<string, any>[] {
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, any>);
}

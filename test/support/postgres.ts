import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Client } from 'pg';

/**
 * A real PostgreSQL server for tests: `initdb` in a temp dir, `postgres` on a free loopback port,
 * stopped and removed by `stop()`. Needs Debian's `postgresql` package (`.ci/run` installs it).
 * initdb and postgres refuse to run as root, so as root they run as the `postgres` user (runuser).
 */
export interface PostgresServer {
  readonly port: number;
  /** A new, empty database; its URL. */
  createDatabase(): Promise<string>;
  /** Immediate shutdown (SIGQUIT to the postmaster: no checkpoint, connections cut), as a crash looks to clients. */
  kill(): Promise<void>;
  /** Starts it again on the same data and port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** The directory of initdb/postgres: Debian keeps them out of PATH, under /usr/lib/postgresql/<major>/bin. */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (majors.length === 0) {
    throw new Error(
      'PostgreSQL server binaries not found under /usr/lib/postgresql: install them with "apt-get install -y postgresql" (.ci/run does)',
    );
  }
  return join(root, majors[0], 'bin');
}

const asRoot = process.getuid?.() === 0;

/** `binary args…`, as the postgres user when we are root. */
function command(binary: string, args: string[]): [string, string[]] {
  return asRoot ? ['runuser', ['-u', 'postgres', '--', binary, ...args]] : [binary, args];
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'dataroaster-pg-'));
  const data = join(dir, 'data');
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(dir, uid, gid);
  }
  const [initdb, initArgs] = command(join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--no-sync',
    '--no-instructions',
  ]);
  execFileSync(initdb, initArgs, { stdio: 'pipe' });
  const port = await freePort();
  let child: ChildProcess | undefined;
  let log = '';
  let databases = 0;

  const start = async () => {
    const [postgres, args] = command(join(bin, 'postgres'), [
      '-D',
      data,
      '-p',
      String(port),
      '-k',
      dir,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'fsync=off',
      '-c',
      'max_connections=200',
    ]);
    child = spawn(postgres, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (c: Buffer) => (log += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (log += c.toString()));
    const deadline = Date.now() + 30_000;
    for (;;) {
      const client = new Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
      try {
        await client.connect();
        await client.end();
        return;
      } catch {
        await client.end().catch(() => undefined);
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`PostgreSQL did not start:\n${log}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };
  /** The postmaster's pid: the first line of postmaster.pid (the child may be runuser). */
  const postmasterPid = () => Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const halt = async (signal: NodeJS.Signals) => {
    const running = child;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((r) => running.once('exit', r));
    process.kill(postmasterPid(), signal);
    await exited;
    child = undefined;
  };

  await start();
  return {
    port,
    async createDatabase() {
      const name = `test_${process.pid}_${++databases}`;
      const client = new Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
      await client.connect();
      await client.query(`CREATE DATABASE ${name}`);
      await client.end();
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    kill: () => halt('SIGQUIT'),
    restart: start,
    async stop() {
      await halt('SIGINT'); // fast shutdown
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

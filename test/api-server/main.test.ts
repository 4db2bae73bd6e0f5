import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const MAIN = join(ROOT, 'lib', 'api-server', 'main.js');

interface Started {
  readonly child: ChildProcess;
  readonly url: string;
  readonly stdout: () => string;
  readonly exited: Promise<number | null>;
}

/** Starts `node lib/api-server/main.js` (what `npm start` runs after building) in `cwd`. */
function start(cwd: string, env: Record<string, string> = {}): Promise<Started> {
  const child = spawn(process.execPath, [MAIN], {
    cwd,
    env: { PATH: process.env.PATH, PORT: '0', DATAROASTER_BCRYPT_COST: '10', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return new Promise((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`no URL printed within 20 s:\n${out}\n${err}`)), 20_000);
    child.stdout!.on('data', () => {
      const match = /DataRoaster API listening on (http:\/\/\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        ready({ child, url: match[1], stdout: () => out, exited });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      fail(new Error(`exited with ${code}:\n${out}\n${err}`));
    });
  });
}

describe('npm start (lib/api-server/main.js)', () => {
  let cwd: string;
  beforeAll(() => {
    // The child runs the compiled server; make sure lib/ matches the sources (incremental, fast when current).
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.json')], { cwd: ROOT });
  }, 120_000);
  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), 'dataroaster-main-'));
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  test('a fresh start creates admin with a printed random password; the URL is printed; SIGTERM stops it cleanly', async () => {
    // Given an empty directory (a fresh clone)
    const server = await start(cwd);
    // Then the original's bootstrap line is printed, and the password works
    const line = /^randomly generated password for user 'admin': ([0-9a-f]{32})$/m.exec(server.stdout());
    expect(line).not.toBeNull();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const login = await fetch(`${server.url}/v1/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `user=admin&password=${line![1]}`,
    });
    expect(login.status).toBe(200);
    // and the password is printed once, not logged as a field
    expect(server.stdout().split(line![1]).length).toBe(2);
    // When SIGTERM arrives
    server.child.kill('SIGTERM');
    // Then it exits 0 after saying so
    expect(await server.exited).toBe(0);
    expect(server.stdout()).toContain('"msg":"stopped"');

    // A second start on the same data directory keeps the admin and prints no password
    const again = await start(cwd);
    expect(again.stdout()).not.toContain('randomly generated password');
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  }, 60_000);

  test('DATAROASTER_ADMIN_PASSWORD and DATAROASTER_DATA_DIR are honoured', async () => {
    const server = await start(cwd, { DATAROASTER_ADMIN_PASSWORD: 'configured-admin-pw', DATAROASTER_DATA_DIR: 'state' });
    expect(server.stdout()).not.toContain('randomly generated password');
    expect(server.stdout()).toContain(`(data in ${join(cwd, 'state')})`);
    const login = await fetch(`${server.url}/v1/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user: 'admin', password: 'configured-admin-pw' }) });
    expect(login.status).toBe(200);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  }, 60_000);

  test('bad configuration stops the start with a message and exit code 1', async () => {
    await expect(start(cwd, { DATAROASTER_TOKEN_TTL: 'forever' })).rejects.toThrow(
      /exited with 1:[\s\S]*dataroaster-api: DATAROASTER_TOKEN_TTL: expected a positive duration like "10h", "30m" or "45s", got "forever"/,
    );
  }, 60_000);
});

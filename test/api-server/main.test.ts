import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { gitEnv } from '../../src/delivery/git';
import { base64, curl } from './support/curl';
import { seedYaml } from './support/seed';
import { compileServer, logLines, startServer as start } from './support/server-process';

describe('npm start (lib/api-server/main.js)', () => {
  let cwd: string;
  beforeAll(() => compileServer(), 120_000);
  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), 'dataroaster-main-'));
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  test('a fresh start creates admin with a printed random password; the URL is printed; SIGTERM stops it cleanly', async () => {
    // Given an empty directory (a fresh clone)
    const server = await start(cwd);
    // Then the original's bootstrap line is printed, and the password works
    const line = /^randomly generated password for user 'admin': ([0-9a-f]{32})$/m.exec(server.stderr());
    expect(line).not.toBeNull();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const login = await fetch(`${server.url}/v1/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `user=admin&password=${line![1]}`,
    });
    expect(login.status).toBe(200);
    // and the password is printed once, not logged as a field
    expect(server.stderr().split(line![1]).length).toBe(2);
    expect(server.stdout()).not.toContain(line![1]);
    // and stdout holds only JSON log lines
    for (const text of server.stdout().split('\n').filter(Boolean)) expect(() => JSON.parse(text)).not.toThrow();
    // When SIGTERM arrives
    server.child.kill('SIGTERM');
    // Then it exits 0 after saying so
    expect(await server.exited).toBe(0);
    expect(server.stdout()).toContain('"msg":"stopped"');

    // A second start on the same data directory keeps the admin and prints no password
    const again = await start(cwd);
    expect(again.stderr()).not.toContain('randomly generated password');
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  }, 60_000);

  test('DATAROASTER_ADMIN_PASSWORD and DATAROASTER_DATA_DIR are honoured', async () => {
    const server = await start(cwd, { DATAROASTER_ADMIN_PASSWORD: 'configured-admin-pw', DATAROASTER_DATA_DIR: 'state' });
    expect(server.stderr()).not.toContain('randomly generated password');
    expect(server.stderr()).toContain(`(data in ${join(cwd, 'state')})`);
    const login = await fetch(`${server.url}/v1/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: 'admin', password: 'configured-admin-pw' }),
    });
    expect(login.status).toBe(200);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  }, 60_000);

  test('bad configuration stops the start with a message and exit code 1', async () => {
    await expect(start(cwd, { DATAROASTER_TOKEN_TTL: 'forever' })).rejects.toThrow(
      /exited with 1:[\s\S]*dataroaster-api: DATAROASTER_TOKEN_TTL: expected a positive duration like "10h", "30m" or "45s", got "forever"/,
    );
  }, 60_000);

  test('bad delivery configuration stops the start too, naming the variable', async () => {
    await expect(start(cwd, { DATAROASTER_REVIEW: 'sometimes' })).rejects.toThrow(
      /exited with 1:[\s\S]*dataroaster-api: invalid delivery configuration: DATAROASTER_REVIEW: /,
    );
  }, 60_000);

  test('SIGTERM while changes are being pushed: they are pushed and answered, new connections refused, exit 0', async () => {
    // Given a remote whose pushes take a second (a slow Git server)
    const remote = join(cwd, 'remote.git');
    execFileSync('git', ['init', '-q', '--bare', '-b', 'main', remote], { env: gitEnv() });
    writeFileSync(join(remote, 'hooks', 'pre-receive'), '#!/bin/sh\nsleep 1\n');
    chmodSync(join(remote, 'hooks', 'pre-receive'), 0o755);
    const server = await start(cwd, { DATAROASTER_GIT_URL: remote, DATAROASTER_ADMIN_PASSWORD: 'configured-admin-pw' });
    const { token } = (await curl('POST', `${server.url}/v1/login`, { data: ['user=admin', 'password=configured-admin-pw'] })).body;
    // When three creates are in flight and SIGTERM arrives
    const creates = ['etl-a', 'etl-b', 'etl-c'].map((name) =>
      curl('POST', `${server.url}/v1/trino/create`, {
        token,
        data: [`yaml=${base64(seedYaml('trino-cluster-etl').replace('name: trino-cluster-etl', `name: ${name}`))}`],
      }),
    );
    await new Promise((r) => setTimeout(r, 300));
    server.child.kill('SIGTERM');
    // (once it has taken the signal: its event loop may be busy synthesizing for a while — on a loaded machine a
    // connection made 100 ms after the kill still reached the listening socket, and was rightly served)
    for (
      const deadline = Date.now() + 20_000;
      !logLines(server.stdout()).some((l) => l.msg === 'shutting down: finishing in-flight requests and commits');
    ) {
      if (Date.now() > deadline) throw new Error(`no shutdown logged within 20 s:\n${server.stdout()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    // Then no new connection is accepted
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    // and every change in flight was pushed and answered before the process exited cleanly
    const answers = await Promise.all(creates);
    expect(answers.map((a) => [a.status, a.body.status])).toEqual([
      [200, 'committed'],
      [200, 'committed'],
      [200, 'committed'],
    ]);
    expect(await server.exited).toBe(0);
    const log = execFileSync('git', ['log', '--format=%s', 'main'], { cwd: remote, env: gitEnv(), encoding: 'utf8' });
    expect(log.trim().split('\n').sort()).toEqual([
      'dataroaster: initialize the GitOps repository',
      'trino: create etl-a',
      'trino: create etl-b',
      'trino: create etl-c',
    ]);
  }, 60_000);
});

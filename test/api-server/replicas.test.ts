import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { gitEnv } from '../../src/delivery/git';
import { testKeys } from '../secrets/support';
import { PostgresServer, startPostgres } from '../support/postgres';
import { base64 } from './support/curl';
import { seedYaml } from './support/seed';
import { compileServer, ServerProcess, startServer } from './support/server-process';

/** A request to one replica, as a client behind the ingress at `from` (one trusted proxy hop). */
async function call(
  server: ServerProcess,
  method: string,
  path: string,
  options: { token?: string; form?: Record<string, string>; from?: string; timeoutMs?: number } = {},
) {
  const headers: Record<string, string> = { 'X-Forwarded-For': options.from ?? '192.0.2.10' };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.form) headers['Content-Type'] = 'application/x-www-form-urlencoded';
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers,
    body: options.form ? new URLSearchParams(options.form).toString() : undefined,
    signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
  });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: text ? JSON.parse(text) : undefined };
}

const trinoYaml = (name: string) =>
  seedYaml('trino-cluster-etl').replace('name: trino-cluster-etl', `name: ${name}`).replace('namespace: trino-cluster-etl', `namespace: ${name}`);

// Two API servers (real processes) on one PostgreSQL and one Git remote, as the production shape runs them.
describe('two replicas on one PostgreSQL and one Git remote', () => {
  let pg: PostgresServer;
  let dir: string;
  let remote: string;
  let a: ServerProcess;
  let b: ServerProcess;
  let adminPassword: string;

  beforeAll(async () => {
    const t0 = Date.now();
    const step = (what: string) => process.stderr.write(`replicas: ${what} after ${Date.now() - t0} ms\n`);
    compileServer();
    step('compiled');
    pg = await startPostgres();
    step('postgres up');
    dir = mkdtempSync(join(tmpdir(), 'dataroaster-replicas-'));
    remote = join(dir, 'remote.git');
    execFileSync('git', ['init', '-q', '--bare', '-b', 'main', remote], { env: gitEnv() });
    writeFileSync(join(dir, 'cert.pem'), testKeys().certificatePem);
    writeFileSync(join(dir, 'hash.key'), 'a hash key all replicas share..');
    const env = {
      DATAROASTER_DATABASE_URL: await pg.createDatabase(),
      DATAROASTER_GIT_URL: remote,
      DATAROASTER_GIT_PUSH_ATTEMPTS: '20',
      DATAROASTER_SEALED_SECRETS_CERT: join(dir, 'cert.pem'),
      DATAROASTER_SEALED_SECRETS_HASH_KEY: join(dir, 'hash.key'),
      DATAROASTER_TRUST_PROXY: '1',
      DATAROASTER_LOGIN_MAX_FAILURES: '3',
    };
    for (const name of ['init', 'a', 'b']) mkdirSync(join(dir, name));
    // The remote is initialized first by a server of its own (two servers initializing an empty remote at
    // once is the delivery module's race: the loser exits 1 and is restarted — not what this test is about).
    const init = await startServer(join(dir, 'init'), { ...env, DATAROASTER_DATABASE_URL: '' }, 240_000);
    init.child.kill('SIGTERM');
    expect(await init.exited).toBe(0);
    step('remote initialized');
    // Then both replicas start together: the migrations and the admin bootstrap race
    const started = await Promise.allSettled([startServer(join(dir, 'a'), env, 240_000), startServer(join(dir, 'b'), env, 240_000)]);
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) {
      for (const s of started) if (s.status === 'fulfilled') s.value.child.kill('SIGKILL');
      throw (failed as PromiseRejectedResult).reason;
    }
    [a, b] = started.map((s) => (s as PromiseFulfilledResult<ServerProcess>).value);
    step('replicas up');
    const printed = [a, b]
      .map((s) => /randomly generated password for user 'admin': ([0-9a-f]{32})/.exec(s.stderr())?.[1])
      .filter((p) => p !== undefined);
    expect(printed).toHaveLength(1);
    adminPassword = printed[0]!;
  }, 900_000);

  afterAll(async () => {
    for (const s of [a, b]) {
      s?.child.kill('SIGTERM');
      await s?.exited;
    }
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  const login = async (server: ServerProcess, user: string, password: string, from?: string) => {
    const res = await call(server, 'POST', '/v1/login', { form: { user, password }, from });
    expect(res.status).toBe(200);
    return res.body.token as string;
  };

  test('a token from A works on B; logout on A is refused on B at once', async () => {
    const token = await login(a, 'admin', adminPassword);
    expect((await call(b, 'GET', '/v1/users/list', { token })).status).toBe(200);
    expect((await call(a, 'POST', '/v1/logout', { token })).status).toBe(200);
    const after = await call(b, 'GET', '/v1/users/list', { token });
    expect(after.status).toBe(401);
  });

  test("a password change on B revokes the user's sessions on A", async () => {
    const admin = await login(b, 'admin', adminPassword);
    expect((await call(a, 'POST', '/v1/users/create', { token: admin, form: { user: 'alice', password: 'alice-password' } })).status).toBe(200);
    const alice = await login(a, 'alice', 'alice-password');
    expect((await call(a, 'GET', '/v1/trino/list', { token: alice })).status).toBe(200);
    expect((await call(b, 'PUT', '/v1/users/update/password', { token: admin, form: { user: 'alice', password: 'changed-password' } })).status).toBe(
      200,
    );
    expect((await call(a, 'GET', '/v1/trino/list', { token: alice })).status).toBe(401);
    await login(a, 'alice', 'changed-password');
  });

  test('wrong passwords for admin from one address, on both replicas, do not lock admin out from another', async () => {
    const statuses = [];
    for (let i = 0; i < 6; i++)
      statuses.push(
        (await call(i % 2 ? a : b, 'POST', '/v1/login', { form: { user: 'admin', password: 'wrong-password' }, from: '203.0.113.66' })).status,
      );
    // counted across replicas: the 4th attempt is delayed whichever replica gets it
    expect(statuses).toEqual([401, 401, 401, 429, 429, 429]);
    await login(a, 'admin', adminPassword, '198.51.100.20');
    await login(b, 'admin', adminPassword, '198.51.100.20');
  });

  test('32 concurrent creates spread over both replicas land exactly once; git fsck is clean', async () => {
    const token = await login(a, 'admin', adminPassword);
    const names = Array.from({ length: 32 }, (_, i) => `etl-${i}`);
    const answers = await Promise.all(
      names.map((name, i) => call(i % 2 ? a : b, 'POST', '/v1/trino/create', { token, form: { yaml: base64(trinoYaml(name)) }, timeoutMs: 400_000 })),
    );
    expect(answers.map((r) => [r.status, r.body.status])).toEqual(names.map(() => [200, 'committed']));
    const subjects = execFileSync('git', ['log', '--format=%s', 'main'], { cwd: remote, env: gitEnv(), encoding: 'utf8' }).trim().split('\n');
    for (const name of names) expect(subjects.filter((s) => s === `trino: create ${name}`)).toHaveLength(1);
    execFileSync('git', ['fsck', '--full', '--strict'], { cwd: remote, env: gitEnv(), stdio: 'pipe' });
    // B learns of A's commits when it fetches (on a refused push, or every DATAROASTER_GIT_POLL_SECONDS = 15 s):
    // its list converges to all 32 within a poll interval or two.
    let listedNames: string[] = [];
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 1000))) {
      const listed = await call(b, 'GET', '/v1/trino/list', { token });
      expect(listed.status).toBe(200);
      listedNames = (listed.body as { name: string }[]).map((i) => i.name);
      if (names.every((name) => listedNames.includes(name))) break;
    }
    expect([...listedNames].sort()).toEqual([...names].sort());
  }, 500_000);

  test('PostgreSQL killed mid-run: 503 JSON at once, /readyz says the database is down, recovery by itself', async () => {
    const token = await login(a, 'admin', adminPassword);
    await pg.kill();
    try {
      const started = Date.now();
      const down = await call(a, 'GET', '/v1/trino/list', { token });
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(down.status).toBe(503);
      expect(down.type).toContain('application/json');
      expect(down.body.error).toEqual({ code: 'unavailable', message: expect.stringMatching(/^the database is not answering: /) });
      const login503 = await call(b, 'POST', '/v1/login', { form: { user: 'admin', password: adminPassword } });
      expect(login503.status).toBe(503);
      const ready = await call(b, 'GET', '/readyz');
      expect(ready.status).toBe(503);
      expect(ready.body.checks.database).toMatch(/^the database is not answering: /);
      expect((await call(b, 'GET', '/healthz')).status).toBe(200);
    } finally {
      await pg.restart();
    }
    // No restart of the servers: the pool reconnects on the next request
    const deadline = Date.now() + 30_000;
    let after = await call(a, 'GET', '/v1/trino/list', { token });
    while (after.status !== 200 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      after = await call(a, 'GET', '/v1/trino/list', { token });
    }
    expect(after.status).toBe(200);
    expect((await call(b, 'GET', '/readyz')).status).toBe(200);
  }, 120_000);
});

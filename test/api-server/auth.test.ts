import { ensureAdmin } from '../../api-server/auth/bootstrap';
import { BACKENDS } from './support/backends';
import { ADMIN_PASSWORD, TestApp, TestAppOptions } from './support/test-app';

// One suite, both database back-ends: the SQLite file of `npm start` and PostgreSQL of production.
describe.each(BACKENDS)('on $name', (backend) => {
  const db = backend.use();
  const newApp = async (options: TestAppOptions = {}) => new TestApp({ ...options, database: await db.database() });

  describe('authentication and users', () => {
    let t: TestApp;
    let tokens: { admin: string; user: string };

    beforeEach(async () => {
      t = await newApp();
      tokens = await t.withUsers();
    });
    afterEach(() => t.close());

    const failure = (code: string, message: string) => ({ result: 'FAILURE', error: { code, message } });

    test('login answers a token and an ISO-8601 expiration ten hours ahead', async () => {
      const res = await t.http().post('/v1/login').type('form').send({ user: 'admin', password: ADMIN_PASSWORD });
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(['expiration', 'token']);
      expect(res.body.expiration).toBe('2030-01-01T10:00:00.000Z');
      // 32 random bytes, base64url
      expect(res.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    });

    test('login accepts JSON as well as form fields', async () => {
      const res = await t.http().post('/v1/login').send({ user: 'alice', password: 'alice-password' });
      expect(res.status).toBe(200);
      expect(typeof res.body.token).toBe('string');
    });

    test('each login gives a new token; only its SHA-256 is stored', async () => {
      const again = await t.login('admin', ADMIN_PASSWORD);
      expect(again).not.toBe(tokens.admin);
      const rows = await t.database.run((k) => k.selectFrom('tokens').selectAll().execute());
      expect(rows.map((r) => r.hash)).not.toContain(again);
      expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.hash))).toBe(true);
      expect(JSON.stringify(rows)).not.toContain(again);
    });

    test('passwords are stored as bcrypt hashes of cost >= 10', async () => {
      const rows = await t.database.run((k) => k.selectFrom('users').select('password_hash as h').execute());
      for (const { h } of rows) expect(h).toMatch(/^\$2[aby]\$1\d\$/);
    });

    test.each([
      ['no Authorization header', undefined, 'missing bearer token: send "Authorization: Bearer <token>" (POST /v1/login gives one)'],
      ['an empty Authorization header', '', 'missing bearer token: send "Authorization: Bearer <token>" (POST /v1/login gives one)'],
      ['an unknown token', 'Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'invalid or expired token: log in again'],
      ['another scheme', 'Basic YWRtaW46eA==', 'malformed Authorization header: expected "Bearer <token>"'],
      ['a bare token without scheme', 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'malformed Authorization header: expected "Bearer <token>"'],
    ])('%s → 401 JSON, never 500', async (_case, header, message) => {
      const req = t.http().get('/v1/trino/list');
      const res = await (header === undefined ? req : req.set('Authorization', header));
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer');
      expect(res.body).toEqual(failure('unauthenticated', message));
    });

    test('the scheme is case-insensitive, as HTTP says', async () => {
      const res = await t.http().get('/v1/trino/list').set('Authorization', `bearer ${tokens.user}`);
      expect(res.status).toBe(200);
    });

    test('an expired token → 401', async () => {
      // Given a token issued at t0 with a 10 h lifetime
      t.clock += 10 * 3600 * 1000 - 1;
      expect((await t.http().get('/v1/trino/list').set('Authorization', `Bearer ${tokens.user}`)).status).toBe(200);
      // When its lifetime has passed
      t.clock += 1;
      const res = await t.http().get('/v1/trino/list').set('Authorization', `Bearer ${tokens.user}`);
      // Then
      expect(res.status).toBe(401);
      expect(res.body).toEqual(failure('unauthenticated', 'invalid or expired token: log in again'));
    });

    test('the token lifetime is configurable', async () => {
      const short = await newApp({ tokenTtlSeconds: 60 });
      try {
        await short.addUser('bob', 'bob-password', 'user');
        const res = await short.http().post('/v1/login').type('form').send({ user: 'bob', password: 'bob-password' });
        expect(res.body.expiration).toBe('2030-01-01T00:01:00.000Z');
      } finally {
        await short.close();
      }
    });

    test('unknown user and wrong password give the same 401 message (no user enumeration)', async () => {
      const unknown = await t.http().post('/v1/login').type('form').send({ user: 'mallory', password: 'whatever-1' });
      const wrong = await t.http().post('/v1/login').type('form').send({ user: 'admin', password: 'whatever-1' });
      expect(unknown.status).toBe(401);
      expect(wrong.status).toBe(401);
      expect(unknown.body).toEqual(failure('unauthenticated', 'invalid user or password'));
      expect(wrong.body).toEqual(unknown.body);
    });

    test('a non-admin gets 403 on every users/* route', async () => {
      const auth = { Authorization: `Bearer ${tokens.user}` };
      const calls = [
        t.http().post('/v1/users/create').set(auth).type('form').send({ user: 'x1', password: 'password-x' }),
        t.http().get('/v1/users/list').set(auth),
        t.http().delete('/v1/users/delete').set(auth).type('form').send({ user: 'admin' }),
        t.http().put('/v1/users/update/password').set(auth).type('form').send({ user: 'admin', password: 'hijacked-1' }),
      ];
      const answers = await Promise.all(calls);
      expect(answers.map((r) => r.status)).toEqual([403, 403, 403, 403]);
      expect(answers[0].body).toEqual(failure('forbidden', 'user [alice] is not allowed to POST /v1/users/create (needs role admin)'));
      expect(answers[3].body).toEqual(failure('forbidden', 'user [alice] is not allowed to manage users (needs role admin)'));
      // and nothing changed
      expect((await t.auth.users.list()).map((u) => u.name)).toEqual(['admin', 'alice']);
      await t.login('admin', ADMIN_PASSWORD);
    });

    test('403 comes before validation: a non-admin learns nothing from parameter errors', async () => {
      const res = await t.http().post('/v1/users/create').set('Authorization', `Bearer ${tokens.user}`).type('form').send({ nonsense: '1' });
      expect(res.status).toBe(403);
    });

    test('a user may change their own password; it revokes their other tokens and keeps the one of the request', async () => {
      // Given alice logged in twice
      const other = await t.login('alice', 'alice-password');
      // When she changes her password with one of the tokens
      const res = await t
        .http()
        .put('/v1/users/update/password')
        .set('Authorization', `Bearer ${tokens.user}`)
        .type('form')
        .send({ user: 'alice', password: 'new-alice-pw' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ result: 'SUCCESS' });
      // Then that token still works (the original README goes on with it), the other one is revoked
      expect((await t.http().get('/v1/trino/list').set('Authorization', `Bearer ${tokens.user}`)).status).toBe(200);
      expect((await t.http().get('/v1/trino/list').set('Authorization', `Bearer ${other}`)).status).toBe(401);
      expect((await t.http().post('/v1/login').type('form').send({ user: 'alice', password: 'alice-password' })).status).toBe(401);
      await t.login('alice', 'new-alice-pw');
    });

    test("an admin changing another user's password revokes that user's tokens only", async () => {
      const res = await t
        .http()
        .put('/v1/users/update/password')
        .set('Authorization', `Bearer ${tokens.admin}`)
        .type('form')
        .send({ user: 'alice', password: 'reset-by-admin' });
      expect(res.status).toBe(200);
      expect((await t.http().get('/v1/trino/list').set('Authorization', `Bearer ${tokens.user}`)).status).toBe(401);
      expect((await t.http().get('/v1/users/list').set('Authorization', `Bearer ${tokens.admin}`)).status).toBe(200);
    });

    test("deleting a user revokes the user's tokens", async () => {
      const res = await t.http().delete('/v1/users/delete').set('Authorization', `Bearer ${tokens.admin}`).type('form').send({ user: 'alice' });
      expect(res.status).toBe(200);
      const after = await t.http().get('/v1/trino/list').set('Authorization', `Bearer ${tokens.user}`);
      expect(after.status).toBe(401);
      expect(await t.database.run((k) => k.selectFrom('tokens').selectAll().where('user_name', '=', 'alice').execute())).toEqual([]);
    });

    test('the last admin cannot be deleted; one of two admins can', async () => {
      const auth = { Authorization: `Bearer ${tokens.admin}` };
      const last = await t.http().delete('/v1/users/delete').set(auth).type('form').send({ user: 'admin' });
      expect(last.status).toBe(409);
      expect(last.body).toEqual(failure('conflict', 'user [admin] is the last admin and cannot be deleted'));

      await t.http().post('/v1/users/create').set(auth).type('form').send({ user: 'root2', password: 'second-admin', role: 'admin' }).expect(200);
      await t.http().delete('/v1/users/delete').set(auth).type('form').send({ user: 'admin' }).expect(200);
      expect(await t.auth.users.list()).toEqual([
        { name: 'alice', role: 'user' },
        { name: 'root2', role: 'admin' },
      ]);
    });

    test('users/list shows names and roles, as the original plus the role', async () => {
      const res = await t.http().get('/v1/users/list').set('Authorization', `Bearer ${tokens.admin}`);
      expect(res.body).toEqual([
        { user: 'admin', role: 'admin' },
        { user: 'alice', role: 'user' },
      ]);
    });

    test('created users default to role user and can manage components', async () => {
      const auth = { Authorization: `Bearer ${tokens.admin}` };
      await t.http().post('/v1/users/create').set(auth).type('form').send({ user: 'user1', password: 'password1' }).expect(200);
      const token = await t.login('user1', 'password1');
      expect((await t.http().get('/v1/users/list').set('Authorization', `Bearer ${token}`)).status).toBe(403);
      expect((await t.http().get('/v1/hive_metastore/list').set('Authorization', `Bearer ${token}`)).status).toBe(200);
    });

    test('component access can require admin per component', async () => {
      const strict = await newApp({ componentRoles: { hive_metastore: 'admin' } });
      try {
        const { admin, user } = await strict.withUsers();
        expect((await strict.http().get('/v1/hive_metastore/list').set('Authorization', `Bearer ${user}`)).status).toBe(403);
        expect((await strict.http().get('/v1/trino/list').set('Authorization', `Bearer ${user}`)).status).toBe(200);
        expect((await strict.http().get('/v1/hive_metastore/list').set('Authorization', `Bearer ${admin}`)).status).toBe(200);
      } finally {
        await strict.close();
      }
    });

    test('logout revokes the token it was called with, and only that one', async () => {
      const second = await t.login('alice', 'alice-password');
      await t.http().post('/v1/logout').set('Authorization', `Bearer ${tokens.user}`).expect(200);
      expect((await t.http().get('/v1/trino/list').set('Authorization', `Bearer ${tokens.user}`)).status).toBe(401);
      expect((await t.http().get('/v1/trino/list').set('Authorization', `Bearer ${second}`)).status).toBe(200);
    });
  });

  describe('user names are case-insensitive, stored as first given', () => {
    let t: TestApp;
    let admin: { Authorization: string };
    beforeEach(async () => {
      t = await newApp();
      admin = { Authorization: `Bearer ${(await t.withUsers()).admin}` };
    });
    afterEach(() => t.close());

    test('Alice cannot be created next to alice; any case logs in as the one user', async () => {
      const taken = await t.http().post('/v1/users/create').set(admin).type('form').send({ user: 'Alice', password: 'another-pw-1' });
      expect(taken.status).toBe(409);
      expect(taken.body.error.message).toBe('user [Alice] already exists');
      await t.login('ALICE', 'alice-password');
      await t.http().post('/v1/users/create').set(admin).type('form').send({ user: 'Bob.Smith', password: 'bob-password' }).expect(200);
      expect((await t.auth.users.list()).map((u) => u.name)).toEqual(['Bob.Smith', 'admin', 'alice']);
      await t.login('bob.smith', 'bob-password');
    });

    test('password changes and deletes find the user in any case', async () => {
      await t.http().put('/v1/users/update/password').set(admin).type('form').send({ user: 'ALICE', password: 'changed-pw-1' }).expect(200);
      await t.login('alice', 'changed-pw-1');
      await t.http().delete('/v1/users/delete').set(admin).type('form').send({ user: 'Alice' }).expect(200);
      expect((await t.auth.users.list()).map((u) => u.name)).toEqual(['admin']);
    });
  });

  describe('passwords over 72 bytes', () => {
    test('are refused at login as at creation: bcrypt would ignore everything after byte 72', async () => {
      const t = await newApp();
      try {
        const password72 = 'p'.repeat(72);
        await t.addUser('carol', password72, 'user');
        await t.login('carol', password72);
        const longer = await t
          .http()
          .post('/v1/login')
          .type('form')
          .send({ user: 'carol', password: `${password72}EXTRA` });
        expect(longer.status).toBe(400);
        expect(longer.body.error.message).toBe("parameter 'password': must be at most 72 bytes");
      } finally {
        await t.close();
      }
    });
  });

  describe('login throttling per (user, client address)', () => {
    let t: TestApp;
    beforeEach(async () => {
      // One trusted proxy: the client address is the right-most X-Forwarded-For entry, as an ingress appends it.
      t = await newApp({ throttle: { maxFailures: 3, maxFailuresPerAddress: 6, firstDelaySeconds: 10, windowSeconds: 60 }, trustedProxyHops: 1 });
      await t.withUsers();
    });
    afterEach(() => t.close());

    const attempt = (user: string, password: string, from: string) =>
      t.http().post('/v1/login').set('X-Forwarded-For', from).type('form').send({ user, password });

    test('failures from one address delay that address only: the real admin elsewhere logs in at once', async () => {
      for (let i = 0; i < 3; i++) expect((await attempt('admin', 'wrong-password', '203.0.113.9')).status).toBe(401);
      const blocked = await attempt('admin', ADMIN_PASSWORD, '203.0.113.9');
      expect(blocked.status).toBe(429);
      expect(blocked.headers['retry-after']).toBe('10');
      expect(blocked.body).toEqual({
        result: 'FAILURE',
        error: { code: 'too_many_requests', message: 'too many failed logins from this address; retry in 10 seconds' },
      });
      // The attacker goes on; the admin at another address is never refused
      for (let i = 0; i < 5; i++) await attempt('admin', 'wrong-password', '203.0.113.9');
      expect((await attempt('admin', ADMIN_PASSWORD, '198.51.100.7')).status).toBe(200);
      // and other users at the attacker's address are not locked by the admin's failures
      expect((await attempt('alice', 'alice-password', '203.0.113.9')).status).toBe(200);
    });

    test('delays grow (10 s, 20 s, 40 s) up to the window, and a quiet window forgets', async () => {
      for (let i = 0; i < 3; i++) await attempt('admin', 'wrong-password', '203.0.113.9');
      const retryAfter: string[] = [];
      for (let i = 0; i < 4; i++) {
        const blocked = await attempt('admin', 'wrong-password', '203.0.113.9');
        retryAfter.push(blocked.headers['retry-after']);
        t.clock += Number(blocked.headers['retry-after']) * 1000;
        expect((await attempt('admin', 'wrong-password', '203.0.113.9')).status).toBe(401);
      }
      expect(retryAfter).toEqual(['10', '20', '40', '60']);
      t.clock += 60_000;
      expect((await attempt('admin', ADMIN_PASSWORD, '203.0.113.9')).status).toBe(200);
    });

    test('a success clears the pair: a user who mistyped twice is not delayed later', async () => {
      for (let i = 0; i < 2; i++) await attempt('alice', 'wrong-password', '192.0.2.1');
      expect((await attempt('alice', 'alice-password', '192.0.2.1')).status).toBe(200);
      for (let i = 0; i < 2; i++) expect((await attempt('alice', 'wrong-password', '192.0.2.1')).status).toBe(401);
      expect((await attempt('alice', 'alice-password', '192.0.2.1')).status).toBe(200);
    });

    test('user names are counted case-insensitively, and unknown names like known ones (no enumeration)', async () => {
      for (const name of ['Admin', 'ADMIN', 'admin']) expect((await attempt(name, 'wrong-password', '192.0.2.2')).status).toBe(401);
      expect((await attempt('admin', ADMIN_PASSWORD, '192.0.2.2')).status).toBe(429);
      for (let i = 0; i < 3; i++) expect((await attempt('nobody', 'wrong-password', '192.0.2.3')).status).toBe(401);
      expect((await attempt('nobody', 'wrong-password', '192.0.2.3')).status).toBe(429);
    });

    test('one address guessing across many names (spraying) is delayed as a whole; other addresses are not', async () => {
      for (let i = 0; i < 6; i++) expect((await attempt(`guess${i}`, 'wrong-password', '203.0.113.50')).status).toBe(401);
      expect((await attempt('alice', 'alice-password', '203.0.113.50')).status).toBe(429);
      expect((await attempt('alice', 'alice-password', '203.0.113.51')).status).toBe(200);
    });

    test('the count is atomic: of 8 concurrent wrong guesses exactly 3 are checked', async () => {
      const answers = await Promise.all(Array.from({ length: 8 }, () => attempt('admin', 'wrong-password', '203.0.113.77')));
      expect(answers.map((r) => r.status).sort()).toEqual([401, 401, 401, 429, 429, 429, 429, 429]);
    });

    test('only failures delay: 8 concurrent correct logins from one address all succeed, and an attempt after failures waits for those in flight', async () => {
      // More correct logins at once than the limit (3 per pair, 6 per address): none is refused
      const answers = await Promise.all(Array.from({ length: 8 }, () => attempt('admin', ADMIN_PASSWORD, '198.51.100.20')));
      expect(answers.map((r) => r.status)).toEqual(Array(8).fill(200));
      // Two failures, then two attempts at once: the first may be the third failure, so the second waits for it
      for (let i = 0; i < 2; i++) expect((await attempt('alice', 'wrong-password', '198.51.100.21')).status).toBe(401);
      const [wrong, right] = await Promise.all([
        attempt('alice', 'wrong-password', '198.51.100.21'),
        attempt('alice', 'alice-password', '198.51.100.21'),
      ]);
      // whichever ran first decides: a success clears the pair (the other then runs), a third failure delays the other
      expect(wrong.status).toBe(401);
      expect([200, 429]).toContain(right.status);
    });

    test('forged left-most X-Forwarded-For values do not escape the count: only the trusted hop is believed', async () => {
      const statuses = [];
      for (let i = 0; i < 6; i++) statuses.push((await attempt('admin', 'wrong-password', `10.0.0.${i}, 203.0.113.9`)).status);
      expect(statuses).toEqual([401, 401, 401, 429, 429, 429]);
    });
  });

  describe('admin bootstrap across replicas', () => {
    test('replicas starting together on one database print exactly one generated admin password', async () => {
      const config = await db.database();
      const first = new TestApp({ database: config });
      // SQLite is one server process by design: there the race is between two starts on one connection.
      const second = config ? new TestApp({ database: config }) : first;
      try {
        const results = await Promise.all([first, second].map((app) => ensureAdmin(app.auth.users, app.auth.hasher, undefined)));
        expect(results.filter((r) => r.created)).toHaveLength(1);
        expect(results.filter((r) => r.created && r.generatedPassword)).toHaveLength(1);
        expect(await second.auth.users.list()).toEqual([{ name: 'admin', role: 'admin' }]);
      } finally {
        if (second !== first) await second.close();
        await first.close();
      }
    });
  });
});

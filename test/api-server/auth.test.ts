import { ADMIN_PASSWORD, TestApp } from './support/test-app';

describe('authentication and users', () => {
  let t: TestApp;
  let tokens: { admin: string; user: string };

  beforeEach(async () => {
    t = new TestApp();
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
    const rows = t.db.prepare('SELECT hash FROM tokens').all() as { hash: string }[];
    expect(rows.map((r) => r.hash)).not.toContain(again);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.hash))).toBe(true);
    const dump = JSON.stringify(t.db.prepare('SELECT * FROM tokens').all());
    expect(dump).not.toContain(again);
  });

  test('passwords are stored as bcrypt hashes of cost >= 10', () => {
    const rows = t.db.prepare('SELECT password_hash AS h FROM users').all() as { h: string }[];
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
    const short = new TestApp({ tokenTtlSeconds: 60 });
    try {
      await short.addUser('bob', 'bob-password', 'user');
      const res = await short.http().post('/v1/login').type('form').send({ user: 'bob', password: 'bob-password' });
      expect(res.body.expiration).toBe('2030-01-01T00:01:00.000Z');
    } finally {
      short.close();
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
    expect(t.auth.users.list().map((u) => u.name)).toEqual(['admin', 'alice']);
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
    const res = await t.http().put('/v1/users/update/password').set('Authorization', `Bearer ${tokens.user}`).type('form').send({ user: 'alice', password: 'new-alice-pw' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ result: 'SUCCESS' });
    // Then that token still works (the original README goes on with it), the other one is revoked
    expect((await t.http().get('/v1/trino/list').set('Authorization', `Bearer ${tokens.user}`)).status).toBe(200);
    expect((await t.http().get('/v1/trino/list').set('Authorization', `Bearer ${other}`)).status).toBe(401);
    expect((await t.http().post('/v1/login').type('form').send({ user: 'alice', password: 'alice-password' })).status).toBe(401);
    await t.login('alice', 'new-alice-pw');
  });

  test("an admin changing another user's password revokes that user's tokens only", async () => {
    const res = await t.http().put('/v1/users/update/password').set('Authorization', `Bearer ${tokens.admin}`).type('form').send({ user: 'alice', password: 'reset-by-admin' });
    expect(res.status).toBe(200);
    expect((await t.http().get('/v1/trino/list').set('Authorization', `Bearer ${tokens.user}`)).status).toBe(401);
    expect((await t.http().get('/v1/users/list').set('Authorization', `Bearer ${tokens.admin}`)).status).toBe(200);
  });

  test("deleting a user revokes the user's tokens", async () => {
    const res = await t.http().delete('/v1/users/delete').set('Authorization', `Bearer ${tokens.admin}`).type('form').send({ user: 'alice' });
    expect(res.status).toBe(200);
    const after = await t.http().get('/v1/trino/list').set('Authorization', `Bearer ${tokens.user}`);
    expect(after.status).toBe(401);
    expect(t.db.prepare("SELECT count(*) AS n FROM tokens WHERE user_name = 'alice'").get()).toEqual({ n: 0 });
  });

  test('the last admin cannot be deleted; one of two admins can', async () => {
    const auth = { Authorization: `Bearer ${tokens.admin}` };
    const last = await t.http().delete('/v1/users/delete').set(auth).type('form').send({ user: 'admin' });
    expect(last.status).toBe(409);
    expect(last.body).toEqual(failure('conflict', 'user [admin] is the last admin and cannot be deleted'));

    await t.http().post('/v1/users/create').set(auth).type('form').send({ user: 'root2', password: 'second-admin', role: 'admin' }).expect(200);
    await t.http().delete('/v1/users/delete').set(auth).type('form').send({ user: 'admin' }).expect(200);
    expect(t.auth.users.list()).toEqual([{ name: 'alice', role: 'user' }, { name: 'root2', role: 'admin' }]);
  });

  test('users/list shows names and roles, as the original plus the role', async () => {
    const res = await t.http().get('/v1/users/list').set('Authorization', `Bearer ${tokens.admin}`);
    expect(res.body).toEqual([{ user: 'admin', role: 'admin' }, { user: 'alice', role: 'user' }]);
  });

  test('created users default to role user and can manage components', async () => {
    const auth = { Authorization: `Bearer ${tokens.admin}` };
    await t.http().post('/v1/users/create').set(auth).type('form').send({ user: 'user1', password: 'password1' }).expect(200);
    const token = await t.login('user1', 'password1');
    expect((await t.http().get('/v1/users/list').set('Authorization', `Bearer ${token}`)).status).toBe(403);
    expect((await t.http().get('/v1/hive_metastore/list').set('Authorization', `Bearer ${token}`)).status).toBe(200);
  });

  test('component access can require admin per component', async () => {
    const strict = new TestApp({ componentRoles: { hive_metastore: 'admin' } });
    try {
      const { admin, user } = await strict.withUsers();
      expect((await strict.http().get('/v1/hive_metastore/list').set('Authorization', `Bearer ${user}`)).status).toBe(403);
      expect((await strict.http().get('/v1/trino/list').set('Authorization', `Bearer ${user}`)).status).toBe(200);
      expect((await strict.http().get('/v1/hive_metastore/list').set('Authorization', `Bearer ${admin}`)).status).toBe(200);
    } finally {
      strict.close();
    }
  });

  test('logout revokes the token it was called with, and only that one', async () => {
    const second = await t.login('alice', 'alice-password');
    await t.http().post('/v1/logout').set('Authorization', `Bearer ${tokens.user}`).expect(200);
    expect((await t.http().get('/v1/trino/list').set('Authorization', `Bearer ${tokens.user}`)).status).toBe(401);
    expect((await t.http().get('/v1/trino/list').set('Authorization', `Bearer ${second}`)).status).toBe(200);
  });
});

describe('login throttling', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = new TestApp({ throttle: { maxFailuresPerUser: 3, maxFailuresPerAddress: 5, windowSeconds: 60 } });
    await t.withUsers();
  });
  afterEach(() => t.close());

  const attempt = (user: string, password: string) => t.http().post('/v1/login').type('form').send({ user, password });

  test('repeated failures for one user → 429 with Retry-After, even with the right password; the window passes', async () => {
    for (let i = 0; i < 3; i++) expect((await attempt('admin', 'wrong-password')).status).toBe(401);
    t.clock += 10_000;
    const blocked = await attempt('admin', ADMIN_PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.headers['retry-after']).toBe('50');
    expect(blocked.body).toEqual({ result: 'FAILURE', error: { code: 'too_many_requests', message: 'too many failed logins; retry in 50 seconds' } });
    // Other users are not locked by one user's failures
    expect((await attempt('alice', 'alice-password')).status).toBe(200);
    t.clock += 50_000;
    expect((await attempt('admin', ADMIN_PASSWORD)).status).toBe(200);
  });

  test('unknown users are throttled the same way (no enumeration through 429 either)', async () => {
    for (let i = 0; i < 3; i++) expect((await attempt('nobody', 'wrong-password')).status).toBe(401);
    expect((await attempt('nobody', 'wrong-password')).status).toBe(429);
  });

  test('repeated failures from one address across user names → 429', async () => {
    for (let i = 0; i < 5; i++) expect((await attempt(`guess${i}`, 'wrong-password')).status).toBe(401);
    const blocked = await attempt('alice', 'alice-password');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBe(60);
  });

  test('a successful login clears the user counter', async () => {
    for (let i = 0; i < 2; i++) await attempt('alice', 'wrong-password');
    expect((await attempt('alice', 'alice-password')).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await attempt('alice', 'wrong-password')).status).toBe(401);
    expect((await attempt('alice', 'alice-password')).status).toBe(200);
  });
});

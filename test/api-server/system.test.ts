import { seedYaml } from './support/seed';
import { ADMIN_PASSWORD, b64, TestApp } from './support/test-app';

describe('system endpoints', () => {
  let t: TestApp;
  afterEach(() => t.close());

  test('/healthz answers without a token', async () => {
    t = new TestApp();
    const res = await t.http().get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  test('/readyz checks the database and the Git remote', async () => {
    t = new TestApp();
    const ok = await t.http().get('/readyz');
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ status: 'ready', checks: { database: 'ok', git: 'ok' } });

    t.fake.remoteError = new Error("fatal: unable to access 'https://git.example/platform.git/'");
    const down = await t.http().get('/readyz');
    expect(down.status).toBe(503);
    expect(down.body).toEqual({
      result: 'FAILURE',
      error: { code: 'unavailable', message: "git: fatal: unable to access 'https://git.example/platform.git/'" },
      status: 'unavailable',
      checks: { database: 'ok', git: "fatal: unable to access 'https://git.example/platform.git/'" },
    });
  });

  test('/readyz reports a closed database', async () => {
    t = new TestApp();
    await t.database.close();
    const res = await t.http().get('/readyz');
    expect(res.status).toBe(503);
    expect(res.body.checks).toEqual({ database: 'the database is closed (the server is shutting down)', git: 'ok' });
  });

  test('/readyz does not hang on a remote that never answers', async () => {
    t = new TestApp({ readiness: { git: () => new Promise<void>(() => undefined) }, readinessTimeoutMs: 50 });
    const res = await t.http().get('/readyz');
    expect(res.status).toBe(503);
    expect(res.body.checks).toEqual({ git: 'no answer within 50 ms' });
  });

  test('/metrics exposes request counts and latency by route pattern, Git counters and process metrics', async () => {
    t = new TestApp();
    await t.http().get('/healthz');
    await t.http().get('/no/such/path/123');
    const res = await t.http().get('/metrics');
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/plain');
    expect(res.text).toContain('dataroaster_http_requests_total{method="GET",route="/healthz",status="200"} 1');
    expect(res.text).toContain('dataroaster_http_requests_total{method="GET",route="unmatched",status="404"} 1');
    expect(res.text).toContain('dataroaster_http_request_duration_seconds_bucket{le="0.05",method="GET",route="/healthz",status="200"} 1');
    expect(res.text).toContain('# TYPE dataroaster_git_push_retries_total counter');
    expect(res.text).toContain('# TYPE dataroaster_changes_total counter');
    expect(res.text).toContain('process_resident_memory_bytes');
  });

  test('security headers are set (helmet)', async () => {
    t = new TestApp();
    const res = await t.http().get('/healthz');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });
});

describe('OpenAPI document', () => {
  let t: TestApp;
  beforeAll(() => {
    t = new TestApp();
  });
  afterAll(() => t.close());

  test('describes every route the router serves, with its method', async () => {
    const doc = (await t.http().get('/v1/openapi.json').expect(200)).body;
    expect(doc.openapi).toBe('3.1.0');
    // What Koa actually serves, read from the mounted router rather than from the route list.
    const served = new Set<string>();
    const mounted = t.app.koa.middleware.find((m) => (m as { router?: unknown }).router) as unknown as {
      router: { stack: { path: string; methods: string[] }[] };
    };
    for (const layer of mounted.router.stack) {
      for (const method of layer.methods.filter((m) => m !== 'HEAD')) served.add(`${method} ${layer.path}`);
    }
    const documented = new Set<string>();
    for (const [path, ops] of Object.entries(doc.paths as Record<string, object>)) {
      for (const method of Object.keys(ops)) documented.add(`${method.toUpperCase()} ${path}`);
    }
    expect([...served].sort()).toEqual([...documented].sort());
    // The original's endpoints and ours beyond it are all there.
    for (const c of ['hive_metastore', 'spark_thrift_server', 'trino', 'spark_application', 'helm_chart']) {
      expect(served).toContain(`POST /v1/${c}/create`);
      expect(served).toContain(`GET /v1/${c}/list`);
      expect(served).toContain(`DELETE /v1/${c}/delete`);
    }
    for (const r of [
      'POST /v1/login',
      'POST /v1/users/create',
      'PUT /v1/users/update/password',
      'GET /v1/users/list',
      'DELETE /v1/users/delete',
      'GET /healthz',
      'GET /readyz',
      'GET /metrics',
      'GET /v1/openapi.json',
    ]) {
      expect(served).toContain(r);
    }
  });

  test('parameters are documented from the same schemas that validate them', async () => {
    const doc = (await t.http().get('/v1/openapi.json')).body;
    const hive = doc.paths['/v1/hive_metastore/create'].post;
    const schema = hive.requestBody.content['application/x-www-form-urlencoded'].schema;
    expect(schema.required).toEqual(['yaml']); // the original's extra parameters are optional: the legacy mapping has defaults
    expect(Object.keys(schema.properties)).toEqual(['yaml', 'mysql_storage_class', 'mysql_storage_size', 'dry_run', 'review']);
    expect(schema.additionalProperties).toBe(false);
    expect(hive.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(hive.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '413']));
    expect(doc.paths['/v1/login'].post.security).toEqual([]);
    expect(doc.paths['/v1/users/create'].post['x-required-role']).toBe('admin');
  });
});

describe('logs', () => {
  test('never hold passwords, tokens or the yaml parameter', async () => {
    const t = new TestApp();
    try {
      const { admin } = await t.withUsers();
      const auth = { Authorization: `Bearer ${admin}` };
      await t.http().post('/v1/users/create').set(auth).type('form').send({ user: 'bob', password: 'bobs-secret-pw' }).expect(200);
      await t.http().put('/v1/users/update/password?password=in-the-query-1').set(auth).type('form').send({ user: 'bob' }).expect(200);
      await t.http().post('/v1/login').send({ user: 'bob', password: 'wrong-guess-pw' }).expect(401);
      await t.http().post('/v1/login').set('Content-Type', 'application/json').send('{"password": "broken-json-pw').expect(400);
      const secretSpec = `${seedYaml('spark-thrift-server')}# aws-secret-key-in-yaml\n`;
      await t
        .http()
        .post('/v1/spark_application/create')
        .set(auth)
        .type('form')
        .send({ yaml: b64(secretSpec) })
        .expect(200);
      const logs = t.logLines.join('');
      expect(logs).toContain('"path":"/v1/users/create"');
      expect(logs).toContain('"user":"admin"');
      for (const secret of [
        ADMIN_PASSWORD,
        'bobs-secret-pw',
        'in-the-query-1',
        'wrong-guess-pw',
        'broken-json-pw',
        admin,
        'aws-secret-key-in-yaml',
        b64(secretSpec).slice(0, 40),
      ]) {
        expect(logs).not.toContain(secret);
      }
    } finally {
      await t.close();
    }
  });
});

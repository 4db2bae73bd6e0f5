import { curlForm, seedYaml } from './support/seed';
import { b64, TestApp } from './support/test-app';

// Routing and parameter validation of the component endpoints against a recording ComponentService;
// what creating, listing and deleting do is tested against the real engine and Git (git-*.test.ts).
describe('component endpoints', () => {
  let t: TestApp;
  let auth: { Authorization: string };
  beforeEach(async () => {
    t = new TestApp();
    auth = { Authorization: `Bearer ${(await t.withUsers()).user}` };
  });
  afterEach(() => t.close());

  test('trino/create with the seed curl body hands the parsed document to the service, as the calling user', async () => {
    // Given the README's request: `-d "yaml=$(base64 -w 0 ./trino-cluster-etl.yaml)"`
    const body = curlForm({ yaml: b64(seedYaml('trino-cluster-etl')) });
    // When
    const res = await t.http().post('/v1/trino/create').set(auth).type('form').send(body);
    // Then
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      result: 'SUCCESS',
      requestId: res.headers['x-request-id'],
      status: 'committed',
      instance: { kind: 'TrinoCluster', name: 'trino-cluster-etl', namespace: 'recorded' },
      files: [],
    });
    const [call] = t.fake.calls;
    expect(call).toMatchObject({
      op: 'create',
      endpoint: 'trino',
      actor: 'alice',
      options: { dryRun: false, review: undefined, requestId: res.headers['x-request-id'] },
    });
    expect(call.request!.document.source).toBe('yaml');
    expect(call.request!.document.data).toMatchObject({
      apiVersion: 'trino-operator.cloudchef-labs.com/v1beta1',
      kind: 'TrinoCluster',
      spec: { worker: { replicas: 2 } },
    });
    expect(call.request!.params).toEqual({});
  });

  test('an unencoded "+" in a form value (curl -d) arrives as a space and still decodes', async () => {
    const yaml = `${seedYaml('trino-cluster-etl')}# >>>???\n`;
    const encoded = b64(yaml);
    expect(encoded).toMatch(/\+/);
    const res = await t
      .http()
      .post('/v1/trino/create')
      .set(auth)
      .type('form')
      .send(curlForm({ yaml: encoded }));
    expect(res.status).toBe(200);
    expect(t.fake.calls[0].request!.document.data).toMatchObject({ metadata: { name: 'trino-cluster-etl' } });
  });

  test('base64 wrapped at 76 columns (base64 without -w 0) is accepted', async () => {
    const wrapped = b64(seedYaml('trino-cluster-etl')).replace(/(.{76})/g, '$1\n');
    const res = await t.http().post('/v1/trino/create').set(auth).type('form').send({ yaml: wrapped });
    expect(res.status).toBe(200);
  });

  test('hive_metastore/create passes the original parameters to the legacy mapping', async () => {
    const body = curlForm({ mysql_storage_class: 'standard', mysql_storage_size: '5', yaml: b64(seedYaml('hive-metastore')) });
    const res = await t.http().post('/v1/hive_metastore/create').set(auth).type('form').send(body);
    expect(res.status).toBe(200);
    expect(t.fake.calls[0].request!.params).toEqual({ mysql_storage_class: 'standard', mysql_storage_size: '5' });
    expect(t.fake.calls[0].request!.document.data).toMatchObject({ kind: 'HelmChart', spec: { chartName: 'dataroaster-hivemetastore' } });
  });

  test('spark_thrift_server/create takes the S3 keys base64-encoded, as `echo -n … | base64` prints them', async () => {
    const body = curlForm({
      nfs_storage_class: 'standard',
      nfs_storage_size: '10',
      s3_access_key: b64('any-access-key'),
      s3_secret_key: b64('any-secret-key'),
      pvc_size: '1',
      yaml: b64(seedYaml('spark-thrift-server')),
    });
    const res = await t.http().post('/v1/spark_thrift_server/create').set(auth).type('form').send(body);
    expect(res.status).toBe(200);
    expect(t.fake.calls[0].request!.params).toEqual({
      nfs_storage_class: 'standard',
      nfs_storage_size: '10',
      s3_access_key: 'YW55LWFjY2Vzcy1rZXk=',
      s3_secret_key: 'YW55LXNlY3JldC1rZXk=',
      pvc_size: '1',
    });
  });

  test('JSON bodies work like form fields, numbers and booleans included', async () => {
    const res = await t
      .http()
      .post('/v1/hive_metastore/create')
      .set(auth)
      .send({ mysql_storage_class: 'standard', mysql_storage_size: 5, yaml: b64(seedYaml('hive-metastore')), dry_run: true });
    expect(res.status).toBe(200);
    expect(t.fake.calls[0].request!.params).toEqual({ mysql_storage_class: 'standard', mysql_storage_size: '5' });
    expect(t.fake.calls[0].options).toMatchObject({ dryRun: true, review: undefined });
  });

  test('dry_run and review are passed through as booleans', async () => {
    const send = (extra: Record<string, string>) =>
      t
        .http()
        .post('/v1/trino/create')
        .set(auth)
        .type('form')
        .send({ yaml: b64(seedYaml('trino-cluster-etl')), ...extra })
        .expect(200);
    await send({ dry_run: 'true' });
    await send({ review: 'true' });
    await send({ review: 'false' });
    expect(t.fake.calls.map(({ options: { dryRun, review } }) => ({ dryRun, review }))).toEqual([
      { dryRun: true, review: undefined },
      { dryRun: false, review: true },
      { dryRun: false, review: false },
    ]);
  });

  test("each request gets a random id, or the client's X-Request-Id / Idempotency-Key; a malformed one is a 400", async () => {
    const create = () => t.http().post('/v1/trino/create').set(auth).type('form');
    const body = { yaml: b64(seedYaml('trino-cluster-etl')) };
    const random = await create().send(body);
    expect(random.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(random.body.requestId).toBe(random.headers['x-request-id']);
    const chosen = await create().set('X-Request-Id', 'deploy-42.a').send(body);
    expect([chosen.headers['x-request-id'], chosen.body.requestId]).toEqual(['deploy-42.a', 'deploy-42.a']);
    const idempotent = await create().set('Idempotency-Key', 'retry-7').send(body);
    expect(idempotent.body.requestId).toBe('retry-7');
    // a malformed one is refused (api-server/http/request-id.ts), answered with a fresh id
    const unsafe = await create().set('X-Request-Id', 'a/b c').send(body);
    expect(unsafe.status).toBe(400);
    expect(unsafe.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(t.fake.calls.map((c) => c.options.requestId)).toEqual([random.body.requestId, 'deploy-42.a', 'retry-7']);
    // failures carry the id in the header too
    expect((await t.http().get('/v1/trino/list').set('X-Request-Id', 'who-am-i')).headers['x-request-id']).toBe('who-am-i');
  });

  test('an own-kind document is accepted at its endpoint too', async () => {
    const own = 'apiVersion: dataroaster.io/v1alpha1\nkind: TrinoCluster\nmetadata: {name: adhoc, namespace: analytics}\nspec: {}\n';
    const res = await t
      .http()
      .post('/v1/trino/create')
      .set(auth)
      .type('form')
      .send({ yaml: b64(own) });
    expect(res.status).toBe(200);
    expect(t.fake.calls[0].request!.document.data).toMatchObject({ kind: 'TrinoCluster', metadata: { name: 'adhoc' } });
  });

  test('delete passes the name from a form body (curl -XDELETE -d), the query string, or none at all', async () => {
    await t.http().delete('/v1/trino/delete').set(auth).type('form').send('name=adhoc&dry_run=false').expect(200);
    await t.http().delete('/v1/trino/delete?name=etl').set(auth).expect(200);
    await t.http().delete('/v1/trino/delete').set(auth).expect(200);
    expect(t.fake.calls.map((c) => [c.op, c.name])).toEqual([
      ['remove', 'adhoc'],
      ['remove', 'etl'],
      ['remove', undefined],
    ]);
    const bad = await t.http().delete('/v1/trino/delete').set(auth).type('form').send('name=Not_A_Name');
    expect(bad.status).toBe(400);
  });

  test('errors of the service map to their status by name (conflict → 409, Git remote → 502)', async () => {
    class ConflictError extends Error {
      name = 'ConflictError';
    }
    class GitRemoteError extends Error {
      name = 'GitRemoteError';
    }
    const fake = t.fake;
    fake.create = async () => {
      throw new ConflictError('the branch moved on 3 times; try again');
    };
    const conflict = await t
      .http()
      .post('/v1/trino/create')
      .set(auth)
      .type('form')
      .send({ yaml: b64(seedYaml('trino-cluster-etl')) });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toEqual({ result: 'FAILURE', error: { code: 'conflict', message: 'the branch moved on 3 times; try again' } });
    fake.create = async () => {
      throw new GitRemoteError('git push failed: remote unreachable');
    };
    const remote = await t
      .http()
      .post('/v1/trino/create')
      .set(auth)
      .type('form')
      .send({ yaml: b64(seedYaml('trino-cluster-etl')) });
    expect(remote.status).toBe(502);
    expect(remote.body.error.code).toBe('bad_gateway');
  });

  test('an unexpected error is a 500 with a hidden message, logged once', async () => {
    t.fake.list = async () => {
      throw new TypeError('cannot read properties of undefined (secret detail)');
    };
    const res = await t.http().get('/v1/trino/list').set(auth);
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ result: 'FAILURE', error: { code: 'internal', message: 'internal error' } });
    expect(t.logLines.filter((l) => l.includes('request failed'))).toHaveLength(1);
  });
});

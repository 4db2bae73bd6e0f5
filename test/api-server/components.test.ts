import { b64, TestApp } from './support/test-app';
import { curlForm, seedYaml } from './support/seed';

// Routing and validation of the component endpoints against a fake ComponentService; what the real
// service commits is tested in the seed-flow test.
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
      status: 'committed',
      instance: { kind: 'TrinoCluster', name: 'trino-cluster-etl', namespace: 'trino-operator' },
      branch: 'main',
      commit: 'f'.repeat(40),
      files: ['trino/trino-cluster-etl/kustomization.yaml'],
    });
    const [call] = t.fake.calls;
    expect(call).toMatchObject({ op: 'create', endpoint: 'trino', actor: 'alice', options: { dryRun: false, review: undefined } });
    expect(call.request!.document.source).toBe('yaml');
    expect(call.request!.document.data).toMatchObject({ apiVersion: 'trino-operator.cloudchef-labs.com/v1beta1', kind: 'TrinoCluster', spec: { worker: { replicas: 2 } } });
    expect(call.request!.params).toEqual({});
  });

  test('an unencoded "+" in a form value (curl -d) arrives as a space and still decodes', async () => {
    const yaml = `${seedYaml('trino-cluster-etl')}# >>>???\n`;
    const encoded = b64(yaml);
    expect(encoded).toMatch(/\+/);
    const res = await t.http().post('/v1/trino/create').set(auth).type('form').send(curlForm({ yaml: encoded }));
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
    expect(t.fake.calls[0].options).toEqual({ dryRun: true, review: undefined });
  });

  test('dry_run answers the diff; review is passed through', async () => {
    const dry = await t.http().post('/v1/trino/create').set(auth).type('form').send({ yaml: b64(seedYaml('trino-cluster-etl')), dry_run: 'true' });
    expect(dry.body).toMatchObject({ result: 'SUCCESS', status: 'dry-run', diff: '+++ b/trino/trino-cluster-etl' });
    await t.http().post('/v1/trino/create').set(auth).type('form').send({ yaml: b64(seedYaml('trino-cluster-etl')), review: 'true' }).expect(200);
    await t.http().post('/v1/trino/create').set(auth).type('form').send({ yaml: b64(seedYaml('trino-cluster-etl')), review: 'false' }).expect(200);
    expect(t.fake.calls.map((c) => c.options)).toEqual([
      { dryRun: true, review: undefined },
      { dryRun: false, review: true },
      { dryRun: false, review: false },
    ]);
  });

  test('an own-kind document is accepted at its endpoint too', async () => {
    const own = 'apiVersion: dataroaster.io/v1alpha1\nkind: TrinoCluster\nmetadata: {name: adhoc, namespace: analytics}\nspec: {}\n';
    const res = await t.http().post('/v1/trino/create').set(auth).type('form').send({ yaml: b64(own) });
    expect(res.status).toBe(200);
    expect(res.body.instance).toEqual({ kind: 'TrinoCluster', name: 'adhoc', namespace: 'analytics' });
  });

  test('list answers the instances as a JSON array', async () => {
    await t.http().post('/v1/trino/create').set(auth).type('form').send({ yaml: b64(seedYaml('trino-cluster-etl')) }).expect(200);
    const res = await t.http().get('/v1/trino/list').set(auth);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([{ kind: 'TrinoCluster', name: 'trino-cluster-etl', namespace: 'trino-operator', component: 'trino' }]);
    expect((await t.http().get('/v1/hive_metastore/list').set(auth)).body).toEqual([]);
  });

  describe('delete', () => {
    const create = (name: string) =>
      t.http().post('/v1/trino/create').set(auth).type('form').send({ yaml: b64(seedYaml('trino-cluster-etl').replace('name: trino-cluster-etl', `name: ${name}`)) }).expect(200);

    test('without a name deletes the only instance, as the original did', async () => {
      await create('etl');
      const res = await t.http().delete('/v1/trino/delete').set(auth);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ result: 'SUCCESS', status: 'committed', instance: { name: 'etl' } });
      expect(t.fake.calls.at(-1)).toMatchObject({ op: 'remove', name: 'etl', actor: 'alice' });
    });

    test('without a name and several instances → 400 listing them; nothing deleted', async () => {
      await create('etl');
      await create('adhoc');
      const res = await t.http().delete('/v1/trino/delete').set(auth);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe("several trino instances exist (adhoc, etl): pass parameter 'name'");
      expect(t.fake.calls.filter((c) => c.op === 'remove')).toEqual([]);
    });

    test('with a name deletes that instance (form body on DELETE, as curl -XDELETE -d sends it)', async () => {
      await create('etl');
      await create('adhoc');
      const res = await t.http().delete('/v1/trino/delete').set(auth).type('form').send('name=adhoc&dry_run=false');
      expect(res.status).toBe(200);
      expect((await t.http().get('/v1/trino/list').set(auth)).body.map((i: { name: string }) => i.name)).toEqual(['etl']);
    });

    test('the name may also come in the query string', async () => {
      await create('etl');
      await create('adhoc');
      await t.http().delete('/v1/trino/delete?name=etl').set(auth).expect(200);
      expect(t.fake.calls.at(-1)).toMatchObject({ op: 'remove', name: 'etl' });
    });
  });

  test('changes are counted in /metrics by component, operation and outcome', async () => {
    await t.http().post('/v1/trino/create').set(auth).type('form').send({ yaml: b64(seedYaml('trino-cluster-etl')) }).expect(200);
    await t.http().post('/v1/trino/create').set(auth).type('form').send({ yaml: b64(seedYaml('trino-cluster-etl')), dry_run: 'true' }).expect(200);
    const metrics = (await t.http().get('/metrics')).text;
    expect(metrics).toContain('dataroaster_changes_total{component="trino",operation="create",status="committed"} 1');
    expect(metrics).toContain('dataroaster_changes_total{component="trino",operation="create",status="dry-run"} 1');
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
    const conflict = await t.http().post('/v1/trino/create').set(auth).type('form').send({ yaml: b64(seedYaml('trino-cluster-etl')) });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toEqual({ result: 'FAILURE', error: { code: 'conflict', message: 'the branch moved on 3 times; try again' } });
    fake.create = async () => {
      throw new GitRemoteError('git push failed: remote unreachable');
    };
    const remote = await t.http().post('/v1/trino/create').set(auth).type('form').send({ yaml: b64(seedYaml('trino-cluster-etl')) });
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

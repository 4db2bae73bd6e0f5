import { seedYaml } from './support/seed';
import { b64, TestApp } from './support/test-app';

/** Billion-laughs: each level doubles the one before; expanded it would not fit in memory. */
function aliasBomb(): string {
  const lines = [
    'apiVersion: trino-operator.cloudchef-labs.com/v1beta1',
    'kind: TrinoCluster',
    'metadata: {name: bomb}',
    'l0: &l0 [x, x, x, x, x, x, x, x]',
  ];
  for (let i = 1; i < 40; i++) lines.push(`l${i}: &l${i} [*l${i - 1}, *l${i - 1}]`);
  return `${lines.join('\n')}\n`;
}

const trino = (name = 'trino-cluster-etl') =>
  `apiVersion: trino-operator.cloudchef-labs.com/v1beta1\nkind: TrinoCluster\nmetadata:\n  name: ${name}\n  namespace: trino-operator\nspec:\n  namespace: etl\n`;
const helmChart = 'apiVersion: helm-operator.cloudchef-labs.com/v1beta1\nkind: HelmChart\nmetadata:\n  name: hive-metastore\nspec: {}\n';
const RFC1123 = 'must be an RFC 1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit)';
const USER_NAME = "must be 1-63 letters, digits, '.', '_', '@' or '-', starting with a letter or digit";
const hive = { mysql_storage_class: 'standard', mysql_storage_size: '5', yaml: b64(helmChart) };

interface BadRequest {
  readonly method: 'get' | 'post' | 'put' | 'delete';
  readonly path: string;
  /** Who calls: a logged-in admin, a user, or nobody. */
  readonly as: 'admin' | 'user' | 'nobody';
  /** Form fields (or a raw form string), a JSON value, or a body of another content type. */
  readonly form?: Record<string, string> | string;
  readonly json?: unknown;
  readonly raw?: { type: string; body: string };
  readonly status: number;
  readonly message: string;
}

// prettier-ignore
const TABLE: Record<string, BadRequest> = {
  // --- login
  'login without parameters': { method: 'post', path: '/v1/login', as: 'nobody', form: {}, status: 400, message: "missing parameter 'user'; missing parameter 'password'" },
  'login without password': { method: 'post', path: '/v1/login', as: 'nobody', form: { user: 'admin' }, status: 400, message: "missing parameter 'password'" },
  'login with an empty user': { method: 'post', path: '/v1/login', as: 'nobody', form: { user: '', password: 'x' }, status: 400, message: "parameter 'user': must not be empty" },
  'login with user given twice': { method: 'post', path: '/v1/login', as: 'nobody', form: 'user=a&user=b&password=x', status: 400, message: "parameter 'user': expected a string" },
  'login with an unknown parameter': { method: 'post', path: '/v1/login', as: 'nobody', form: { user: 'a', password: 'x', remember: 'yes' }, status: 400, message: "unknown parameter 'remember'" },
  'login with a JSON number as password': { method: 'post', path: '/v1/login', as: 'nobody', json: { user: 'a', password: 12345678 }, status: 400, message: "parameter 'password': expected a string" },
  'login with a JSON array body': { method: 'post', path: '/v1/login', as: 'nobody', json: [{ user: 'a' }], status: 400, message: 'request body must be form fields or a JSON object' },
  'login with broken JSON': { method: 'post', path: '/v1/login', as: 'nobody', raw: { type: 'application/json', body: '{"user": "admin", "password": "secret' }, status: 400, message: 'request body is not valid JSON' },
  'login with a __proto__ key in JSON': { method: 'post', path: '/v1/login', as: 'nobody', raw: { type: 'application/json', body: '{"user": "a", "password": "b", "__proto__": {"role": "admin"}}' }, status: 400, message: 'request body must not contain a "__proto__" key' },
  'login with a text/plain body': { method: 'post', path: '/v1/login', as: 'nobody', raw: { type: 'text/plain', body: 'user=admin' }, status: 415, message: 'content type "text/plain" is not supported: send application/x-www-form-urlencoded or application/json' },
  'login with a body over the limit': { method: 'post', path: '/v1/login', as: 'nobody', form: { user: 'a', password: 'x'.repeat(70 * 1024) }, status: 413, message: 'request body is larger than the limit of 65536 bytes' },
  'login with a 2 KiB password': { method: 'post', path: '/v1/login', as: 'nobody', form: { user: 'a', password: 'x'.repeat(2048) }, status: 400, message: "parameter 'password': must be at most 72 bytes" },
  // --- users
  'users/create without password': { method: 'post', path: '/v1/users/create', as: 'admin', form: { user: 'bob' }, status: 400, message: "missing parameter 'password'" },
  'users/create with a short password': { method: 'post', path: '/v1/users/create', as: 'admin', form: { user: 'bob', password: 'short' }, status: 400, message: "parameter 'password': must be at least 8 characters" },
  'users/create with a password over 72 bytes': { method: 'post', path: '/v1/users/create', as: 'admin', form: { user: 'bob', password: 'é'.repeat(40) }, status: 400, message: "parameter 'password': must be at most 72 bytes" },
  'users/create with a path as name': { method: 'post', path: '/v1/users/create', as: 'admin', form: { user: '../bob', password: 'password1' }, status: 400, message: `parameter 'user': ${USER_NAME}` },
  'users/create with an unknown role': { method: 'post', path: '/v1/users/create', as: 'admin', form: { user: 'bob', password: 'password1', role: 'root' }, status: 400, message: 'parameter \'role\': expected "user" or "admin"' },
  'users/create of an existing user': { method: 'post', path: '/v1/users/create', as: 'admin', form: { user: 'alice', password: 'password1' }, status: 409, message: 'user [alice] already exists' },
  'users/update/password of an unknown user': { method: 'put', path: '/v1/users/update/password', as: 'admin', form: { user: 'nobody', password: 'password1' }, status: 404, message: 'user [nobody] not found' },
  'users/update/password too short': { method: 'put', path: '/v1/users/update/password', as: 'user', form: { user: 'alice', password: 'short' }, status: 400, message: "parameter 'password': must be at least 8 characters" },
  'users/delete of an unknown user': { method: 'delete', path: '/v1/users/delete', as: 'admin', form: { user: 'nobody' }, status: 404, message: 'user [nobody] not found' },
  'users/delete without user': { method: 'delete', path: '/v1/users/delete', as: 'admin', form: {}, status: 400, message: "missing parameter 'user'" },
  'users/list with a parameter': { method: 'get', path: '/v1/users/list?page=2', as: 'admin', status: 400, message: "unknown parameter 'page'" },
  // --- component create: the yaml parameter
  'trino/create without yaml': { method: 'post', path: '/v1/trino/create', as: 'user', form: {}, status: 400, message: "missing parameter 'yaml'" },
  'trino/create with yaml that is not base64': { method: 'post', path: '/v1/trino/create', as: 'user', form: { yaml: 'kind: TrinoCluster!' }, status: 400, message: "parameter 'yaml': not valid base64" },
  'trino/create with empty yaml': { method: 'post', path: '/v1/trino/create', as: 'user', form: { yaml: '' }, status: 400, message: "parameter 'yaml': must not be empty" },
  'trino/create with yaml as a JSON number': { method: 'post', path: '/v1/trino/create', as: 'user', json: { yaml: 42 }, status: 400, message: "parameter 'yaml': expected a base64 string" },
  'trino/create with base64 of binary data': { method: 'post', path: '/v1/trino/create', as: 'user', form: { yaml: Buffer.from([0xff, 0xfe, 0x00, 0x80]).toString('base64') }, status: 400, message: "parameter 'yaml': base64 does not decode to UTF-8 text" },
  'trino/create with YAML that does not parse': { method: 'post', path: '/v1/trino/create', as: 'user', form: { yaml: b64('kind: [TrinoCluster\nmetadata: {') }, status: 400, message: 'yaml: not valid YAML: deficient indentation in "yaml" (2:1)' },
  'trino/create with two documents': { method: 'post', path: '/v1/trino/create', as: 'user', form: { yaml: b64(`${trino()}---\n${trino('second')}`) }, status: 400, message: 'yaml: expected one YAML document, found 2' },
  'trino/create with only a comment': { method: 'post', path: '/v1/trino/create', as: 'user', form: { yaml: b64('# nothing here\n') }, status: 400, message: 'yaml: expected one YAML document, found 0' },
  'trino/create with a YAML list': { method: 'post', path: '/v1/trino/create', as: 'user', form: { yaml: b64('- a\n- b\n') }, status: 400, message: 'yaml: expected a YAML mapping with apiVersion, kind, metadata and spec' },
  'trino/create with a YAML alias bomb': { method: 'post', path: '/v1/trino/create', as: 'user', form: { yaml: b64(aliasBomb()) }, status: 400, message: 'yaml: not valid YAML: aliases exceeded maxAliases (50) in "yaml" (30:13)' },
  'trino/create with a HelmChart': { method: 'post', path: '/v1/trino/create', as: 'user', form: { yaml: b64(helmChart) }, status: 400, message: 'yaml: kind: "helm-operator.cloudchef-labs.com/v1beta1 HelmChart" cannot be created at /v1/trino/create (expected trino-operator.cloudchef-labs.com/v1beta1 TrinoCluster or dataroaster.io/v1alpha1 TrinoCluster): send it to /v1/hive_metastore/create or /v1/helm_chart/create' },
  'trino/create with the seed Hive metastore HelmChart (names the one endpoint that takes it)': { method: 'post', path: '/v1/trino/create', as: 'user', form: { yaml: b64(seedYaml('hive-metastore')) }, status: 400, message: 'yaml: kind: "helm-operator.cloudchef-labs.com/v1beta1 HelmChart" cannot be created at /v1/trino/create (expected trino-operator.cloudchef-labs.com/v1beta1 TrinoCluster or dataroaster.io/v1alpha1 TrinoCluster): send it to /v1/hive_metastore/create' },
  'trino/create without kind': { method: 'post', path: '/v1/trino/create', as: 'user', form: { yaml: b64('apiVersion: v1\nmetadata: {name: x}\n') }, status: 400, message: 'yaml: kind: required (string)' },
  'trino/create with a path as metadata.name': { method: 'post', path: '/v1/trino/create', as: 'user', form: { yaml: b64(trino('../../namespaces')) }, status: 400, message: `yaml: metadata.name: ${RFC1123}` },
  'trino/create without metadata.name': { method: 'post', path: '/v1/trino/create', as: 'user', form: { yaml: b64('apiVersion: trino-operator.cloudchef-labs.com/v1beta1\nkind: TrinoCluster\nmetadata: {}\n') }, status: 400, message: 'yaml: metadata.name: required (string)' },
  'trino/create with a parameter of another endpoint': { method: 'post', path: '/v1/trino/create', as: 'user', form: { yaml: b64(trino()), mysql_storage_class: 'standard' }, status: 400, message: "unknown parameter 'mysql_storage_class'" },
  'trino/create with dry_run=maybe': { method: 'post', path: '/v1/trino/create', as: 'user', form: { yaml: b64(trino()), dry_run: 'maybe' }, status: 400, message: "parameter 'dry_run': expected true or false" },
  // --- component create: the original's extra parameters
  'hive_metastore/create with mysql_storage_size=abc': { method: 'post', path: '/v1/hive_metastore/create', as: 'user', form: { ...hive, mysql_storage_size: 'abc' }, status: 400, message: "parameter 'mysql_storage_size': expected a positive integer" },
  'hive_metastore/create with mysql_storage_size=0': { method: 'post', path: '/v1/hive_metastore/create', as: 'user', form: { ...hive, mysql_storage_size: '0' }, status: 400, message: "parameter 'mysql_storage_size': expected a positive integer" },
  'hive_metastore/create with an invalid storage class': { method: 'post', path: '/v1/hive_metastore/create', as: 'user', form: { ...hive, mysql_storage_class: 'Fast_SSD' }, status: 400, message: `parameter 'mysql_storage_class': ${RFC1123}` },
  'hive_metastore/create with a TrinoCluster': { method: 'post', path: '/v1/hive_metastore/create', as: 'user', form: { ...hive, yaml: b64(trino()) }, status: 400, message: 'yaml: kind: "trino-operator.cloudchef-labs.com/v1beta1 TrinoCluster" cannot be created at /v1/hive_metastore/create (expected helm-operator.cloudchef-labs.com/v1beta1 HelmChart or dataroaster.io/v1alpha1 HiveMetastore): send it to /v1/trino/create' },
  'spark_thrift_server/create with an S3 key that is not base64': {
    method: 'post', path: '/v1/spark_thrift_server/create', as: 'user',
    form: { nfs_storage_class: 'standard', nfs_storage_size: '10', s3_access_key: 'not base64!', s3_secret_key: b64('k'), pvc_size: '1', yaml: b64('x: 1\n') },
    status: 400, message: "parameter 's3_access_key': not valid base64",
  },
  // --- component delete and list
  'trino/delete with a path as name': { method: 'delete', path: '/v1/trino/delete', as: 'user', form: { name: '../hive-metastore' }, status: 400, message: `parameter 'name': ${RFC1123}` },
  'trino/delete with a 64-character name': { method: 'delete', path: '/v1/trino/delete', as: 'user', form: { name: 'a'.repeat(64) }, status: 400, message: "parameter 'name': must be at most 63 characters" },
  'trino/list with a name': { method: 'get', path: '/v1/trino/list?name=x', as: 'user', status: 400, message: "unknown parameter 'name'" },
  // --- routing
  'GET on a create endpoint': { method: 'get', path: '/v1/trino/create', as: 'user', status: 405, message: 'method GET is not allowed on /v1/trino/create (allowed: POST)' },
  'an endpoint that does not exist': { method: 'post', path: '/v1/kafka/create', as: 'user', status: 404, message: 'no endpoint POST /v1/kafka/create' },
};

describe('bad requests get a 4xx JSON answer naming the problem, and change nothing', () => {
  let t: TestApp;
  let tokens: { admin: string; user: string };
  beforeAll(async () => {
    t = new TestApp({ bodyLimitBytes: 64 * 1024 });
    tokens = await t.withUsers();
  });
  afterAll(() => t.close());

  test('the table has at least 40 rows', () => {
    expect(Object.keys(TABLE).length).toBeGreaterThanOrEqual(40);
  });

  test.each(Object.entries(TABLE))('%s', async (_name, row) => {
    // Given
    const usersBefore = await t.auth.users.list();
    let req = t.http()[row.method](row.path);
    if (row.as !== 'nobody') req = req.set('Authorization', `Bearer ${tokens[row.as]}`);
    // When
    if (row.form !== undefined) req = req.type('form').send(row.form);
    if (row.json !== undefined) req = req.send(row.json as object);
    if (row.raw !== undefined) req = req.set('Content-Type', row.raw.type).send(row.raw.body);
    const res = await req;
    // Then
    expect({ status: res.status, message: res.body?.error?.message }).toEqual({ status: row.status, message: row.message });
    expect(res.body.result).toBe('FAILURE');
    expect(res.type).toBe('application/json');
    expect(t.fake.calls).toEqual([]);
    expect(await t.auth.users.list()).toEqual(usersBefore);
  });
});

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { componentEndpoints } from '../../api-server/components/endpoints';
import type { ApiRoute } from '../../api-server/http/route';
import { listen, RunningServer } from '../../api-server/server';
import { REGISTRY } from '../../src/components/registry';
import { YAML_BOMBS } from '../support/yaml-bombs';
import { GitApp, startGitApp } from './support/git-app';
import { seedYaml } from './support/seed';
import { b64 } from './support/test-app';

// A systematic table of malformed requests — every endpoint × bad bodies, encodings, headers,
// parameters and YAML shapes — against one server on the real engine and a real bare remote. None
// may answer 5xx, and none may change the repository: its refs and object files are compared after
// every request, and `git fsck` runs at the end.

const BODY_LIMIT = 64 * 1024;

interface Call {
  readonly method: string;
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: Buffer | string;
}

interface Row extends Call {
  readonly name: string;
  /** Expected status. */
  readonly status: number;
}

type As = 'admin' | 'user' | 'nobody';

const json = (value: unknown) => ({ headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(value) });
const form = (fields: Record<string, string> | string) => ({
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  body: typeof fields === 'string' ? fields : new URLSearchParams(fields).toString(),
});

/** Bad requests any endpoint must refuse before its handler: bodies, codings, request ids, methods. */
function anyEndpointRows(route: ApiRoute): Array<Omit<Row, 'method' | 'path'> & { method?: string }> {
  const login = JSON.stringify({ user: 'alice', password: 'alice-password' });
  return [
    { name: 'a text/plain body', headers: { 'Content-Type': 'text/plain' }, body: 'user=alice', status: 415 },
    {
      name: 'a multipart body',
      headers: { 'Content-Type': 'multipart/form-data; boundary=x' },
      body: '--x\r\nContent-Disposition: form-data; name="user"\r\n\r\nalice\r\n--x--\r\n',
      status: 415,
    },
    { name: 'Content-Encoding: foo', headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'foo' }, body: login, status: 415 },
    {
      name: 'Content-Encoding: gzip, gzip',
      headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip, gzip' },
      body: gzipSync(gzipSync(login)),
      status: 415,
    },
    {
      name: 'a corrupt gzip body',
      headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
      body: Buffer.from('not gzip at all'),
      status: 400,
    },
    {
      name: 'a truncated gzip body',
      headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
      body: gzipSync(login).subarray(0, 15),
      status: 400,
    },
    {
      name: 'a corrupt br body',
      headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'br' },
      body: Buffer.from('definitely not brotli data here'),
      status: 400,
    },
    {
      name: 'a gzip bomb',
      headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
      body: gzipSync(Buffer.alloc(8 * 1024 * 1024, ' ')),
      status: 413,
    },
    { name: 'broken JSON', headers: { 'Content-Type': 'application/json' }, body: '{"user": "alice", "password": ', status: 400 },
    { name: 'a JSON __proto__ key', headers: { 'Content-Type': 'application/json' }, body: '{"__proto__": {"role": "admin"}}', status: 400 },
    {
      name: 'JSON nested 5 000 deep',
      headers: { 'Content-Type': 'application/json' },
      body: `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`,
      status: 400,
    },
    {
      name: 'a JSON body with 10 000 keys (past the body limit)',
      ...json(Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, 0]))),
      status: 413,
    },
    { name: 'a body over the limit', ...form({ x: 'x'.repeat(BODY_LIMIT + 1) }), status: 413 },
    { name: 'X-Request-Id with ..', headers: { 'X-Request-Id': 'a..b' }, status: 400 },
    { name: 'X-Request-Id ending in .lock', headers: { 'X-Request-Id': 'deploy.lock' }, status: 400 },
    { name: 'Idempotency-Key with a slash', headers: { 'Idempotency-Key': 'a/b' }, status: 400 },
    { name: 'a method the path does not take', method: route.method === 'PUT' ? 'POST' : 'PUT', status: 405 },
  ];
}

const COMPONENT_ENDPOINTS = new Set(componentEndpoints(REGISTRY).map((e) => e.name));

/** Bad parameters, for endpoints that take parameters. */
function paramRows(route: ApiRoute): Array<Omit<Row, 'method' | 'path'>> {
  const names = Object.keys(route.params?.shape ?? {});
  return [
    { name: 'an unknown parameter', ...form({ no_such_parameter: '1' }), status: 400 },
    { name: 'a JSON array body', ...json([{ user: 'alice' }]), status: 400 },
    {
      name: 'every parameter a JSON object',
      ...json(Object.fromEntries((names.length > 0 ? names : ['x']).map((n) => [n, { nested: true }]))),
      status: 400,
    },
    { name: 'every parameter given twice', ...form((names.length > 0 ? names : ['x']).map((n) => `${n}=a&${n}=b`).join('&')), status: 400 },
  ];
}

/** Bad credentials, for endpoints behind authentication. */
function authRows(route: ApiRoute): Array<Omit<Row, 'method' | 'path'> & { as: As }> {
  const rows: Array<Omit<Row, 'method' | 'path'> & { as: As }> = [
    { name: 'no Authorization header', as: 'nobody', status: 401 },
    { name: 'Basic credentials', as: 'nobody', headers: { Authorization: `Basic ${b64('admin:admin-password-1')}` }, status: 401 },
    { name: 'an unknown bearer token', as: 'nobody', headers: { Authorization: 'Bearer 0123456789abcdef' }, status: 401 },
    { name: 'a bearer token with spaces', as: 'nobody', headers: { Authorization: 'Bearer a b c' }, status: 401 },
  ];
  if (route.access === 'admin') rows.push({ name: 'a user calling an admin endpoint', as: 'user', status: 403 });
  return rows;
}

/** YAML shapes a create endpoint must refuse, each also as a dry run. */
function yamlRows(endpoint: string): Array<{ name: string; fields: Record<string, string>; status: number }> {
  const otherKind =
    endpoint === 'trino'
      ? 'apiVersion: helm-operator.cloudchef-labs.com/v1beta1\nkind: HelmChart\nmetadata: {name: x}\nspec: {}\n'
      : seedYaml('trino-cluster-etl');
  const shapes: Array<[string, string | Record<string, string>, number]> = [
    // every bomb at every endpoint, with and without dry run: test/api-server/document-limits.test.ts
    ['YAML bomb: nested aliases', b64(YAML_BOMBS['nested aliases: 5 levels of 10'].yaml), 413],
    ['YAML bomb: deep flow nesting', b64(YAML_BOMBS['deep flow nesting: 10 000 brackets'].yaml), 400],
    ['yaml that is not base64', { yaml: 'kind: TrinoCluster!' }, 400],
    ['empty yaml', { yaml: '' }, 400],
    ['yaml of binary data', b64('\u0000\u0001\u0002'), 400],
    ['YAML that does not parse', b64('kind: [TrinoCluster\nmetadata: {'), 400],
    ['two YAML documents', b64(`${seedYaml('trino-cluster-etl')}---\n${seedYaml('trino-cluster-etl')}`), 400],
    ['only a comment', b64('# nothing\n'), 400],
    ['a null document', b64('~\n'), 400],
    ['a YAML list', b64('- a\n- b\n'), 400],
    ['a YAML scalar', b64('just text\n'), 400],
    ['a document of another endpoint', b64(otherKind), 400],
    ['an unknown kind', b64('apiVersion: dataroaster.io/v1alpha1\nkind: Kafka\nmetadata: {name: k}\nspec: {}\n'), 400],
    ['no kind', b64('apiVersion: v1\nmetadata: {name: x}\n'), 400],
    [
      'metadata.name with a path',
      b64('apiVersion: dataroaster.io/v1alpha1\nkind: TrinoCluster\nmetadata: {name: ../../namespaces}\nspec: {}\n'),
      400,
    ],
    ['metadata as a list', b64('apiVersion: dataroaster.io/v1alpha1\nkind: TrinoCluster\nmetadata: [a]\nspec: {}\n'), 400],
    ['a YAML tag the parser does not know', b64('apiVersion: !!js/function "x"\nkind: TrinoCluster\n'), 400],
    [
      'a __proto__ key',
      b64('apiVersion: dataroaster.io/v1alpha1\nkind: TrinoCluster\n__proto__: {polluted: true}\nmetadata: {name: p}\nspec: {}\n'),
      400,
    ],
    // reserved namespaces (the seed's instance namespace replaced): refused at every endpoint, for its own reason at trino
    ...['kube-system', 'kube-node-lease', 'default', 'flux-system', 'argocd'].map((ns): [string, string, number] => [
      `instance namespace ${ns}`,
      b64(seedYaml('trino-cluster-etl').replace('namespace: trino-cluster-etl', `namespace: ${ns}`)),
      400,
    ]),
    ['dry_run=maybe', { yaml: b64(seedYaml('trino-cluster-etl')), dry_run: 'maybe' }, 400],
    ['review=sometimes', { yaml: b64(seedYaml('trino-cluster-etl')), review: 'sometimes' }, 400],
  ];
  // each shape once, as a dry run at every other endpoint
  return shapes.map(([name, given, status], i) => {
    const fields = typeof given === 'string' ? { yaml: given } : given;
    return i % 2 === 0 ? { name, fields, status } : { name: `${name}, dry run`, fields: { dry_run: 'true', ...fields }, status };
  });
}

function deleteRows(): Array<{ name: string; fields: Record<string, string> | string; status: number }> {
  return [
    { name: 'name with a path', fields: { name: '../hive-metastore' }, status: 400 },
    { name: 'a 64-character name', fields: { name: 'a'.repeat(64) }, status: 400 },
    { name: 'an upper-case name', fields: { name: 'Etl' }, status: 400 },
    { name: 'name given twice', fields: 'name=a&name=b', status: 400 },
    { name: 'an instance that does not exist', fields: { name: 'no-such-instance' }, status: 404 },
    { name: 'dry_run=perhaps', fields: { name: 'x', dry_run: 'perhaps' }, status: 400 },
  ];
}

function userRows(): Row[] {
  const create = (fields: Record<string, string>) => ({ method: 'POST', path: '/v1/users/create', ...form(fields) });
  return [
    { name: 'users/create: short password', ...create({ user: 'bob', password: 'short' }), status: 400 },
    { name: 'users/create: password over 72 bytes', ...create({ user: 'bob', password: 'é'.repeat(40) }), status: 400 },
    { name: 'users/create: a path as name', ...create({ user: '../bob', password: 'password1' }), status: 400 },
    { name: 'users/create: unknown role', ...create({ user: 'bob', password: 'password1', role: 'root' }), status: 400 },
    { name: 'users/create: existing user', ...create({ user: 'alice', password: 'password1' }), status: 409 },
    {
      name: 'users/update/password: unknown user',
      method: 'PUT',
      path: '/v1/users/update/password',
      ...form({ user: 'nobody', password: 'password1' }),
      status: 404,
    },
    { name: 'users/delete: unknown user', method: 'DELETE', path: '/v1/users/delete', ...form({ user: 'nobody' }), status: 404 },
    { name: 'login: empty user', method: 'POST', path: '/v1/login', ...form({ user: '', password: 'x' }), status: 400 },
    { name: 'login: a 2 KiB password', method: 'POST', path: '/v1/login', ...form({ user: 'a', password: 'x'.repeat(2048) }), status: 400 },
  ];
}

/** The whole table, generated from the app's own route list. */
function table(routes: readonly ApiRoute[], tokens: Record<As, string | undefined>): Row[] {
  const withAuth = (route: ApiRoute, as: As, headers: Record<string, string> = {}) =>
    route.access === 'public' || as === 'nobody' ? headers : { Authorization: `Bearer ${tokens[as]}`, ...headers };
  const rows: Row[] = [];
  for (const route of routes) {
    const at = `${route.method} ${route.path}`;
    for (const row of anyEndpointRows(route)) {
      rows.push({
        ...row,
        name: `${at}: ${row.name}`,
        method: row.method ?? route.method,
        path: route.path,
        headers: withAuth(route, 'admin', row.headers),
      });
    }
    if (route.params) {
      for (const row of paramRows(route))
        rows.push({ ...row, name: `${at}: ${row.name}`, method: route.method, path: route.path, headers: withAuth(route, 'admin', row.headers) });
      rows.push({
        name: `${at}: an unknown parameter in the query`,
        method: route.method,
        path: `${route.path}?no_such_parameter=1`,
        headers: withAuth(route, 'admin'),
        status: 400,
      });
    }
    if (route.access !== 'public') {
      for (const row of authRows(route))
        rows.push({
          name: `${at}: ${row.name}`,
          method: route.method,
          path: route.path,
          headers: withAuth(route, row.as, row.headers),
          status: row.status,
        });
    }
    // The components' own create/delete (a `yaml` document, a `name`); other families (users, the gateway's
    // cluster groups and clusters) take parameters of their own and get the parameter rows above.
    const component = /^\/v1\/(\w+)\/(create|delete)$/.exec(route.path);
    if (component && !COMPONENT_ENDPOINTS.has(component[1])) continue;
    if (component?.[2] === 'create') {
      for (const row of yamlRows(component[1]))
        rows.push({
          name: `${at}: ${row.name}`,
          method: route.method,
          path: route.path,
          ...form(row.fields),
          headers: withAuth(route, 'user', form(row.fields).headers),
          status: row.status,
        });
    }
    if (component?.[2] === 'delete') {
      for (const row of deleteRows())
        rows.push({
          name: `${at}: ${row.name}`,
          method: route.method,
          path: route.path,
          ...form(row.fields),
          headers: withAuth(route, 'user', form(row.fields).headers),
          status: row.status,
        });
    }
  }
  for (const row of userRows())
    rows.push({ ...row, name: `${row.method} ${row.path}: ${row.name}`, headers: { Authorization: `Bearer ${tokens.admin}`, ...row.headers } });
  return rows;
}

/** One request over a real connection; bodies go out as given (any method, any coding). */
function send(url: string, call: Call): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const body = call.body === undefined ? undefined : Buffer.isBuffer(call.body) ? call.body : Buffer.from(call.body);
    const headers = { ...call.headers, ...(body && { 'Content-Length': String(body.length) }) };
    const req = request(`${url}${call.path}`, { method: call.method, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, type: String(res.headers['content-type']), body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Every ref and every object file of a bare repository: equal snapshots mean nothing was written. */
function repositorySnapshot(gitDir: string): string {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else
        files.push(`${path.slice(gitDir.length)} ${entry.name.endsWith('.pack') ? statSync(path).size : readFileSync(path, 'utf8').slice(0, 200)}`);
    }
  };
  for (const part of ['refs', 'objects']) walk(join(gitDir, part));
  const packed = join(gitDir, 'packed-refs');
  return [...files.sort(), statSync(packed, { throwIfNoEntry: false }) ? readFileSync(packed, 'utf8') : ''].join('\n');
}

describe('a table of malformed requests: no 5xx, and the repository unchanged', () => {
  let g: GitApp;
  let server: RunningServer;
  let rows: Row[] = [];
  let before: string;
  let tokens: Record<As, string | undefined>;

  beforeAll(async () => {
    g = await startGitApp({ bodyLimitBytes: BODY_LIMIT });
    server = await listen(g.t.app.koa, 0, '127.0.0.1');
    // one committed instance, so the repository has history to keep intact
    const created = await send(server.url, {
      method: 'POST',
      path: '/v1/trino/create',
      headers: { ...g.alice, ...form({ yaml: b64(seedYaml('trino-cluster-etl')) }).headers },
      body: form({ yaml: b64(seedYaml('trino-cluster-etl')) }).body,
    });
    expect(created.status).toBe(200);
    tokens = { admin: g.admin.Authorization.slice('Bearer '.length), user: g.alice.Authorization.slice('Bearer '.length), nobody: undefined };
    rows = table(g.t.app.routes, tokens);
    before = repositorySnapshot(g.remote);
  });
  afterAll(async () => {
    await server.stop(1000);
    await g.close();
  });

  test('the table has at least 300 rows (~560), every endpoint in it', () => {
    expect(rows.length).toBeGreaterThanOrEqual(300);
    expect(new Set(g.t.app.routes.map((r) => r.path)).size).toBe(new Set(rows.map((r) => r.path.split('?')[0])).size);
    expect(new Set(rows.map((r) => r.name)).size).toBe(rows.length);
  });

  test('every row: the expected 4xx with a JSON failure body, nothing written to the repository', async () => {
    const wrong: unknown[] = [];
    for (const row of rows) {
      const res = await send(server.url, row);
      let error: { code?: string; message?: string } | undefined;
      try {
        error = (JSON.parse(res.body) as { error?: { code?: string; message?: string } }).error;
      } catch {
        error = undefined;
      }
      const ok =
        res.status === row.status && res.type.startsWith('application/json') && typeof error?.message === 'string' && error.message.length > 0;
      if (!ok) wrong.push({ row: row.name, expected: row.status, status: res.status, body: res.body.slice(0, 300) });
      const now = repositorySnapshot(g.remote);
      if (now !== before) {
        wrong.push({ row: row.name, repository: 'changed' });
        before = now;
      }
    }
    expect(wrong).toEqual([]);
    // and the server still serves
    expect((await send(server.url, { method: 'GET', path: '/healthz' })).status).toBe(200);
    expect((await send(server.url, { method: 'GET', path: '/v1/trino/list', headers: g.alice })).status).toBe(200);
  }, 600_000);

  test('git fsck finds the repository intact', () => {
    expect(() => execFileSync('git', ['--git-dir', g.remote, 'fsck', '--full', '--strict', '--no-dangling'], { stdio: 'pipe' })).not.toThrow();
  });
});

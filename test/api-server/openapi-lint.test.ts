import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { TestApp } from './support/test-app';

// The OpenAPI document as a client generator gets it, checked by Redocly's maintained linter
// (`redocly lint`, recommended rules) and for what generators need: a name per operation, servers,
// every parameter, every error answer.
const REDOCLY = join(__dirname, '../../node_modules/@redocly/cli/bin/cli.js');

let t: TestApp;
let doc: any;
let dir: string;
beforeAll(async () => {
  t = new TestApp();
  doc = (await t.http().get('/v1/openapi.json').expect(200)).body;
  dir = mkdtempSync(join(tmpdir(), 'openapi-lint-'));
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

const operations = () =>
  Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ path, method, op })),
  );

test('redocly lint (recommended rules): 0 errors, 0 warnings', () => {
  const file = join(dir, 'openapi.json');
  writeFileSync(file, JSON.stringify(doc));
  const result = spawnSync(process.execPath, [REDOCLY, 'lint', file, '--format', 'json', '--extends', 'recommended'], {
    encoding: 'utf8',
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
  });
  const report = JSON.parse(result.stdout);
  const problems = report.problems.map((p: any) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location?.[0]?.pointer}`);
  expect(problems).toEqual([]);
  expect(result.status).toBe(0);
});

test('every operation has a unique operationId, a 4XX answer and a description of every answer', () => {
  const ids = operations().map(({ op }) => op.operationId);
  expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z0-9]*$/.test(id))).toBe(true);
  expect(new Set(ids).size).toBe(ids.length);
  expect(doc.paths['/v1/trino/create'].post.operationId).toBe('trinoCreate');
  for (const { path, method, op } of operations()) {
    expect([path, method, Object.keys(op.responses).some((s) => /^4/.test(s))]).toEqual([path, method, true]);
    for (const answer of Object.values(op.responses) as any[]) expect(answer.description).toEqual(expect.any(String));
  }
});

test('servers and license are stated', () => {
  expect(doc.servers).toEqual([expect.objectContaining({ url: expect.any(String) })]);
  expect(doc.info.license).toEqual({ name: 'Apache 2.0', identifier: 'Apache-2.0' });
});

test('every parameter is described, from the route definitions: body fields of POST, query parameters of GET', () => {
  const create = doc.paths['/v1/trino/create'].post.requestBody.content['application/x-www-form-urlencoded'].schema;
  expect(Object.keys(create.properties)).toEqual(expect.arrayContaining(['yaml', 'dry_run', 'review']));
  for (const { op } of operations()) {
    for (const parameter of op.parameters ?? [])
      expect(parameter).toMatchObject({ in: 'query', name: expect.any(String), description: expect.any(String) });
    const body = op.requestBody?.content?.['application/json']?.schema;
    for (const [name, schema] of Object.entries((body?.properties ?? {}) as Record<string, any>))
      expect([name, typeof schema.description]).toEqual([name, 'string']);
  }
  // A GET carries its parameters in the query string, never as a body.
  for (const { method, op } of operations().filter((o) => o.method === 'get')) expect([method, op.requestBody]).toEqual([method, undefined]);
});

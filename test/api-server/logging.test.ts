import { TestApp } from './support/test-app';

// Structured logs: one JSON object per line, level names, ISO 8601 times, probes at debug, failures with their code.
let t: TestApp;
beforeAll(() => (t = new TestApp()));
afterAll(() => t.close());

const lines = () =>
  t.logLines
    .join('')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
const requestLine = (path: string) =>
  lines()
    .filter((l) => l.msg === 'request' && l.path === path)
    .at(-1);

test('every line is JSON with a level name and an ISO 8601 time', async () => {
  await t.http().get('/healthz').expect(200);
  expect(lines().length).toBeGreaterThan(0);
  for (const line of lines()) {
    expect(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).toContain(line.level);
    expect(line.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  }
});

test('probes are logged at debug, user requests at info', async () => {
  for (const path of ['/healthz', '/metrics']) await t.http().get(path).expect(200);
  expect(requestLine('/healthz')?.level).toBe('debug');
  expect(requestLine('/metrics')?.level).toBe('debug');
  await t.http().get('/v1/openapi.json').expect(200);
  expect(requestLine('/v1/openapi.json')?.level).toBe('info');
});

test('a failed request is logged with its error code', async () => {
  await t.http().post('/v1/login').send({ user: 'nobody', password: 'wrong-password-1' }).expect(401);
  expect(requestLine('/v1/login')).toMatchObject({ level: 'info', status: 401, code: expect.any(String) });
  await t.http().get('/v1/trino/list').expect(401);
  expect(requestLine('/v1/trino/list')?.code).toEqual(expect.any(String));
});

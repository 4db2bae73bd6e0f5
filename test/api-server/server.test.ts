import { Agent, request } from 'node:http';

import { listen, RunningServer } from '../../api-server/server';
import { seedYaml } from './support/seed';
import { b64, TestApp } from './support/test-app';

/** A request over a given keep-alive agent, answering status and body. */
function call(
  url: string,
  init: { method: string; headers?: Record<string, string>; body?: string; agent?: Agent },
): Promise<{ status: number; body: string; connection?: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method, headers: init.headers, agent: init.agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body, connection: res.headers.connection }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

describe('real HTTP server on a loopback port', () => {
  let t: TestApp;
  let server: RunningServer;
  let token: string;
  beforeEach(async () => {
    t = new TestApp();
    token = (await t.withUsers()).user;
    server = await listen(t.app.koa, 0, '127.0.0.1');
  });
  afterEach(async () => {
    await server.stop(1000);
    await t.close();
  });

  test('serves the API on the address it reports', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    const res = await fetch(`${server.url}/v1/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'user=alice&password=alice-password',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ token: expect.any(String), expiration: expect.any(String) });
  });

  test('stop() lets an in-flight change finish, then refuses new connections', async () => {
    // Given a create that is still being committed
    let release!: () => void;
    t.fake.gate = new Promise<void>((resolve) => (release = resolve));
    const agent = new Agent({ keepAlive: true });
    const inFlight = call(`${server.url}/v1/trino/create`, {
      method: 'POST',
      agent,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `yaml=${b64(seedYaml('trino-cluster-etl'))}`,
    });
    await new Promise((r) => setTimeout(r, 100));
    // When the server is asked to stop
    let stopped = false;
    const stopping = server.stop(10_000).then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 100));
    // Then it does not stop while the request runs, nor accept new connections
    expect(stopped).toBe(false);
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    release();
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ result: 'SUCCESS', status: 'committed' });
    // and the keep-alive connection is closed rather than left idle
    expect(answer.connection).toBe('close');
    await stopping;
    expect(t.fake.calls).toHaveLength(1);
    agent.destroy();
  });

  test('stop() closes idle keep-alive connections at once', async () => {
    const agent = new Agent({ keepAlive: true });
    expect((await call(`${server.url}/healthz`, { method: 'GET', agent })).status).toBe(200);
    const started = Date.now();
    await server.stop(10_000);
    expect(Date.now() - started).toBeLessThan(2000);
    agent.destroy();
  });

  test('stop() gives up on requests that outlast the timeout', async () => {
    t.fake.gate = new Promise<void>(() => undefined);
    const hanging = call(`${server.url}/v1/trino/delete?name=x`, { method: 'DELETE', headers: { Authorization: `Bearer ${token}` } }).catch(
      (err: Error) => err,
    );
    await new Promise((r) => setTimeout(r, 100));
    await server.stop(200);
    expect(await hanging).toMatchObject({ message: 'socket hang up' });
  });
});

import { connect, Socket } from 'node:net';

import { listen, RunningServer } from '../../api-server/server';
import { TestApp } from './support/test-app';

/** Opens a raw TCP connection, writes `data`, and resolves with everything the server sent once it closes the connection. */
function stall(port: number, data: string): { closed: Promise<{ received: string; afterMs: number }>; socket: Socket } {
  const socket = connect(port, '127.0.0.1');
  const started = Date.now();
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (received += chunk));
  socket.write(data);
  const closed = new Promise<{ received: string; afterMs: number }>((resolve) => {
    socket.on('close', () => resolve({ received, afterMs: Date.now() - started }));
    socket.on('error', () => undefined);
  });
  return { closed, socket };
}

// Node's defaults keep a stalled upload open for 300 s (requestTimeout) and stalled headers for 60 s; the
// server sets its own (api-server/server.ts). Here with 1 s / 2 s so the test is quick.
describe('a client that stops sending half-way is cut off', () => {
  let t: TestApp;
  let server: RunningServer;
  beforeAll(async () => {
    t = new TestApp();
    await t.withUsers();
    server = await listen(t.app.koa, 0, '127.0.0.1', { headersTimeoutMs: 1000, requestTimeoutMs: 2000, keepAliveTimeoutMs: 1000 });
  });
  afterAll(async () => {
    await server.stop(1000);
    await t.close();
  });

  test('half the headers: 408 and closed after the headers timeout; other clients are served meanwhile', async () => {
    // Given a connection that sends a request line and one header, then nothing
    const { closed } = stall(server.port, 'POST /v1/login HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    // When another client asks meanwhile
    const other = await fetch(`${server.url}/healthz`);
    // Then it is answered, and the stalled one is cut off after ~1 s (checked every second)
    expect(other.status).toBe(200);
    const { received, afterMs } = await closed;
    expect(received).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(afterMs).toBeGreaterThanOrEqual(900);
    expect(afterMs).toBeLessThan(10_000);
  });

  test('headers then part of the body: 408 and closed after the request timeout', async () => {
    const head = 'POST /v1/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\n';
    const { closed } = stall(server.port, `${head}user=alice&pass`);
    const { received, afterMs } = await closed;
    expect(received).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(afterMs).toBeGreaterThanOrEqual(1900);
    expect(afterMs).toBeLessThan(12_000);
  });

  test('a connection that sends nothing is closed too', async () => {
    const { closed } = stall(server.port, '');
    const { afterMs } = await closed;
    expect(afterMs).toBeLessThan(10_000);
  });

  test('after the stalls the server answers as usual', async () => {
    const res = await fetch(`${server.url}/v1/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'user=alice&password=alice-password',
    });
    expect(res.status).toBe(200);
  });
});

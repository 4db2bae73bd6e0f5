import { createServer, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Koa from 'koa';

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  /**
   * Graceful stop: accept no new connections, let in-flight requests finish (their connections
   * close afterwards instead of idling in keep-alive), force the rest closed after `timeoutMs`.
   * Resolves once no connection is left.
   */
  stop(timeoutMs: number): Promise<void>;
}

/** Serves `app` on `host:port` (port 0 = any free port). */
export async function listen(app: Koa<any, any>, port: number, host: string): Promise<RunningServer> {
  // Koa's handler returns a promise but handles its own rejections (the error handler, then app 'error').
  // eslint-disable-next-line @typescript-eslint/no-misused-promises
  const server = createServer(app.callback());
  const inFlight = new Set<ServerResponse>();
  let stopping = false;

  server.on('request', (_req, res: ServerResponse) => {
    inFlight.add(res);
    if (stopping) res.setHeader('Connection', 'close');
    res.on('close', () => {
      inFlight.delete(res);
      if (stopping) setImmediate(() => server.closeIdleConnections());
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${shownHost}:${address.port}`,
    port: address.port,
    stop(timeoutMs) {
      stopping = true;
      for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
      return closeServer(server, timeoutMs);
    },
  };
}

function closeServer(server: Server, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), timeoutMs);
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}

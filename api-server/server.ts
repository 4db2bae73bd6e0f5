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

/** How long a client may take to send a request; a stalled upload must not hold a connection for Node's default 300 s. */
export interface ConnectionTimeouts {
  /** From the connection (or the end of the last request) to the end of the headers. @default 10 s */
  readonly headersTimeoutMs: number;
  /** From the connection to the end of the body (answering may take longer: a Git push is not bounded here). @default 30 s */
  readonly requestTimeoutMs: number;
  /** Idle time of a kept-alive connection between requests. @default 5 s */
  readonly keepAliveTimeoutMs: number;
}

export const DEFAULT_CONNECTION_TIMEOUTS: ConnectionTimeouts = { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000 };

/**
 * Serves `app` on `host:port` (port 0 = any free port). A client that stops sending half-way through
 * its headers or body gets `408 Request Timeout` and its connection closed once the timeout passes.
 */
export async function listen(
  app: Koa<any, any>,
  port: number,
  host: string,
  timeouts: ConnectionTimeouts = DEFAULT_CONNECTION_TIMEOUTS,
): Promise<RunningServer> {
  const server = createServer(
    {
      headersTimeout: timeouts.headersTimeoutMs,
      requestTimeout: timeouts.requestTimeoutMs,
      keepAliveTimeout: timeouts.keepAliveTimeoutMs,
      // Node checks the two timeouts above on this interval (default 30 s, which would add up to 30 s to each).
      connectionsCheckingInterval: Math.min(1000, timeouts.headersTimeoutMs),
    },
    // Koa's handler returns a promise but handles its own rejections (the error handler, then app 'error').
    // eslint-disable-next-line @typescript-eslint/no-misused-promises
    app.callback(),
  );
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

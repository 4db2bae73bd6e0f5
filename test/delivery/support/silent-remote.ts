import { connect, createServer, Server, Socket } from 'node:net';

/**
 * A TCP listener on 127.0.0.1 that accepts every connection and never answers: a Git server (or a
 * network path) that hangs. What git does with no timeout of its own is wait forever.
 */
export class SilentRemote {
  private readonly sockets = new Set<Socket>();
  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  /**
   * Listens on `port` (0: any free port). A given port may still be held for a moment by the process
   * that just left it (a killed `git daemon`'s child closes its socket after the parent's exit event),
   * so EADDRINUSE on a given port is retried for a few seconds.
   */
  static async listen(port = 0): Promise<SilentRemote> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const server = createServer();
      try {
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(port, '127.0.0.1', () => resolve());
        });
        return new SilentRemote(server, (server.address() as { port: number }).port);
      } catch (error) {
        const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
        if (!inUse || port === 0 || Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  /** Connections accepted so far and still open. */
  get connections(): number {
    return this.sockets.size;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * A TCP proxy on 127.0.0.1 in front of a real Git server (a `git daemon`) that passes what the client
 * sends at once and what the server answers slowly, `bytesPerTick` every `tickMs`: a big transfer over
 * a slow link, which keeps moving the whole time.
 */
export class ThrottledProxy {
  private constructor(
    private readonly server: Server,
    readonly port: number,
    private readonly sockets: Set<Socket>,
  ) {}

  static async listen(targetPort: number, bytesPerTick: number, tickMs: number): Promise<ThrottledProxy> {
    const sockets = new Set<Socket>();
    const server = createServer((client) => {
      const upstream = connect(targetPort, '127.0.0.1');
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('error', () => undefined);
        socket.on('close', () => sockets.delete(socket));
      }
      client.pipe(upstream);
      const queue: Buffer[] = [];
      let ended = false;
      upstream.on('data', (chunk: Buffer) => queue.push(chunk));
      upstream.on('end', () => (ended = true));
      const timer = setInterval(() => {
        let budget = bytesPerTick;
        while (budget > 0 && queue.length) {
          const head = queue[0];
          const part = head.subarray(0, budget);
          if (part.length === head.length) queue.shift();
          else queue[0] = head.subarray(part.length);
          budget -= part.length;
          client.write(part);
        }
        if (ended && queue.length === 0) {
          clearInterval(timer);
          client.end();
        }
      }, tickMs);
      client.on('close', () => {
        clearInterval(timer);
        upstream.destroy();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return new ThrottledProxy(server, (server.address() as { port: number }).port, sockets);
  }

  url(repo: string): string {
    return `git://127.0.0.1:${this.port}/${repo}`;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

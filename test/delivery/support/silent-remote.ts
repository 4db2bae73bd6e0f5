import { createServer, Server, Socket } from 'node:net';

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

import { DeliveryError, GitTimeoutError, RemoteUnavailableError } from './errors';

/**
 * Whether the remote answered the last time it was asked. After a timeout (a remote that accepts and
 * never answers) changes are refused at once with RemoteUnavailableError instead of each waiting for
 * its own timeout behind the one before; the background refresh and the readiness probe mark it up
 * again as soon as it answers.
 */
export class RemoteHealth {
  private down?: { readonly reason: string; readonly since: Date };

  /** Records the outcome of a remote call: a timeout marks the remote down; anything that answered marks it up. */
  observe(err?: unknown): void {
    if (err === undefined) this.down = undefined;
    else if (err instanceof GitTimeoutError) this.down ??= { reason: err.message, since: new Date() };
  }

  get isDown(): boolean {
    return this.down !== undefined;
  }

  /** Why the remote counts as down, for readiness; undefined when it answered last. */
  get reason(): string | undefined {
    return this.down && `${this.down.reason} (since ${this.down.since.toISOString()})`;
  }

  /** Throws RemoteUnavailableError while the remote is down. */
  assertUp(): void {
    if (this.down) {
      throw new RemoteUnavailableError(
        `the change was not attempted: ${this.down.reason}, and it has not answered since ${this.down.since.toISOString()}; retry when /readyz reports the remote ok`,
      );
    }
  }
}

export function isRemoteFailure(err: unknown): boolean {
  return err instanceof DeliveryError && ['GitTimeoutError', 'GitRemoteError'].includes(err.name);
}

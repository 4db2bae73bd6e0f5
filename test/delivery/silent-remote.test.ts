import { echoSpec } from '../support/echo';
import { request, startDelivery } from './support/delivery-fixtures';
import { bareRemote, git, GitDaemon, tempDir } from './support/git-fixtures';
import { SilentRemote } from './support/silent-remote';

const NETWORK_TIMEOUT_MS = 1500;

/** How long `work` took to settle, and how it settled. */
async function timed<T>(work: Promise<T>): Promise<{ ms: number; outcome: PromiseSettledResult<T> }> {
  const start = Date.now();
  const [outcome] = await Promise.allSettled([work]);
  return { ms: Date.now() - start, outcome };
}

describe('delivery: a remote that accepts connections and never answers', () => {
  test('a write times out with a typed error in bounded time; reads do not wait for it; later writes are refused at once until the remote answers', async () => {
    // Given a delivery loaded from a git daemon on 127.0.0.1, with one instance
    const base = tempDir('daemon-');
    const remote = bareRemote(base, 'gitops.git');
    const daemon = await GitDaemon.start(base);
    const delivery = await startDelivery({ remoteUrl: daemon.url('gitops.git'), networkTimeoutMs: NETWORK_TIMEOUT_MS, timeoutMs: 60_000 });
    await delivery.apply({ spec: echoSpec('a', { text: 'x' }), ...request() });
    const tip = git(remote, ['rev-parse', 'main']).trim();
    // When the daemon is replaced by a listener that accepts and never answers, on the same port
    await daemon.stop();
    const silent = await SilentRemote.listen(daemon.port);
    try {
      let stuckSettled = false;
      const stuck = timed(delivery.apply({ spec: echoSpec('b', { text: 'x' }), ...request() })).finally(() => (stuckSettled = true));
      // Then, while that write waits for the remote, list and dry run answer from the index
      const listed = await delivery.list();
      expect(listed.items.map((i) => i.name)).toEqual(['a']);
      const preview = await delivery.preview({ spec: echoSpec('a', { text: 'y' }), ...request() });
      expect(preview).toMatchObject({ base: tip, files: expect.arrayContaining([{ path: 'components/echo/a/configmap-a.yaml', status: 'modified' }]) });
      expect(stuckSettled).toBe(false);
      // and the write fails with a typed error after the network timeout (not git's own minutes)
      const { ms, outcome } = await stuck;
      expect(outcome).toMatchObject({ status: 'rejected', reason: { name: 'GitTimeoutError', message: expect.stringMatching(/^the remote did not answer within 1\.5 s \(git push\)/) } });
      expect(ms).toBeLessThan(12_000);
      // When another write comes: refused at once, saying why, without waiting for another timeout
      const next = await timed(delivery.apply({ spec: echoSpec('c', { text: 'x' }), ...request() }));
      expect(next.outcome).toMatchObject({ status: 'rejected', reason: { name: 'RemoteUnavailableError', message: expect.stringContaining('the remote did not answer within 1.5 s') } });
      expect(next.ms).toBeLessThan(NETWORK_TIMEOUT_MS);
      // and the readiness probe says the remote is down, within its own bound
      const probe = await timed(delivery.checkRemote(1000));
      expect(probe.outcome).toMatchObject({ status: 'rejected', reason: { name: 'GitTimeoutError' } });
      expect(probe.ms).toBeLessThan(10_000);
      expect(git(remote, ['rev-parse', 'main']).trim()).toBe(tip);
    } finally {
      await silent.close();
    }
    // When the real remote is back, the probe sees it and writes go through again
    await daemon.start();
    try {
      await delivery.checkRemote(5000);
      await expect(delivery.apply({ spec: echoSpec('b', { text: 'x' }), ...request() })).resolves.toMatchObject({ status: 'committed' });
      expect((await delivery.list()).items.map((i) => i.name)).toEqual(['a', 'b']);
    } finally {
      await daemon.stop();
    }
  }, 120_000);

  test('a silent remote at start-up: the start returns (not ready, saying why) within the network timeout', async () => {
    const silent = await SilentRemote.listen();
    try {
      const start = Date.now();
      const delivery = await startDelivery({ remoteUrl: `git://127.0.0.1:${silent.port}/gitops.git`, networkTimeoutMs: NETWORK_TIMEOUT_MS });
      expect(Date.now() - start).toBeLessThan(15_000);
      expect(delivery.status()).toMatchObject({ loaded: false, problem: expect.stringMatching(/^the remote did not answer within 1\.5 s \(git fetch\)/) });
      await expect(delivery.list()).rejects.toMatchObject({ name: 'RepositoryNotReadyError' });
    } finally {
      await silent.close();
    }
  }, 60_000);
});

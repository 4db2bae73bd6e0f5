import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { echoSpec } from '../support/echo';
import { request, startDelivery } from './support/delivery-fixtures';
import { bareRemote, git, GitDaemon, handClone, tempDir } from './support/git-fixtures';
import { SilentRemote, ThrottledProxy } from './support/silent-remote';

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
      expect(preview).toMatchObject({
        base: tip,
        files: expect.arrayContaining([{ path: 'components/echo/a/configmap-a.yaml', status: 'modified' }]),
      });
      expect(stuckSettled).toBe(false);
      // and the write fails with a typed error after the network timeout (not git's own minutes)
      const { ms, outcome } = await stuck;
      expect(outcome).toMatchObject({
        status: 'rejected',
        reason: { name: 'GitTimeoutError', message: expect.stringMatching(/^the remote did not answer within 1\.5 s \(git push\)/) },
      });
      expect(ms).toBeLessThan(12_000);
      // When another write comes: refused at once, saying why, without waiting for another timeout
      const next = await timed(delivery.apply({ spec: echoSpec('c', { text: 'x' }), ...request() }));
      expect(next.outcome).toMatchObject({
        status: 'rejected',
        reason: { name: 'RemoteUnavailableError', message: expect.stringContaining('the remote did not answer within 1.5 s') },
      });
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
      expect(delivery.status()).toMatchObject({
        loaded: false,
        problem: expect.stringMatching(/^the remote did not answer within 1\.5 s \(git fetch\)/),
      });
      await expect(delivery.list()).rejects.toMatchObject({ name: 'RepositoryNotReadyError' });
    } finally {
      await silent.close();
    }
  }, 60_000);

  test('a big transfer that keeps moving is not cut off: the deadline bounds silence, not the whole fetch', async () => {
    // Given a remote holding 3 MiB that does not compress, in 192 files (a repository with thousands of
    // instances, in small; over 100 objects, so git indexes the pack as it arrives and meters it),
    const base = tempDir('daemon-');
    const remote = bareRemote(base, 'gitops.git');
    const hand = handClone(remote);
    mkdirSync(join(hand, 'docs'));
    for (let i = 0; i < 192; i++) writeFileSync(join(hand, 'docs', `blob-${i}.bin`), randomBytes(16 * 1024));
    git(hand, ['add', '-A']);
    git(hand, ['commit', '-q', '-m', 'big files']);
    git(hand, ['push', '-q', 'origin', 'HEAD:main']);
    // served through a link of 32 KiB per 50 ms (≈ 640 KiB/s: ≈ 5 s for the first fetch, over 3× the deadline)
    const daemon = await GitDaemon.start(base);
    const proxy = await ThrottledProxy.listen(daemon.port, 32 * 1024, 50);
    try {
      // When a delivery starts on it with a network deadline of 1.5 s
      const start = Date.now();
      const delivery = await startDelivery({ remoteUrl: proxy.url('gitops.git'), networkTimeoutMs: NETWORK_TIMEOUT_MS });
      const took = Date.now() - start;
      // Then the first fetch ran to its end (it took longer than the deadline) and the repository is loaded
      expect(delivery.status()).toEqual({ loaded: true, writable: true });
      expect(took).toBeGreaterThan(2 * NETWORK_TIMEOUT_MS);
      // and changes go through the same slow link
      await expect(delivery.apply({ spec: echoSpec('a', { text: 'x' }), ...request() })).resolves.toMatchObject({ status: 'committed' });
    } finally {
      await proxy.close();
      await daemon.stop();
    }
  }, 60_000);
});

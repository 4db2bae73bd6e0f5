import { existsSync, mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { LocalClone } from '../../src/delivery/clone';
import { createGit } from '../../src/delivery/git';
import { echoSpec } from '../support/echo';
import { request, startDelivery, testConfig } from './support/delivery-fixtures';
import { bareRemote, git, handClone } from './support/git-fixtures';

/**
 * With no remote configured the embedded repository `gitops.git` is the server's clone too: commits are
 * written into it and the branch moves by a compare-and-swap (src/delivery/clone.ts, `swap`), not by
 * `git push`, whose receive-side connectivity check walks every object of the repository per change.
 */
describe('delivery: the embedded repository is its own clone', () => {
  test('changes are committed into gitops.git itself: no second copy, the branch at the answer, the repository intact', async () => {
    const config = testConfig();
    const delivery = await startDelivery(config);
    const embedded = join(config.dataDir, 'gitops.git');
    const first = await delivery.apply({ spec: echoSpec('a', { text: 'x' }), ...request() });
    const second = await delivery.apply({ spec: echoSpec('b', { text: 'second' }), ...request() });
    expect(existsSync(join(config.dataDir, 'gitops-clone'))).toBe(false);
    expect(git(embedded, ['rev-parse', 'refs/heads/main']).trim()).toBe(second.commit);
    expect(git(embedded, ['rev-parse', `${second.commit}^`]).trim()).toBe(first.commit);
    expect(git(embedded, ['show', 'main:components/echo/b/configmap-b.yaml'])).toMatch(/^  text: second$/m);
    expect(git(embedded, ['fsck', '--no-dangling', '--no-progress'])).toBe('');
    // the branch is written only by the swap: fast-import's own ref is elsewhere
    expect(git(embedded, ['for-each-ref', '--format=%(refname)', 'refs/heads/'])).toBe('refs/heads/main\n');
  });

  test('a commit pushed into gitops.git by someone else meanwhile is kept: the change is redone on top of it', async () => {
    // Given a server on the embedded repository, and someone who pushes to that repository by hand
    const config = testConfig();
    const delivery = await startDelivery(config);
    const embedded = join(config.dataDir, 'gitops.git');
    await delivery.apply({ spec: echoSpec('a', { text: 'x' }), ...request() });
    const hand = handClone(embedded);
    writeFileSync(join(hand, 'NOTES.md'), 'by hand\n');
    git(hand, ['add', 'NOTES.md']);
    git(hand, ['commit', '-q', '-m', 'notes by hand']);
    git(hand, ['push', '-q', 'origin', 'main']);
    const byHand = git(hand, ['rev-parse', 'HEAD']).trim();
    // When the server makes its next change without having fetched
    const next = await delivery.apply({ spec: echoSpec('b', { text: 'y' }), ...request() });
    // Then the branch did not move back over the hand commit: the change sits on top of it
    expect(next.status).toBe('committed');
    expect(git(embedded, ['rev-parse', `${next.commit}^`]).trim()).toBe(byHand);
    expect(git(embedded, ['rev-parse', 'refs/heads/main']).trim()).toBe(next.commit);
    expect(git(embedded, ['show', 'main:NOTES.md'])).toBe('by hand\n');
    expect((await delivery.list()).items.map((i) => i.name)).toEqual(['a', 'b']);
  });

  test('a stale lock on the branch: the change fails naming the file, and commits once it is removed', async () => {
    const config = testConfig();
    const delivery = await startDelivery(config);
    await delivery.apply({ spec: echoSpec('a', { text: 'x' }), ...request() });
    const lock = join(config.dataDir, 'gitops.git', 'refs', 'heads', 'main.lock');
    writeFileSync(lock, '');
    const aMinuteAgo = new Date(Date.now() - 60_000);
    utimesSync(lock, aMinuteAgo, aMinuteAgo);
    await expect(delivery.apply({ spec: echoSpec('b', { text: 'x' }), ...request() })).rejects.toMatchObject({
      name: 'RemoteLockedError',
      message: expect.stringContaining(`${lock} exists`),
    });
    rmSync(lock);
    await expect(delivery.apply({ spec: echoSpec('b', { text: 'x' }), ...request() })).resolves.toMatchObject({ status: 'committed' });
  }, 60_000);

  test('the separate working clone an earlier version kept is removed at start-up', async () => {
    // Given a data directory with the earlier layout's clone (nothing in it the repository lacks)
    const config = testConfig();
    const old = join(config.dataDir, 'gitops-clone');
    mkdirSync(join(old, 'objects'), { recursive: true });
    writeFileSync(join(old, 'HEAD'), 'ref: refs/heads/main\n');
    writeFileSync(`${old}.owner`, '999999999');
    // When the server starts
    const delivery = await startDelivery(config);
    // Then it is gone, and changes commit into gitops.git
    expect(existsSync(old)).toBe(false);
    expect(existsSync(`${old}.owner`)).toBe(false);
    await expect(delivery.apply({ spec: echoSpec('a', { text: 'x' }), ...request() })).resolves.toMatchObject({ status: 'committed' });
  });

  test('a change is written as one pack, not exploded into loose objects, and the packs of many changes are rolled up', async () => {
    const config = testConfig();
    const delivery = await startDelivery(config);
    const embedded = join(config.dataDir, 'gitops.git');
    const packs = () => readdirSync(join(embedded, 'objects', 'pack')).filter((f) => f.endsWith('.pack')).length;
    const loose = () => Number(/^count: (\d+)$/m.exec(git(embedded, ['count-objects', '-v']))![1]);
    const before = packs();
    await delivery.apply({ spec: echoSpec('a', { text: 'x' }), ...request() });
    expect({ loose: loose(), newPacks: packs() - before }).toEqual({ loose: 0, newPacks: 1 });
    // 50 changes: maintenance (every 50 pushes) rolls the small packs up into one
    for (let i = 0; i < 49; i++) await delivery.apply({ spec: echoSpec(`e${i}`, { text: 'x' }), ...request() });
    expect(packs()).toBeLessThanOrEqual(2);
    expect(git(embedded, ['fsck', '--no-dangling', '--no-progress'])).toBe('');
    expect((await delivery.list()).items).toHaveLength(50);
  }, 120_000);

  test('the swap refuses a commit whose base is no longer the branch tip, as a push refuses a non-fast-forward', async () => {
    // Given the embedded repository at B (on A), fetched, and a commit C built on the stale A
    const repo = bareRemote();
    const tree = git(repo, ['mktree'], '').trim();
    const commit = (message: string, parent?: string) =>
      git(repo, [
        '-c',
        'user.name=t',
        '-c',
        'user.email=t@example.test',
        'commit-tree',
        tree,
        '-m',
        message,
        ...(parent ? ['-p', parent] : []),
      ]).trim();
    const a = commit('A');
    const b = commit('B', a);
    git(repo, ['update-ref', 'refs/heads/main', b]);
    git(repo, ['update-ref', 'refs/remotes/origin/main', b]);
    const clone = new LocalClone(repo, repo, 'main', createGit({ dir: repo, timeoutMs: 10_000 }), true);
    // When C (on A) is swapped in, the branch stays at B
    await expect(clone.push(commit('C', a), 'main', a)).resolves.toBe('non-fast-forward');
    expect(git(repo, ['rev-parse', 'refs/heads/main']).trim()).toBe(b);
    // and D (on B) goes in, with the tracking ref
    const d = commit('D', b);
    await expect(clone.push(d, 'main', b)).resolves.toBe('pushed');
    expect(git(repo, ['rev-parse', 'refs/heads/main', 'refs/remotes/origin/main']).trim().split('\n')).toEqual([d, d]);
  });
});

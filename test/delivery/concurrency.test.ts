import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { echoSpec } from '../support/echo';
import { ensureCompiled } from './support/compiled';
import { startDelivery } from './support/delivery-fixtures';
import { bareRemote, git, tempDir } from './support/git-fixtures';

const run = promisify(execFile);
const WRITER = join(__dirname, 'support/writer-process.js');

describe('delivery: concurrency', () => {
  beforeAll(() => ensureCompiled(), 180000);

  test('32 concurrent changes from two writer processes on one remote: 32 commits, none lost, linear, right authors', async () => {
    // Given an initialized remote
    const remote = bareRemote();
    const init = await startDelivery({ remoteUrl: remote });
    await init.close();
    // When two processes each make 16 concurrent changes
    const [a, b] = await Promise.all(
      ['pa', 'pb'].map((label) => run(process.execPath, [WRITER, remote, tempDir('writer-'), label, '16'], { maxBuffer: 16 * 1024 * 1024 })),
    );
    const results = [...JSON.parse(a.stdout), ...JSON.parse(b.stdout)];
    // Then every change was acknowledged as committed
    expect(results.filter((r) => r.status !== 'committed')).toEqual([]);
    // and the remote holds exactly 32 new commits, linear, each by the user who asked for it
    expect(git(remote, ['rev-list', '--count', 'main']).trim()).toBe('33');
    expect(git(remote, ['rev-list', '--min-parents=2', '--count', 'main']).trim()).toBe('0');
    const log = git(remote, ['log', '--format=%H %an %s', 'main', '-n', '32']).trim().split('\n');
    for (const line of log) {
      const [sha, author, , , name] = line.split(' ');
      const [label, index] = name.split('-i');
      expect([sha, author]).toEqual([sha, `user-${label}-${index}`]);
    }
    expect(new Set(results.map((r) => r.commit))).toEqual(new Set(log.map((l) => l.split(' ')[0])));
    const folders = git(remote, ['ls-tree', '--name-only', 'main', 'components/echo/']).trim().split('\n');
    expect(folders).toHaveLength(32);
    expect(git(remote, ['fsck', '--strict', '--no-dangling', '--no-progress'])).toBe('');
  }, 180000);

  test('concurrent changes in one process are serialized: one commit each, acknowledged after the push', async () => {
    const remote = bareRemote();
    const delivery = await startDelivery({ remoteUrl: remote });
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => delivery.apply({ spec: echoSpec(`c${i}`, { text: 'x' }), user: `u${i}`, requestId: `r${i}` })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(12).fill('committed'));
    expect(new Set(results.map((r) => r.commit)).size).toBe(12);
    const pushed = git(remote, ['rev-list', 'main']).trim().split('\n');
    for (const r of results) expect(pushed).toContain(r.commit);
    // each commit holds exactly its own instance
    for (const [i, r] of results.entries()) expect(git(remote, ['log', '-1', '--format=%an %s', r.commit]).trim()).toBe(`u${i} echo: create c${i}`);
  });
});

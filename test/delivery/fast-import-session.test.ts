import { FastImportSession, importCommits } from '../../src/delivery/fast-import';
import { createGit, GitCommandError } from '../../src/delivery/git';
import { bareRemote, git } from './support/git-fixtures';

/**
 * The direct changes' commits are written by one `git fast-import` kept running (src/delivery/fast-import.ts,
 * FastImportSession): it must write exactly the commits a fresh process writes, whichever parent a batch
 * names, and come back after a batch that fails.
 */
const who = { name: 'DataRoaster', email: 'dataroaster@example.com' };
const commit = (files: Record<string, string | null>, parent?: string, message = 'change\n') => ({
  message,
  author: who,
  committer: who,
  at: 1_700_000_000,
  files: new Map(Object.entries(files)),
  ...(parent ? { parent } : {}),
});
const REF = 'refs/dataroaster/commit';

function repository() {
  const dir = bareRemote();
  const run = createGit({ dir, timeoutMs: 20_000 });
  return { dir, run, session: new FastImportSession(run, dir, 20_000) };
}

const tree = (dir: string, rev: string) => git(dir, ['ls-tree', '-r', '--name-only', rev]).trim().split('\n');

describe('delivery: the fast-import session', () => {
  test('batches in one process write the same commits as a process per batch, each on the commit it names', async () => {
    // Given two empty repositories, one written batch by batch by a session, the other by a process per batch
    const a = repository();
    const b = repository();
    try {
      // When the same batches go to both: a root commit, two chained changes, then one on the root again
      const batches = async (write: (commits: ReturnType<typeof commit>[]) => Promise<string[]>) => {
        const [root] = await write([commit({ 'components/x/a.yaml': 'a: 1\n', 'README.md': 'hi\n' })]);
        const [one, two] = await write([
          commit({ 'components/x/b.yaml': 'b: 1\n' }, root),
          commit({ 'README.md': null, 'components/y/c.yaml': 'c\n' }),
        ]);
        const [side] = await write([commit({ 'components/x/d.yaml': 'd\n' }, root)]);
        const [after] = await write([commit({ 'components/x/e.yaml': 'e\n' }, two)]);
        return { root, one, two, side, after };
      };
      const pids = new Set<number | undefined>();
      const viaSession = await batches(async (commits) => {
        const ids = await a.session.importCommits(REF, commits);
        pids.add(a.session.pid);
        return ids;
      });
      const viaProcesses = await batches((commits) => importCommits(b.run, REF, commits));
      // Then the commits are byte for byte the same, written by one process
      expect(viaSession).toEqual(viaProcesses);
      expect(pids.size).toBe(1);
      expect([...pids][0]).toEqual(expect.any(Number));
      // and a batch on another parent than the last one written starts from that parent's tree (git's parse_from)
      expect(tree(a.dir, viaSession.side)).toEqual(['README.md', 'components/x/a.yaml', 'components/x/d.yaml']);
      expect(tree(a.dir, viaSession.after)).toEqual(['components/x/a.yaml', 'components/x/b.yaml', 'components/x/e.yaml', 'components/y/c.yaml']);
      expect(git(a.dir, ['rev-parse', `${viaSession.two}^`]).trim()).toBe(viaSession.one);
      // and every batch's objects are in the repository when its ids are answered (the checkpoint), the ref at the last
      expect(git(a.dir, ['rev-parse', REF]).trim()).toBe(viaSession.after);
      expect(git(a.dir, ['fsck', '--no-dangling', '--no-progress', viaSession.after, viaSession.side])).toBe('');
    } finally {
      await a.session.close();
    }
  });

  test('a batch that fails says git’s words and loses nothing; the next batch runs in a new process', async () => {
    const { dir, session } = repository();
    try {
      const [root] = await session.importCommits(REF, [commit({ 'a.yaml': 'a\n' })]);
      const first = session.pid;
      // When a batch names a parent the repository does not have
      const missing = 'f'.repeat(40);
      const failed = session.importCommits(REF, [commit({ 'b.yaml': 'b\n' }, missing)]);
      await expect(failed).rejects.toThrow(GitCommandError);
      await expect(failed).rejects.toThrow(/fast-import failed: .*f{40}/);
      // Then the ref is where the last good batch left it, and the next batch works, in another process
      expect(git(dir, ['rev-parse', REF]).trim()).toBe(root);
      const [next] = await session.importCommits(REF, [commit({ 'c.yaml': 'c\n' }, root)]);
      expect(session.pid).not.toBe(first);
      expect(tree(dir, next)).toEqual(['a.yaml', 'c.yaml']);
    } finally {
      await session.close();
    }
  });

  test('close ends the process after its last batch; the next batch starts another', async () => {
    const { dir, session } = repository();
    const [root] = await session.importCommits(REF, [commit({ 'a.yaml': 'a\n' })]);
    const pid = session.pid!;
    await session.close();
    expect(session.pid).toBeUndefined();
    expect(() => process.kill(pid, 0)).toThrow(); // gone
    const [next] = await session.importCommits(REF, [commit({ 'b.yaml': 'b\n' }, root)]);
    await session.close();
    expect(tree(dir, next)).toEqual(['a.yaml', 'b.yaml']);
  });

  test('a session without batches for its idle time ends its process; the next batch starts another', async () => {
    const dir = bareRemote();
    const session = new FastImportSession(createGit({ dir, timeoutMs: 20_000 }), dir, 20_000, 100);
    const [root] = await session.importCommits(REF, [commit({ 'a.yaml': 'a\n' })]);
    const pid = session.pid!;
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(session.pid).toBeUndefined();
    expect(() => process.kill(pid, 0)).toThrow();
    const [next] = await session.importCommits(REF, [commit({ 'b.yaml': 'b\n' }, root)]);
    await session.close();
    expect(tree(dir, next)).toEqual(['a.yaml', 'b.yaml']);
  });
});

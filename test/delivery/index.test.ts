import { execFileSync } from 'node:child_process';
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { load } from 'js-yaml';

import type { ComponentDefinition } from '../../src/core/component';
import type { InstanceSpec } from '../../src/core/instance';
import { kustomization } from '../../src/core/render';
import { synthesize } from '../../src/engine/synthesize';
import type { GitOpsAgent } from '../../src/gitops/bootstrap/options';
import { bootstrapEntryPath, FLUX_INSTANCES } from '../../src/gitops/layout';
import { platformFiles } from '../../src/gitops/platform-files';
import { SpecError } from '../../src/schema/errors';
import { Echo, echo, echoSpec } from '../support/echo';
import { request, startDelivery, testConfig } from './support/delivery-fixtures';
import { bareRemote, git, handClone } from './support/git-fixtures';

const REPO_URL = testConfig().clusterRepoUrl!;

/** Echo with a Pod Security level that depends on the spec, so namespace files change with an update too. */
const echoVaried: ComponentDefinition<Echo> = { ...echo, podSecurity: (spec) => (spec.spec.text === 'privileged' ? 'privileged' : 'restricted') };

/**
 * The platform-wide files as the whole-platform functions make them from the specs the repository holds
 * (what every change regenerated before changes went entry by entry): the oracle.
 */
function regeneratedWhole(remote: string, components: readonly ComponentDefinition<any>[], agent: GitOpsAgent = 'flux'): Record<string, string> {
  const specPaths = git(remote, ['ls-tree', '-r', '--name-only', 'main'])
    .split('\n')
    .filter((p) => p.endsWith('/dataroaster-spec.yaml'));
  const specs = specPaths.map((p) => load(git(remote, ['show', `main:${p}`])) as InstanceSpec);
  const platform = specs.map((spec, i) => ({
    kind: spec.kind,
    name: spec.metadata.name,
    namespace: spec.metadata.namespace,
    component: specPaths[i].split('/')[1],
    references: components.find((c) => c.kind.kind === spec.kind)?.references?.(spec) ?? [],
  }));
  return platformFiles(platform, synthesize([], { known: specs, registry: components }).files, { repoUrl: REPO_URL, branch: 'main', agent });
}

/** The platform-wide files the repository holds. */
function sharedFilesIn(remote: string): Record<string, string> {
  const paths = git(remote, ['ls-tree', '-r', '--name-only', 'main'])
    .split('\n')
    .filter((p) => /^(namespaces\/|bootstrap\/|README\.md$)/.test(p));
  return Object.fromEntries(paths.map((p) => [p, git(remote, ['show', `main:${p}`])]));
}

const count = (remote: string) => Number(git(remote, ['rev-list', '--count', 'main']).trim());

describe('delivery: the instance index', () => {
  test.each<GitOpsAgent>(['flux', 'argocd'])(
    'changes go entry by entry, and after every change of a sequence the shared files equal a whole regeneration (%s)',
    async (agent) => {
      // Given a delivery whose component's Pod Security level depends on the spec
      const remote = bareRemote();
      const delivery = await startDelivery({ remoteUrl: remote, gitopsAgent: agent }, { registry: [echoVaried] });
      const steps: [string, () => Promise<unknown>][] = [
        ['create a', () => delivery.apply({ spec: echoSpec('a', { text: 'x' }), ...request() })],
        [
          'create b referencing a, in another namespace',
          () => delivery.apply({ spec: echoSpec('b', { text: 'x', uses: 'a' }, 'other'), ...request() }),
        ],
        ['create c referencing b', () => delivery.apply({ spec: echoSpec('c', { text: 'x', uses: 'b' }), ...request() })],
        ['update a: privileged (its namespace file changes)', () => delivery.apply({ spec: echoSpec('a', { text: 'privileged' }), ...request() })],
        ['move a to a third namespace', () => delivery.apply({ spec: echoSpec('a', { text: 'privileged' }, 'third'), ...request() })],
        ['delete a (b and c reference it: their waves and dependsOn change)', () => delivery.remove({ kind: 'Echo', name: 'a', ...request() })],
        ['b no longer references a', () => delivery.apply({ spec: echoSpec('b', { text: 'y' }, 'other'), ...request() })],
        ['create a again, in the namespace of c', () => delivery.apply({ spec: echoSpec('a', { text: 'x' }), ...request() })],
        ['b references a again (c follows: wave 3)', () => delivery.apply({ spec: echoSpec('b', { text: 'y', uses: 'a' }, 'other'), ...request() })],
        ['delete c', () => delivery.remove({ kind: 'Echo', name: 'c', ...request() })],
        ['delete b', () => delivery.remove({ kind: 'Echo', name: 'b', ...request() })],
        ['delete a: back to an empty platform', () => delivery.remove({ kind: 'Echo', name: 'a', ...request() })],
      ];
      for (const [step, run] of steps) {
        // When the change is committed
        await run();
        // Then the repository's shared files are exactly the whole regeneration
        expect({ step, files: sharedFilesIn(remote) }).toEqual({ step, files: regeneratedWhole(remote, [echoVaried], agent) });
      }
      // and a server starting on it finds nothing to refresh: no commit
      const commits = count(remote);
      await startDelivery({ remoteUrl: remote, gitopsAgent: agent }, { registry: [echoVaried] });
      expect(count(remote)).toBe(commits);
    },
    400_000,
  );

  test('a bootstrap listing another server changed meanwhile is listed again, not spliced from the one this server last wrote', async () => {
    // Given two servers on one remote, each with its own copy of the delivery module (its own listing cache, as two processes)
    const remote = bareRemote();
    const one = await startDelivery({ remoteUrl: remote });
    let otherModule!: typeof import('../../src/delivery');
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a second copy of the module, as a second process has
      otherModule = require('../../src/delivery');
    });
    const two = otherModule.createDelivery({ config: testConfig({ remoteUrl: remote }), registry: [echo], version: '0.0.0-test' });
    await two.start();
    try {
      const steps: [string, () => Promise<unknown>][] = [
        ['one creates a', () => one.apply({ spec: echoSpec('a', { text: 'x' }), ...request() })],
        [
          'two creates b (after fetching a)',
          async () => (await two.refresh(), two.apply({ spec: echoSpec('b', { text: 'x' }, 'other'), ...request() })),
        ],
        [
          'one creates c (after fetching b: its cached listing has no b)',
          async () => (await one.refresh(), one.apply({ spec: echoSpec('c', { text: 'x' }), ...request() })),
        ],
        ['one creates d (spliced into its own listing)', () => one.apply({ spec: echoSpec('d', { text: 'x' }), ...request() })],
        ['two deletes a (after fetching c and d)', async () => (await two.refresh(), two.remove({ kind: 'Echo', name: 'a', ...request() }))],
        ['one deletes d (its cached listing still has a)', async () => (await one.refresh(), one.remove({ kind: 'Echo', name: 'd', ...request() }))],
      ];
      for (const [step, run] of steps) {
        await run();
        // Then after every change the shared files are exactly the whole regeneration
        expect({ step, files: sharedFilesIn(remote) }).toEqual({ step, files: regeneratedWhole(remote, [echo]) });
      }
      for (const name of ['kustomization-echo-b.yaml', 'kustomization-echo-c.yaml']) {
        const entry = bootstrapEntryPath(FLUX_INSTANCES, name);
        expect(git(remote, ['show', `main:${entry.slice(0, entry.lastIndexOf('/'))}/kustomization.yaml`])).toContain(`- ${name}\n`);
      }
    } finally {
      await two.close();
    }
  }, 120_000);

  test('the start-up check puts back platform files edited by hand, in one commit', async () => {
    const remote = bareRemote();
    const first = await startDelivery({ remoteUrl: remote });
    await first.apply({ spec: echoSpec('a', { text: 'x' }), ...request() });
    const hand = handClone(remote);
    git(hand, ['rm', '-q', 'README.md', bootstrapEntryPath(FLUX_INSTANCES, 'kustomization-echo-a.yaml')]);
    git(hand, ['commit', '-qm', 'hand edit']);
    git(hand, ['push', '-q', 'origin', 'main']);
    const commits = count(remote);
    await startDelivery({ remoteUrl: remote });
    expect(count(remote)).toBe(commits + 1);
    expect(git(remote, ['log', '-1', '--format=%an | %s', 'main']).trim()).toBe('DataRoaster | dataroaster: refresh the platform files');
    expect(sharedFilesIn(remote)).toEqual(regeneratedWhole(remote, [echo]));
  });

  test('a repository with the flat bootstrap folder of earlier versions is moved into shards by the start-up check, in one commit', async () => {
    // Given a repository whose instance Kustomizations sit directly in bootstrap/flux/instances/ with one listing
    const remote = bareRemote();
    const first = await startDelivery({ remoteUrl: remote });
    for (const name of ['a', 'b', 'c']) await first.apply({ spec: echoSpec(name, { text: 'x' }), ...request() });
    await first.close();
    const hand = handClone(remote);
    const entries = git(hand, ['ls-files', FLUX_INSTANCES])
      .split('\n')
      .filter((p) => p && !p.endsWith('/kustomization.yaml'));
    const flat = entries.map((p) => p.slice(p.lastIndexOf('/') + 1));
    for (const p of entries) git(hand, ['mv', p, `${FLUX_INSTANCES}/${p.slice(p.lastIndexOf('/') + 1)}`]);
    git(hand, [
      'rm',
      '-q',
      ...git(hand, ['ls-files', `${FLUX_INSTANCES}/*/kustomization.yaml`])
        .split('\n')
        .filter(Boolean),
    ]);
    writeFileSync(join(hand, FLUX_INSTANCES, 'kustomization.yaml'), kustomization(flat));
    git(hand, ['add', '-A']);
    git(hand, ['commit', '-qm', 'the layout of earlier versions']);
    git(hand, ['push', '-q', 'origin', 'main']);
    expect(
      git(remote, ['ls-tree', '--name-only', `main:${FLUX_INSTANCES}`])
        .split('\n')
        .filter(Boolean),
    ).toEqual([...flat, 'kustomization.yaml'].sort());
    // When a server starts on it
    const commits = count(remote);
    await startDelivery({ remoteUrl: remote });
    // Then one commit moves every entry into its shard, and the shared files are the whole regeneration
    expect(count(remote)).toBe(commits + 1);
    expect(git(remote, ['log', '-1', '--format=%s', 'main']).trim()).toBe('dataroaster: refresh the platform files');
    expect(sharedFilesIn(remote)).toEqual(regeneratedWhole(remote, [echo]));
    for (const name of flat) expect(git(remote, ['cat-file', '-t', `main:${bootstrapEntryPath(FLUX_INSTANCES, name)}`]).trim()).toBe('blob');
  });

  test('follows commits pushed by another server and by hand, once fetched', async () => {
    // Given two servers on one remote
    const remote = bareRemote();
    const one = await startDelivery({ remoteUrl: remote });
    const two = await startDelivery({ remoteUrl: remote });
    await one.apply({ spec: echoSpec('a', { text: 'x' }), user: 'alice', requestId: 'r1' });
    // When the other server creates b
    const b = await two.apply({ spec: echoSpec('b', { text: 'x' }, 'other'), user: 'bob', requestId: 'r2' });
    // Then the first does not know it until it fetches, and then lists it with its commit
    expect((await one.list()).items.map((i) => i.name)).toEqual(['a']);
    await one.refresh();
    expect((await one.list()).items.map((i) => [i.name, i.namespace, i.specHash, i.lastCommit?.sha, i.lastCommit?.author])).toEqual([
      ['a', 'demo', expect.any(String), expect.any(String), 'alice <alice@example.test>'],
      ['b', 'other', b.specHash, b.commit, 'bob <bob@example.test>'],
    ]);
    // When someone deletes a by hand and edits b's folder
    const hand = handClone(remote);
    git(hand, ['rm', '-rq', 'components/echo/a']);
    git(hand, ['commit', '-qm', 'remove a by hand']);
    git(hand, ['commit', '-q', '--allow-empty', '-m', 'unrelated']);
    git(hand, ['push', '-q', 'origin', 'main']);
    const handCommit = git(hand, ['rev-parse', 'HEAD~1']).trim();
    await one.refresh();
    // Then a is gone from the list, and b is unchanged
    expect((await one.list()).items.map((i) => [i.name, i.lastCommit?.sha])).toEqual([['b', b.commit]]);
    // and the next change of the first server is made on the new tip (not a conflict, no refused push)
    const c = await one.apply({ spec: echoSpec('c', { text: 'x' }), ...request() });
    expect(git(remote, ['log', '-1', '--format=%P', c.commit]).trim()).toBe(git(hand, ['rev-parse', 'HEAD']).trim());
    expect(git(remote, ['log', '--format=%H', '-1', 'main', '--', 'components/echo/a']).trim()).toBe(handCommit);
  });

  test('a stored spec edited by hand into one its schema refuses is a SpecError naming the file, not a synthesis crash', async () => {
    // Given an instance a, whose stored spec someone edits in Git into a wrong type
    const remote = bareRemote();
    const delivery = await startDelivery({ remoteUrl: remote });
    await delivery.apply({ spec: echoSpec('a', { text: 'x' }), ...request() });
    const hand = handClone(remote);
    const specFile = join(hand, 'components/echo/a/dataroaster-spec.yaml');
    execFileSync('sed', ['-i', 's/text: x/text: 42/', specFile]);
    git(hand, ['commit', '-qam', 'a by hand: text is a number now']);
    git(hand, ['push', '-q', 'origin', 'main']);
    await delivery.refresh();
    const tip = git(remote, ['rev-parse', 'main']).trim();
    // When a change needs a's spec (b references it), and when the API asks for the stored specs
    const referencing = delivery.apply({ spec: echoSpec('b', { text: 'x', uses: 'a' }), ...request() });
    // Then both refuse with the file and the field, and nothing is pushed
    await expect(referencing).rejects.toThrow(SpecError);
    await expect(referencing).rejects.toThrow(/components\/echo\/a\/dataroaster-spec\.yaml.*spec\.text/s);
    await expect(delivery.specs({ kind: 'Echo' })).rejects.toThrow(/components\/echo\/a\/dataroaster-spec\.yaml/);
    expect(git(remote, ['rev-parse', 'main']).trim()).toBe(tip);
    await delivery.close();
  });

  test('follows a review merged outside the server (merge commit, then squash)', async () => {
    const remote = bareRemote();
    const delivery = await startDelivery({ remoteUrl: remote });
    const hand = handClone(remote);
    // Given a review creating m, merged by the forge with a merge commit
    const merged = await delivery.apply({ spec: echoSpec('m', { text: 'x' }), user: 'alice', requestId: 'rev-m', review: true });
    expect((await delivery.list()).items.map((i) => [i.name, i.pending?.action])).toEqual([['m', 'create']]);
    git(hand, ['fetch', '-q', 'origin', `${merged.branch}:m`]);
    git(hand, ['merge', '-q', '--no-ff', '-m', 'Merge m', 'm']);
    git(hand, ['push', '-q', 'origin', 'main']);
    await delivery.refresh();
    // Then m is listed from main, not pending, with the review's own commit as its last
    expect((await delivery.list()).items.map((i) => [i.name, i.pending, i.lastCommit?.sha, i.lastCommit?.author])).toEqual([
      ['m', undefined, merged.commit, 'alice <alice@example.test>'],
    ]);
    // Given a review creating s, squashed by the forge into a commit of its own
    const squashed = await delivery.apply({ spec: echoSpec('s', { text: 'x' }), user: 'alice', requestId: 'rev-s', review: true });
    git(hand, ['fetch', '-q', 'origin', `${squashed.branch}:s`]);
    git(hand, ['merge', '-q', '--squash', 's']);
    git(hand, ['commit', '-qm', 'Squashed s']);
    git(hand, ['push', '-q', 'origin', 'main']);
    await delivery.refresh();
    // Then s's last commit is the squash commit, by whoever made it
    expect((await delivery.list()).items.map((i) => [i.name, i.pending, i.lastCommit?.sha, i.lastCommit?.author])).toEqual([
      ['m', undefined, merged.commit, 'alice <alice@example.test>'],
      ['s', undefined, git(hand, ['rev-parse', 'HEAD']).trim(), 'Someone Else <else@example.test>'],
    ]);
    await expect(delivery.pending()).resolves.toEqual([]);
  });

  test('list answers from memory: no git process, even with the clone gone', async () => {
    const remote = bareRemote();
    const config = testConfig({ remoteUrl: remote });
    const delivery = await startDelivery(config);
    await delivery.apply({ spec: echoSpec('a', { text: 'x' }), ...request() });
    await delivery.apply({ spec: echoSpec('b', { text: 'x' }), ...request() });
    await delivery.apply({ spec: echoSpec('c', { text: 'x' }), ...request() });
    const clone = join(config.dataDir, 'gitops-clone');
    renameSync(clone, `${clone}.away`);
    try {
      expect((await delivery.list()).items.map((i) => i.name)).toEqual(['a', 'b', 'c']);
      // and pages: at most `limit`, `next` says where the next page starts
      const first = await delivery.list({ limit: 2 });
      expect(first.items.map((i) => i.name)).toEqual(['a', 'b']);
      const second = await delivery.list({ limit: 2, after: first.next });
      expect(second).toEqual({ items: [expect.objectContaining({ name: 'c' })] });
    } finally {
      renameSync(`${clone}.away`, clone);
    }
  });
});

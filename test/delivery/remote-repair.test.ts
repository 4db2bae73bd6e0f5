import { existsSync, mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { createDelivery } from '../../src/delivery';
import { bootstrapEntryPath, FLUX_INSTANCES } from '../../src/gitops/layout';
import { echo, echoSpec } from '../support/echo';
import { request, startDelivery, testConfig } from './support/delivery-fixtures';
import { bareRemote, git } from './support/git-fixtures';

describe('delivery: what crashes leave in the remote', () => {
  test('a stale refs/heads/<branch>.lock in a local bare remote: readiness names it and says what to do; a change says so too, not "kept moving"', async () => {
    // Given a remote whose branch lock was left by a crashed git a minute ago
    const remote = bareRemote();
    const delivery = await startDelivery({ remoteUrl: remote });
    await delivery.apply({ spec: echoSpec('a', { text: 'x' }), ...request() });
    const lock = join(remote, 'refs', 'heads', 'main.lock');
    writeFileSync(lock, '');
    const aMinuteAgo = new Date(Date.now() - 60_000);
    utimesSync(lock, aMinuteAgo, aMinuteAgo);
    // Then readiness fails, naming the file and what to do
    await expect(delivery.checkRemote(5000)).rejects.toMatchObject({
      name: 'RemoteLockedError',
      message: expect.stringMatching(new RegExp(`stale lock file ${lock}.*remove that file`)),
    });
    // and a change fails with the same diagnosis
    const change = delivery.apply({ spec: echoSpec('b', { text: 'x' }), ...request() });
    await expect(change).rejects.toMatchObject({ name: 'RemoteLockedError', message: expect.stringContaining(`${lock} exists`) });
    await expect(change).rejects.toThrow(/remove that file on the remote/);
    // When the lock is removed, both recover
    rmSync(lock);
    await expect(delivery.checkRemote(5000)).resolves.toBeUndefined();
    await expect(delivery.apply({ spec: echoSpec('b', { text: 'x' }), ...request() })).resolves.toMatchObject({ status: 'committed' });
  }, 60_000);

  test('leftover quarantine folders (objects/tmp_objdir-incoming-*) of the embedded repository are cleaned at start-up', async () => {
    // Given the embedded default repository (no remote configured), used once
    const config = testConfig();
    const first = createDelivery({ config, registry: [echo] });
    await first.start();
    await first.apply({ spec: echoSpec('a', { text: 'x' }), ...request() });
    await first.close();
    // and what a push killed mid-way leaves: a quarantine folder with objects, and a ref lock
    const embedded = join(config.dataDir, 'gitops.git');
    const quarantine = join(embedded, 'objects', 'tmp_objdir-incoming-Xy12ab');
    mkdirSync(join(quarantine, 'pack'), { recursive: true });
    writeFileSync(join(quarantine, 'pack', 'tmp_pack_1'), 'half a pack');
    writeFileSync(join(embedded, 'refs', 'heads', 'main.lock'), '');
    // When the server starts again
    const second = await startDelivery(config);
    // Then both are gone, the repository is intact and changes go through
    expect(existsSync(quarantine)).toBe(false);
    expect(existsSync(join(embedded, 'refs', 'heads', 'main.lock'))).toBe(false);
    await expect(second.apply({ spec: echoSpec('b', { text: 'x' }), ...request() })).resolves.toMatchObject({ status: 'committed' });
    expect(git(embedded, ['fsck', '--no-dangling', '--no-progress'])).toBe('');
  });
});

describe('delivery: the bootstrap and the repository URL agents get', () => {
  test('with a local repository URL no agent can clone, bootstrap/ is not committed and every answer says why; setting the URL writes it', async () => {
    // Given the quick start: a local bare remote and no DATAROASTER_GITOPS_REPO_URL
    const remote = bareRemote();
    const logged: string[] = [];
    const log = { info: () => undefined, warn: (_o: object, m: string) => logged.push(m) };
    const config = testConfig({ remoteUrl: remote, clusterRepoUrl: undefined });
    const delivery = await startDelivery(config, { log });
    // Then no bootstrap file is in the repository (Flux would refuse a file:// or path URL)
    const tree = () => git(remote, ['ls-tree', '-r', '--name-only', 'main']).split('\n').filter(Boolean);
    expect(tree().filter((p) => p.startsWith('bootstrap/'))).toEqual([]);
    expect(tree()).toEqual(expect.arrayContaining(['README.md', 'namespaces/kustomization.yaml']));
    // and the log and every change's answer say why and what to set
    const why = expect.stringMatching(
      /^bootstrap\/ is not written: the repository URL the GitOps agents would get \(.*\) is not one Flux or Argo CD can clone .*set DATAROASTER_GITOPS_REPO_URL/,
    );
    expect(logged).toContainEqual(why);
    const result = await delivery.apply({ spec: echoSpec('a', { text: 'x' }), ...request() });
    expect(result.warnings).toEqual([why]);
    expect(result.files.map((f) => f.path).filter((p) => p.startsWith('bootstrap/'))).toEqual([]);
    await delivery.close();
    // When the server starts again with the URL set
    await startDelivery({ ...config, clusterRepoUrl: 'ssh://git@git.example.test/team/gitops.git' });
    // Then the bootstrap is written whole, with the instance's entries
    expect(tree()).toEqual(
      expect.arrayContaining(['bootstrap/flux/gitrepository-dataroaster.yaml', bootstrapEntryPath(FLUX_INSTANCES, 'kustomization-echo-a.yaml')]),
    );
    expect(git(remote, ['show', 'main:bootstrap/flux/gitrepository-dataroaster.yaml'])).toContain('url: ssh://git@git.example.test/team/gitops.git');
  });
});

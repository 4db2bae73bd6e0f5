import { load } from 'js-yaml';

import { bootstrapEntryPath, FLUX_INSTANCES } from '../../src/gitops/layout';
import { echoSpec } from '../support/echo';
import { request, startDelivery } from './support/delivery-fixtures';
import { bareRemote, git, handClone } from './support/git-fixtures';

const show = (remote: string, format: string, rev = 'main') => git(remote, ['log', '-1', `--format=${format}`, rev]).trim();
const filesOf = (remote: string, rev = 'main') => git(remote, ['show', '--name-status', '--format=', rev]).trim().split('\n');
const tree = (remote: string) => git(remote, ['ls-tree', '-r', '--name-only', 'main']).trim().split('\n');
const count = (remote: string) => Number(git(remote, ['rev-list', '--count', 'main']).trim());

describe('delivery: direct commits', () => {
  test("start initializes an empty remote with the README, the configured agent's bootstrap and the namespaces tier", async () => {
    // Given an empty bare remote
    const remote = bareRemote();
    // When the delivery starts
    await startDelivery({ remoteUrl: remote });
    // Then the branch exists with one commit by the service
    expect(count(remote)).toBe(1);
    expect(show(remote, '%an <%ae> | %cn <%ce> | %s')).toBe(
      'DataRoaster <dataroaster@example.test> | DataRoaster <dataroaster@example.test> | dataroaster: initialize the GitOps repository',
    );
    expect(tree(remote)).toEqual(
      expect.arrayContaining(['README.md', 'bootstrap/flux/instances/kustomization.yaml', 'namespaces/_sentinel-configmap.yaml']),
    );
    expect(tree(remote).filter((p) => p.startsWith('bootstrap/argocd'))).toEqual([]);
  });

  test('with no remote configured, a bare repository under the data directory is the remote', async () => {
    const delivery = await startDelivery();
    const result = await delivery.apply({ spec: echoSpec('a', { text: 'x' }), ...request() });
    expect(result.status).toBe('committed');
  });

  test('create: one commit by the requesting user, committed by the service, with the files and trailers', async () => {
    // Given
    const remote = bareRemote();
    const delivery = await startDelivery({ remoteUrl: remote });
    // When
    const result = await delivery.apply({ spec: echoSpec('etl', { text: 'hello' }), user: 'Alice Doe', requestId: 'req-42' });
    // Then the change is pushed and acknowledged with its commit
    expect(result).toMatchObject({ status: 'committed', branch: 'main', commit: git(remote, ['rev-parse', 'main']).trim() });
    expect(result.specHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(show(remote, '%an <%ae> | %cn <%ce>')).toBe('Alice Doe <alice-doe@example.test> | DataRoaster <dataroaster@example.test>');
    const message = show(remote, '%B');
    expect(message.split('\n')[0]).toBe('echo: create etl');
    expect(message).toContain('  A components/echo/etl/configmap-etl.yaml\n');
    expect(message).toContain('  A components/echo/etl/dataroaster-spec.yaml\n');
    expect(message).toContain(`  A ${bootstrapEntryPath(FLUX_INSTANCES, 'kustomization-echo-etl.yaml')}\n`);
    expect(git(remote, ['log', '-1', '--format=%(trailers:only,unfold)', 'main']).trim().split('\n')).toEqual([
      'DataRoaster-Request-Id: req-42',
      `DataRoaster-Spec-Hash: ${result.specHash}`,
      'DataRoaster-Version: 0.0.0-test',
      'DataRoaster-Instance: Echo/etl',
    ]);
    expect(result.files.map((f) => `${f.status} ${f.path}`)).toEqual(
      filesOf(remote).map((l) => l.replace(/^A\t/, 'added ').replace(/^M\t/, 'modified ')),
    );
    // the stored spec sits beside the manifests but is never applied
    const stored = git(remote, ['show', 'main:components/echo/etl/dataroaster-spec.yaml']);
    expect(load(stored)).toEqual(echoSpec('etl', { text: 'hello' }));
    expect(git(remote, ['show', 'main:components/echo/etl/kustomization.yaml'])).not.toContain('dataroaster-spec.yaml');
    expect(git(remote, ['show', 'main:namespaces/kustomization.yaml'])).toContain('- demo.yaml');
  });

  test('the same spec again is "unchanged": no commit', async () => {
    const remote = bareRemote();
    const delivery = await startDelivery({ remoteUrl: remote });
    const first = await delivery.apply({ spec: echoSpec('a', { text: 'x' }), ...request() });
    const again = await delivery.apply({ spec: echoSpec('a', { text: 'x' }), ...request('bob') });
    expect(again).toMatchObject({ status: 'unchanged', commit: first.commit, files: [], specHash: first.specHash });
    expect(count(remote)).toBe(2);
  });

  test('update replaces the instance folder whole: an object the spec no longer makes is deleted', async () => {
    const remote = bareRemote();
    const delivery = await startDelivery({ remoteUrl: remote }, { secrets: { mode: 'plaintext' } });
    await delivery.apply({ spec: echoSpec('a', { text: 'x', password: 'p' }), ...request() });
    const result = await delivery.apply({ spec: echoSpec('a', { text: 'y' }), ...request('bob') });
    expect(show(remote, '%s | %an')).toBe('echo: update a | bob');
    expect(result.files).toEqual([
      { path: 'components/echo/a/configmap-a.yaml', status: 'modified' },
      { path: 'components/echo/a/dataroaster-spec.yaml', status: 'modified' },
      { path: 'components/echo/a/kustomization.yaml', status: 'modified' },
      { path: 'components/echo/a/secret-a-auth.yaml', status: 'deleted' },
    ]);
  });

  test('delete removes the folder and its bootstrap entries in one commit; namespaces are recomputed', async () => {
    const remote = bareRemote();
    const delivery = await startDelivery({ remoteUrl: remote });
    await delivery.apply({ spec: echoSpec('keep', { text: 'x' }, 'kept'), ...request() });
    await delivery.apply({ spec: echoSpec('gone', { text: 'x' }, 'gone-ns'), ...request() });
    const before = count(remote);
    // When
    const result = await delivery.remove({ kind: 'Echo', name: 'gone', ...request('carol') });
    // Then
    expect(result.status).toBe('committed');
    expect(count(remote)).toBe(before + 1);
    expect(show(remote, '%s | %an')).toBe('echo: delete gone | carol');
    const paths = tree(remote);
    expect(paths.filter((p) => p.includes('gone'))).toEqual([]);
    expect(paths).toEqual(
      expect.arrayContaining([
        'components/echo/keep/configmap-keep.yaml',
        'namespaces/kept.yaml',
        bootstrapEntryPath(FLUX_INSTANCES, 'kustomization-echo-keep.yaml'),
      ]),
    );
    // deleting the last instance leaves every folder an agent reads non-empty
    await delivery.remove({ kind: 'Echo', name: 'keep', ...request() });
    expect(tree(remote).filter((p) => p.startsWith('components/'))).toEqual([]);
    expect(tree(remote)).toEqual(
      expect.arrayContaining([
        bootstrapEntryPath(FLUX_INSTANCES, 'kustomization-dataroaster-namespaces.yaml'),
        'namespaces/_sentinel-configmap.yaml',
      ]),
    );
  });

  test('delete of an instance that does not exist is a typed error and commits nothing', async () => {
    const remote = bareRemote();
    const delivery = await startDelivery({ remoteUrl: remote });
    await expect(delivery.remove({ kind: 'Echo', name: 'ghost', ...request() })).rejects.toMatchObject({
      name: 'InstanceNotFoundError',
      message: 'no Echo named "ghost" in the GitOps repository',
    });
    expect(count(remote)).toBe(1);
  });

  test('references resolve against the stored specs; a missing one is a SpecError and nothing is committed', async () => {
    const remote = bareRemote();
    const delivery = await startDelivery({ remoteUrl: remote });
    await expect(delivery.apply({ spec: echoSpec('trino', { text: 't', uses: 'metastore' }), ...request() })).rejects.toThrow(
      'Echo/trino: spec.uses: no Echo named "metastore" in the platform',
    );
    expect(count(remote)).toBe(1);
    await delivery.apply({ spec: echoSpec('metastore', { text: 'm' }, 'hive'), ...request() });
    await delivery.apply({ spec: echoSpec('trino', { text: 't', uses: 'metastore' }), ...request() });
    const flux = load(git(remote, ['show', `main:${bootstrapEntryPath(FLUX_INSTANCES, 'kustomization-echo-trino.yaml')}`])) as any;
    expect(flux.spec.dependsOn).toEqual([{ name: 'dataroaster-namespaces' }, { name: 'echo-metastore' }]);
  });

  test('a plaintext Secret is refused by default and nothing is committed', async () => {
    const remote = bareRemote();
    const delivery = await startDelivery({ remoteUrl: remote });
    await expect(delivery.apply({ spec: echoSpec('a', { text: 'x', password: 'hunter2' }), ...request() })).rejects.toMatchObject({
      name: 'PlaintextSecretError',
    });
    expect(count(remote)).toBe(1);
    expect(git(remote, ['log', '-p', '--all'])).not.toContain('hunter2');
  });

  test('sealing gets the sealed Secret in the repository as "previous", so an unchanged secret gives no commit', async () => {
    const remote = bareRemote();
    let sealed = 0;
    const sealer = {
      seal: (secret: any, previous: any) => {
        if (previous) return previous; // a real sealer keeps the ciphertext when the plaintext is unchanged
        sealed += 1;
        return {
          apiVersion: 'bitnami.com/v1alpha1',
          kind: 'SealedSecret',
          metadata: { name: secret.metadata.name, namespace: secret.metadata.namespace },
          spec: { encryptedData: { password: `cipher-${sealed}` } },
        };
      },
    };
    const delivery = await startDelivery({ remoteUrl: remote }, { secrets: { mode: 'seal', sealer } });
    await delivery.apply({ spec: echoSpec('a', { text: 'x', password: 'p' }), ...request() });
    const again = await delivery.apply({ spec: echoSpec('a', { text: 'x', password: 'p' }), ...request() });
    expect(again.status).toBe('unchanged');
    expect(git(remote, ['show', 'main:components/echo/a/sealedsecret-a-auth.yaml'])).toContain('password: cipher-1');
  });

  test('baseSpecHash: a stale expectation is a ConflictError', async () => {
    const remote = bareRemote();
    const delivery = await startDelivery({ remoteUrl: remote });
    const first = await delivery.apply({ spec: echoSpec('a', { text: 'x' }), ...request(), baseSpecHash: null });
    await expect(delivery.apply({ spec: echoSpec('a', { text: 'y' }), ...request(), baseSpecHash: null })).rejects.toMatchObject({
      name: 'ConflictError',
      message: `Echo/a already exists (spec ${first.specHash})`,
    });
    await delivery.apply({ spec: echoSpec('a', { text: 'y' }), ...request(), baseSpecHash: first.specHash });
    await expect(delivery.apply({ spec: echoSpec('a', { text: 'z' }), ...request(), baseSpecHash: first.specHash })).rejects.toMatchObject({
      name: 'ConflictError',
    });
  });

  test('another writer pushed first: a different instance is redone on the new tip; the same instance is a 409-type conflict', async () => {
    // Given a delivery whose clone is in step with the remote, and a second writer
    const remote = bareRemote();
    const delivery = await startDelivery({ remoteUrl: remote });
    await delivery.apply({ spec: echoSpec('a', { text: 'x' }), ...request() });
    const other = handClone(remote);
    git(other, ['rm', '-q', 'README.md']);
    git(other, ['commit', '-qm', 'unrelated']);
    git(other, ['push', '-q', 'origin', 'main']);
    // When a change to another instance arrives, it is fetched, redone and pushed: history stays linear
    const b = await delivery.apply({ spec: echoSpec('b', { text: 'x' }), ...request() });
    expect(b.status).toBe('committed');
    expect(git(remote, ['rev-list', '--min-parents=2', '--count', 'main']).trim()).toBe('0');
    // a change writes only its own entries: the hand-deleted README comes back with the start-up check (platform.test.ts)
    expect(tree(remote)).not.toContain('README.md');
    // When the other writer changes instance a, and the delivery then changes a too (based on the old a)
    git(other, ['pull', '-q', '--rebase']);
    git(other, ['rm', '-q', 'components/echo/a/configmap-a.yaml']);
    git(other, ['commit', '-qm', 'hand edit of a']);
    git(other, ['push', '-q', 'origin', 'main']);
    const tip = git(remote, ['rev-parse', 'main']).trim();
    // Then a ConflictError, nothing overwritten
    await expect(delivery.apply({ spec: echoSpec('a', { text: 'changed' }), ...request() })).rejects.toMatchObject({
      name: 'ConflictError',
      message: 'Echo/a was changed by another writer while this request was being committed (components/echo/a); nothing was written',
    });
    expect(git(remote, ['rev-parse', 'main']).trim()).toBe(tip);
  });

  test('preview returns the files and a unified diff against the tip, and commits nothing', async () => {
    const remote = bareRemote();
    const delivery = await startDelivery({ remoteUrl: remote });
    await delivery.apply({ spec: echoSpec('a', { text: 'x' }), ...request() });
    const tip = git(remote, ['rev-parse', 'main']).trim();
    const preview = await delivery.preview({ spec: echoSpec('a', { text: 'z' }), ...request() });
    expect(preview.base).toBe(tip);
    expect(preview.files).toEqual([
      { path: 'components/echo/a/configmap-a.yaml', status: 'modified' },
      { path: 'components/echo/a/dataroaster-spec.yaml', status: 'modified' },
    ]);
    expect(preview.diff).toContain('--- a/components/echo/a/configmap-a.yaml\n+++ b/components/echo/a/configmap-a.yaml\n');
    expect(preview.diff).toContain('-  text: x\n+  text: z\n');
    expect(git(remote, ['rev-parse', 'main']).trim()).toBe(tip);
    const removal = await delivery.preview({ kind: 'Echo', name: 'a', ...request() });
    expect(removal.files).toContainEqual({ path: 'components/echo/a/configmap-a.yaml', status: 'deleted' });
    // and the clone is left clean: the next real change commits exactly its own files
    const real = await delivery.apply({ spec: echoSpec('b', { text: 'x' }), ...request() });
    expect(real.files.some((f) => f.path.startsWith('components/echo/a/'))).toBe(false);
  });

  test('list reads the stored specs and the last commit of each instance from the repository', async () => {
    const remote = bareRemote();
    const delivery = await startDelivery({ remoteUrl: remote });
    await delivery.apply({ spec: echoSpec('a', { text: 'x' }), user: 'alice', requestId: 'r1' });
    const b = await delivery.apply({ spec: echoSpec('b', { text: 'x' }, 'other'), user: 'bob', requestId: 'r2' });
    await delivery.apply({ spec: echoSpec('a', { text: 'y' }), user: 'carol', requestId: 'r3' });
    const listed = (await delivery.list()).items;
    expect(listed.map((i) => [i.kind, i.name, i.namespace, i.folder, i.lastCommit?.subject, i.lastCommit?.author])).toEqual([
      ['Echo', 'a', 'demo', 'components/echo/a', 'echo: update a', 'carol <carol@example.test>'],
      ['Echo', 'b', 'other', 'components/echo/b', 'echo: create b', 'bob <bob@example.test>'],
    ]);
    expect(listed[1]).toMatchObject({ specHash: b.specHash, lastCommit: { sha: b.commit } });
  });
});

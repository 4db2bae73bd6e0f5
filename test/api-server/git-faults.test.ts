import { chmodSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { bareRemote, git, GitDaemon, handClone, tempDir } from '../delivery/support/git-fixtures';
import { SilentRemote } from '../delivery/support/silent-remote';
import { GitApp, startGitApp } from './support/git-app';
import { seedYaml } from './support/seed';
import { b64 } from './support/test-app';

// What callers see when Git gets in the way: a conflict, a remote that is gone, a push a hook refuses.
describe('component endpoints when Git gets in the way', () => {
  let g: GitApp;
  beforeEach(async () => {
    g = await startGitApp();
  });
  afterEach(() => g.close());

  const trino = (maxWorkers: number) => b64(seedYaml('trino-cluster-etl').replace('maxReplicas: 5', `maxReplicas: ${maxWorkers}`));
  const create = (maxWorkers: number) =>
    g.t
      .http()
      .post('/v1/trino/create')
      .set(g.alice)
      .type('form')
      .send({ yaml: trino(maxWorkers) });
  const tip = () => g.git(['rev-parse', 'main']).trim();

  test('another writer changed the instance meanwhile → 409, nothing written; the next request sees the new state', async () => {
    // Given an instance, then a hand-made change to its folder pushed by someone else
    await create(5).expect(200);
    const hand = handClone(g.remote);
    const file = join(hand, 'components/trino/trino-cluster-etl/service-trino-cluster-etl.yaml');
    writeFileSync(file, `# tuned by hand\n${git(hand, ['show', 'HEAD:components/trino/trino-cluster-etl/service-trino-cluster-etl.yaml'])}`);
    git(hand, ['commit', '-qam', 'hand edit']);
    git(hand, ['push', '-q', 'origin', 'main']);
    const theirs = tip();
    // When alice changes the instance, based on what she last saw
    const res = await create(6);
    // Then she is told, and their change stays
    expect(res.status).toBe(409);
    expect(res.body.error).toEqual({
      code: 'conflict',
      message:
        'TrinoCluster/trino-cluster-etl was changed by another writer while this request was being committed (components/trino/trino-cluster-etl); nothing was written',
    });
    expect(tip()).toBe(theirs);
    // (its first push was refused as non-fast-forward, which /metrics counts)
    expect((await g.t.http().get('/metrics')).text).toContain('dataroaster_git_push_retries_total 1');
    // and when she sends it again, it is based on the new state and goes through
    await create(6).expect(200);
    expect(g.git(['log', '-1', '--format=%an | %s', 'main']).trim()).toBe('alice | trino: update trino-cluster-etl');
  });

  test('the remote is gone → 502 with git’s words and /readyz 503, list still answers from the index; once it is back, both recover', async () => {
    await create(5).expect(200);
    const before = tip();
    renameSync(g.remote, `${g.remote}.away`);
    try {
      const res = await create(6);
      expect(res.status).toBe(502);
      expect(res.body.error.code).toBe('bad_gateway');
      expect(res.body.error.message).toMatch(
        /^the remote is unreachable: .*(does not appear to be a git repository|Could not read from remote repository)/,
      );
      const ready = await g.t.http().get('/readyz');
      expect(ready.status).toBe(503);
      expect(ready.body.checks.database).toBe('ok');
      expect(ready.body.checks.git).toMatch(/^the remote is unreachable: /);
      const list = await g.t.http().get('/v1/trino/list').set(g.alice);
      expect(list.status).toBe(200);
      expect(list.body.map((i: { name: string }) => i.name)).toEqual(['trino-cluster-etl']);
    } finally {
      renameSync(`${g.remote}.away`, g.remote);
    }
    expect(tip()).toBe(before);
    expect((await g.t.http().get('/readyz')).body).toEqual({ status: 'ready', checks: { database: 'ok', git: 'ok' } });
    await create(6).expect(200);
    expect(g.git(['rev-list', '--count', 'main']).trim()).toBe('3');
  });

  test('a push refused by a hook → 502 with the hook’s message; nothing half-written', async () => {
    const hook = join(g.remote, 'hooks', 'pre-receive');
    writeFileSync(hook, '#!/bin/sh\necho "policy: trino changes need a ticket" >&2\nexit 1\n');
    chmodSync(hook, 0o755);
    const before = tip();
    const res = await create(5);
    expect(res.status).toBe(502);
    expect(res.body.error.message).toMatch(/^push rejected by the remote: policy: trino changes need a ticket; /);
    expect(tip()).toBe(before);
    rmSync(hook);
    await create(5).expect(200);
  });
});

describe('component endpoints when the Git remote accepts and never answers', () => {
  test('a create answers 504 within seconds, the next ones 503 at once; list, dry run and /healthz answer; /readyz says the remote is down', async () => {
    // Given a server loaded from a git daemon on 127.0.0.1, with one instance
    const base = tempDir('daemon-');
    bareRemote(base, 'gitops.git');
    const daemon = await GitDaemon.start(base);
    const g = await startGitApp({ remoteUrl: daemon.url('gitops.git'), networkTimeoutMs: 1500 });
    const yaml = (name: string) => b64(seedYaml('trino-cluster-etl').replace('name: trino-cluster-etl', `name: ${name}`));
    const create = (name: string, extra: Record<string, string> = {}) =>
      g.t
        .http()
        .post('/v1/trino/create')
        .set(g.alice)
        .type('form')
        .send({ yaml: yaml(name), ...extra });
    let silent: SilentRemote | undefined;
    try {
      await create('trino-cluster-etl').expect(200);
      // When the remote goes silent (same port, accepts, never answers)
      await daemon.stop();
      silent = await SilentRemote.listen(daemon.port);
      const started = Date.now();
      const stuck = create('trino-b');
      // Then while the create waits: list, dry run and liveness answer at once
      const list = await g.t.http().get('/v1/trino/list').set(g.alice);
      expect(list.status).toBe(200);
      expect(list.body.map((i: { name: string }) => i.name)).toEqual(['trino-cluster-etl']);
      expect((await create('trino-c', { dry_run: 'true' })).body).toMatchObject({ result: 'SUCCESS', status: 'dry-run' });
      expect((await g.t.http().get('/healthz')).status).toBe(200);
      // and the create answers 504 with a clear message, within seconds
      const res = await stuck;
      expect(res.status).toBe(504);
      expect(res.body.error).toEqual({
        code: 'gateway_timeout',
        message: expect.stringMatching(/^the remote did not answer within 1\.5 s \(git push\)/),
      });
      expect(Date.now() - started).toBeLessThan(15_000);
      // The next create is refused at once, without waiting for another timeout
      const next = await create('trino-d');
      expect(next.status).toBe(503);
      expect(next.body.error.message).toMatch(/^the change was not attempted: the remote did not answer within 1\.5 s/);
      // and readiness says the remote is down while liveness stays ok
      const ready = await g.t.http().get('/readyz');
      expect(ready.status).toBe(503);
      expect(ready.body.checks).toEqual({ database: 'ok', git: expect.stringMatching(/^the remote did not answer within/) });
      expect((await g.t.http().get('/healthz')).status).toBe(200);
    } finally {
      await silent?.close();
      await g.close();
      await daemon.stop();
    }
  }, 120_000);
});

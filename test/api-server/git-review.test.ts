import { git, handClone } from '../delivery/support/git-fixtures';
import { RecordingForge } from '../delivery/support/recording-forge';
import { GitApp, startGitApp } from './support/git-app';
import { seedYaml } from './support/seed';
import { b64 } from './support/test-app';

// Review mode through the API, against a local HTTP server standing in for Gitea.
describe('review mode through the API', () => {
  let forge: RecordingForge;
  let g: GitApp;
  beforeEach(async () => {
    forge = new RecordingForge('gitea');
    await forge.start();
  });
  afterEach(async () => {
    await g.close();
    await forge.stop();
  });

  const provider = () => ({ kind: 'gitea' as const, url: forge.url, token: 'forge-token-1', repo: 'team/gitops' });
  const trino = (maxWorkers: number) => b64(seedYaml('trino-cluster-etl').replace('maxReplicas: 5', `maxReplicas: ${maxWorkers}`));

  test('review=true proposes the change on a review branch with a pull request; list shows it as pending', async () => {
    // Given an instance committed directly
    g = await startGitApp({ provider: provider() });
    await g.t
      .http()
      .post('/v1/trino/create')
      .set(g.alice)
      .type('form')
      .send({ yaml: trino(5) })
      .expect(200);
    const main = g.git(['rev-parse', 'main']).trim();
    // When alice asks for a change in review
    const res = await g.t
      .http()
      .post('/v1/trino/create')
      .set(g.alice)
      .set('X-Request-Id', 'Scale-Up-1')
      .type('form')
      .send({ yaml: trino(8), review: 'true' });
    // Then the branch and the pull request are answered, and the target branch is untouched
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      result: 'SUCCESS',
      status: 'proposed',
      requestId: 'Scale-Up-1',
      branch: 'dataroaster/review/trino/trino-cluster-etl/scale-up-1',
      pullRequest: `${forge.url}/team/gitops/pull/1`,
      instance: { kind: 'TrinoCluster', name: 'trino-cluster-etl' },
    });
    expect(g.git(['rev-parse', 'main']).trim()).toBe(main);
    expect(g.git(['rev-parse', res.body.branch]).trim()).toBe(res.body.commit);
    expect(g.git(['log', '-1', '--format=%an | %s', res.body.commit]).trim()).toBe('alice | trino: update trino-cluster-etl');
    expect(forge.pulls).toMatchObject([{ branch: res.body.branch, base: 'main', title: 'trino: update trino-cluster-etl', open: true }]);
    expect(forge.requests.find((r) => r.method === 'POST')!.headers.authorization).toBe('token forge-token-1');
    // and the list shows the pending review beside the committed instance
    const list = await g.t.http().get('/v1/trino/list').set(g.alice);
    expect(list.body).toMatchObject([
      {
        name: 'trino-cluster-etl',
        lastCommit: { sha: main },
        pendingReview: { branch: res.body.branch, commit: res.body.commit, pullRequest: res.body.pullRequest },
      },
    ]);
    expect((await g.t.http().get('/metrics')).text).toContain('dataroaster_changes_total{component="trino",operation="create",status="proposed"} 1');
  });

  test('with review as the server default (DATAROASTER_REVIEW=pr), review=false commits directly — but not over an open review (409)', async () => {
    g = await startGitApp({ review: 'pr', provider: provider() });
    const proposed = await g.t
      .http()
      .post('/v1/trino/create')
      .set(g.alice)
      .type('form')
      .send({ yaml: trino(5) });
    expect(proposed.body).toMatchObject({ status: 'proposed', pullRequest: expect.stringContaining('/pull/1') });
    expect(g.git(['ls-tree', '--name-only', 'main', 'components/']).trim()).toBe('');
    // the instance waits in review: listed, marked as a pending creation
    const list = await g.t.http().get('/v1/trino/list').set(g.alice);
    expect(list.body).toMatchObject([
      { name: 'trino-cluster-etl', pendingReview: { branch: proposed.body.branch, pullRequest: proposed.body.pullRequest, action: 'create' } },
    ]);
    expect(list.body[0].lastCommit).toBeUndefined();
    // a direct change to it would be undone by merging the review: refused, naming the review
    const direct = await g.t
      .http()
      .post('/v1/trino/create')
      .set(g.alice)
      .type('form')
      .send({ yaml: trino(5), review: 'false' });
    expect(direct.status).toBe(409);
    expect(direct.body.error.message).toBe(
      `TrinoCluster/trino-cluster-etl has a change waiting in review on branch ${proposed.body.branch} (${proposed.body.pullRequest}): merge or close it first, or send this change for review too (review=true), which adds it to that branch`,
    );
    // another instance commits directly
    const other = await g.t
      .http()
      .post('/v1/trino/create')
      .set(g.alice)
      .type('form')
      .send({ yaml: b64(seedYaml('trino-cluster-etl').replace('name: trino-cluster-etl', 'name: trino-direct')), review: 'false' });
    expect(other.body).toMatchObject({ status: 'committed', branch: 'main', commit: g.git(['rev-parse', 'main']).trim() });
  });

  test('review mode with no forge configured: the answer and the log say no pull request was opened, and how to open it (or merge) by hand', async () => {
    // Given review as the server default and no DATAROASTER_GIT_PROVIDER
    g = await startGitApp({ review: 'pr' });
    // When alice creates an instance
    const res = await g.t
      .http()
      .post('/v1/trino/create')
      .set(g.alice)
      .set('X-Request-Id', 'No-Forge-1')
      .type('form')
      .send({ yaml: trino(5) });
    // Then the change is proposed on a pushed review branch, the target branch is untouched, and no forge was called
    const branch = 'dataroaster/review/trino/trino-cluster-etl/no-forge-1';
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      result: 'SUCCESS',
      status: 'proposed',
      requestId: 'No-Forge-1',
      branch,
      instance: { kind: 'TrinoCluster', name: 'trino-cluster-etl' },
    });
    expect(res.body).not.toHaveProperty('pullRequest');
    expect(g.git(['rev-parse', branch]).trim()).toBe(res.body.commit);
    expect(g.git(['ls-tree', '--name-only', 'main', 'components/']).trim()).toBe('');
    expect(forge.requests).toEqual([]);
    // and the answer says so, with what to do by hand
    const warning =
      `no pull request was opened: no forge is configured (DATAROASTER_GIT_PROVIDER, see docs/configuration.md). The change is on branch ${branch}: ` +
      `open a pull request from it on your Git host by hand, or merge it yourself (git fetch origin ${branch} && git merge origin/${branch})`;
    expect(res.body.warnings).toEqual([warning]);
    // and the operator's log carries the same words, with the request id, the instance and the branch
    expect(g.serviceWarnings).toEqual([{ msg: warning, fields: { requestId: 'No-Forge-1', instance: res.body.instance, branch } }]);
    // and the commands it gives work: merged by hand, the change reaches the target branch
    const hand = handClone(g.remote);
    git(hand, ['fetch', '-q', 'origin', branch]);
    git(hand, ['merge', '-q', `origin/${branch}`]);
    git(hand, ['push', '-q', 'origin', 'main']);
    expect(g.git(['rev-parse', 'main']).trim()).toBe(res.body.commit);
    expect(g.git(['ls-tree', '--name-only', 'main', 'components/trino/']).trim()).toBe('components/trino/trino-cluster-etl');
  });

  test('a forge error is a 502 with the forge’s message and never the token; the branch was pushed, a retry opens the request', async () => {
    g = await startGitApp({ review: 'pr', provider: provider() });
    forge.failNext = { status: 403, message: 'token lacks write:repository' };
    const failed = await g.t
      .http()
      .post('/v1/trino/create')
      .set(g.alice)
      .set('X-Request-Id', 'r1')
      .type('form')
      .send({ yaml: trino(5) });
    expect(failed.status).toBe(502);
    expect(failed.body.error).toEqual({
      code: 'bad_gateway',
      message: `GET ${forge.url}/api/v1/repos/team/gitops/pulls?state=open&limit=50&page=1: HTTP 403: token lacks write:repository`,
    });
    expect(JSON.stringify(failed.body)).not.toContain('forge-token-1');
    const retry = await g.t
      .http()
      .post('/v1/trino/create')
      .set(g.alice)
      .set('X-Request-Id', 'r1')
      .type('form')
      .send({ yaml: trino(5) });
    expect(retry.body).toMatchObject({
      status: 'unchanged',
      branch: 'dataroaster/review/trino/trino-cluster-etl/r1',
      pullRequest: expect.stringContaining('/pull/1'),
    });
  });
});

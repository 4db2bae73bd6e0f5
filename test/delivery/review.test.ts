import type { ProviderKind } from '../../src/delivery/config';
import { echoSpec } from '../support/echo';
import { request, startDelivery } from './support/delivery-fixtures';
import { bareRemote, git, handClone } from './support/git-fixtures';
import { RecordingForge } from './support/recording-forge';

const TOKEN = 'forge-token-123';
const rev = (remote: string, ref: string) => git(remote, ['rev-parse', ref]).trim();

const expectedAuth: Record<ProviderKind, [string, string]> = {
  github: ['authorization', `Bearer ${TOKEN}`],
  gitlab: ['private-token', TOKEN],
  gitea: ['authorization', `token ${TOKEN}`],
};
const createPath: Record<ProviderKind, string> = {
  github: '/repos/team/gitops/pulls',
  gitlab: '/api/v4/projects/team%2Fgitops/merge_requests',
  gitea: '/api/v1/repos/team/gitops/pulls',
};
const updateMethod: Record<ProviderKind, string> = { github: 'PATCH', gitlab: 'PUT', gitea: 'PATCH' };

describe.each<ProviderKind>(['github', 'gitlab', 'gitea'])('review mode with %s', (kind) => {
  let forge: RecordingForge;
  beforeEach(async () => {
    forge = new RecordingForge(kind);
    await forge.start();
  });
  afterEach(() => forge.stop());

  async function setup() {
    const remote = bareRemote();
    const delivery = await startDelivery({ remoteUrl: remote, review: 'pr', provider: { kind, url: forge.url, token: TOKEN, repo: 'team/gitops' } });
    return { remote, delivery };
  }

  test('a change becomes a review branch and a pull request; a second change updates both instead of opening another', async () => {
    // Given
    const { remote, delivery } = await setup();
    const mainTip = rev(remote, 'main');
    // When
    const first = await delivery.apply({ spec: echoSpec('etl', { text: 'x' }), user: 'alice', requestId: 'REQ 7/a' });
    // Then the branch is pushed, main untouched, a pull request opened
    expect(first).toMatchObject({ status: 'review', branch: 'dataroaster/review/echo/etl/req-7-a', prUrl: expect.stringMatching(/\/1$/) });
    expect(rev(remote, 'main')).toBe(mainTip);
    expect(rev(remote, first.branch)).toBe(first.commit);
    expect(git(remote, ['log', '-1', '--format=%P | %an | %cn | %s', first.commit]).trim()).toBe(
      `${mainTip} | alice | DataRoaster | echo: create etl`,
    );
    const create = forge.requests.find((r) => r.method === 'POST')!;
    expect(create.path).toBe(createPath[kind]);
    expect(create.headers[expectedAuth[kind][0]]).toBe(expectedAuth[kind][1]);
    const bodyFields =
      kind === 'gitlab'
        ? [create.body.source_branch, create.body.target_branch, create.body.title]
        : [create.body.head, create.body.base, create.body.title];
    expect(bodyFields).toEqual(['dataroaster/review/echo/etl/req-7-a', 'main', 'echo: create etl']);
    expect(kind === 'gitlab' ? create.body.description : create.body.body).toContain('DataRoaster-Request-Id: REQ-7-a');

    // When a second change to the same instance arrives while the request is open
    const second = await delivery.apply({ spec: echoSpec('etl', { text: 'v' }), user: 'bob', requestId: 'req-8' });
    // Then the same branch gets a new commit on top, and the same request is updated
    expect(second).toMatchObject({ status: 'review', branch: first.branch, prUrl: first.prUrl });
    expect(git(remote, ['log', '-1', '--format=%P | %an', second.commit]).trim()).toBe(`${first.commit} | bob`);
    expect(forge.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(forge.requests.filter((r) => r.method === updateMethod[kind]).map((r) => r.path)).toEqual([`${createPath[kind]}/1`]);
    expect(forge.pulls).toHaveLength(1);
    expect(git(remote, ['show', `${second.branch}:components/echo/etl/configmap-etl.yaml`])).toContain('text: v');

    // And pending lists it with its pull request
    await expect(delivery.pending()).resolves.toEqual([
      { kind: 'Echo', name: 'etl', branch: first.branch, commit: second.commit, prUrl: first.prUrl, action: 'create' },
    ]);
  });

  test('when the branch moved, the review commit also merges its tip so the request stays mergeable; merged reviews are no longer pending', async () => {
    const { remote, delivery } = await setup();
    const first = await delivery.apply({ spec: echoSpec('etl', { text: 'x' }), ...request('alice') });
    // main moves: another instance committed directly
    await delivery.apply({ spec: echoSpec('other', { text: 'o' }), ...request('bob', false) });
    const mainTip = rev(remote, 'main');
    const second = await delivery.apply({ spec: echoSpec('etl', { text: 'z' }), ...request('alice') });
    expect(git(remote, ['log', '-1', '--format=%P', second.commit]).trim()).toBe(`${first.commit} ${mainTip}`);
    expect(git(remote, ['ls-tree', '--name-only', second.commit, 'components/echo/']).trim().split('\n')).toEqual([
      'components/echo/etl',
      'components/echo/other',
    ]);
    // When the request is merged (by the forge; here by hand)
    const hand = handClone(remote);
    git(hand, ['fetch', '-q', 'origin', `${second.branch}:review`]);
    git(hand, ['merge', '-q', '--no-ff', '-m', 'Merge review', 'review']);
    git(hand, ['push', '-q', 'origin', 'main']);
    // Then, once fetched, nothing is pending and the instance is listed from main
    await delivery.refresh();
    await expect(delivery.pending()).resolves.toEqual([]);
    const listed = (await delivery.list()).items;
    expect(listed.map((i) => [i.name, i.pending])).toEqual([
      ['etl', undefined],
      ['other', undefined],
    ]);
    // and a new change opens a new review
    const third = await delivery.apply({ spec: echoSpec('etl', { text: 'w' }), user: 'alice', requestId: 'req-new' });
    expect(third.branch).toBe('dataroaster/review/echo/etl/req-new');
  });

  test('pending changes find their pull request on any page of the forge listing', async () => {
    // Given 130 open pull requests by people, opened before ours (so ours is on the second page or later)
    const { delivery } = await setup();
    forge.addOthers(130);
    const review = await delivery.apply({ spec: echoSpec('etl', { text: 'x' }), ...request('alice') });
    // When the server reads the open requests again (its background refresh)
    await delivery.refresh();
    // Then the pending change has the URL of its request
    await expect(delivery.pending()).resolves.toEqual([
      { kind: 'Echo', name: 'etl', branch: review.branch, commit: review.commit, prUrl: review.prUrl, action: 'create' },
    ]);
    const listings = forge.requests.filter((r) => r.method === 'GET' && !/head=|source_branch=/.test(r.path));
    expect(listings.length).toBeGreaterThan(1);
  });

  test('a forge error is a ReviewProviderError with its message; retrying the request opens the request for the pushed branch', async () => {
    const { remote, delivery } = await setup();
    forge.failNext = { status: 403, message: 'Resource not accessible by integration' };
    const attempt = delivery.apply({ spec: echoSpec('etl', { text: 'x' }), user: 'alice', requestId: 'r1' });
    await expect(attempt).rejects.toMatchObject({ name: 'ReviewProviderError', status: 403 });
    const err = (await attempt.catch((e: Error) => e)) as Error;
    expect(err.message).toContain('HTTP 403: Resource not accessible by integration');
    expect(err.message).not.toContain(TOKEN);
    const branch = 'dataroaster/review/echo/etl/r1';
    const pushed = rev(remote, branch);
    // When the same request is retried
    const retry = await delivery.apply({ spec: echoSpec('etl', { text: 'x' }), user: 'alice', requestId: 'r1' });
    // Then no new commit, and the pull request now exists
    expect(retry).toMatchObject({ status: 'unchanged', branch, commit: pushed });
    expect(retry.prUrl).toContain('/1');
    expect(forge.pulls).toHaveLength(1);
  });
});

describe('review mode without a provider', () => {
  test('pushes the review branch, returns it with its commit, and a delete can be reviewed too', async () => {
    const remote = bareRemote();
    const delivery = await startDelivery({ remoteUrl: remote });
    await delivery.apply({ spec: echoSpec('a', { text: 'x' }), ...request() });
    const removal = await delivery.remove({ kind: 'Echo', name: 'a', user: 'carol', requestId: 'del-1', review: true });
    expect(removal).toMatchObject({ status: 'review', branch: 'dataroaster/review/echo/a/del-1' });
    expect(removal.prUrl).toBeUndefined();
    expect(git(remote, ['log', '-1', '--format=%s', removal.commit]).trim()).toBe('echo: delete a');
    expect(git(remote, ['ls-tree', '--name-only', removal.commit, 'components/echo/']).trim()).toBe('');
    expect(git(remote, ['ls-tree', '--name-only', 'main', 'components/echo/']).trim()).toBe('components/echo/a');
    await expect(delivery.pending()).resolves.toEqual([
      { kind: 'Echo', name: 'a', branch: removal.branch, commit: removal.commit, action: 'delete' },
    ]);
  });

  test('an instance whose creation waits in review is listed, marked; a direct change to an instance under review is a conflict', async () => {
    // Given an instance created directly, and two changes sent for review: a new instance, and a change to the first
    const remote = bareRemote();
    const delivery = await startDelivery({ remoteUrl: remote });
    await delivery.apply({ spec: echoSpec('a', { text: 'x' }), ...request() });
    const created = await delivery.apply({ spec: echoSpec('b', { text: 'new' }, 'other'), user: 'bob', requestId: 'rev-b', review: true });
    const changed = await delivery.apply({ spec: echoSpec('a', { text: 'y' }), user: 'bob', requestId: 'rev-a', review: true });
    // Then the list shows both: a with its pending update, b (not in main yet) marked as a pending creation
    const listed = (await delivery.list()).items;
    expect(listed.map((i) => [i.name, i.namespace, i.lastCommit?.subject, i.pending?.action, i.pending?.branch])).toEqual([
      ['a', 'demo', 'echo: create a', 'update', changed.branch],
      ['b', 'other', undefined, 'create', created.branch],
    ]);
    // When a direct change to a arrives while its review is open
    const tip = git(remote, ['rev-parse', 'main']).trim();
    const direct = delivery.apply({ spec: echoSpec('a', { text: 'z' }), ...request('carol', false) });
    // Then it is refused, naming the review, and nothing is written
    await expect(direct).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringContaining(`Echo/a has a change waiting in review on branch ${changed.branch}`),
    });
    expect(git(remote, ['rev-parse', 'main']).trim()).toBe(tip);
    // and a change sent for review goes onto the same branch
    await expect(delivery.apply({ spec: echoSpec('a', { text: 'z' }), ...request('carol', true) })).resolves.toMatchObject({
      status: 'review',
      branch: changed.branch,
    });
  });
});

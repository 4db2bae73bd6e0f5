import { execFileSync } from 'node:child_process';

import { isValidRequestId, REQUEST_ID_RULE } from '../../api-server/http/request-id';
import { GitApp, startGitApp } from './support/git-app';
import { seedYaml } from './support/seed';
import { b64 } from './support/test-app';

/** Whether git itself accepts `id` as the last component of a review branch (the id is lower-cased there). */
function gitAccepts(id: string): boolean {
  try {
    execFileSync('git', ['check-ref-format', `refs/heads/dataroaster/review/trino/etl/${id.toLowerCase()}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const IDS = [
  'deploy-42.a',
  'retry-7',
  'Scale-Up-1',
  'a',
  'A.b_c-d',
  '0123456789abcdef0123456789abcdef',
  'x'.repeat(64),
  'v1.2.3',
  'my.locker',
  'lock',
  'a..b',
  '..',
  'a.',
  'deploy.lock',
  'deploy.LOCK',
  'a/b',
  'a b',
  '.hidden',
  '-dash',
  '_under',
  'a@{b',
  'a~1',
  'a^b',
  'a:b',
  'a?b',
  'a*b',
  'a[b',
  'a\\b',
  'x'.repeat(65),
  '',
  'é',
];

describe('client request ids: one rule, agreeing with git for the review branch', () => {
  test.each(IDS.map((id) => [id]))('%j', (id) => {
    // Every id we accept is a ref name git accepts (the converse is not needed: we are stricter on purpose).
    if (isValidRequestId(id)) expect(gitAccepts(id)).toBe(true);
    // And the ones git refuses are refused by us.
    if (!gitAccepts(id)) expect(isValidRequestId(id)).toBe(false);
  });

  test('the ids of the issue are refused: `..` and a `.lock` ending', () => {
    expect(['a..b', 'release.lock'].map(isValidRequestId)).toEqual([false, false]);
  });
});

describe('a malformed request id is a 400 at the API, not a 502 from the remote', () => {
  let g: GitApp;
  beforeAll(async () => {
    g = await startGitApp();
  });
  afterAll(() => g.close());
  const tip = () => g.git(['for-each-ref', '--format=%(refname) %(objectname)']).trim();

  test.each([
    ['X-Request-Id', 'a..b'],
    ['X-Request-Id', 'release.lock'],
    ['Idempotency-Key', 'retry.LOCK'],
    ['X-Request-Id', 'a/b c'],
  ])('%s: %s with review=true', async (header, id) => {
    // Given
    const refsBefore = tip();
    // When
    const res = await g.t
      .http()
      .post('/v1/trino/create')
      .set(g.alice)
      .set(header, id)
      .type('form')
      .send({ yaml: b64(seedYaml('trino-cluster-etl')), review: 'true' });
    // Then
    expect({ status: res.status, message: res.body.error?.message }).toEqual({
      status: 400,
      message: `header ${header}: ${JSON.stringify(id)} is not a valid request id: ${REQUEST_ID_RULE}`,
    });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/); // the answer still has an id, a fresh one
    expect(tip()).toBe(refsBefore);
  });

  test('a well-formed id names the review branch', async () => {
    const res = await g.t
      .http()
      .post('/v1/trino/create')
      .set(g.alice)
      .set('X-Request-Id', 'Release-1.2')
      .type('form')
      .send({ yaml: b64(seedYaml('trino-cluster-etl')), review: 'true' });
    expect({ status: res.status, branch: res.body.branch }).toEqual({
      status: 200,
      branch: 'dataroaster/review/trino/trino-cluster-etl/release-1.2',
    });
  });
});

import { deliveryConfigFromEnv } from '../../src/delivery/config';
import { clusterRepoUrl, redactUrls } from '../../src/delivery/redact';

describe('deliveryConfigFromEnv', () => {
  test('defaults: direct commits to main of a bare repository in the data directory', () => {
    expect(deliveryConfigFromEnv({ HOME: '/home/ada' })).toEqual({
      dataDir: '/home/ada/.dataroaster',
      remoteUrl: undefined,
      branch: 'main',
      clusterRepoUrl: undefined,
      committer: { name: 'DataRoaster', email: 'dataroaster@dataroaster.local' },
      authorDomain: 'dataroaster.local',
      review: 'direct',
      provider: undefined,
      timeoutMs: 60000,
      networkTimeoutMs: 20000,
      pollMs: 15000,
      pushAttempts: 8,
      fluxSecretName: undefined,
      gitopsAgent: 'flux',
      reservedNamespaces: undefined,
    });
  });

  test('reads every variable', () => {
    const config = deliveryConfigFromEnv({
      DATAROASTER_DATA_DIR: '/var/lib/dataroaster',
      DATAROASTER_GIT_URL: 'ssh://git@git.example.com/platform/gitops.git',
      DATAROASTER_GIT_BRANCH: 'prod',
      DATAROASTER_GITOPS_REPO_URL: 'https://git.example.com/platform/gitops.git',
      DATAROASTER_GIT_COMMITTER_NAME: 'DataRoaster Bot',
      DATAROASTER_GIT_COMMITTER_EMAIL: 'bot@example.com',
      DATAROASTER_GIT_AUTHOR_DOMAIN: 'example.com',
      DATAROASTER_REVIEW: 'pr',
      DATAROASTER_GIT_PROVIDER: 'gitlab',
      DATAROASTER_GIT_PROVIDER_TOKEN: 't',
      DATAROASTER_GIT_REPO: 'platform/gitops',
      DATAROASTER_GIT_TIMEOUT_MS: '5000',
      DATAROASTER_GIT_PUSH_ATTEMPTS: '3',
      DATAROASTER_FLUX_SECRET: 'gitops-auth',
    });
    expect(config).toMatchObject({
      dataDir: '/var/lib/dataroaster',
      branch: 'prod',
      committer: { name: 'DataRoaster Bot', email: 'bot@example.com' },
      review: 'pr',
      provider: { kind: 'gitlab', url: 'https://gitlab.com', token: 't', repo: 'platform/gitops' },
      timeoutMs: 5000,
      pushAttempts: 3,
      fluxSecretName: 'gitops-auth',
    });
  });

  test.each([
    [{ DATAROASTER_REVIEW: 'maybe' }, 'invalid delivery configuration: DATAROASTER_REVIEW: Invalid option: expected one of "direct"|"pr"'],
    [
      { DATAROASTER_GIT_PROVIDER: 'gitea', DATAROASTER_GIT_REPO: 'a/b' },
      'invalid delivery configuration: DATAROASTER_GIT_PROVIDER=gitea needs DATAROASTER_GIT_PROVIDER_URL, DATAROASTER_GIT_PROVIDER_TOKEN',
    ],
    [{ DATAROASTER_GIT_PUSH_ATTEMPTS: '0' }, 'invalid delivery configuration: DATAROASTER_GIT_PUSH_ATTEMPTS: Too small: expected number to be >0'],
    [{ DATAROASTER_GIT_BRANCH: 'a b' }, 'invalid delivery configuration: DATAROASTER_GIT_BRANCH: must be a branch name'],
  ])('rejects %j', (env, message) => {
    expect(() => deliveryConfigFromEnv(env)).toThrow(message);
  });
});

describe('redactUrls', () => {
  test.each([
    ['fatal: unable to access https://robot:s3cret@git.example.com/x.git/', 'fatal: unable to access https://***@git.example.com/x.git/'],
    ['https://ghp_token@github.com/a/b', 'https://***@github.com/a/b'],
    ['ssh://git:pw@host/repo', 'ssh://git:***@host/repo'],
    ['ssh://git@host/repo', 'ssh://git@host/repo'],
  ])('%s', (input, output) => expect(redactUrls(input)).toBe(output));
});

describe('clusterRepoUrl', () => {
  test.each([
    ['git@github.com:team/gitops.git', 'ssh://git@github.com/team/gitops.git'],
    ['https://robot:token@git.example.com/gitops.git', 'https://git.example.com/gitops.git'],
    ['ssh://git@host:2222/gitops.git', 'ssh://git@host:2222/gitops.git'],
  ])('%s → %s', (remote, url) => expect(clusterRepoUrl(remote)).toBe(url));
});

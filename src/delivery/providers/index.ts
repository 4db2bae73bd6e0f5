import type { ProviderConfig } from '../config';
import { giteaProvider } from './gitea';
import { gitHubProvider } from './github';
import { gitLabProvider } from './gitlab';
import type { Fetch, ReviewProvider } from './provider';

export type { Fetch, PullRequest, PullRequestInput, ReviewProvider } from './provider';

/** The provider client for the configured forge. */
export function createProvider(config: ProviderConfig, fetchFn: Fetch = fetch): ReviewProvider {
  const options = { url: config.url, token: config.token, repo: config.repo, fetch: fetchFn };
  switch (config.kind) {
    case 'github':
      return gitHubProvider(options);
    case 'gitlab':
      return gitLabProvider(options);
    case 'gitea':
      return giteaProvider(options);
  }
}

import { REVIEW_PREFIX } from '../clone';
import { readAllPages, requestJson } from './http';
import type { Fetch, PullRequest, PullRequestInput, ReviewProvider } from './provider';

interface GitHubPull {
  readonly number: number;
  readonly html_url: string;
  readonly head: { readonly ref: string };
}

/** GitHub (and GitHub Enterprise: `url` = `https://<host>/api/v3`) pull requests through the REST API. */
export function gitHubProvider(options: { url: string; token: string; repo: string; fetch: Fetch }): ReviewProvider {
  const base = `${options.url}/repos/${options.repo}`;
  const headers = {
    Accept: 'application/vnd.github+json',
    Authorization: `Bearer ${options.token}`,
    'X-GitHub-Api-Version': '2022-11-28',
    'User-Agent': 'dataroaster',
  };
  const owner = options.repo.split('/')[0];
  const call = <T>(method: string, path: string, body?: unknown) => requestJson<T>(options.fetch, method, `${base}${path}`, headers, body);
  const toPr = (p: GitHubPull): PullRequest => ({ number: p.number, url: p.html_url, branch: p.head.ref });
  return {
    async findOpen(branch) {
      const pulls = await call<GitHubPull[]>('GET', `/pulls?state=open&head=${encodeURIComponent(`${owner}:${branch}`)}`);
      return pulls.map(toPr).find((p) => p.branch === branch);
    },
    async open(input: PullRequestInput) {
      return toPr(await call<GitHubPull>('POST', '/pulls', { title: input.title, head: input.branch, base: input.base, body: input.body }));
    },
    async update(pr, input) {
      return toPr(await call<GitHubPull>('PATCH', `/pulls/${pr.number}`, { title: input.title, body: input.body }));
    },
    async listOpen() {
      const pulls = await readAllPages(100, (page) => call<GitHubPull[]>('GET', `/pulls?state=open&per_page=100&page=${page}`));
      return pulls.map(toPr).filter((p) => p.branch.startsWith(`${REVIEW_PREFIX}/`));
    },
  };
}

import { REVIEW_PREFIX } from '../clone';
import { readAllPages, requestJson } from './http';
import type { Fetch, PullRequest, PullRequestInput, ReviewProvider } from './provider';

interface GiteaPull {
  readonly number: number;
  readonly html_url: string;
  readonly head: { readonly ref: string };
}

/** Gitea (and Forgejo) pull requests through the REST API v1. */
export function giteaProvider(options: { url: string; token: string; repo: string; fetch: Fetch }): ReviewProvider {
  const base = `${options.url}/api/v1/repos/${options.repo}`;
  const headers = { Authorization: `token ${options.token}` };
  const call = <T>(method: string, path: string, body?: unknown) => requestJson<T>(options.fetch, method, `${base}${path}`, headers, body);
  const toPr = (p: GiteaPull): PullRequest => ({ number: p.number, url: p.html_url, branch: p.head.ref });
  // Gitea caps `limit` at its MAX_RESPONSE_ITEMS (50 by default)
  const listOpen = async () => (await readAllPages(50, (page) => call<GiteaPull[]>('GET', `/pulls?state=open&limit=50&page=${page}`))).map(toPr);
  return {
    async findOpen(branch) {
      return (await listOpen()).find((p) => p.branch === branch);
    },
    async open(input: PullRequestInput) {
      return toPr(await call<GiteaPull>('POST', '/pulls', { title: input.title, head: input.branch, base: input.base, body: input.body }));
    },
    async update(pr, input) {
      return toPr(await call<GiteaPull>('PATCH', `/pulls/${pr.number}`, { title: input.title, body: input.body }));
    },
    async listOpen() {
      return (await listOpen()).filter((p) => p.branch.startsWith(`${REVIEW_PREFIX}/`));
    },
  };
}

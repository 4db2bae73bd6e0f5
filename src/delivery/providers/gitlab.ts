import { REVIEW_PREFIX } from '../clone';
import { readAllPages, requestJson } from './http';
import type { Fetch, PullRequest, PullRequestInput, ReviewProvider } from './provider';

interface GitLabMergeRequest {
  readonly iid: number;
  readonly web_url: string;
  readonly source_branch: string;
}

/** GitLab merge requests through the REST API v4; `repo` is the project id or its full path. */
export function gitLabProvider(options: { url: string; token: string; repo: string; fetch: Fetch }): ReviewProvider {
  const base = `${options.url}/api/v4/projects/${encodeURIComponent(options.repo)}`;
  const headers = { 'PRIVATE-TOKEN': options.token };
  const call = <T>(method: string, path: string, body?: unknown) => requestJson<T>(options.fetch, method, `${base}${path}`, headers, body);
  const toPr = (mr: GitLabMergeRequest): PullRequest => ({ number: mr.iid, url: mr.web_url, branch: mr.source_branch });
  return {
    async findOpen(branch) {
      const mrs = await call<GitLabMergeRequest[]>('GET', `/merge_requests?state=opened&source_branch=${encodeURIComponent(branch)}`);
      return mrs.map(toPr).find((p) => p.branch === branch);
    },
    async open(input: PullRequestInput) {
      const body = {
        source_branch: input.branch,
        target_branch: input.base,
        title: input.title,
        description: input.body,
        remove_source_branch: true,
      };
      return toPr(await call<GitLabMergeRequest>('POST', '/merge_requests', body));
    },
    async update(pr, input) {
      return toPr(await call<GitLabMergeRequest>('PUT', `/merge_requests/${pr.number}`, { title: input.title, description: input.body }));
    },
    async listOpen() {
      const mrs = await readAllPages(100, (page) => call<GitLabMergeRequest[]>('GET', `/merge_requests?state=opened&per_page=100&page=${page}`));
      return mrs.map(toPr).filter((p) => p.branch.startsWith(`${REVIEW_PREFIX}/`));
    },
  };
}

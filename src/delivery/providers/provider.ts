/** An open pull request (GitHub, Gitea) or merge request (GitLab). */
export interface PullRequest {
  /** PR number (GitLab: the project-level `iid`). */
  readonly number: number;
  /** Web page of the request, for people. */
  readonly url: string;
  /** Its source branch. */
  readonly branch: string;
}

export interface PullRequestInput {
  readonly branch: string;
  /** Branch to merge into. */
  readonly base: string;
  readonly title: string;
  readonly body: string;
}

/** The small part of a forge's REST API review mode needs. One implementation per forge. */
export interface ReviewProvider {
  /** The open request whose source branch is `branch`, if any. */
  findOpen(branch: string): Promise<PullRequest | undefined>;
  open(input: PullRequestInput): Promise<PullRequest>;
  /** Refreshes title and description after the branch got another commit. */
  update(pr: PullRequest, input: PullRequestInput): Promise<PullRequest>;
  /** Every open request (all pages), to show pending changes with their URL. */
  listOpen(): Promise<PullRequest[]>;
}

export type Fetch = typeof fetch;

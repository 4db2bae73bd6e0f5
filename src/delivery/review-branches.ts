import { instanceFolder } from '../gitops/layout';
import { REVIEW_PREFIX } from './clone';
import { safeRequestId } from './commit-message';
import type { DeliveryContext } from './context';
import { sameFolder } from './git-read';
import type { PendingChange } from './types';

/** `dataroaster/review/<component>/<instance>/<request-id>`: stable, readable, one folder per instance. */
export function reviewBranchName(component: string, name: string, requestId: string): string {
  return `${REVIEW_PREFIX}/${component}/${name}/${safeRequestId(requestId).toLowerCase()}`;
}

export interface ReviewBranch {
  readonly branch: string;
  readonly commit: string;
  readonly component: string;
  readonly name: string;
}

/**
 * Review branches (as last fetched) whose instance folder still differs from the target branch: not
 * merged yet, however the forge merges (merge commit, squash or rebase). Sorted by branch name.
 */
export async function pendingReviewBranches(ctx: DeliveryContext, filter?: { component: string; name: string }): Promise<ReviewBranch[]> {
  const { git, branch } = ctx.clone;
  const scope = filter ? `${REVIEW_PREFIX}/${filter.component}/${filter.name}/` : `${REVIEW_PREFIX}/`;
  const out = await git(['for-each-ref', '--format=%(refname) %(objectname)', `refs/remotes/origin/${scope}`]);
  const branches: ReviewBranch[] = [];
  for (const line of out.split('\n').filter(Boolean)) {
    const [ref, commit] = line.split(' ');
    const name = ref.slice('refs/remotes/origin/'.length);
    const parts = name.slice(REVIEW_PREFIX.length + 1).split('/');
    if (parts.length !== 3) continue;
    const [component, instance] = parts;
    if (await sameFolder(git, `refs/remotes/origin/${branch}`, commit, instanceFolder(component, instance))) continue;
    branches.push({ branch: name, commit, component, name: instance });
  }
  return branches.sort((a, b) => (a.branch < b.branch ? -1 : 1));
}

/** Pending changes with the URL of their open pull request, when a provider is configured. */
export async function pendingChanges(ctx: DeliveryContext): Promise<(PendingChange & { folder: string })[]> {
  const branches = await pendingReviewBranches(ctx);
  const open = ctx.provider && branches.length ? await ctx.provider.listOpen() : [];
  const kindOf = (component: string) => ctx.registry.find((d) => d.folder === component)?.kind.kind ?? component;
  return branches.map((b) => {
    const pr = open.find((p) => p.branch === b.branch);
    return {
      kind: kindOf(b.component),
      name: b.name,
      folder: instanceFolder(b.component, b.name),
      branch: b.branch,
      commit: b.commit,
      ...(pr ? { prUrl: pr.url } : {}),
    };
  });
}

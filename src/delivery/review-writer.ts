import { definitionOf } from '../core/component';
import { backOff } from 'exponential-backoff';
import { instanceFolder } from '../gitops/layout';
import { assertNoConflict, Change, identityFor, isApply, messageFor, planChange } from './change';
import type { DeliveryContext } from './context';
import { GitRemoteError, PushRejectedError } from './errors';
import { isAncestor, readFolderAt } from './git-read';
import { pendingReviewBranches, ReviewBranch, reviewBranchName } from './review-branches';
import type { DeliveryResult } from './types';
import { writeChanges } from './worktree';

class RemoteMoved extends Error {}

/**
 * Review mode: the change becomes a commit on a review branch, pushed, with a pull request opened (or
 * updated) when a provider is configured. A second change to an instance whose review is still pending
 * adds a commit to that branch (never a force-push) instead of opening another request. When the target
 * branch moved meanwhile, the new commit also has the target's tip as a parent, with the instance and
 * the shared files regenerated on top of it, so the request stays mergeable.
 * Callers hold the delivery mutex.
 */
export async function submitForReview(ctx: DeliveryContext, change: Change): Promise<DeliveryResult> {
  const { clone, config } = ctx;
  let base: string | undefined;
  try {
    return await backOff(
      async () => {
        if (!(await clone.sync())) throw new GitRemoteError(`the remote has no branch ${config.branch}`);
        const target = await clone.head();
        const existing = await existingReview(ctx, change);
        const overlay = existing ? await readFolderAt(clone.git, existing.commit, instanceFolder(existing.component, existing.name)) : undefined;
        const plan = planChange(ctx, change, overlay);
        assertNoConflict(plan, change, base);
        base ??= plan.folderBefore;
        const result = { specHash: plan.specHash, files: plan.changes };
        if (plan.changes.length === 0 && !existing) return { ...result, status: 'unchanged', commit: target, branch: config.branch };

        writeChanges(clone.dir, plan.changes, plan.desired);
        await clone.git(['add', '-A', '--', ...plan.changes.map((c) => c.path)]);
        const tree = (await clone.git(['write-tree'])).trim();
        const branch = existing?.branch ?? reviewBranchName(plan.component, plan.name, change.requestId);
        const message = messageFor(ctx, plan, change);
        if (existing && tree === (await clone.git(['rev-parse', `${existing.commit}^{tree}`])).trim()) {
          return { ...result, status: 'unchanged', commit: existing.commit, branch, prUrl: await pullRequest(ctx, branch, message) };
        }
        const parents = !existing ? [target] : (await isAncestor(clone.git, target, existing.commit)) ? [existing.commit] : [existing.commit, target];
        const commit = (await clone.git(['commit-tree', tree, ...parents.flatMap((p) => ['-p', p]), '-F', '-'], { input: message, env: identityFor(ctx, change) })).trim();
        if ((await clone.push(commit, branch)) === 'non-fast-forward') {
          ctx.events.pushRetried?.();
          throw new RemoteMoved();
        }
        ctx.log.info({ branch, commit }, 'review branch pushed');
        return { ...result, status: 'review', commit, branch, prUrl: await pullRequest(ctx, branch, message) };
      },
      { numOfAttempts: config.pushAttempts, startingDelay: 25, maxDelay: 2000, jitter: 'full', retry: (err) => err instanceof RemoteMoved },
    );
  } catch (err) {
    if (err instanceof RemoteMoved) throw new PushRejectedError(`the review branch kept moving: gave up after ${config.pushAttempts} attempts`);
    throw err;
  } finally {
    await clone.recover();
  }
}

/** The pending review branch of the instance this change is for, if any. */
async function existingReview(ctx: DeliveryContext, change: Change): Promise<ReviewBranch | undefined> {
  const kind = isApply(change) ? change.spec.kind : change.kind;
  const name = isApply(change) ? change.spec.metadata.name : change.name;
  const component = definitionOf(ctx.registry, kind);
  if (!component) return undefined; // planning will refuse the kind
  const [first] = await pendingReviewBranches(ctx, { component: component.folder, name });
  return first;
}

/** Opens the pull request for `branch`, or refreshes the open one; its URL, or undefined without a provider. */
async function pullRequest(ctx: DeliveryContext, branch: string, message: string): Promise<string | undefined> {
  if (!ctx.provider) return undefined;
  const [title, ...rest] = message.split('\n');
  const input = { branch, base: ctx.config.branch, title, body: rest.join('\n').trim() };
  const open = await ctx.provider.findOpen(branch);
  return (open ? await ctx.provider.update(open, input) : await ctx.provider.open(input)).url;
}


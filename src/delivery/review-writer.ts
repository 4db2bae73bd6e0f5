import { backOff } from 'exponential-backoff';

import { assertNoConflict, Change, commitFor, messageFor, planChange, targetOf } from './change';
import type { DeliveryContext } from './context';
import { PushRejectedError } from './errors';
import { importCommits } from './fast-import';
import { isAncestor, listFiles, readBlobs } from './git-read';
import { PendingReview, reviewBranchName } from './review-branches';
import { lockedError, syncForChange } from './sync';
import type { DeliveryResult } from './types';

class RemoteMoved extends Error {}

/** Scratch ref the review commits are written to before they are pushed to their branch. */
const SCRATCH_REF = 'refs/dataroaster/review';

/**
 * Review mode: the change becomes a commit on a review branch, pushed, with a pull request opened (or
 * updated) when a provider is configured. A second change to an instance whose review is still pending
 * adds a commit to that branch (never a force-push) instead of opening another request. The commit's
 * tree is always the target branch's tip plus this change, so the request stays mergeable: when the
 * target moved since the branch was made, the commit also has the target's tip as a parent.
 * Callers hold the delivery mutex.
 */
export async function submitForReview(ctx: DeliveryContext, change: Change): Promise<DeliveryResult> {
  const { clone, config } = ctx;
  let base: string | undefined;
  let lockedTries = 0;
  ctx.health.assertUp();
  try {
    return await backOff(
      async () => {
        const target = await syncForChange(ctx);
        const existing = existingReview(ctx, change);
        const overlay = existing ? await folderTexts(ctx, existing) : undefined;
        const plan = await planChange(ctx, ctx.index.state, change, overlay);
        assertNoConflict(plan, change, base);
        base ??= plan.folderBefore;
        const result = { specHash: plan.specHash, files: plan.changes };
        if (plan.changes.length === 0 && !existing) return { ...result, status: 'unchanged', commit: target, branch: config.branch };

        const branch = existing?.branch ?? reviewBranchName(plan.component, plan.name, change.requestId);
        const message = messageFor(ctx, plan, change);
        const parents = !existing ? [target] : (await isAncestor(clone.git, target, existing.commit)) ? [existing.commit] : [existing.commit, target];
        const at = Math.floor(Date.now() / 1000);
        const spec = commitFor(ctx, plan, change, at, {
          parent: parents[0],
          merges: parents.slice(1),
          treeOf: parents[0] === target ? undefined : target,
        });
        const [commit] = await importCommits(clone.git, SCRATCH_REF, [spec]);
        if (existing) {
          const [mine, theirs] = (await clone.git(['rev-parse', `${commit}^{tree}`, `${existing.commit}^{tree}`])).trim().split('\n');
          if (mine === theirs)
            return { ...result, status: 'unchanged', commit: existing.commit, branch, prUrl: await pullRequest(ctx, branch, message) };
        }
        const outcome = await clone.push(commit, branch).catch((err: unknown) => {
          ctx.health.observe(err);
          throw err;
        });
        if (outcome === 'non-fast-forward') {
          ctx.events.pushRetried?.();
          throw new RemoteMoved();
        }
        if (typeof outcome === 'object') {
          if (++lockedTries >= 4) throw lockedError(outcome.locked, branch);
          throw new RemoteMoved();
        }
        ctx.health.observe();
        await ctx.reviews.refresh(target);
        ctx.log.info({ branch, commit }, 'review branch pushed');
        return { ...result, status: 'review', commit, branch, prUrl: await pullRequest(ctx, branch, message) };
      },
      { numOfAttempts: config.pushAttempts, startingDelay: 25, maxDelay: 2000, jitter: 'full', retry: (err) => err instanceof RemoteMoved },
    );
  } catch (err) {
    if (err instanceof RemoteMoved) throw new PushRejectedError(`the review branch kept moving: gave up after ${config.pushAttempts} attempts`);
    throw err;
  }
}

/** The pending review of the instance this change is for, if any (as just fetched). */
function existingReview(ctx: DeliveryContext, change: Change): PendingReview | undefined {
  const { kind, name } = targetOf(change);
  const component = ctx.registry.find((c) => c.kind.kind === kind);
  return component ? ctx.reviews.of(component.folder, name) : undefined; // no component: planning refuses the kind
}

/** The instance folder as the review branch holds it (its sealed Secrets are the `previous` ones). */
async function folderTexts(ctx: DeliveryContext, review: PendingReview): Promise<Map<string, string>> {
  const files = await listFiles(ctx.clone.git, review.commit, review.folder);
  const texts = await readBlobs(ctx.clone.git, [...files.values()]);
  return new Map([...files].filter(([, blob]) => texts.has(blob)).map(([path, blob]) => [path, texts.get(blob)!]));
}

/** Opens the pull request for `branch`, or refreshes the open one; its URL, or undefined without a provider. */
async function pullRequest(ctx: DeliveryContext, branch: string, message: string): Promise<string | undefined> {
  if (!ctx.provider) return undefined;
  const [title, ...rest] = message.split('\n');
  const input = { branch, base: ctx.config.branch, title, body: rest.join('\n').trim() };
  const open = await ctx.provider.findOpen(branch);
  const { url } = open ? await ctx.provider.update(open, input) : await ctx.provider.open(input);
  ctx.reviews.notePr(branch, url);
  return url;
}

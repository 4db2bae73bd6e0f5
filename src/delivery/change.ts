import { commitMessage, safeRequestId } from './commit-message';
import type { DeliveryContext } from './context';
import { ConflictError } from './errors';
import type { CommitSpec } from './fast-import';
import { authorOf, identityOf } from './identity';
import { Plan, planApply, planRemove, planRemoveWithUpdates } from './plan';
import type { RepoView } from './repo-state';
import type { ApplyChange, LastCommit, RemoveChange } from './types';

export type Change = ApplyChange | RemoveChange;

export function isApply(change: Change): change is ApplyChange {
  return 'spec' in change;
}

/** Kind and name of the instance a change is for. */
export function targetOf(change: Change): { kind: string; name: string } {
  return isApply(change) ? { kind: change.spec.kind, name: change.spec.metadata.name } : { kind: change.kind, name: change.name };
}

/** Plans a change against a view of the repository (the index, or a draft on top of it). */
export function planChange(ctx: DeliveryContext, view: RepoView, change: Change, previousOverlay?: ReadonlyMap<string, string>): Promise<Plan> {
  const planContext = { git: ctx.clone.git, index: ctx.index, registry: ctx.registry, secrets: ctx.secrets, platform: ctx.platform, previousOverlay };
  if (isApply(change)) return planApply(planContext, view, change.spec);
  return change.updates?.length
    ? planRemoveWithUpdates(planContext, view, change.kind, change.name, change.updates)
    : planRemove(planContext, view, change.kind, change.name);
}

/**
 * Refuses to overwrite someone else's change to the same instance: the caller's expected spec hash
 * must match, and the instance folder must not have changed since `base` (the folder as this request
 * first saw it) — unless it already holds exactly what this request writes.
 */
export function assertNoConflict(plan: Plan, change: Change, base: string | undefined): void {
  const id = `${plan.kind}/${plan.name}`;
  if (isApply(change) && change.baseSpecHash !== undefined) {
    if (change.baseSpecHash === null && plan.currentSpecHash !== undefined) {
      throw new ConflictError(`${id} already exists (spec ${plan.currentSpecHash})`);
    }
    if (change.baseSpecHash !== null && plan.currentSpecHash !== change.baseSpecHash) {
      throw new ConflictError(`${id} changed since spec ${change.baseSpecHash}: the repository holds ${plan.currentSpecHash ?? 'no such instance'}`);
    }
  }
  if (base !== undefined && plan.folderBefore !== base && plan.folderBefore !== plan.folderAfter) {
    throw new ConflictError(`${id} was changed by another writer while this request was being committed (${plan.folder}); nothing was written`);
  }
}

/**
 * A direct change to an instance whose review is still open would be overwritten (or undo itself) when
 * the review is merged: refuse it and name the review, as of the last fetch.
 */
export function assertNoOpenReview(ctx: DeliveryContext, change: Change): void {
  const { kind, name } = targetOf(change);
  const component = ctx.registry.find((c) => c.kind.kind === kind);
  const open = component && ctx.reviews.of(component.folder, name);
  if (!open) return;
  const pr = ctx.reviews.prUrl(open.branch);
  throw new ConflictError(
    `${kind}/${name} has a change waiting in review on branch ${open.branch}${pr ? ` (${pr})` : ''}: merge or close it first, or send this change for review too (review=true), which adds it to that branch`,
  );
}

export function messageFor(ctx: DeliveryContext, plan: Plan, change: Change): string {
  return commitMessage({
    component: plan.component,
    kind: plan.kind,
    name: plan.name,
    namespace: plan.namespace,
    action: plan.action,
    user: authorOf(change.user, ctx.config.authorDomain).name,
    requestId: safeRequestId(change.requestId),
    specHash: plan.specHash,
    version: ctx.version,
    files: plan.changes,
  });
}

/** The commit of a planned change, for the writer; `at` is its time in seconds since the epoch. */
export function commitFor(
  ctx: DeliveryContext,
  plan: Plan,
  change: Change,
  at: number,
  parents: Pick<CommitSpec, 'parent' | 'merges' | 'treeOf'> = {},
): CommitSpec {
  return { message: messageFor(ctx, plan, change), ...identityOf(change.user, ctx.config), at, files: plan.writes, ...parents };
}

/** What `list` shows as the last commit of an instance this server just committed. */
export function lastCommitOf(commit: CommitSpec, sha: string): LastCommit {
  return { sha, author: `${commit.author.name} <${commit.author.email}>`, date: isoSeconds(commit.at), subject: commit.message.split('\n')[0] };
}

/** `2026-11-27T12:00:00+00:00`, as `git log --format=%aI` prints a time written in UTC. */
function isoSeconds(at: number): string {
  return new Date(at * 1000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

import { commitMessage, safeRequestId } from './commit-message';
import type { DeliveryContext } from './context';
import { ConflictError } from './errors';
import { authorOf, identityEnv } from './identity';
import { Plan, planApply, planRemove } from './plan';
import type { ApplyChange, RemoveChange } from './types';

export type Change = ApplyChange | RemoveChange;

export function isApply(change: Change): change is ApplyChange {
  return 'spec' in change;
}

/** Plans a change against the working tree as it is now. */
export function planChange(ctx: DeliveryContext, change: Change, previousOverlay?: ReadonlyMap<string, string>): Plan {
  const planContext = { dir: ctx.clone.dir, registry: ctx.registry, secrets: ctx.secrets, bootstrap: ctx.bootstrap, previousOverlay };
  return isApply(change) ? planApply(planContext, change.spec) : planRemove(planContext, change.kind, change.name);
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

export function identityFor(ctx: DeliveryContext, change: Change): Record<string, string> {
  return identityEnv(authorOf(change.user, ctx.config.authorDomain), ctx.config.committer);
}

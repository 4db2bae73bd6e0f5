import type { DeliveryContext } from './context';
import { GitRemoteError, RemoteLockedError } from './errors';

/**
 * Fetch, then move the index and the review state to what the remote holds: the base of the next change
 * after a push was refused, and what the background refresh runs. Remote outcomes update `health`.
 * Returns the branch tip, or undefined when the remote has no such branch yet.
 */
export async function fetchAndIndex(ctx: DeliveryContext): Promise<string | undefined> {
  let tip: string | undefined;
  try {
    tip = await ctx.clone.fetch();
    ctx.health.observe();
  } catch (err) {
    ctx.health.observe(err);
    throw err;
  }
  if (tip !== undefined) await ctx.index.advance(tip);
  await ctx.reviews.refresh(ctx.index.state.tip);
  return tip;
}

/** Like `fetchAndIndex`, for a change: the branch must exist. */
export async function syncForChange(ctx: DeliveryContext): Promise<string> {
  const tip = await fetchAndIndex(ctx);
  if (tip === undefined) throw new GitRemoteError(`the remote has no branch ${ctx.config.branch}`);
  return tip;
}

/** The error for a ref lock that stayed taken while we retried. */
export function lockedError(lock: string, branch: string): RemoteLockedError {
  return new RemoteLockedError(
    `the remote branch ${branch} is locked: ${lock} exists and stayed there while we retried. No push of ours is running; if no other git process is writing to the remote, a crashed one left it: remove that file on the remote, then retry`,
  );
}

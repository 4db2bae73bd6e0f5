import { Change, planChange } from './change';
import type { DeliveryContext } from './context';
import type { Preview } from './types';
import { writeChanges } from './worktree';

/**
 * Dry run: the files a change would touch and the unified diff against the branch tip, made by git in
 * the working clone, which is then reset. Nothing is committed or pushed. Callers hold the delivery mutex.
 */
export async function previewChange(ctx: DeliveryContext, change: Change): Promise<Preview> {
  const { clone } = ctx;
  await clone.sync();
  const base = await clone.head();
  const plan = planChange(ctx, change);
  if (plan.changes.length === 0) return { files: [], diff: '', base };
  const paths = plan.changes.map((c) => c.path);
  try {
    writeChanges(clone.dir, plan.changes, plan.desired);
    await clone.git(['add', '-A', '--', ...paths]);
    const diff = await clone.git(['diff', '--cached', '--no-color', '--no-ext-diff', 'HEAD', '--', ...paths]);
    return { files: plan.changes, diff, base };
  } finally {
    await clone.resetToTracking();
  }
}

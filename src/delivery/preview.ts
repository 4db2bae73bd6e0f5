import { randomUUID } from 'node:crypto';

import { Change, commitFor, planChange } from './change';
import type { DeliveryContext } from './context';
import { importCommits } from './fast-import';
import type { Preview } from './types';

/**
 * Dry run: the files a change would touch and the unified diff against the tip the index is at. Planned
 * on the index and written by fast-import to a throw-away ref, outside the delivery mutex: a dry run never
 * waits for a change in flight (nor for a remote that does not answer). Nothing is pushed.
 */
export async function previewChange(ctx: DeliveryContext, change: Change): Promise<Preview> {
  for (let attempt = 0; ; attempt++) {
    const view = ctx.index.state;
    const base = view.tip!;
    const plan = await planChange(ctx, view, change);
    // The index moved on while planning (a push or a fetch landed): plan again on the new tip.
    if (ctx.index.state !== view || view.tip !== base) {
      if (attempt < 3) continue;
    }
    if (plan.changes.length === 0) return { files: [], diff: '', base };
    const ref = `refs/dataroaster/preview/${randomUUID()}`;
    try {
      const [commit] = await importCommits(ctx.clone.git, ref, [commitFor(ctx, plan, change, Math.floor(Date.now() / 1000), { parent: base })]);
      const diff = await ctx.clone.git([
        'diff-tree',
        '-p',
        '--no-color',
        '--no-ext-diff',
        '--no-renames',
        base,
        commit,
        '--',
        ...plan.changes.map((c) => c.path),
      ]);
      return { files: plan.changes, diff, base };
    } finally {
      await ctx.clone.git(['update-ref', '-d', ref]).catch(() => undefined);
    }
  }
}

import { parseInstanceFolder } from '../gitops/layout';
import { COMPONENTS_ROOT } from '../gitops/layout';
import type { DeliveryContext } from './context';
import { pendingChanges } from './review-branches';
import { specHash } from './spec-hash';
import type { LastCommit, ListedInstance } from './types';
import { readStoredInstances } from './worktree';

/**
 * Every instance the GitOps repository holds (Git is the source of truth), with the last commit that
 * touched its folder and its pending review, if any. Callers hold the delivery mutex.
 */
export async function listInstances(ctx: DeliveryContext): Promise<ListedInstance[]> {
  await ctx.clone.sync();
  const stored = readStoredInstances(ctx.clone.dir, ctx.registry);
  const last = await lastCommits(ctx, new Set(stored.map((s) => s.folder)));
  const pending = await pendingChanges(ctx);
  return stored.map((s) => {
    const review = pending.find((p) => p.folder === s.folder);
    const { folder: _folder, ...pendingChange } = review ?? { folder: '' };
    return {
      kind: s.spec.kind,
      name: s.spec.metadata.name,
      namespace: s.spec.metadata.namespace,
      folder: s.folder,
      spec: s.spec,
      specHash: specHash(s.spec),
      ...(last.has(s.folder) ? { lastCommit: last.get(s.folder) } : {}),
      ...(review ? { pending: pendingChange as ListedInstance['pending'] } : {}),
    };
  });
}

/** The newest commit touching each folder, from one `git log` pass that stops reading once all are found. */
async function lastCommits(ctx: DeliveryContext, folders: ReadonlySet<string>): Promise<Map<string, LastCommit>> {
  const found = new Map<string, LastCommit>();
  if (folders.size === 0) return found;
  const out = await ctx.clone.git(['log', '--no-renames', '--format=%x1e%H%x1f%an <%ae>%x1f%aI%x1f%s', '--name-only', 'HEAD', '--', COMPONENTS_ROOT]);
  for (const record of out.split('\x1e').slice(1)) {
    const [header, ...paths] = record.split('\n');
    const [sha, author, date, subject] = header.split('\x1f');
    for (const path of paths.filter(Boolean)) {
      const folder = path.split('/').slice(0, 3).join('/');
      if (parseInstanceFolder(folder) && folders.has(folder) && !found.has(folder)) found.set(folder, { sha, author, date, subject });
    }
    if (found.size === folders.size) break;
  }
  return found;
}

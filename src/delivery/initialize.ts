import { existsSync, mkdirSync } from 'node:fs';
import { synthesize } from '../engine/synthesize';
import { platformFiles } from '../gitops/platform-files';
import type { DeliveryContext } from './context';
import { createGit } from './git';
import { identityEnv } from './identity';
import { fileChanges, writeChanges } from './worktree';

/** Creates the bare repository used as the remote when no remote URL is configured. */
export async function ensureBareRepository(path: string, branch: string, timeoutMs: number): Promise<void> {
  if (existsSync(path)) return;
  mkdirSync(path, { recursive: true });
  await createGit({ dir: path, timeoutMs })(['init', '-q', '--bare', '-b', branch]);
}

/**
 * Brings the clone to the remote tip. A remote without the branch gets a first commit by the service:
 * the README, both bootstraps and the namespaces tier of an empty platform, so agents can be pointed
 * at the repository before the first instance exists.
 */
export async function initialize(ctx: DeliveryContext): Promise<void> {
  const { clone, config } = ctx;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await clone.sync()) return;
    const desired = new Map(Object.entries(platformFiles([], synthesize([], { registry: ctx.registry }).files, ctx.bootstrap)));
    const changes = fileChanges(new Map(), desired);
    writeChanges(clone.dir, changes, desired);
    const message = `dataroaster: initialize the GitOps repository\n\nDataRoaster-Version: ${ctx.version}\n`;
    await clone.commit(changes.map((c) => c.path), message, identityEnv(config.committer, config.committer));
    if ((await clone.push('HEAD')) === 'pushed') {
      await clone.sync();
      ctx.log.info({ branch: config.branch }, 'initialized the GitOps repository');
      return;
    }
    // another replica initialized it first: the next sync takes theirs
  }
}

import { existsSync, mkdirSync } from 'node:fs';

import { BOOTSTRAP_ROOT, NAMESPACES_ROOT, README_FILE } from '../gitops/layout';
import type { DeliveryContext } from './context';
import { createGit } from './git';
import { blobId } from './git-read';
import { fullPlatformFiles } from './platform-delta';
import { fetchAndIndex } from './sync';

/** Creates the bare repository used as the remote when no remote URL is configured. */
export async function ensureBareRepository(path: string, branch: string, timeoutMs: number): Promise<void> {
  if (existsSync(path)) return;
  mkdirSync(path, { recursive: true });
  await createGit({ dir: path, timeoutMs })(['init', '-q', '--bare', '-b', branch]);
}

/**
 * Brings the index to the remote tip. A remote without the branch gets a first commit by the service:
 * the README, the bootstrap and the namespaces tier of an empty platform, so agents can be pointed at the
 * repository before the first instance exists. Then the platform-wide files are checked against a full
 * regeneration and refreshed in one commit when they differ (a new version writes them differently, the
 * repository URL was set, someone edited them by hand): changes only ever touch them entry by entry, so
 * this is what keeps entry-by-entry equal to whole.
 */
export async function initialize(ctx: DeliveryContext): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const tip = await fetchAndIndex(ctx);
    const files = tip === undefined ? fullPlatformFiles([], ctx.platform) : platformDrift(ctx);
    if (files.size === 0) return;
    const message = tip === undefined ? 'dataroaster: initialize the GitOps repository' : 'dataroaster: refresh the platform files';
    const commit = {
      message: `${message}\n\nDataRoaster-Version: ${ctx.version}\n`,
      author: ctx.config.committer,
      committer: ctx.config.committer,
      at: Math.floor(Date.now() / 1000),
      files,
      ...(tip ? { parent: tip } : {}),
    };
    const [sha] = await ctx.clone.importCommits([commit]);
    const outcome = await ctx.clone.push(sha, ctx.config.branch, tip);
    if (outcome === 'pushed') {
      await ctx.index.advance(sha);
      ctx.log.info({ branch: ctx.config.branch, commit: sha, files: files.size }, message.replace(/^dataroaster: /, ''));
      return;
    }
    // another replica wrote first (or holds the lock): fetch theirs and look again
    await new Promise((resolve) => setTimeout(resolve, 50 * (attempt + 1)));
  }
}

/** Platform-wide files that differ from a full regeneration: path → text, or null to delete. */
export function platformDrift(ctx: DeliveryContext): Map<string, string | null> {
  const state = ctx.index.state;
  const desired = fullPlatformFiles(state.instances(), ctx.platform);
  const drift = new Map<string, string | null>();
  for (const [path, text] of desired) if (state.blob(path) !== blobId(text)) drift.set(path, text);
  for (const root of [NAMESPACES_ROOT, BOOTSTRAP_ROOT]) for (const path of state.paths(root)) if (!desired.has(path)) drift.set(path, null);
  if (state.blob(README_FILE) !== undefined && !desired.has(README_FILE)) drift.set(README_FILE, null);
  return drift;
}

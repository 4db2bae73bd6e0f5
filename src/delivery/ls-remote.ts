import { classifyGitError } from './classify';
import { createGit } from './git';

/**
 * Asks the clone's `origin` for `branch` with its own short timeout, outside the delivery mutex (a probe
 * must not wait behind a batch of commits). Resolves when the remote answers, whether or not the branch
 * exists yet; throws the typed error of `classifyGitError` otherwise.
 */
export async function lsRemote(cloneDir: string, branch: string, timeoutMs: number): Promise<void> {
  try {
    await createGit({ dir: cloneDir, timeoutMs, networkTimeoutMs: timeoutMs })(['ls-remote', 'origin', `refs/heads/${branch}`]);
  } catch (err) {
    throw classifyGitError(err);
  }
}

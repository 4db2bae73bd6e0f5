import type { DeliveryResult, ListedInstance, Preview } from '../../src/delivery';
import type { ChangeResult, InstanceId, InstanceSummary } from './types';

/**
 * What a reviewer must do when review mode has no forge to open the pull request on: the change is
 * only a pushed branch until someone opens one by hand.
 */
export function noForgeWarning(branch: string): string {
  return `no pull request was opened: no forge is configured (DATAROASTER_GIT_PROVIDER, see docs/configuration.md). The change is on branch ${branch}: open a pull request from it on your Git host by hand, or merge it yourself (git fetch origin ${branch} && git merge origin/${branch})`;
}

/** The answer to a create or delete that went through Git. */
export function changeResult(instance: InstanceId, result: DeliveryResult): ChangeResult {
  // Warnings delivery gives (e.g. the bootstrap not written), then the API's own.
  const warnings = [...((result as { warnings?: readonly string[] }).warnings ?? [])];
  if (result.status === 'review' && result.prUrl === undefined) warnings.push(noForgeWarning(result.branch));
  return {
    status: result.status === 'review' ? 'proposed' : result.status,
    instance,
    branch: result.branch,
    commit: result.commit,
    files: result.files,
    specHash: result.specHash,
    ...(result.prUrl !== undefined && { pullRequest: result.prUrl }),
    ...(warnings.length > 0 && { warnings }),
  };
}

/** The answer to a dry run: what would change, against which commit. */
export function dryRunResult(instance: InstanceId, preview: Preview): ChangeResult {
  return { status: 'dry-run', instance, commit: preview.base, files: preview.files, diff: preview.diff };
}

/** One instance of a list answer, as the GitOps repository describes it. */
export function instanceSummary(listed: ListedInstance): InstanceSummary {
  const { lastCommit, pending } = listed;
  return {
    kind: listed.kind,
    name: listed.name,
    namespace: listed.namespace,
    component: listed.folder.split('/')[1],
    folder: listed.folder,
    specHash: listed.specHash,
    ...(lastCommit && { lastCommit }),
    ...(pending && {
      pendingReview: {
        branch: pending.branch,
        commit: pending.commit,
        ...(pending.prUrl !== undefined && { pullRequest: pending.prUrl }),
        ...(pending.action !== undefined && { action: pending.action }),
      },
    }),
  };
}

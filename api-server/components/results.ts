import type { DeliveryResult, ListedInstance, Preview } from '../../src/delivery';
import type { ChangeResult, InstanceId, InstanceSummary } from './types';

/** The answer to a create or delete that went through Git. */
export function changeResult(instance: InstanceId, result: DeliveryResult): ChangeResult {
  return {
    status: result.status === 'review' ? 'proposed' : result.status,
    instance,
    branch: result.branch,
    commit: result.commit,
    files: result.files,
    specHash: result.specHash,
    ...(result.prUrl !== undefined && { pullRequest: result.prUrl }),
    ...(result.warnings !== undefined && { warnings: result.warnings }),
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
    ...(lastCommit && { lastCommit: { sha: lastCommit.sha, author: lastCommit.author, date: lastCommit.date, subject: lastCommit.subject } }),
    ...(pending && { pendingReview: { branch: pending.branch, commit: pending.commit, ...(pending.prUrl !== undefined && { pullRequest: pending.prUrl }), ...(pending.action !== undefined && { action: pending.action }) } }),
  };
}

import type { Registry } from '../core/component';
import { instanceFolder, SPEC_FILE } from '../gitops/layout';
import { REVIEW_PREFIX } from './clone';
import { safeRequestId } from './commit-message';
import type { Git } from './git';
import type { InstanceIndex } from './instance-index';
import type { IndexedInstance } from './repo-state';
import type { PendingChange } from './types';

/** `dataroaster/review/<component>/<instance>/<request-id>`: stable, readable, one folder per instance. */
export function reviewBranchName(component: string, name: string, requestId: string): string {
  return `${REVIEW_PREFIX}/${component}/${name}/${safeRequestId(requestId).toLowerCase()}`;
}

/** A review branch (as last fetched) whose instance folder still differs from the target branch. */
export interface PendingReview {
  readonly branch: string;
  readonly commit: string;
  readonly component: string;
  readonly name: string;
  readonly folder: string;
  /** What merging it does to the instance. */
  readonly action: 'create' | 'update' | 'delete';
  /** The instance as the review branch holds it (for a creation, what `list` shows). */
  readonly proposed?: IndexedInstance;
}

/**
 * The pending reviews, read from the fetched review branches in two git processes however many there
 * are (`for-each-ref`, then one `cat-file --batch-check` comparing each branch's instance folder with the
 * target's), and refreshed only when a fetch or a push moved a ref. Not merged yet = the folder still
 * differs, however the forge merges (merge commit, squash or rebase). PR URLs come from the provider,
 * asked in the background so a slow forge never holds up a change or a list.
 */
export class ReviewIndex {
  private pending: PendingReview[] = [];
  private seen = '';
  private prUrls = new Map<string, string>();

  constructor(
    private readonly git: Git,
    private readonly index: InstanceIndex,
    private readonly registry: Registry,
  ) {}

  all(): readonly PendingReview[] {
    return this.pending;
  }

  /** The pending review of an instance (the first by branch name), if any. */
  of(component: string, name: string): PendingReview | undefined {
    return this.pending.find((p) => p.component === component && p.name === name);
  }

  prUrl(branch: string): string | undefined {
    return this.prUrls.get(branch);
  }

  setPrUrls(urls: ReadonlyMap<string, string>): void {
    this.prUrls = new Map(urls);
  }

  /** Remembers the pull request just opened or updated for `branch`. */
  notePr(branch: string, url: string): void {
    this.prUrls.set(branch, url);
  }

  /** Pending changes as the API shows them. */
  changes(): PendingChange[] {
    return this.pending.map((p) => ({
      kind: this.registry.find((c) => c.folder === p.component)?.kind.kind ?? p.proposed?.kind ?? p.component,
      name: p.name,
      branch: p.branch,
      commit: p.commit,
      ...(this.prUrls.has(p.branch) ? { prUrl: this.prUrls.get(p.branch) } : {}),
      action: p.action,
    }));
  }

  /** Re-reads the review branches against `target` (the branch tip the index is at). */
  async refresh(target: string | undefined): Promise<void> {
    const refs = await this.git(['for-each-ref', '--format=%(refname) %(objectname)', `refs/remotes/origin/${REVIEW_PREFIX}/`]);
    const key = `${target}\n${refs}`;
    if (key === this.seen) return;
    const branches: { branch: string; commit: string; component: string; name: string; folder: string }[] = [];
    for (const line of refs.split('\n').filter(Boolean)) {
      const [ref, commit] = line.split(' ');
      const branch = ref.slice('refs/remotes/origin/'.length);
      const parts = branch.slice(REVIEW_PREFIX.length + 1).split('/');
      if (parts.length !== 3) continue;
      branches.push({ branch, commit, component: parts[0], name: parts[1], folder: instanceFolder(parts[0], parts[1]) });
    }
    const pending: PendingReview[] = [];
    if (branches.length) {
      const queries = branches.flatMap((b) => [
        `${b.commit}:${b.folder}`,
        `${target ?? b.commit}:${b.folder}`,
        `${b.commit}:${b.folder}/${SPEC_FILE}`,
      ]);
      const answers = (
        await this.git(['cat-file', '--batch-check=%(objectname) %(objecttype)'], { input: queries.map((q) => `${q}\n`).join('') })
      ).split('\n');
      const idOf = (i: number) => (answers[i]?.endsWith(' missing') ? undefined : answers[i]?.split(' ')[0]);
      for (const [i, b] of branches.entries()) {
        const [proposedTree, targetTree, specBlob] = [idOf(3 * i), target === undefined ? undefined : idOf(3 * i + 1), idOf(3 * i + 2)];
        if (proposedTree === targetTree) continue;
        const action = targetTree === undefined ? 'create' : proposedTree === undefined ? 'delete' : 'update';
        const proposed = specBlob ? await this.index.specSummary(b.folder, specBlob).catch(() => undefined) : undefined;
        pending.push({ ...b, action, ...(proposed ? { proposed } : {}) });
      }
    }
    this.pending = pending.sort((a, b) => (a.branch < b.branch ? -1 : 1));
    this.seen = key;
  }
}

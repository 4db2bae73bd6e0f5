import type { MutexInterface } from 'async-mutex';
import { backOff } from 'exponential-backoff';
import { assertNoConflict, Change, messageFor, planChange } from './change';
import type { DeliveryContext } from './context';
import { PushRejectedError } from './errors';
import { CommitSpec, importCommits } from './fast-import';
import { authorOf } from './identity';
import type { Plan } from './plan';
import type { DeliveryResult } from './types';
import { writeChanges } from './worktree';

interface Job {
  readonly change: Change;
  /** Digest of the instance folder when this request was first planned: the state it is based on. */
  base?: string;
  readonly resolve: (result: DeliveryResult) => void;
  readonly reject: (err: unknown) => void;
}

/** The remote moved under us: fetch, redo every change of the batch on the new tip, push again. */
class RemoteMoved extends Error {}

/** Most changes one push carries. */
const MAX_BATCH = 64;

/**
 * Commits changes straight to the branch, one commit per change. Changes that arrive while a push is
 * in flight wait (the mutex serializes writers) and are then committed together and pushed at once:
 * each still gets its own commit, and each is acknowledged only once the push that carries it succeeded.
 * The commits of a batch are written by one `git fast-import` (see fast-import.ts).
 *
 * No fetch before a change while the clone is known to equal the remote tip; the push is the
 * compare-and-swap. When it is refused as non-fast-forward the batch is fetched and redone (re-synthesized
 * on the new tip, not text-rebased: the shared files are regenerated anyway), with exponential backoff.
 */
export class DirectWriter {
  private readonly queue: Job[] = [];

  constructor(
    private readonly ctx: DeliveryContext,
    private readonly mutex: MutexInterface,
  ) {}

  submit(change: Change): Promise<DeliveryResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ change, resolve, reject });
      void this.mutex.runExclusive(() => this.flush());
    });
  }

  private async flush(): Promise<void> {
    let live = this.queue.splice(0, MAX_BATCH);
    if (live.length === 0) return;
    const { clone, config, log } = this.ctx;
    try {
      await backOff(
        async () => {
          if (!clone.synced) await clone.sync();
          const tip = await clone.head();
          const commits: CommitSpec[] = [];
          const planned = new Map<Job, { plan: Plan; commit: number }>();
          for (const job of [...live]) {
            let plan: Plan;
            try {
              plan = planChange(this.ctx, job.change);
              assertNoConflict(plan, job.change, job.base);
            } catch (err) {
              job.reject(err); // this request alone is wrong (bad spec, conflict): nothing written, the rest go on
              live = live.filter((j) => j !== job);
              continue;
            }
            job.base ??= plan.folderBefore;
            if (plan.changes.length > 0) {
              writeChanges(clone.dir, plan.changes, plan.desired); // the next change in the batch is planned on top
              commits.push(this.commitSpec(job, plan));
            }
            planned.set(job, { plan, commit: commits.length - 1 });
          }
          const shas = commits.length ? await importCommits(clone.git, `refs/heads/${config.branch}`, tip, commits) : [];
          if (shas.length && (await clone.push('HEAD')) === 'non-fast-forward') {
            clone.synced = false;
            log.info({ branch: config.branch, changes: live.length }, 'remote moved; fetching and redoing the changes');
            this.ctx.events.pushRetried?.();
            throw new RemoteMoved();
          }
          const results = new Map<Job, DeliveryResult>();
          for (const [job, { plan, commit }] of planned) {
            const changed = plan.changes.length > 0;
            results.set(job, {
              status: changed ? 'committed' : 'unchanged',
              commit: commit >= 0 ? shas[commit] : tip,
              branch: config.branch,
              specHash: plan.specHash,
              files: plan.changes,
            });
          }
          for (const [job, result] of results) job.resolve(result);
          live = [];
        },
        {
          numOfAttempts: config.pushAttempts,
          startingDelay: 25,
          timeMultiple: 2,
          maxDelay: 2000,
          jitter: 'full',
          retry: (err) => err instanceof RemoteMoved,
        },
      );
    } catch (err) {
      const failure = err instanceof RemoteMoved ? new PushRejectedError(`the remote branch ${config.branch} kept moving: gave up after ${config.pushAttempts} attempts`) : err;
      log.warn({ branch: config.branch, err: (failure as Error).message }, 'change not delivered; working clone reset to the remote tip');
      await clone.recover(); // reset before answering: the caller may look at the clone at once
      for (const job of live) job.reject(failure);
    }
  }

  private commitSpec(job: Job, plan: Plan): CommitSpec {
    const files = new Map(plan.changes.map((c) => [c.path, c.status === 'deleted' ? null : plan.desired.get(c.path)!]));
    const author = authorOf(job.change.user, this.ctx.config.authorDomain);
    return { message: messageFor(this.ctx, plan, job.change), author, committer: this.ctx.config.committer, files };
  }
}

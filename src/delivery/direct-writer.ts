import type { MutexInterface } from 'async-mutex';
import { backOff } from 'exponential-backoff';

import { assertNoConflict, assertNoOpenReview, Change, commitFor, lastCommitOf, planChange } from './change';
import type { DeliveryContext } from './context';
import { PushRejectedError } from './errors';
import type { CommitSpec } from './fast-import';
import { blobId } from './git-read';
import type { Plan } from './plan';
import { Draft, IndexedInstance } from './repo-state';
import { lockedError, syncForChange } from './sync';
import type { DeliveryResult } from './types';

interface Job {
  readonly change: Change;
  /** Digest of the instance folder when this request was first planned: the state it is based on. */
  base?: string;
  readonly resolve: (result: DeliveryResult) => void;
  readonly reject: (err: unknown) => void;
}

/** The remote moved under us: fetch, redo every change of the batch on the new tip, push again. */
class RemoteMoved extends Error {}
/** The remote's ref lock was taken: wait a little and push again (a concurrent push), or give up (a stale lock). */
class RemoteLocked extends Error {
  constructor(readonly lock: string) {
    super(lock);
  }
}

/** Most changes one push carries. */
const MAX_BATCH = 64;
/** Pushes tried while the remote's ref lock stays taken: a live push holds it for milliseconds. */
const LOCKED_ATTEMPTS = 4;

/**
 * Commits changes straight to the branch, one commit per change. Changes that arrive while a push is
 * in flight wait (the mutex serializes writers) and are then committed together and pushed at once:
 * each still gets its own commit, and each is acknowledged only once the push that carries it succeeded.
 *
 * Each change is planned on the index (plus the changes before it in the batch), written by one
 * `git fast-import`, and pushed; the index takes the pushed changes over without reading Git again. No
 * fetch before a change while the index is known to equal the remote tip: the push is the
 * compare-and-swap. When it is refused as non-fast-forward, the batch is fetched and redone
 * (re-synthesized on the new tip), with exponential backoff.
 */
export class DirectWriter {
  private readonly queue: Job[] = [];
  /** False after a refused or failed push: fetch before the next change. */
  synced = true;

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
    const { ctx } = this;
    const { clone, config, log } = ctx;
    let lockedTries = 0;
    try {
      await backOff(
        async () => {
          ctx.health.assertUp();
          if (!this.synced) {
            await syncForChange(ctx);
            this.synced = true;
          }
          const tip = ctx.index.state.tip!;
          const draft = new Draft(ctx.index.state);
          const at = Math.floor(Date.now() / 1000);
          const commits: CommitSpec[] = [];
          const planned = new Map<Job, { plan: Plan; commit: number }>();
          const lastCommitFor = new Map<string, number>();
          for (const job of [...live]) {
            let plan: Plan;
            try {
              assertNoOpenReview(ctx, job.change);
              plan = await planChange(ctx, draft, job.change);
              assertNoConflict(plan, job.change, job.base);
            } catch (err) {
              job.reject(err); // this request alone is wrong (bad spec, conflict): nothing written, the rest go on
              live = live.filter((j) => j !== job);
              continue;
            }
            job.base ??= plan.folderBefore;
            if (plan.changes.length > 0) {
              for (const [path, text] of plan.writes) draft.writeFile(path, text, text === null ? undefined : blobId(text));
              for (const changed of [...(plan.companions ?? []), plan]) draft.writeInstance(changed.folder, changed.instance); // the next change of the batch is planned on top
              commits.push(commitFor(ctx, plan, job.change, at, commits.length === 0 ? { parent: tip } : {}));
              for (const changed of [...(plan.companions ?? []), plan]) lastCommitFor.set(changed.folder, commits.length - 1);
            }
            planned.set(job, { plan, commit: commits.length - 1 });
          }
          const shas = commits.length ? await clone.importCommits(commits) : [];
          if (shas.length) {
            const outcome = await clone.push(shas[shas.length - 1], config.branch, tip).catch((err: unknown) => {
              this.synced = false;
              ctx.health.observe(err);
              throw err;
            });
            if (outcome === 'non-fast-forward') {
              this.synced = false;
              log.info({ branch: config.branch, changes: live.length }, 'remote moved; fetching and redoing the changes');
              ctx.events.pushRetried?.();
              throw new RemoteMoved();
            }
            if (typeof outcome === 'object') {
              this.synced = false;
              if (++lockedTries >= LOCKED_ATTEMPTS) throw lockedError(outcome.locked, config.branch);
              throw new RemoteLocked(outcome.locked);
            }
            ctx.health.observe();
            const { files, instances } = draft.entries();
            const pushedInstances = instances.map(([folder, instance]): [string, IndexedInstance | undefined] => {
              const i = lastCommitFor.get(folder);
              return [folder, instance && i !== undefined ? { ...instance, lastCommit: lastCommitOf(commits[i], shas[i]) } : instance];
            });
            ctx.index.applyPushed(shas[shas.length - 1], files, pushedInstances);
          }
          for (const [job, { plan, commit }] of planned) {
            job.resolve({
              status: plan.changes.length > 0 ? 'committed' : 'unchanged',
              commit: commit >= 0 ? shas[commit] : tip,
              branch: config.branch,
              specHash: plan.specHash,
              files: plan.changes,
            });
          }
          live = [];
        },
        {
          numOfAttempts: config.pushAttempts + LOCKED_ATTEMPTS,
          startingDelay: 25,
          timeMultiple: 2,
          maxDelay: 2000,
          jitter: 'full',
          retry: (err, attempt) => err instanceof RemoteLocked || (err instanceof RemoteMoved && attempt < config.pushAttempts),
        },
      );
    } catch (err) {
      const failure =
        err instanceof RemoteMoved
          ? new PushRejectedError(`the remote branch ${config.branch} kept moving: gave up after ${config.pushAttempts} attempts`)
          : err;
      log.warn({ branch: config.branch, err: (failure as Error).message }, 'change not delivered');
      for (const job of live) job.reject(failure);
    }
  }
}

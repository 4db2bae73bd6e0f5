import type { InstanceSpec } from '../core/instance';

/** A file a change adds, modifies or deletes, by repository path. */
export interface FileChange {
  readonly path: string;
  readonly status: 'added' | 'modified' | 'deleted';
}

/** Who asks for a change, and with which request id (it ends up in the commit trailers and review branch). */
export interface RequestContext {
  /** Name of the requesting user; the commit author. */
  readonly user: string;
  readonly requestId: string;
  /** Commit on a review branch and open a pull request instead of committing to the branch. @default the server setting */
  readonly review?: boolean;
}

/** Create or update one instance with this (validated) spec. */
export interface ApplyChange extends RequestContext {
  readonly spec: InstanceSpec;
  /**
   * Optimistic concurrency: the spec hash (`specHash`) the caller last read, or `null` for "must not
   * exist yet". A different stored spec gives a ConflictError. @default - no check beyond concurrent writers
   */
  readonly baseSpecHash?: string | null;
}

/** Delete one instance. */
export interface RemoveChange extends RequestContext {
  readonly kind: string;
  readonly name: string;
  /**
   * New specs of other instances, written in the same commit: those that referred to this one, without
   * the reference (a gateway's backends routing to a deleted TrinoCluster). Each is refused with a conflict
   * when its stored spec is no longer `baseSpecHash`.
   */
  readonly updates?: readonly { readonly spec: InstanceSpec; readonly baseSpecHash: string }[];
}

export interface DeliveryResult {
  /**
   * `committed`: pushed to the branch. `unchanged`: the repository already holds exactly this, no commit.
   * `review`: pushed to a review branch (and a pull request opened or updated when a provider is set).
   */
  readonly status: 'committed' | 'unchanged' | 'review';
  /** The commit that holds the change (for `unchanged`, the tip that already held it). */
  readonly commit: string;
  /** Branch the commit is on. */
  readonly branch: string;
  readonly files: readonly FileChange[];
  readonly specHash: string;
  readonly prUrl?: string;
  /** Things the user should know about what was written (e.g. bootstrap/ left out, and why). */
  readonly warnings?: readonly string[];
}

export interface Preview {
  readonly files: readonly FileChange[];
  /** Unified diff against the branch tip (`git diff`), empty when nothing would change. */
  readonly diff: string;
  /** The tip the diff is against. */
  readonly base: string;
}

export interface LastCommit {
  readonly sha: string;
  readonly author: string;
  readonly date: string;
  readonly subject: string;
}

export interface PendingChange {
  readonly kind: string;
  readonly name: string;
  readonly branch: string;
  readonly commit: string;
  readonly prUrl?: string;
  /** What merging the review does to the instance. */
  readonly action?: 'create' | 'update' | 'delete';
}

export interface ListedInstance {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  /** Instance folder, e.g. `components/trino/trino-cluster-etl`. */
  readonly folder: string;
  readonly specHash: string;
  readonly lastCommit?: LastCommit;
  readonly pending?: PendingChange;
}

export interface ListQuery {
  /** Only instances of this kind. */
  readonly kind?: string;
  /** At most this many items; `next` tells where the following page starts. */
  readonly limit?: number;
  /** Only instances whose folder sorts after this one (the `next` of the page before). */
  readonly after?: string;
}

/** Which stored specs to read: of a kind, and/or of instances that reference `Kind` `name`. */
export interface SpecQuery {
  readonly kind?: string;
  readonly referencing?: { readonly kind: string; readonly name: string };
}

/** An instance's spec as stored in the repository, and its hash (the base of an optimistic update). */
export interface StoredSpec {
  readonly spec: InstanceSpec;
  readonly specHash: string;
}

export interface ListPage {
  readonly items: readonly ListedInstance[];
  /** Folder of the last item, when more follow: pass it as `after` for the next page. */
  readonly next?: string;
}

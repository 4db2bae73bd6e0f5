import type { LegacyParams } from '../../src/core/component';
import type { InstanceSpec } from '../../src/core/instance';
import type { FileChange, LastCommit, StoredSpec } from '../../src/delivery/types';
import type { SpecDocument } from '../../src/schema/yaml';
import type { ComponentEndpoint } from './endpoints';

/** Who asks for a change: the API user, recorded as the commit author. */
export interface Actor {
  readonly name: string;
}

export interface ChangeOptions {
  /** Return the diff, commit nothing. */
  readonly dryRun: boolean;
  /** Propose the change on a branch with a pull request instead of committing to the target branch; undefined = server default. */
  readonly review?: boolean;
  /** Id of the HTTP request: in the commit trailer, the review branch name and the answer. */
  readonly requestId: string;
  /** Delete only: also drop the references other instances hold to it (e.g. a gateway's backends) instead of answering 409. */
  readonly force?: boolean;
}

/** An instance's spec as stored in the GitOps repository, with the hash an update is checked against. */
export type { StoredSpec } from '../../src/delivery/types';

/** A create request after edge validation: one YAML document of a type the endpoint accepts. */
export interface CreateRequest {
  readonly endpoint: ComponentEndpoint;
  readonly document: SpecDocument;
  /** The original endpoint's extra parameters (`mysql_storage_class`, …), for the legacy mapping. */
  readonly params: LegacyParams;
}

export interface InstanceId {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
}

/**
 * What a create or delete did. Serialized into the response beside `"result": "SUCCESS"`: delivery's
 * DeliveryResult (or Preview, on a dry run) mapped 1:1, with the API's names `proposed` and `pullRequest`.
 */
export interface ChangeResult {
  /** `committed` and pushed, `proposed` on a review branch, `unchanged` (nothing to commit), or `dry-run`. */
  readonly status: 'committed' | 'proposed' | 'unchanged' | 'dry-run';
  readonly instance: InstanceId;
  /** Branch the commit is on (the target branch, or the review branch). */
  readonly branch?: string;
  /** The pushed commit; for `unchanged`, the commit that already holds the change; for `dry-run`, the tip the diff is against. */
  readonly commit?: string;
  /** Files written or removed in the GitOps repository (or that would be, on a dry run). */
  readonly files: readonly FileChange[];
  /** Hash of the stored spec, as `list` shows it. */
  readonly specHash?: string;
  /** URL of the pull/merge request (review mode with a provider). */
  readonly pullRequest?: string;
  /** Unified diff of the change (dry run). */
  readonly diff?: string;
  /** What the caller must know or do, e.g. open the pull request by hand when no forge is configured. */
  readonly warnings?: readonly string[];
}

/** A change to the instance waiting in review. */
export interface PendingReview {
  readonly branch: string;
  readonly commit: string;
  readonly pullRequest?: string;
  /** What merging it does: `create` marks an instance that exists only in the review so far. */
  readonly action?: 'create' | 'update' | 'delete';
}

/** Which page of a list: at most `limit` items, starting after the `continue` token of the page before. */
export interface PageRequest {
  readonly limit: number;
  readonly continue?: string;
}

/** One page of a list; `continue` is there when more items follow. */
export interface InstancePage {
  readonly items: readonly InstanceSummary[];
  readonly continue?: string;
}

/** One instance as the GitOps repository describes it. */
export interface InstanceSummary extends InstanceId {
  /** Component folder in the GitOps repository: `trino`, `hive-metastore`, … */
  readonly component: string;
  /** `components/<component>/<name>` */
  readonly folder: string;
  readonly specHash: string;
  /** The last commit that touched its folder (author = the user who asked for the change). */
  readonly lastCommit?: LastCommit;
  readonly pendingReview?: PendingReview;
}

/**
 * The component use cases behind the v1 component endpoints: synthesize with the engine, deliver
 * through Git. Routes validate input and call these; Git is the source of truth for instances.
 */
export interface ComponentService {
  create(request: CreateRequest, actor: Actor, options: ChangeOptions): Promise<ChangeResult>;
  list(endpoint: ComponentEndpoint): Promise<InstanceSummary[]>;
  /** `list` as its JSON (UTF-8 bytes: what the list endpoint answers), when the service can make it faster than serializing the array. */
  listJson?(endpoint: ComponentEndpoint): Promise<Buffer>;
  /** One page of the list (`limit`, `continue`). */
  listPage(endpoint: ComponentEndpoint, page: PageRequest): Promise<InstancePage>;
  /** Deletes the named instance, or the only one when `name` is undefined (400 when there are several). */
  remove(endpoint: ComponentEndpoint, name: string | undefined, actor: Actor, options: ChangeOptions): Promise<ChangeResult>;
  /** The stored specs of one kind (for operations that edit a spec, like the Trino gateway's). */
  stored(kind: string): Promise<StoredSpec[]>;
  /** Commits a changed spec of an existing instance; 409 when the stored spec is no longer `baseSpecHash`. */
  update(spec: InstanceSpec, baseSpecHash: string, actor: Actor, options: ChangeOptions): Promise<ChangeResult>;
  /** Throws when the Git remote cannot be reached (readiness). */
  checkRemote(): Promise<void>;
  /** Waits for in-flight changes, then releases the working copy. */
  close(): Promise<void>;
}

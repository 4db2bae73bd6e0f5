import type { LegacyParams } from '../../src/spec/kind';
import type { SpecDocument } from '../../src/spec/yaml';
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
}

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

/** What a create or delete did. Serialized into the response beside `"result": "SUCCESS"`. */
export interface ChangeResult {
  /** `committed` and pushed, `proposed` on a review branch, `unchanged` (nothing to commit), or `dry-run`. */
  readonly status: 'committed' | 'proposed' | 'unchanged' | 'dry-run';
  readonly instance: InstanceId;
  readonly branch?: string;
  readonly commit?: string;
  /** Paths written or removed in the GitOps repository. */
  readonly files?: readonly string[];
  readonly pullRequest?: string;
  /** Unified diff of the change (dry run). */
  readonly diff?: string;
}

export interface CommitInfo {
  readonly sha: string;
  readonly author: string;
  readonly date: string;
  readonly message: string;
}

/** One instance as the GitOps repository describes it. */
export interface InstanceSummary extends InstanceId {
  /** As the original list showed it: `trino`, `hive-metastore`, … */
  readonly component: string;
  readonly lastCommit?: CommitInfo;
  readonly pendingPullRequest?: { readonly url: string; readonly branch: string };
}

/**
 * The component use cases behind the v1 component endpoints: synthesize with the engine, deliver
 * through Git. Routes validate input and call these; Git is the source of truth for instances.
 */
export interface ComponentService {
  create(request: CreateRequest, actor: Actor, options: ChangeOptions): Promise<ChangeResult>;
  list(endpoint: ComponentEndpoint): Promise<InstanceSummary[]>;
  remove(endpoint: ComponentEndpoint, name: string, actor: Actor, options: ChangeOptions): Promise<ChangeResult>;
  /** Throws when the Git remote cannot be reached (readiness). */
  checkRemote(): Promise<void>;
  /** Waits for in-flight changes, then releases the working copy. */
  close(): Promise<void>;
}

import { DEFAULT_RESERVED_NAMESPACES } from '../../core/reserved-namespaces';
/** The GitOps agent that applies the platform: one per platform, so one bootstrap is written. */
export type GitOpsAgent = 'flux' | 'argocd';
export const GITOPS_AGENTS: readonly GitOpsAgent[] = ['flux', 'argocd'];
export const DEFAULT_GITOPS_AGENT: GitOpsAgent = 'flux';

/** How the cluster's GitOps agent reaches the repository. */
export interface BootstrapOptions {
  /** Repository URL as the cluster's agent reaches it (never with credentials in it). */
  readonly repoUrl: string;
  /** Branch the agent follows. */
  readonly branch: string;
  /**
   * The agent whose bootstrap is written (the other one's would apply objects of an agent that is not
   * installed, e.g. Flux HelmReleases under Argo CD). @default 'flux'
   */
  readonly agent?: GitOpsAgent;
  /** Namespace Argo CD runs in. @default 'argocd' */
  readonly argoCdNamespace?: string;
  /** Namespace Flux runs in. @default 'flux-system' */
  readonly fluxNamespace?: string;
  /**
   * Secret (in the Flux namespace) holding credentials for a private repository.
   * @default - none: the repository is public or reached without credentials
   * @see https://fluxcd.io/flux/components/source/gitrepositories/#secret-reference
   */
  readonly fluxSecretName?: string;
  /**
   * Namespaces instances must never write to: names or `prefix*` globs (the API's reserved namespaces,
   * plus the server's own). The Argo CD instance projects deny them as destinations, together with
   * both agents' namespaces. @default RESERVED_NAMESPACES
   */
  readonly reservedNamespaces?: readonly string[];
}

export const DEFAULT_ARGOCD_NAMESPACE = 'argocd';
export const DEFAULT_FLUX_NAMESPACE = 'flux-system';
/** Kubernetes' own namespaces and the agents': no instance belongs there (the API's default deny-list). */
export const RESERVED_NAMESPACES: readonly string[] = DEFAULT_RESERVED_NAMESPACES; // the one list: src/core/reserved-namespaces.ts
/** Name of the platform AppProject, the root Application, the GitRepository and the root Kustomization. */
export const BOOTSTRAP_NAME = 'dataroaster';
export const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'dataroaster' } as const;

/**
 * Every namespace (or `prefix*` glob) the bootstrap keeps instances out of: the reserved ones and both
 * agents' (whichever is installed, the other may be too), sorted.
 */
export function protectedNamespaces(options: BootstrapOptions): string[] {
  const all = [
    ...(options.reservedNamespaces ?? RESERVED_NAMESPACES),
    options.argoCdNamespace ?? DEFAULT_ARGOCD_NAMESPACE,
    options.fluxNamespace ?? DEFAULT_FLUX_NAMESPACE,
  ];
  return [...new Set(all)].sort();
}

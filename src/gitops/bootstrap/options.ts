/** How the cluster's GitOps agent reaches the repository. */
export interface BootstrapOptions {
  /** Repository URL as the cluster's agent reaches it (never with credentials in it). */
  readonly repoUrl: string;
  /** Branch the agent follows. */
  readonly branch: string;
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
}

export const DEFAULT_ARGOCD_NAMESPACE = 'argocd';
export const DEFAULT_FLUX_NAMESPACE = 'flux-system';
/** Name of the AppProject, the root Application, the GitRepository and the root Kustomization. */
export const BOOTSTRAP_NAME = 'dataroaster';
export const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'dataroaster' } as const;

import { argoCdFiles } from './bootstrap/argocd';
import { fluxFiles } from './bootstrap/flux';
import { BootstrapOptions, DEFAULT_GITOPS_AGENT } from './bootstrap/options';
import { README_FILE } from './layout';
import type { PlatformInstance } from './platform-instance';
import { gitopsReadme } from './readme';
import { namespacesTier } from './sentinel';

/**
 * Every platform-wide file of the GitOps repository (the namespaces tier, the bootstrap of the
 * configured agent, the README), from the platform's instances and the namespace files the engine
 * synthesized for them. Deterministic: the same platform always gives the same bytes.
 */
export function platformFiles(
  platform: readonly PlatformInstance[],
  engineFiles: Readonly<Record<string, string>>,
  options: BootstrapOptions,
): Record<string, string> {
  return {
    ...namespacesTier(engineFiles),
    ...bootstrapFiles(platform, options),
    [README_FILE]: gitopsReadme(options),
  };
}

/** `bootstrap/<agent>/`: only the configured agent's, so nothing in the repository needs an agent that is not installed. */
export function bootstrapFiles(platform: readonly PlatformInstance[], options: BootstrapOptions): Record<string, string> {
  return (options.agent ?? DEFAULT_GITOPS_AGENT) === 'argocd' ? argoCdFiles(platform, options) : fluxFiles(platform, options);
}

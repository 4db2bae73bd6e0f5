import { argoCdFiles } from './bootstrap/argocd';
import { fluxFiles } from './bootstrap/flux';
import type { BootstrapOptions } from './bootstrap/options';
import { README_FILE } from './layout';
import type { PlatformInstance } from './platform-instance';
import { gitopsReadme } from './readme';
import { namespacesTier } from './sentinel';

/**
 * Every platform-wide file of the GitOps repository (the namespaces tier, both bootstraps, the README),
 * from the platform's instances and the namespace files the engine synthesized for them. Deterministic:
 * the same platform always gives the same bytes.
 */
export function platformFiles(
  platform: readonly PlatformInstance[],
  engineFiles: Readonly<Record<string, string>>,
  options: BootstrapOptions,
): Record<string, string> {
  return {
    ...namespacesTier(engineFiles),
    ...argoCdFiles(platform, options),
    ...fluxFiles(platform, options),
    [README_FILE]: gitopsReadme(options),
  };
}

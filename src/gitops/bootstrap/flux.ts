import { GitRepository } from '../../../imports/flux-gitrepository-source.toolkit.fluxcd.io';
import { Kustomization, KustomizationSpecSourceRefKind } from '../../../imports/flux-kustomization-kustomize.toolkit.fluxcd.io';
import { deploymentName, FLUX_INSTANCES, FLUX_ROOT, instanceFolder, NAMESPACES_DEPLOYMENT, NAMESPACES_ROOT } from '../layout';
import { dependencyNames, PlatformInstance, sortInstances } from '../platform-instance';
import { BOOTSTRAP_NAME, BootstrapOptions, DEFAULT_FLUX_NAMESPACE, MANAGED_BY } from './options';
import type { KubeObject } from '../../core/render';
import { folderFiles, metadata } from './render';

/**
 * Flux bootstrap: `bootstrap/flux/` holds the GitRepository and a root Kustomization that applies
 * `bootstrap/flux/instances/`: one Kustomization for the namespaces tier and one per instance, each
 * with `prune: true` and `wait: true`, depending on the namespaces tier and on the instances it
 * references. Deleting an instance removes its folder and its Kustomization in one commit; the root
 * prunes the Kustomization, whose deletion garbage-collects its objects, so Flux never looks for a
 * missing path.
 */
export function fluxFiles(platform: readonly PlatformInstance[], options: BootstrapOptions): Record<string, string> {
  const namespace = options.fluxNamespace ?? DEFAULT_FLUX_NAMESPACE;

  const root: KubeObject[] = [
    GitRepository.manifest({
      metadata: metadata({ name: BOOTSTRAP_NAME, namespace, labels: { ...MANAGED_BY } }),
      spec: {
        url: options.repoUrl,
        ref: { branch: options.branch },
        interval: '1m',
        ...(options.fluxSecretName ? { secretRef: { name: options.fluxSecretName } } : {}),
      },
    }),
    kustomization({ name: BOOTSTRAP_NAME, namespace, path: FLUX_INSTANCES, dependsOn: [], interval: '10m', wait: false }),
  ];

  const instances: KubeObject[] = [
    kustomization({ name: NAMESPACES_DEPLOYMENT, namespace, path: NAMESPACES_ROOT, dependsOn: [], interval: '60m', wait: true }),
    ...sortInstances(platform).map((instance) =>
      kustomization({
        name: deploymentName(instance.component, instance.name),
        namespace,
        path: instanceFolder(instance.component, instance.name),
        dependsOn: [NAMESPACES_DEPLOYMENT, ...dependencyNames(instance, platform)],
        interval: '60m',
        wait: true,
      }),
    ),
  ];
  return { ...folderFiles(FLUX_ROOT, root), ...folderFiles(FLUX_INSTANCES, instances) };
}

interface KustomizationOptions {
  readonly name: string;
  readonly namespace: string;
  readonly path: string;
  readonly dependsOn: readonly string[];
  readonly interval: string;
  readonly wait: boolean;
}

/** The production values of the Flux docs: prune, wait for health, bounded timeout and retry. */
function kustomization(k: KustomizationOptions): KubeObject {
  return Kustomization.manifest({
    metadata: metadata({ name: k.name, namespace: k.namespace, labels: { ...MANAGED_BY } }),
    spec: {
      sourceRef: { kind: KustomizationSpecSourceRefKind.GIT_REPOSITORY, name: BOOTSTRAP_NAME },
      path: `./${k.path}`,
      interval: k.interval,
      retryInterval: '2m',
      timeout: '3m',
      prune: true,
      wait: k.wait,
      ...(k.dependsOn.length ? { dependsOn: k.dependsOn.map((name) => ({ name })) } : {}),
    },
  });
}

import { GitRepository } from '../../../imports/flux-gitrepository-source.toolkit.fluxcd.io';
import {
  Kustomization,
  KustomizationSpecDeletionPolicy,
  KustomizationSpecSourceRefKind,
} from '../../../imports/flux-kustomization-kustomize.toolkit.fluxcd.io';
import type { KubeObject } from '../../core/render';
import { deploymentName, FLUX_INSTANCES, FLUX_ROOT, instanceFolder, NAMESPACES_DEPLOYMENT, NAMESPACES_ROOT } from '../layout';
import { dependencyNames, PlatformInstance, sortInstances } from '../platform-instance';
import { BOOTSTRAP_NAME, BootstrapOptions, DEFAULT_FLUX_NAMESPACE, MANAGED_BY } from './options';
import { folderFiles, metadata, shardedFolderFiles } from './render';

/**
 * Flux bootstrap: `bootstrap/flux/` holds the GitRepository and a root Kustomization that applies
 * `bootstrap/flux/instances/`: one Kustomization for the namespaces tier and one per instance, each
 * with `prune: true` and `wait: true`, depending on the namespaces tier and on the instances it
 * references. Deleting an instance removes its folder and its Kustomization in one commit; the root
 * prunes the Kustomization, whose deletion garbage-collects its objects, so Flux never looks for a
 * missing path.
 */
export function fluxFiles(platform: readonly PlatformInstance[], options: BootstrapOptions): Record<string, string> {
  const instances: KubeObject[] = [
    fluxNamespacesKustomization(options),
    ...sortInstances(platform).map((instance) => fluxInstanceKustomization(instance, platform, options)),
  ];
  return { ...folderFiles(FLUX_ROOT, fluxRootObjects(options)), ...shardedFolderFiles(FLUX_INSTANCES, instances) };
}

/**
 * `bootstrap/flux/`: the GitRepository (with `secretRef` for a private repository: a Secret with
 * `username`/`password` or `bearerToken` for HTTPS, `identity`/`known_hosts` for SSH; source-controller
 * `docs/spec/v1/gitrepositories.md`) and the root Kustomization.
 *
 * The root's `deletionPolicy` is `Orphan`: deleting the root (`kubectl delete -k bootstrap/flux`) leaves
 * the platform running, as deleting Argo CD's root does. With the default `MirrorPrune` it deleted every
 * instance Kustomization and, through their own MirrorPrune, every workload (kustomize-controller
 * `internal/controller/kustomization_controller.go:1166-1175` `finalizerShouldDeleteResources`,
 * `docs/spec/v1/kustomizations.md:173-212`, v1.9.0-36). Pruning is unaffected: an instance removed
 * from Git is still garbage-collected, and its objects with it (instances keep `MirrorPrune`).
 */
export function fluxRootObjects(options: BootstrapOptions): KubeObject[] {
  const namespace = fluxNamespace(options);
  return [
    GitRepository.manifest({
      metadata: metadata({ name: BOOTSTRAP_NAME, namespace, labels: { ...MANAGED_BY } }),
      spec: {
        url: options.repoUrl,
        ref: { branch: options.branch },
        interval: '1m',
        ...(options.fluxSecretName ? { secretRef: { name: options.fluxSecretName } } : {}),
      },
    }),
    kustomization(options, {
      name: BOOTSTRAP_NAME,
      path: FLUX_INSTANCES,
      dependsOn: [],
      interval: '10m',
      wait: false,
      deletionPolicy: KustomizationSpecDeletionPolicy.ORPHAN,
    }),
  ];
}

/** The namespaces tier's Kustomization (its Namespaces are annotated `prune: disabled`). */
export function fluxNamespacesKustomization(options: BootstrapOptions): KubeObject {
  return kustomization(options, { name: NAMESPACES_DEPLOYMENT, path: NAMESPACES_ROOT, dependsOn: [], interval: '60m', wait: true });
}

/**
 * One instance's Kustomization, as `bootstrap/flux/instances/` holds it; `platform` gives its
 * `dependsOn`. A batch instance is not waited for: Flux's Job reader is Current only when the Job
 * completed and Failed when it failed (fluxcd/pkg `runtime/statusreaders/job.go:60-110`, used by
 * kustomize-controller `kustomization_controller.go:1363-1366`), so under `wait: true` a run longer
 * than `timeout`, or a failed run, kept the Kustomization not Ready.
 */
export function fluxInstanceKustomization(instance: PlatformInstance, platform: readonly PlatformInstance[], options: BootstrapOptions): KubeObject {
  return kustomization(options, {
    name: deploymentName(instance.component, instance.name),
    path: instanceFolder(instance.component, instance.name),
    dependsOn: [NAMESPACES_DEPLOYMENT, ...dependencyNames(instance, platform)],
    interval: '60m',
    wait: !instance.batch,
  });
}

function fluxNamespace(options: BootstrapOptions): string {
  return options.fluxNamespace ?? DEFAULT_FLUX_NAMESPACE;
}

interface KustomizationOptions {
  readonly name: string;
  readonly path: string;
  readonly dependsOn: readonly string[];
  readonly interval: string;
  readonly wait: boolean;
  readonly deletionPolicy?: KustomizationSpecDeletionPolicy;
}

/** The production values of the Flux docs: prune, wait for health, bounded timeout and retry. */
function kustomization(options: BootstrapOptions, k: KustomizationOptions): KubeObject {
  return Kustomization.manifest({
    metadata: metadata({ name: k.name, namespace: fluxNamespace(options), labels: { ...MANAGED_BY } }),
    spec: {
      sourceRef: { kind: KustomizationSpecSourceRefKind.GIT_REPOSITORY, name: BOOTSTRAP_NAME },
      path: `./${k.path}`,
      interval: k.interval,
      retryInterval: '2m',
      timeout: '3m',
      prune: true,
      wait: k.wait,
      ...(k.deletionPolicy ? { deletionPolicy: k.deletionPolicy } : {}),
      ...(k.dependsOn.length ? { dependsOn: k.dependsOn.map((name) => ({ name })) } : {}),
    },
  });
}

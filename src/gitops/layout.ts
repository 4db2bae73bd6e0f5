import { createHash } from 'node:crypto';

import { NAMESPACES_DIRECTORY } from '../engine/synthesize';

/**
 * Where everything lives in the GitOps repository (not this project's repository). One module, so the
 * writer, the reader and the bootstrap agree on every path:
 *
 * ```
 * README.md                                  generated: layout and how to bootstrap a cluster
 * namespaces/                                Namespace tier (+ the dataroaster-system sentinel), applied first
 * components/<component>/<instance>/         one folder per instance: manifests, kustomization.yaml,
 *                                            dataroaster-spec.yaml (the stored spec, never applied)
 * bootstrap/argocd/                          AppProject + root Application (app of apps) → apps/
 * bootstrap/argocd/apps/<shard>/             one Application per instance + one for namespaces/
 * bootstrap/flux/                            GitRepository + root Kustomization → instances/
 * bootstrap/flux/instances/<shard>/          one Flux Kustomization per instance + one for namespaces/
 * ```
 */
export const COMPONENTS_ROOT = 'components';
export const NAMESPACES_ROOT = NAMESPACES_DIRECTORY;
export const BOOTSTRAP_ROOT = 'bootstrap';
export const ARGOCD_ROOT = `${BOOTSTRAP_ROOT}/argocd`;
export const ARGOCD_APPS = `${ARGOCD_ROOT}/apps`;
export const FLUX_ROOT = `${BOOTSTRAP_ROOT}/flux`;
export const FLUX_INSTANCES = `${FLUX_ROOT}/instances`;
export const README_FILE = 'README.md';
/** The stored spec beside an instance's manifests; not listed in its kustomization.yaml, so never applied. */
export const SPEC_FILE = 'dataroaster-spec.yaml';

/**
 * Paths the platform-wide files occupy. They are regenerated whole on every change, so a change never
 * has to merge them by hand.
 */
export const SHARED_ROOTS: readonly string[] = [NAMESPACES_ROOT, BOOTSTRAP_ROOT, README_FILE];

/** Repository path of a file the engine synthesized (`trino/x/a.yaml` → `components/trino/x/a.yaml`). */
export function repoPath(enginePath: string): string {
  return enginePath.startsWith(`${NAMESPACES_ROOT}/`) ? enginePath : `${COMPONENTS_ROOT}/${enginePath}`;
}

/** Engine path of a repository file: the inverse of `repoPath`. */
export function enginePath(path: string): string {
  return path.startsWith(`${COMPONENTS_ROOT}/`) ? path.slice(COMPONENTS_ROOT.length + 1) : path;
}

/**
 * Sub-folder of a bootstrap entry (`bootstrap/flux/instances/<shard>/<file>`): the first two hex digits
 * of the SHA-256 of its file name, so 256 folders at most. Git stores a folder as one tree object that
 * every change to the folder rewrites whole, and kustomize needs a listing of it: with thousands of
 * entries in one folder, each change rewrote ≈ 500 KB of tree and listing at 5000 instances. Sharded,
 * a change rewrites its entry, its shard's listing and tree (≈ 20 entries at 5000) and the 256-line
 * top listing only when a shard appears or empties.
 */
export function entryShard(fileName: string): string {
  return createHash('sha256').update(fileName).digest('hex').slice(0, 2);
}

/** Every name `entryShard` can give, in order: `00` … `ff`. */
export const ENTRY_SHARDS: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const SHARD_NAMES = new Set(ENTRY_SHARDS);

/** Path of the bootstrap entry `fileName` in the sharded `folder`: `<folder>/<shard>/<fileName>`. */
export function bootstrapEntryPath(folder: string, fileName: string): string {
  return `${folder}/${entryShard(fileName)}/${fileName}`;
}

/** The folders whose entries are sharded (`entryShard`). */
export const SHARDED_FOLDERS: readonly string[] = [ARGOCD_APPS, FLUX_INSTANCES];

/** The sharded folder `folder` is a shard of (`bootstrap/flux/instances/3f` → `bootstrap/flux/instances`), or undefined. */
export function shardParent(folder: string): string | undefined {
  const slash = folder.lastIndexOf('/');
  const parent = folder.slice(0, slash);
  return SHARDED_FOLDERS.includes(parent) && SHARD_NAMES.has(folder.slice(slash + 1)) ? parent : undefined;
}

/** Folder of an instance in the repository, e.g. `components/trino/trino-cluster-etl`. */
export function instanceFolder(componentDirectory: string, name: string): string {
  return `${COMPONENTS_ROOT}/${componentDirectory}/${name}`;
}

/**
 * Longest name of an Application / Kustomization. Flux copies the Kustomization's name into the label
 * `kustomize.toolkit.fluxcd.io/name` of every object it applies (fluxcd/pkg `ssa/manager.go:66-77`
 * `SetOwnerLabels`, called from kustomize-controller `internal/controller/kustomization_controller.go:462`
 * at v1.9.0-36), and label values are at most 63 characters: a longer name never deploys (flux2#2004).
 * Argo CD's label tracking has the same limit on Application names.
 */
export const MAX_DEPLOYMENT_NAME = 63;
const NAME_HASH_LENGTH = 8;

/**
 * Name of an instance's Argo CD Application and Flux Kustomization: `<component>-<instance>`, unique
 * because instance names are unique per kind and each kind has its own component folder. Longer than
 * 63 characters, it is cut and ends in a hash of the whole name, so it stays unique and stable.
 */
export function deploymentName(componentDirectory: string, name: string): string {
  const full = `${componentDirectory}-${name}`;
  if (full.length <= MAX_DEPLOYMENT_NAME) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, NAME_HASH_LENGTH);
  return `${full.slice(0, MAX_DEPLOYMENT_NAME - NAME_HASH_LENGTH - 1).replace(/-+$/, '')}-${hash}`;
}

/** Name of the Argo CD Application / Flux Kustomization of the namespaces tier. */
export const NAMESPACES_DEPLOYMENT = 'dataroaster-namespaces';

/** `{ component, name }` of an instance folder path such as `components/trino/x`, or undefined. */
export function parseInstanceFolder(folder: string): { component: string; name: string } | undefined {
  const match = /^components\/([^/]+)\/([^/]+)$/.exec(folder);
  return match ? { component: match[1], name: match[2] } : undefined;
}

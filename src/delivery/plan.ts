import { ComponentDefinition, definitionOf, Registry } from '../core/component';
import { toYaml } from '../core/render';
import { synthesize } from '../engine/synthesize';
import type { BootstrapOptions } from '../gitops/bootstrap/options';
import { instanceFolder, repoPath, SHARED_ROOTS, SPEC_FILE } from '../gitops/layout';
import { platformFiles } from '../gitops/platform-files';
import type { PlatformInstance } from '../gitops/platform-instance';
import { SpecError } from '../schema/errors';
import { instanceKey, InstanceSpec } from '../core/instance';
import type { SecretPolicy } from '../secrets/policy';
import type { Action } from './commit-message';
import { InstanceNotFoundError } from './errors';
import { specHash } from './spec-hash';
import type { FileChange } from './types';
import { fileChanges, readStoredInstances, readText, readTree, StoredInstance, treeDigest } from './worktree';

export interface PlanContext {
  /** Working tree to read the platform from. */
  readonly dir: string;
  readonly registry: Registry;
  readonly secrets?: SecretPolicy;
  readonly bootstrap: BootstrapOptions;
  /** Files to prefer over the working tree as `previous` (a review branch's sealed secrets). */
  readonly previousOverlay?: ReadonlyMap<string, string>;
}

/** One change, computed in memory: nothing is written until the plan is complete and valid. */
export interface Plan {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly component: string;
  readonly folder: string;
  readonly action: Action;
  readonly specHash: string;
  /** The stored spec now in the repository, if any. */
  readonly currentSpecHash?: string;
  /** Digest of the instance folder as it is now / as the change leaves it. */
  readonly folderBefore: string;
  readonly folderAfter: string;
  readonly desired: ReadonlyMap<string, string>;
  readonly changes: readonly FileChange[];
}

/** Create or update: re-synthesize the instance against the stored platform and replace its folder whole. */
export function planApply(ctx: PlanContext, spec: InstanceSpec): Plan {
  const component = componentOf(ctx.registry, spec.kind, instanceKey(spec));
  const stored = readStoredInstances(ctx.dir);
  const current = stored.find((s) => s.spec.kind === spec.kind && s.spec.metadata.name === spec.metadata.name);
  const known = stored.filter((s) => s !== current);
  const previous = (path: string) => ctx.previousOverlay?.get(repoPath(path)) ?? readText(ctx.dir, repoPath(path));
  const synthesis = synthesize([spec], { known: known.map((s) => s.spec), previous, secrets: ctx.secrets, registry: ctx.registry, gitops: ctx.bootstrap.agent });
  const [instance] = synthesis.instances;

  const folder = instanceFolder(component.folder, spec.metadata.name);
  const instanceFiles = new Map<string, string>();
  for (const path of instance.paths) instanceFiles.set(`${folder}/${path}`, synthesis.files[`${instance.directory}/${path}`]);
  instanceFiles.set(`${folder}/${SPEC_FILE}`, toYaml(instance.storedSpec));
  const platform = [...known.map((s) => platformInstance(ctx.registry, s)), platformInstance(ctx.registry, { folder, component: component.folder, spec })];
  return finish(ctx, {
    kind: spec.kind,
    name: spec.metadata.name,
    namespace: spec.metadata.namespace,
    component: component.folder,
    folder,
    action: current ? 'update' : 'create',
    specHash: specHash(instance.storedSpec),
    currentSpecHash: current ? specHash(current.spec) : undefined,
    instanceFiles,
    namespaceFiles: synthesis.files,
    platform,
  });
}

/** Delete: drop the instance's folder and its bootstrap entries, and recompute the namespaces tier. */
export function planRemove(ctx: PlanContext, kind: string, name: string): Plan {
  const stored = readStoredInstances(ctx.dir);
  const current = stored.find((s) => s.spec.kind === kind && s.spec.metadata.name === name);
  if (!current) throw new InstanceNotFoundError(`no ${kind} named "${name}" in the GitOps repository`);
  const remaining = stored.filter((s) => s !== current);
  const synthesis = synthesize([], { known: remaining.map((s) => s.spec), registry: ctx.registry });
  return finish(ctx, {
    kind,
    name,
    namespace: current.spec.metadata.namespace,
    component: current.component,
    folder: current.folder,
    action: 'delete',
    specHash: specHash(current.spec),
    currentSpecHash: specHash(current.spec),
    instanceFiles: new Map(),
    namespaceFiles: synthesis.files,
    platform: remaining.map((s) => platformInstance(ctx.registry, s)),
  });
}

interface Draft extends Omit<Plan, 'folderBefore' | 'folderAfter' | 'desired' | 'changes'> {
  readonly instanceFiles: ReadonlyMap<string, string>;
  readonly namespaceFiles: Readonly<Record<string, string>>;
  readonly platform: readonly PlatformInstance[];
}

function finish(ctx: PlanContext, draft: Draft): Plan {
  const { instanceFiles, namespaceFiles, platform, ...plan } = draft;
  const currentFolder = readTree(ctx.dir, draft.folder);
  const desired = new Map(instanceFiles);
  const current = new Map(currentFolder);
  for (const [path, text] of Object.entries(platformFiles(platform, namespaceFiles, ctx.bootstrap))) desired.set(path, text);
  for (const root of SHARED_ROOTS) for (const [path, text] of readTree(ctx.dir, root)) current.set(path, text);
  return { ...plan, folderBefore: treeDigest(currentFolder), folderAfter: treeDigest(instanceFiles), desired, changes: fileChanges(current, desired) };
}

function componentOf(registry: Registry, kind: string, source: string): ComponentDefinition {
  const component = definitionOf(registry, kind);
  if (!component) throw new SpecError(source, [{ path: 'kind', message: `no component synthesizes kind "${kind}"` }]);
  return component;
}

function platformInstance(registry: Registry, stored: StoredInstance): PlatformInstance {
  const component = definitionOf(registry, stored.spec.kind);
  return {
    kind: stored.spec.kind,
    name: stored.spec.metadata.name,
    namespace: stored.spec.metadata.namespace,
    component: stored.component,
    references: component?.references?.(stored.spec) ?? [],
  };
}


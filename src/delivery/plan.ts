import { createHash } from 'node:crypto';

import type { ComponentDefinition, Registry } from '../core/component';
import { instanceKey, InstanceSpec } from '../core/instance';
import { toYaml } from '../core/render';
import { synthesize } from '../engine/synthesize';
import { instanceFolder, repoPath, SPEC_FILE } from '../gitops/layout';
import { SpecError } from '../schema/errors';
import type { SecretPolicy } from '../secrets/policy';
import type { Action } from './commit-message';
import { ConflictError, InstanceNotFoundError } from './errors';
import type { Git } from './git';
import { blobId, readBlobs } from './git-read';
import type { InstanceIndex } from './instance-index';
import { PlatformSettings, sharedFileChanges } from './platform-delta';
import { Draft, IndexedInstance, RepoView } from './repo-state';
import type { FileChange } from './types';

export interface PlanContext {
  readonly git: Git;
  readonly index: InstanceIndex;
  readonly registry: Registry;
  readonly secrets?: SecretPolicy;
  readonly platform: PlatformSettings;
  /** Files to prefer over the view as `previous` (a review branch's sealed secrets). */
  readonly previousOverlay?: ReadonlyMap<string, string>;
}

/** One change, computed in memory from the index: nothing is written until the plan is complete and valid. */
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
  /** Every file the change writes (text) or deletes (null), changed ones only. */
  readonly writes: ReadonlyMap<string, string | null>;
  readonly changes: readonly FileChange[];
  /** The instance as the index will know it once the change is pushed (undefined: deleted). */
  readonly instance: IndexedInstance | undefined;
  /** Other instances changed in the same commit (a removal's referrers); their writes are in `writes`. */
  readonly companions?: readonly Plan[];
}

/**
 * Create or update: synthesize the one instance (with the instances it references, read by blob from the
 * index) and replace its folder whole; the shared files change entry by entry. Reads only what this
 * instance needs, however many instances the repository holds.
 */
export async function planApply(ctx: PlanContext, view: RepoView, spec: InstanceSpec): Promise<Plan> {
  const component = componentOf(ctx.registry, spec.kind, instanceKey(spec));
  const folder = instanceFolder(component.folder, spec.metadata.name);
  const current = view.find(spec.kind, spec.metadata.name);
  const known = await referencedSpecs(ctx, view, component, spec);
  const previousTexts = await sealedTexts(ctx, view, folder);
  const previous = (path: string) => {
    const repo = repoPath(path);
    return ctx.previousOverlay?.get(repo) ?? previousTexts.get(repo);
  };
  const synthesis = synthesize([spec], { known, previous, secrets: ctx.secrets, registry: ctx.registry, gitops: ctx.platform.bootstrap.agent });
  const [synthesized] = synthesis.instances;

  const instanceFiles = new Map<string, string>();
  for (const path of synthesized.paths) instanceFiles.set(`${folder}/${path}`, synthesis.files[`${synthesized.directory}/${path}`]);
  const specText = toYaml(synthesized.storedSpec);
  instanceFiles.set(`${folder}/${SPEC_FILE}`, specText);
  const instance = ctx.index.summaryOf(folder, synthesized.storedSpec, blobId(specText));
  return finish(ctx, view, {
    kind: spec.kind,
    name: spec.metadata.name,
    namespace: spec.metadata.namespace,
    component: component.folder,
    folder,
    action: current ? 'update' : 'create',
    specHash: instance.specHash,
    currentSpecHash: current?.specHash,
    current,
    instance,
    instanceFiles,
  });
}

/** Delete: drop the instance's folder and its bootstrap entries; its namespace file follows the remaining instances. */
export async function planRemove(ctx: PlanContext, view: RepoView, kind: string, name: string): Promise<Plan> {
  const current = view.find(kind, name);
  if (!current) throw new InstanceNotFoundError(`no ${kind} named "${name}" in the GitOps repository`);
  return finish(ctx, view, {
    kind,
    name,
    namespace: current.namespace,
    component: current.component,
    folder: current.folder,
    action: 'delete',
    specHash: current.specHash,
    currentSpecHash: current.specHash,
    current,
    instance: undefined,
    instanceFiles: new Map(),
  });
}

/**
 * Delete, and in the same commit update the instances that referred to it: each update is planned on a
 * draft, the removal on top, and the writes are merged; what changed is stated against `view`.
 */
export async function planRemoveWithUpdates(
  ctx: PlanContext,
  view: RepoView,
  kind: string,
  name: string,
  updates: readonly { spec: InstanceSpec; baseSpecHash: string }[],
): Promise<Plan> {
  const draft = new Draft(view);
  const companions: Plan[] = [];
  for (const update of updates) {
    const plan = await planApply(ctx, draft, update.spec);
    if (plan.currentSpecHash !== update.baseSpecHash) {
      throw new ConflictError(
        `${plan.kind}/${plan.name} changed since spec ${update.baseSpecHash}: the repository holds ${plan.currentSpecHash ?? 'no such instance'}`,
      );
    }
    for (const [path, text] of plan.writes) draft.writeFile(path, text, text === null ? undefined : blobId(text));
    draft.writeInstance(plan.folder, plan.instance);
    companions.push(plan);
  }
  const removal = await planRemove(ctx, draft, kind, name);
  const writes = new Map<string, string | null>();
  for (const plan of [...companions, removal]) for (const [path, text] of plan.writes) writes.set(path, text);
  return { ...removal, writes, changes: changesAgainst(view, writes), companions };
}

interface Draftplan extends Omit<Plan, 'folderBefore' | 'folderAfter' | 'writes' | 'changes'> {
  readonly current: IndexedInstance | undefined;
  readonly instanceFiles: ReadonlyMap<string, string>;
}

function finish(ctx: PlanContext, view: RepoView, draft: Draftplan): Plan {
  const { current, instanceFiles, ...plan } = draft;
  const before = view.group(draft.folder);
  const writes = new Map<string, string | null>();
  for (const path of before.keys()) if (!instanceFiles.has(path)) writes.set(path, null);
  for (const [path, text] of instanceFiles) writes.set(path, text);
  const after = new Draft(view);
  after.writeInstance(draft.folder, draft.instance);
  if (current && current.folder !== draft.folder) after.writeInstance(current.folder, undefined);
  for (const [path, text] of sharedFileChanges(view, after, current, draft.instance, ctx.platform)) writes.set(path, text);

  const changes = changesAgainst(view, writes);
  const afterFolder = new Map([...instanceFiles].map(([path, text]) => [path, blobId(text)]));
  return { ...plan, folderBefore: digest(before), folderAfter: digest(afterFolder), writes, changes };
}

/** What `writes` change in `view`, sorted by path; writes that change nothing are dropped from `writes`. */
function changesAgainst(view: RepoView, writes: Map<string, string | null>): FileChange[] {
  const changes: FileChange[] = [];
  for (const [path, text] of writes) {
    const was = view.blob(path);
    if (text === null) {
      if (was !== undefined) changes.push({ path, status: 'deleted' });
      else writes.delete(path);
    } else if (was === undefined) changes.push({ path, status: 'added' });
    else if (was !== blobId(text)) changes.push({ path, status: 'modified' });
    else writes.delete(path);
  }
  return changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Specs of the instances this one references (the constructs read them), parsed once per blob. */
async function referencedSpecs(ctx: PlanContext, view: RepoView, component: ComponentDefinition, spec: InstanceSpec): Promise<InstanceSpec[]> {
  const specs: InstanceSpec[] = [];
  for (const ref of component.references?.(spec) ?? []) {
    const target = view.find(ref.kind, ref.name);
    if (target && !(target.kind === spec.kind && target.name === spec.metadata.name)) specs.push(await ctx.index.spec(target));
  }
  return specs;
}

/** The sealed Secrets now in the instance's folder, so sealing keeps unchanged ciphertexts. */
async function sealedTexts(ctx: PlanContext, view: RepoView, folder: string): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  const unread: [string, string][] = [];
  for (const [path, blob] of view.group(folder)) {
    if (!/\/sealedsecret-[^/]+\.yaml$/.test(path)) continue;
    const own = view.text(path);
    if (own !== undefined) texts.set(path, own);
    else unread.push([path, blob]);
  }
  const read = await readBlobs(
    ctx.git,
    unread.map(([, blob]) => blob),
  );
  for (const [path, blob] of unread) if (read.has(blob)) texts.set(path, read.get(blob)!);
  return texts;
}

/** Digest of a folder's files by blob id (empty string when absent): tells whether an instance changed under us. */
function digest(files: ReadonlyMap<string, string>): string {
  if (files.size === 0) return '';
  const hash = createHash('sha256');
  for (const path of [...files.keys()].sort()) hash.update(`${path}\0${files.get(path)}\0`);
  return hash.digest('hex');
}

function componentOf(registry: Registry, kind: string, source: string): ComponentDefinition {
  const component = registry.find((c) => c.kind.kind === kind);
  if (!component) throw new SpecError(source, [{ path: 'kind', message: `no component synthesizes kind "${kind}"` }]);
  return component;
}

import type { InstanceSpec } from '../core/instance';
import { kustomization, toYaml } from '../core/render';
import { namespaceObjects } from '../engine/namespaces';
import type { BootstrapOptions } from '../gitops/bootstrap/options';
import { BOOTSTRAP_ROOT, COMPONENTS_ROOT, ENTRY_SHARDS, NAMESPACES_ROOT, shardParent } from '../gitops/layout';
import { platformFiles } from '../gitops/platform-files';
import type { PlatformInstance } from '../gitops/platform-instance';
import { namespacesTier } from '../gitops/sentinel';
import { blobId } from './git-read';
import type { IndexedInstance, RepoView } from './repo-state';

/**
 * How the platform-wide files are written. `bootstrap` undefined: bootstrap/ is left out of the
 * repository (its URL is one no agent would accept), with `omitted` saying why.
 */
export interface PlatformSettings {
  readonly bootstrap: BootstrapOptions;
  readonly omitted?: string;
}

const LISTING = 'kustomization.yaml';

function platformInstance(i: IndexedInstance): PlatformInstance {
  return {
    kind: i.kind,
    name: i.name,
    namespace: i.namespace,
    component: i.component,
    references: i.references,
    ...(i.argoApplications ? { argoApplications: true } : {}),
    ...(i.batch ? { batch: true } : {}),
  };
}

/** `namespaces/<ns>.yaml` as the engine writes them, from the instances' namespaces and Pod Security levels. */
function namespaceFiles(instances: readonly IndexedInstance[]): Record<string, string> {
  const specs = instances.map((i) => ({ metadata: { namespace: i.namespace }, podSecurity: i.podSecurity }));
  const files: Record<string, string> = {};
  for (const ns of namespaceObjects(
    specs as unknown as InstanceSpec[],
    (s) => (s as unknown as { podSecurity: IndexedInstance['podSecurity'] }).podSecurity,
  )) {
    files[`${NAMESPACES_ROOT}/${ns.metadata.name}.yaml`] = toYaml(ns);
  }
  return files;
}

function withoutBootstrap(files: Record<string, string>, settings: PlatformSettings): Record<string, string> {
  if (settings.omitted === undefined) return files;
  return Object.fromEntries(Object.entries(files).filter(([path]) => !path.startsWith(`${BOOTSTRAP_ROOT}/`)));
}

/**
 * Every platform-wide file (namespaces tier, bootstrap, README) regenerated whole from the instances:
 * what the repository holds after any sequence of incremental changes. Used to initialize and to check
 * and refresh a repository at start-up; never per change.
 */
export function fullPlatformFiles(instances: readonly IndexedInstance[], settings: PlatformSettings): Map<string, string> {
  return new Map(
    Object.entries(withoutBootstrap(platformFiles(instances.map(platformInstance), namespaceFiles(instances), settings.bootstrap), settings)),
  );
}

/** Bootstrap files of a small platform (an instance and what it references). */
function bootstrapOf(platform: readonly PlatformInstance[], settings: PlatformSettings): Record<string, string> {
  const files = platformFiles(platform, {}, settings.bootstrap);
  return Object.fromEntries(Object.entries(files).filter(([path]) => path.startsWith(`${BOOTSTRAP_ROOT}/`)));
}

/** The instance and every instance it references, directly or not, as the view holds them. */
function closureOf(instance: IndexedInstance, view: RepoView): IndexedInstance[] {
  const found = new Map<string, IndexedInstance>([[instance.folder, instance]]);
  const queue = [instance];
  while (queue.length) {
    for (const ref of queue.shift()!.references) {
      const target = view.find(ref.kind, ref.name);
      if (target && !found.has(target.folder)) {
        found.set(target.folder, target);
        queue.push(target);
      }
    }
  }
  return [...found.values()];
}

/**
 * An instance's own bootstrap entries (its Argo CD Application, its Flux Kustomization): the files the
 * bootstrap of its reference closure has and the bootstrap of the closure without it has not. They
 * depend on the instance and what it references only, so this is what the full bootstrap holds for it.
 */
function entryFiles(instance: IndexedInstance, view: RepoView, settings: PlatformSettings): Map<string, string> {
  const closure = closureOf(instance, view);
  const withIt = bootstrapOf(closure.map(platformInstance), settings);
  const without = bootstrapOf(closure.filter((i) => i !== instance).map(platformInstance), settings);
  return new Map(Object.entries(withIt).filter(([path, text]) => !path.endsWith(`/${LISTING}`) && without[path] === undefined && text !== undefined));
}

/** Instances that reference `keys` directly or through others (their wave and dependsOn follow them). */
function dependentsOf(keys: ReadonlySet<string>, view: RepoView): IndexedInstance[] {
  if (![...keys].some((key) => view.isReferenced(key))) return []; // the usual case: nothing to scan
  const reached = new Set(keys);
  const found: IndexedInstance[] = [];
  let grew = true;
  while (grew) {
    grew = false;
    for (const i of view.instances()) {
      const key = `${i.kind}/${i.name}`;
      if (reached.has(key)) continue;
      if (i.references.some((r) => reached.has(`${r.kind}/${r.name}`))) {
        reached.add(key);
        found.push(i);
        grew = true;
      }
    }
  }
  return found;
}

/**
 * The platform-wide files one instance change touches, computed entry by entry instead of regenerated
 * whole: the changed instance's bootstrap entries, those of the instances that reference it, the
 * Namespace files of its old and new namespace, and the `kustomization.yaml` listing of every folder
 * that gained or lost a file. `before` and `after` are the repository without and with the instance
 * change (its folder); path → new text, or null to delete.
 */
export function sharedFileChanges(
  before: RepoView,
  after: RepoView,
  old: IndexedInstance | undefined,
  now: IndexedInstance | undefined,
  settings: PlatformSettings,
): Map<string, string | null> {
  const changes = new Map<string, string | null>();
  const put = (path: string, text: string | null) => changes.set(path, text);

  if (settings.omitted === undefined) {
    const keys = new Set([old, now].filter((i): i is IndexedInstance => i !== undefined).map((i) => `${i.kind}/${i.name}`));
    const oldEntries = old ? entryFiles(old, before, settings) : new Map<string, string>();
    const newEntries = now ? entryFiles(now, after, settings) : new Map<string, string>();
    for (const path of oldEntries.keys()) if (!newEntries.has(path)) put(path, null);
    for (const [path, text] of newEntries) put(path, text);
    const dependents = new Map<string, IndexedInstance>();
    for (const view of [before, after]) for (const d of dependentsOf(keys, view)) dependents.set(d.folder, d);
    for (const folder of dependents.keys()) {
      const dependent = after.instance(folder);
      if (dependent) for (const [path, text] of entryFiles(dependent, after, settings)) put(path, text);
    }
  }

  const namespaces = new Set([old?.namespace, now?.namespace].filter((ns): ns is string => ns !== undefined));
  if (namespaces.size) {
    const tier = namespacesTier(namespaceFiles([...namespaces].flatMap((ns) => after.inNamespace(ns))));
    for (const ns of namespaces) put(`${NAMESPACES_ROOT}/${ns}.yaml`, tier[`${NAMESPACES_ROOT}/${ns}.yaml`] ?? null);
  }

  for (const [path, text] of [...changes]) if (text === null && before.blob(path) === undefined) changes.delete(path);
  relist(changes, before);
  return changes;
}

/**
 * Re-lists every folder (outside components/) whose files were added or deleted and that has a listing,
 * or is a shard of a sharded bootstrap folder: a shard that gains its first entry gets a listing and
 * joins its parent's, one that loses its last is deleted and leaves it.
 */
function relist(changes: Map<string, string | null>, before: RepoView): void {
  const folders = new Map<string, ListingDelta>();
  const deltaOf = (deltas: Map<string, ListingDelta>, folder: string) => {
    let delta = deltas.get(folder);
    if (!delta) deltas.set(folder, (delta = { added: [], removed: [] }));
    return delta;
  };
  for (const [path, text] of changes) {
    if (path.startsWith(`${COMPONENTS_ROOT}/`) || path.endsWith(`/${LISTING}`)) continue;
    const existed = before.blob(path) !== undefined;
    if ((text === null) !== existed) continue;
    const folder = path.slice(0, path.lastIndexOf('/'));
    const delta = deltaOf(folders, folder);
    (text === null ? delta.removed : delta.added).push(path.slice(folder.length + 1));
  }
  const parents = new Map<string, ListingDelta>();
  for (const [folder, delta] of folders) {
    const listing = `${folder}/${LISTING}`;
    const was = before.blob(listing);
    const parent = shardParent(folder);
    if (was === undefined && changes.get(listing) == null && parent === undefined) continue;
    const next = (was !== undefined && spliced(folder, was, delta)) || relisted(folder, before, changes);
    if (parent !== undefined) {
      const shard = folder.slice(parent.length + 1);
      if (next.names.length === 0) {
        // the shard's last entry went: its listing goes too, and the parent's forgets it
        listings.delete(folder);
        if (was === undefined) changes.delete(listing);
        else {
          changes.set(listing, null);
          deltaOf(parents, parent).removed.push(shard);
        }
        continue;
      }
      if (was === undefined) deltaOf(parents, parent).added.push(shard);
    }
    changes.set(listing, next.text);
    listings.set(folder, next);
  }
  for (const [parent, delta] of parents) {
    const listing = `${parent}/${LISTING}`;
    const was = before.blob(listing);
    const next = (was !== undefined && spliced(parent, was, delta)) || relistedShards(parent, before, changes);
    changes.set(listing, next.text);
    listings.set(parent, next);
  }
}

/** Names a change adds to and removes from one listing. */
interface ListingDelta {
  readonly added: string[];
  readonly removed: string[];
}

/** The listing of a sharded folder: the shards with a listing once `changes` are made (256 lookups, not a scan). */
function relistedShards(folder: string, before: RepoView, changes: ReadonlyMap<string, string | null>): Listing {
  const names = ENTRY_SHARDS.filter((shard) => {
    const listing = `${folder}/${shard}/${LISTING}`;
    return changes.has(listing) ? changes.get(listing) !== null : before.blob(listing) !== undefined;
  });
  const text = listingOf(names);
  return { blob: blobId(text), names, text };
}

/** A listing this process wrote: its blob id, its names in order and its text. */
interface Listing {
  readonly blob: string;
  readonly names: readonly string[];
  readonly text: string;
}

/** The last listing written per folder: the next change of that folder splices it when the repository still holds it. */
const listings = new Map<string, Listing>();

/** The listing of `folder` regenerated from every file the view holds there (start-up, or another writer changed it). */
function relisted(folder: string, before: RepoView, changes: ReadonlyMap<string, string | null>): Listing {
  const names = new Set([...before.group(folder).keys()].map((p) => p.slice(folder.length + 1)));
  for (const [path, text] of changes) {
    if (path.slice(0, path.lastIndexOf('/')) !== folder) continue;
    const name = path.slice(folder.length + 1);
    if (text === null) names.delete(name);
    else names.add(name);
  }
  names.delete(LISTING);
  const sorted = [...names].sort();
  const text = listingOf(sorted);
  return { blob: blobId(text), names: sorted, text };
}

/**
 * The listing of `folder` with `delta` spliced into the one this process last wrote, when `blob` (what the
 * view holds) is that one: a binary search and one string splice per entry instead of rendering thousands
 * of lines. Undefined when it cannot: another listing, or one that becomes empty (another format).
 */
function spliced(folder: string, blob: string, delta: ListingDelta): Listing | undefined {
  const last = listings.get(folder);
  if (last?.blob !== blob) return undefined;
  const names = [...last.names];
  let text = last.text;
  for (const name of delta.removed) {
    const at = sortedPosition(names, name);
    if (names[at] !== name) continue;
    const line = `\n${itemLine(name)}`;
    const offset = text.indexOf(line);
    if (offset < 0) return undefined;
    text = text.slice(0, offset + 1) + text.slice(offset + line.length);
    names.splice(at, 1);
  }
  for (const name of delta.added) {
    const at = sortedPosition(names, name);
    if (names[at] === name) continue;
    let offset = text.length; // after the last entry
    if (at < names.length) {
      offset = text.indexOf(`\n${itemLine(names[at])}`);
      if (offset < 0) return undefined;
      offset += 1;
    }
    text = text.slice(0, offset) + itemLine(name) + text.slice(offset);
    names.splice(at, 0, name);
  }
  if (names.length === 0) return undefined;
  return { blob: blobId(text), names, text };
}

/** Where `name` is or would go in `sorted` (the order of `Array.prototype.sort`: UTF-16 code units). */
function sortedPosition(sorted: readonly string[], name: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid] < name) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** YAML of one `resources` item, by name: a listing of thousands is rendered item by item once. */
const itemYaml = new Map<string, string>();
const MAX_ITEMS = 50_000;

function itemLine(name: string): string {
  let line = itemYaml.get(name);
  if (line === undefined) {
    const one = kustomization([name]);
    line = one.slice(one.indexOf('resources:\n') + 'resources:\n'.length);
    if (itemYaml.size >= MAX_ITEMS) itemYaml.clear();
    itemYaml.set(name, line);
  }
  return line;
}

/**
 * `kustomization(names)` (the engine's listing: the names sorted, as YAML), built from cached per-item
 * lines: with thousands of instances, rendering the whole list as YAML on every change would cost more
 * than the rest of the change. The empty and the one-item listing give the header and the line format;
 * the equality with `kustomization()` is what the entry-by-entry tests compare.
 */
function listingOf(sorted: readonly string[]): string {
  if (sorted.length === 0) return kustomization([]);
  const header = kustomization([sorted[0]]);
  return header.slice(0, header.indexOf('resources:\n') + 'resources:\n'.length) + sorted.map(itemLine).join('');
}

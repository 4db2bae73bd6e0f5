import type { PodSecurityLevel } from '../core/component';
import type { InstanceRef } from '../core/instance';
import { COMPONENTS_ROOT } from '../gitops/layout';
import type { LastCommit } from './types';

/** One instance as the index knows it: enough to list it and to place it in the bootstrap, without its spec. */
export interface IndexedInstance {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  /** Component folder name: `components/<component>/<name>`. */
  readonly component: string;
  readonly folder: string;
  /** Blob of its stored `dataroaster-spec.yaml`; the parsed spec is cached by this id. */
  readonly specBlob: string;
  readonly specHash: string;
  readonly references: readonly InstanceRef[];
  readonly podSecurity: PodSecurityLevel;
  /** Bootstrap hints of its component (see PlatformInstance): an Argo-flavour Helm release, a batch application. */
  readonly argoApplications?: boolean;
  readonly batch?: boolean;
  readonly lastCommit?: LastCommit;
}

/** What planning reads of the repository at one commit: files by blob id, and the instances. */
export interface RepoView {
  /** The commit this view describes (undefined: the branch does not exist yet). */
  readonly tip: string | undefined;
  /** Blob id of the file at `path`, if any. */
  blob(path: string): string | undefined;
  /** Text of a file this view itself wrote (a draft); undefined for files only known by blob id. */
  text(path: string): string | undefined;
  /** Files of a group (an instance folder, or any other directory), repository path → blob id. */
  group(key: string): ReadonlyMap<string, string>;
  instance(folder: string): IndexedInstance | undefined;
  find(kind: string, name: string): IndexedInstance | undefined;
  /** Every instance, in folder order. O(n): for whole-repository work, not per change. */
  instances(): readonly IndexedInstance[];
  /** Instances in a namespace. */
  inNamespace(namespace: string): readonly IndexedInstance[];
  /** False when no instance references `Kind/name` (then it has no dependents); true may be approximate. */
  isReferenced(key: string): boolean;
}

/**
 * Files are grouped by instance folder (`components/<c>/<n>`, whatever is below it) or, elsewhere, by
 * directory, so one instance's files or one bootstrap folder's entries are found without a scan.
 */
export function groupOf(path: string): string {
  if (path.startsWith(`${COMPONENTS_ROOT}/`)) {
    const parts = path.split('/');
    if (parts.length >= 4) return parts.slice(0, 3).join('/');
  }
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

const keyOf = (kind: string, name: string) => `${kind}/${name}`;
const relative = (group: string, path: string) => (group ? path.slice(group.length + 1) : path);

/** One string per distinct file name (bounded: names of thousands of bootstrap entries are unique anyway). */
const names = new Map<string, string>();
function intern(name: string): string {
  const known = names.get(name);
  if (known !== undefined) return known;
  if (names.size >= 100_000) names.clear();
  names.set(name, name);
  return name;
}

/** The names of a group's files, in order; shared by every instance folder with the same files. */
interface Layout {
  readonly names: readonly string[];
  /** Name → position, for groups too large to search (a flat folder of thousands of entries). */
  readonly position?: ReadonlyMap<string, number>;
}
const LAYOUT_SEARCHED = 32;
/** Instance folders' layouts: a few per component (its file set), bounded in case folders vary without end. */
const layouts = new Map<string, Layout>();
const MAX_LAYOUTS = 1024;

function layoutOf(key: string, fileNames: readonly string[]): Layout {
  const make = (): Layout => ({
    names: fileNames,
    position: fileNames.length > LAYOUT_SEARCHED ? new Map(fileNames.map((name, i) => [name, i])) : undefined,
  });
  // Only instance folders share layouts: a bootstrap folder's entry names are its own.
  if (!key.startsWith(`${COMPONENTS_ROOT}/`)) return make();
  const joined = fileNames.join('\0');
  let layout = layouts.get(joined);
  if (!layout) {
    layout = make();
    if (layouts.size < MAX_LAYOUTS) layouts.set(joined, layout);
  }
  return layout;
}

const ID_BYTES = 20;
const SHA1_HEX = /^[0-9a-f]{40}$/;

/**
 * The files of one group at rest: a shared layout and the blob ids as 20 bytes each in one latin1
 * string. At 5000 instances of 20 files this keeps ~1.5 KB less per instance than a Map of
 * 40-character id strings — about 8 MiB of the server's heap (issue 11: RSS at 5000 instances).
 */
class FileGroup {
  private constructor(
    private readonly layout: Layout,
    private readonly ids: string,
  ) {}

  static of(key: string, files: ReadonlyMap<string, string>): FileGroup {
    const bytes = Buffer.allocUnsafe(files.size * ID_BYTES);
    let i = 0;
    for (const blob of files.values()) bytes.write(blob, i++ * ID_BYTES, 'hex');
    return new FileGroup(layoutOf(key, [...files.keys()]), bytes.toString('latin1'));
  }

  get(name: string): string | undefined {
    const i = this.layout.position ? this.layout.position.get(name) : this.layout.names.indexOf(name);
    return i === undefined || i < 0 ? undefined : this.idAt(i);
  }

  *entries(): Iterable<[string, string]> {
    for (const [i, name] of this.layout.names.entries()) yield [name, this.idAt(i)];
  }

  names(): readonly string[] {
    return this.layout.names;
  }

  private idAt(i: number): string {
    return Buffer.from(this.ids.slice(i * ID_BYTES, (i + 1) * ID_BYTES), 'latin1').toString('hex');
  }
}

const byFolderOrder = (a: IndexedInstance, b: IndexedInstance) => (a.folder < b.folder ? -1 : a.folder > b.folder ? 1 : 0);

/** Index of `folder` in a folder-sorted array, or where it would go. */
function position(sorted: readonly IndexedInstance[], folder: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid].folder < folder) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The repository at the tip the index last reached: the base every plan starts from. */
export class RepoState implements RepoView {
  /**
   * Blob ids by group, then by path relative to the group, compact (FileGroup). The relative names are
   * interned: the 20 files of every Trino cluster have the same 20 names, so 5000 instances keep 20 name
   * strings, not 100 000 paths. The one group being changed is a Map (`open`) until another is touched.
   */
  private readonly groups = new Map<string, FileGroup>();
  private open?: { readonly key: string; readonly files: Map<string, string> };
  private readonly byFolder = new Map<string, IndexedInstance>();
  private readonly byKey = new Map<string, IndexedInstance>();
  private readonly byNamespace = new Map<string, Map<string, IndexedInstance>>();
  /** How many instances reference each `Kind/name`. */
  private readonly referenced = new Map<string, number>();
  private sorted?: IndexedInstance[];

  constructor(public tip: string | undefined) {}

  blob(path: string): string | undefined {
    const key = groupOf(path);
    const name = relative(key, path);
    return this.open?.key === key ? this.open.files.get(name) : this.groups.get(key)?.get(name);
  }

  text(): undefined {
    return undefined;
  }

  group(key: string): ReadonlyMap<string, string> {
    const full = new Map<string, string>();
    for (const [name, blob] of this.filesOf(key)) full.set(key ? `${key}/${name}` : name, blob);
    return full;
  }

  instance(folder: string): IndexedInstance | undefined {
    return this.byFolder.get(folder);
  }

  find(kind: string, name: string): IndexedInstance | undefined {
    return this.byKey.get(keyOf(kind, name));
  }

  /** Every instance in folder order (component, then name); kept sorted as instances change. */
  instances(): readonly IndexedInstance[] {
    this.sorted ??= [...this.byFolder.values()].sort(byFolderOrder);
    return this.sorted;
  }

  inNamespace(namespace: string): readonly IndexedInstance[] {
    return [...(this.byNamespace.get(namespace)?.values() ?? [])];
  }

  isReferenced(key: string): boolean {
    return (this.referenced.get(key) ?? 0) > 0;
  }

  /** Every file path below `root` (a folder), in no particular order. */
  *paths(root: string): Iterable<string> {
    this.close(); // the group being changed goes back to rest, so every group is read the same way
    for (const [key, files] of this.groups)
      if (key === root || key.startsWith(`${root}/`)) for (const name of files.names()) yield key ? `${key}/${name}` : name;
  }

  get size(): number {
    return this.byFolder.size;
  }

  setFile(path: string, blob: string | undefined): void {
    const key = groupOf(path);
    if (this.open?.key !== key) {
      this.close();
      this.open = { key, files: new Map(this.groups.get(key)?.entries()) };
    }
    if (blob === undefined) this.open.files.delete(relative(key, path));
    else if (!SHA1_HEX.test(blob)) throw new Error(`${path}: blob id ${JSON.stringify(blob)} is not a SHA-1 object id`);
    else this.open.files.set(intern(relative(key, path)), blob);
  }

  /** Puts the group being changed back into its compact form. */
  private close(): void {
    if (!this.open) return;
    const { key, files } = this.open;
    this.open = undefined;
    if (files.size === 0) this.groups.delete(key);
    else this.groups.set(key, FileGroup.of(key, files));
  }

  private filesOf(key: string): Iterable<[string, string]> {
    if (this.open?.key === key) return this.open.files;
    return this.groups.get(key)?.entries() ?? [];
  }

  setInstance(folder: string, instance: IndexedInstance | undefined): void {
    const old = this.byFolder.get(folder);
    if (old) {
      this.byKey.delete(keyOf(old.kind, old.name));
      this.byNamespace.get(old.namespace)?.delete(folder);
      if (this.byNamespace.get(old.namespace)?.size === 0) this.byNamespace.delete(old.namespace);
      for (const ref of old.references) this.count(keyOf(ref.kind, ref.name), -1);
    }
    if (instance) {
      this.byFolder.set(folder, instance);
      this.byKey.set(keyOf(instance.kind, instance.name), instance);
      let members = this.byNamespace.get(instance.namespace);
      if (!members) this.byNamespace.set(instance.namespace, (members = new Map()));
      members.set(folder, instance);
      for (const ref of instance.references) this.count(keyOf(ref.kind, ref.name), 1);
    } else {
      this.byFolder.delete(folder);
    }
    if (this.sorted) {
      // keep the order without sorting again: one binary search and one splice
      const at = position(this.sorted, folder);
      const present = this.sorted[at]?.folder === folder;
      if (instance) this.sorted.splice(at, present ? 1 : 0, instance);
      else if (present) this.sorted.splice(at, 1);
    }
  }

  private count(key: string, delta: number): void {
    const n = (this.referenced.get(key) ?? 0) + delta;
    if (n > 0) this.referenced.set(key, n);
    else this.referenced.delete(key);
  }
}

/**
 * Changes planned on top of a view and not pushed yet: the next change of a batch is planned on the
 * draft, and the index takes them over only once the push that carries them succeeded.
 */
export class Draft implements RepoView {
  private readonly files = new Map<string, { blob: string; text: string } | null>();
  private readonly changed = new Map<string, IndexedInstance | null>();
  private merged?: IndexedInstance[];

  constructor(
    readonly base: RepoView,
    public tip: string | undefined = base.tip,
  ) {}

  blob(path: string): string | undefined {
    const own = this.files.get(path);
    return own === undefined ? this.base.blob(path) : (own?.blob ?? undefined);
  }

  text(path: string): string | undefined {
    const own = this.files.get(path);
    return own === undefined ? this.base.text(path) : (own?.text ?? undefined);
  }

  group(key: string): ReadonlyMap<string, string> {
    const merged = new Map(this.base.group(key));
    for (const [path, own] of this.files) {
      if (groupOf(path) !== key) continue;
      if (own) merged.set(path, own.blob);
      else merged.delete(path);
    }
    return merged;
  }

  instance(folder: string): IndexedInstance | undefined {
    const own = this.changed.get(folder);
    return own === undefined ? this.base.instance(folder) : (own ?? undefined);
  }

  find(kind: string, name: string): IndexedInstance | undefined {
    for (const [folder, own] of this.changed) {
      const before = this.base.instance(folder);
      if (own && own.kind === kind && own.name === name) return own;
      if (!own && before?.kind === kind && before.name === name) return undefined;
    }
    return this.base.find(kind, name);
  }

  instances(): readonly IndexedInstance[] {
    if (this.changed.size === 0) return this.base.instances();
    if (!this.merged) {
      const kept = this.base.instances().filter((i) => !this.changed.has(i.folder));
      const added = [...this.changed.values()].filter((i): i is IndexedInstance => i !== null);
      this.merged = [...kept, ...added].sort(byFolderOrder);
    }
    return this.merged;
  }

  inNamespace(namespace: string): readonly IndexedInstance[] {
    const kept = this.base.inNamespace(namespace).filter((i) => !this.changed.has(i.folder));
    const added = [...this.changed.values()].filter((i): i is IndexedInstance => i !== null && i.namespace === namespace);
    return [...kept, ...added];
  }

  isReferenced(key: string): boolean {
    // conservative: a reference the draft removed still counts (the caller then scans)
    return this.base.isReferenced(key) || [...this.changed.values()].some((i) => i?.references.some((r) => keyOf(r.kind, r.name) === key));
  }

  writeFile(path: string, text: string | null, blob?: string): void {
    this.files.set(path, text === null ? null : { text, blob: blob! });
  }

  writeInstance(folder: string, instance: IndexedInstance | undefined): void {
    this.changed.set(folder, instance ?? null);
    this.merged = undefined;
  }

  /** The file and instance changes of this draft, to apply to the index once pushed. */
  entries(): { files: [string, string | undefined][]; instances: [string, IndexedInstance | undefined][] } {
    return {
      files: [...this.files].map(([path, own]) => [path, own?.blob]),
      instances: [...this.changed].map(([folder, own]) => [folder, own ?? undefined]),
    };
  }
}

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { load } from 'js-yaml';

import { definitionOf, Registry } from '../core/component';
import { instanceKey, InstanceSpec } from '../core/instance';
import type { FileChange } from '../delivery/types';
import { COMPONENTS_ROOT, SPEC_FILE } from '../gitops/layout';
import { storedSpecOf } from '../schema/load';

/** An instance as the GitOps repository holds it: its folder and the spec stored beside its manifests. */
export interface StoredInstance {
  readonly folder: string;
  /** Component folder name (`components/<component>/<name>`). */
  readonly component: string;
  readonly spec: InstanceSpec;
}

/**
 * Every instance in the working tree, from `components/<component>/<name>/dataroaster-spec.yaml`, in path
 * order; but those in `replaced` (`Kind/name`): their folders are about to be written from the given spec,
 * so their stored spec is neither validated (one that was edited into something invalid does not stop its
 * own replacement) nor returned.
 */
export function readStoredInstances(
  dir: string,
  registry: Registry | ((documents: readonly unknown[]) => Registry),
  replaced: ReadonlySet<string> = new Set(),
): StoredInstance[] {
  const root = join(dir, COMPONENTS_ROOT);
  if (!existsSync(root)) return [];
  const candidates: { folder: string; component: string; data: Partial<InstanceSpec> }[] = [];
  for (const component of sortedDirs(root)) {
    for (const name of sortedDirs(join(root, component))) {
      const folder = `${COMPONENTS_ROOT}/${component}/${name}`;
      const text = readText(dir, `${folder}/${SPEC_FILE}`);
      if (text === undefined) continue;
      const data = load(text) as Partial<InstanceSpec> | null;
      if (data?.metadata?.name !== name || typeof data.kind !== 'string') continue; // not ours: leave it alone
      if (replaced.has(instanceKey(data as InstanceSpec))) continue;
      candidates.push({ folder, component, data });
    }
  }
  // the components of the kinds found (the CLI loads only those it needs)
  const components = typeof registry === 'function' ? registry(candidates.map((c) => c.data)) : registry;
  const found: StoredInstance[] = [];
  for (const { folder, component, data } of candidates) {
    if (!definitionOf(components, data.kind!)) continue; // not ours: leave it alone
    const spec = storedSpecOf(components, data, `${folder}/${SPEC_FILE}`); // ours, but edited into something its component refuses
    found.push({ folder, component, spec });
  }
  return found;
}

/** Text of a repository file in the working tree, or undefined. */
export function readText(dir: string, path: string): string | undefined {
  try {
    return readFileSync(join(dir, path), 'utf8');
  } catch {
    return undefined;
  }
}

/** Every file below `root` (a folder or a single file), repository path → text. */
export function readTree(dir: string, root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (rel: string) => {
    let entries;
    try {
      entries = readdirSync(join(dir, rel), { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOTDIR') files.set(rel, readFileSync(join(dir, rel), 'utf8'));
      return;
    }
    for (const entry of entries) {
      const child = `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else files.set(child, readFileSync(join(dir, child), 'utf8'));
    }
  };
  walk(root);
  return files;
}

/** Digest of a folder's files (empty string when absent): tells whether an instance changed under us. */
export function treeDigest(files: ReadonlyMap<string, string>): string {
  if (files.size === 0) return '';
  const hash = createHash('sha256');
  for (const path of [...files.keys()].sort()) hash.update(`${path}\0${files.get(path)}\0`);
  return hash.digest('hex');
}

/** What turning `current` into `desired` adds, modifies and deletes, sorted by path. */
export function fileChanges(current: ReadonlyMap<string, string>, desired: ReadonlyMap<string, string>): FileChange[] {
  const changes: FileChange[] = [];
  for (const [path, text] of desired) {
    const before = current.get(path);
    if (before === undefined) changes.push({ path, status: 'added' });
    else if (before !== text) changes.push({ path, status: 'modified' });
  }
  for (const path of current.keys()) if (!desired.has(path)) changes.push({ path, status: 'deleted' });
  return changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Applies file changes to the working tree; folders left empty by deletions are removed. */
export function writeChanges(dir: string, changes: readonly FileChange[], desired: ReadonlyMap<string, string>): void {
  for (const change of changes) {
    const file = join(dir, change.path);
    if (change.status === 'deleted') {
      unlinkSync(file);
      removeEmptyParents(dir, dirname(change.path));
    } else {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, desired.get(change.path)!);
    }
  }
}

function removeEmptyParents(dir: string, rel: string): void {
  for (let folder = rel; folder !== '.' && folder !== ''; folder = dirname(folder)) {
    const abs = join(dir, folder);
    if (!existsSync(abs) || readdirSync(abs).length > 0) return;
    rmSync(abs, { recursive: true });
  }
}

function sortedDirs(path: string): string[] {
  return readdirSync(path, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

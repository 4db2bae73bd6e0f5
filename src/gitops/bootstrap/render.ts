import { KubeObject, kustomization, objectFileName, toYaml } from '../../core/render';
import { entryShard } from '../layout';

/**
 * Metadata in the order cdk8s renders it (sorted keys), so files read the same as engine output. The
 * bootstrap builds objects with the typed `manifest()` factories of `imports/` rather than a cdk8s Chart:
 * same types and JSON mapping, without a construct tree per change (a Chart of 70 objects took 20–40 ms,
 * the largest cost of a commit).
 */
export function metadata(fields: {
  name: string;
  namespace: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
}) {
  return Object.fromEntries(
    Object.entries(fields)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
}

/**
 * YAML of objects rendered before, by their JSON (~20× cheaper to produce than YAML). A change renders
 * the bootstrap of the instance's reference closure twice, with and without it (platform-delta.ts): the
 * root objects and the closure's entries, a few dozen objects. Small on purpose: a cache as large as the
 * platform (one entry per instance after the start-up check) kept ≈ 6 MiB of JSON and YAML at 5000
 * instances for renders that no change repeats.
 */
const rendered = new Map<string, string>();
const MAX_RENDERED = 256;

function cachedYaml(obj: KubeObject): string {
  const key = JSON.stringify(obj);
  let yaml = rendered.get(key);
  if (yaml === undefined) {
    if (rendered.size >= MAX_RENDERED) rendered.clear();
    yaml = toYaml(obj);
    rendered.set(key, yaml);
  }
  return yaml;
}

/** One file per object (`<kind>-<name>.yaml`) under `folder`, plus a kustomization.yaml listing them. */
export function folderFiles(folder: string, objects: readonly KubeObject[]): Record<string, string> {
  const files: Record<string, string> = {};
  for (const obj of objects) files[`${folder}/${objectFileName(obj)}`] = cachedYaml(obj);
  files[`${folder}/kustomization.yaml`] = kustomization(objects.map(objectFileName));
  return files;
}

/**
 * The bootstrap entries (one per instance) under `folder`, in sub-folders by `entryShard`: each shard
 * has a kustomization.yaml listing its files, and `folder`'s kustomization.yaml lists the shards that
 * hold an entry. Kustomize (Argo CD's and Flux's builds, `kubectl apply -k`) follows a listed folder
 * into its own kustomization.yaml, so the result is the same objects as one flat listing.
 */
export function shardedFolderFiles(folder: string, objects: readonly KubeObject[]): Record<string, string> {
  const shards = new Map<string, KubeObject[]>();
  for (const obj of objects) {
    const shard = entryShard(objectFileName(obj));
    const inShard = shards.get(shard);
    if (inShard) inShard.push(obj);
    else shards.set(shard, [obj]);
  }
  const files: Record<string, string> = {};
  for (const shard of [...shards.keys()].sort()) Object.assign(files, folderFiles(`${folder}/${shard}`, shards.get(shard)!));
  files[`${folder}/kustomization.yaml`] = kustomization([...shards.keys()]);
  return files;
}

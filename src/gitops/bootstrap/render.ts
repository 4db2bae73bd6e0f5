import { KubeObject, kustomization, objectFileName, toYaml } from '../../core/render';

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
 * YAML of objects rendered before, by their JSON. Every change re-renders the whole bootstrap, in which
 * all but a few objects are the same as last time; JSON is ~20× cheaper than YAML to produce.
 */
const rendered = new Map<string, string>();
const MAX_RENDERED = 20000;

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

import { App, Chart } from 'cdk8s';
import { KubeObject, kustomization, objectFileName, toYaml } from '../../engine/render';

/** Builds objects with typed constructs in a throw-away cdk8s Chart and returns them as plain JSON. */
export function buildObjects(build: (chart: Chart) => void): KubeObject[] {
  const chart = new Chart(new App({ outdir: 'unused' }), 'bootstrap', { disableResourceNameHashes: true });
  build(chart);
  return chart.toJson() as KubeObject[];
}

/** One file per object (`<kind>-<name>.yaml`) under `folder`, plus a kustomization.yaml listing them. */
export function folderFiles(folder: string, objects: readonly KubeObject[]): Record<string, string> {
  const files: Record<string, string> = {};
  for (const obj of objects) files[`${folder}/${objectFileName(obj)}`] = toYaml(obj);
  files[`${folder}/kustomization.yaml`] = kustomization(objects.map(objectFileName));
  return files;
}

import { definitionOf, GitOpsFlavour, Registry } from '../core/component';
import type { InstanceSpec } from '../core/instance';
import { toYaml } from '../core/render';
import type { Synthesis, SynthesizedInstance } from '../engine/synthesize';
import { repoPath, SPEC_FILE } from './layout';
import type { PlatformInstance } from './platform-instance';

/**
 * The repository files of one synthesized instance: its manifests under
 * `components/<component>/<name>/` and the stored spec beside them. The API's delivery and the CLI both
 * take an instance's folder from here, so the two doors write the same bytes at the same paths.
 */
export function instanceRepoFiles(synthesis: Synthesis, instance: SynthesizedInstance): Map<string, string> {
  const folder = repoPath(instance.directory);
  const files = new Map<string, string>();
  for (const path of instance.paths) files.set(`${folder}/${path}`, synthesis.files[`${instance.directory}/${path}`]);
  files.set(`${folder}/${SPEC_FILE}`, toYaml(instance.storedSpec));
  return files;
}

/**
 * What the bootstrap needs of an instance, from its spec, its component folder name and the platform's
 * agent (a component's deployment hints may depend on it). The CLI and the API's instance index both
 * take it from here, so the two doors write the same bootstrap entry.
 */
export function platformInstanceOf(registry: Registry, spec: InstanceSpec, componentFolder: string, agent: GitOpsFlavour): PlatformInstance {
  const component = definitionOf(registry, spec.kind);
  return {
    kind: spec.kind,
    name: spec.metadata.name,
    namespace: spec.metadata.namespace,
    component: componentFolder,
    references: component?.references?.(spec) ?? [],
    ...component?.deployment?.(spec, agent),
  };
}

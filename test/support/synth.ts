import { load } from 'js-yaml';

import { REGISTRY } from '../../src/components/registry';
import type { InstanceSpec } from '../../src/core/instance';
import { SynthesisOptions, synthesize } from '../../src/engine/synthesize';
import { loadSpecs } from '../../src/schema/load';
import { parseSpecYaml } from '../../src/schema/yaml';
import { objectsIn } from './validate';

/** Validated specs from YAML text, as the CLI loads files. */
export function specsOf(text: string): InstanceSpec[] {
  return loadSpecs(REGISTRY, parseSpecYaml(text, 'spec.yaml'));
}

/** Synthesizes YAML spec text; Secrets stay plaintext unless the options say otherwise, so tests can read them. */
export function synthYaml(text: string, options: SynthesisOptions = {}) {
  const result = synthesize(specsOf(text), { secrets: { mode: 'plaintext' }, ...options });
  return { ...result, objects: objectsIn(result.files) };
}
/** The one object of a kind and name among synthesized objects (fails the test when absent). */
export function objectOf(objects: readonly Record<string, any>[], kind: string, name: string): Record<string, any> {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} among ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  return found;
}

/** A YAML document held in a ConfigMap key, parsed. */
export function yamlIn(configMap: Record<string, any>, key: string): any {
  return load(configMap.data[key]);
}

/** `--conf` settings of a spark-submit command line, as a map. */
export function confsOf(args: readonly string[]): Record<string, string> {
  const confs: Record<string, string> = {};
  args.forEach((arg, i) => {
    if (args[i - 1] === '--conf') {
      const eq = arg.indexOf('=');
      confs[arg.slice(0, eq)] = arg.slice(eq + 1);
    }
  });
  return confs;
}

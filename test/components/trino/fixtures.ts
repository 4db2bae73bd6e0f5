import { join } from 'node:path';

import { dump } from 'js-yaml';

import { readSpecFiles } from '../../../src/cli/spec-files';
import { REGISTRY } from '../../../src/components/registry';
import type { InstanceSpec } from '../../../src/core/instance';
import { SynthesisOptions, synthesize } from '../../../src/engine/synthesize';
import { API_VERSION } from '../../../src/schema/fields';
import { loadSpecs } from '../../../src/schema/load';
import { parseSpecYaml } from '../../../src/schema/yaml';
import { objectsIn } from '../../support/validate';

export const SEED_FILE = join(__dirname, '../../../platform/trino-cluster-etl.yaml');

/** Plaintext Secrets with pinned randomness, so tests can read them and two runs compare equal. */
export const PLAINTEXT: SynthesisOptions = { secrets: { mode: 'plaintext' }, random: (bytes) => Buffer.alloc(bytes, 7) };

export function seedSpecs(): InstanceSpec[] {
  return loadSpecs(REGISTRY, readSpecFiles([SEED_FILE]));
}

/** An own-kind TrinoCluster document with `spec` merged over a minimal one. */
export function ownDoc(spec: Record<string, unknown> = {}, name = 'analytics', namespace = 'analytics'): Record<string, unknown> {
  return { apiVersion: API_VERSION, kind: 'TrinoCluster', metadata: { name, namespace }, spec: { image: { tag: '476' }, ...spec } };
}

/** Loads own-kind documents as the CLI would (validation included). */
export function load(...docs: Record<string, unknown>[]): InstanceSpec[] {
  return loadSpecs(
    REGISTRY,
    docs.flatMap((doc, i) => parseSpecYaml(dump(doc), `spec-${i}.yaml`)),
  );
}

/** Synthesizes and returns every object by `<Kind>/<name>`. */
export function objects(specs: readonly InstanceSpec[], options: SynthesisOptions = PLAINTEXT): Record<string, any> {
  const { files } = synthesize(specs, options);
  return Object.fromEntries(objectsIn(files).map((o) => [`${o.kind}/${o.metadata.name}`, o]));
}

export function trinoContainer(deployment: any): any {
  return deployment.spec.template.spec.containers.find((c: any) => c.name === 'trino');
}

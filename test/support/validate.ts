import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

import { loadAll } from 'js-yaml';

export interface SchemaFailure {
  readonly index: number;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly error: string;
}

/**
 * Validates objects against the official Kubernetes and CRD JSON schemas (kubernetes-models) and
 * returns the failures; an empty array means every object is valid.
 */
export function schemaFailures(objects: readonly unknown[]): SchemaFailure[] {
  const out = execFileSync(process.execPath, [join(__dirname, 'validate-objects.mjs')], {
    input: JSON.stringify(objects),
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out.toString('utf8'));
}

/** Every Kubernetes object in a set of synthesized YAML files (kustomization.yaml files excluded). */
export function objectsIn(files: Readonly<Record<string, string>>): Record<string, any>[] {
  return Object.entries(files)
    .filter(([path]) => !path.endsWith('kustomization.yaml'))
    .flatMap(([, text]) => loadAll(text) as Record<string, any>[]);
}

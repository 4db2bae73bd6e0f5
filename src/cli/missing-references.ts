import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

import type { Registry } from '../core/component';
import { instanceKey, InstanceRef } from '../core/instance';
import { loadSpec } from '../schema/load';
import { parseSpecYaml } from '../schema/yaml';

/**
 * Spec files beside the given ones that define the referenced instances, `Kind/name` → file. Only
 * the folders the user pointed at are looked in, and unreadable files are skipped: this only makes a
 * hint.
 */
export function missingReferences(registry: Registry, refs: readonly InstanceRef[], paths: readonly string[]): Map<string, string> {
  const wanted = new Set(refs.map((ref) => `${ref.kind}/${ref.name}`));
  const found = new Map<string, string>();
  const folders = new Set(paths.map((path) => (isDirectory(path) ? path : dirname(path))));
  for (const folder of folders) {
    let names: string[];
    try {
      names = readdirSync(folder)
        .filter((name) => /\.ya?ml$/.test(name))
        .sort();
    } catch {
      continue;
    }
    for (const name of names) {
      const file = join(folder, name);
      try {
        for (const doc of parseSpecYaml(readFileSync(file, 'utf8'), file)) {
          // Loaded as the CLI loads it: an original DataRoaster CR maps onto its own kind and name.
          const key = instanceKey(loadSpec(registry, doc));
          if (wanted.has(key) && !found.has(key)) found.set(key, file);
        }
      } catch {
        // not a spec file: no hint from it
      }
    }
  }
  return found;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

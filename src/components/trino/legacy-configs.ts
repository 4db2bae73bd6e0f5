import { parse } from 'dot-properties';

import type { SpecIssue } from '../../schema/errors';

/** One entry of an original TrinoCluster role's `configs`: the file `<path>/<name>`. */
export interface LegacyConfig {
  readonly name: string;
  readonly path: string;
  readonly value: string;
}

/** What the files of one original role say, sorted into the own kind's typed fields. */
export interface ParsedRole {
  readonly nodeProperties: Record<string, string>;
  readonly config: Record<string, string>;
  readonly jvmOptions: string[];
  /** `-Xmx` value, and the `configs` index it came from. */
  readonly maxHeap?: { readonly size: string; readonly index: number };
  readonly logLevels?: Record<string, string>;
  readonly catalogs: { readonly name: string; readonly index: number; readonly properties: Record<string, string> }[];
  readonly files: { readonly path: string; readonly content: string }[];
}

const CONFIG_DIR = '/etc/trino';
const CATALOG_DIR = '/etc/trino/catalog';

/**
 * Sorts an original role's raw config files into typed pieces: node.properties, config.properties,
 * jvm.config and log.properties in /etc/trino, catalogs in /etc/trino/catalog, anything else kept as
 * a file at its path. `issues` gets problems, located at `<rolePath>.configs[i]`.
 */
export function parseRoleConfigs(configs: readonly LegacyConfig[], rolePath: string, issues: SpecIssue[]): ParsedRole {
  const role: ParsedRole = { nodeProperties: {}, config: {}, jvmOptions: [], catalogs: [], files: [] };
  const parsed = role as { -readonly [K in keyof ParsedRole]: ParsedRole[K] };
  configs.forEach((file, index) => {
    const dir = file.path.replace(/\/+$/, '');
    const at = `${rolePath}.configs[${index}]`;
    if (dir === CONFIG_DIR && file.name === 'node.properties') Object.assign(parsed.nodeProperties, parse(file.value));
    else if (dir === CONFIG_DIR && file.name === 'config.properties') Object.assign(parsed.config, parse(file.value));
    else if (dir === CONFIG_DIR && file.name === 'log.properties')
      parsed.logLevels = { ...parsed.logLevels, ...parse(file.value) } as Record<string, string>;
    else if (dir === CONFIG_DIR && file.name === 'jvm.config') parseJvmConfig(file.value, index, parsed);
    else if (dir === CATALOG_DIR && file.name.endsWith('.properties')) {
      parsed.catalogs.push({ name: file.name.slice(0, -'.properties'.length), index, properties: parse(file.value) as Record<string, string> });
    } else if (!dir.startsWith('/')) issues.push({ path: `${at}.path`, message: 'must be an absolute directory like "/etc/trino"' });
    else parsed.files.push({ path: `${dir}/${file.name}`, content: file.value });
  });
  return role;
}

function parseJvmConfig(text: string, index: number, role: { jvmOptions: string[]; maxHeap?: ParsedRole['maxHeap'] }): void {
  for (const line of text.split('\n').map((l) => l.trim())) {
    if (line === '' || line.startsWith('#')) continue;
    const heap = /^-Xmx(.+)$/.exec(line);
    if (heap) role.maxHeap = { size: heap[1], index };
    // The initial heap is left to the JVM; the own kind sizes only the maximum.
    else if (!line.startsWith('-Xms')) role.jvmOptions.push(line);
  }
}

/** Seconds of an Airlift duration (`120s`, `2m`, `1.5h`, `500ms`), rounded up; undefined if it is not one. */
export function durationSeconds(text: string): number | undefined {
  const match = /^\s*([0-9]+(?:\.[0-9]+)?)\s*(ns|us|ms|s|m|h|d)\s*$/.exec(text);
  if (!match) return undefined;
  const unit = { ns: 1e-9, us: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600, d: 86400 }[match[2] as 'ns'];
  return Math.ceil(Number(match[1]) * unit);
}

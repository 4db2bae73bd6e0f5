/**
 * Hostile YAML documents of a few hundred bytes to a megabyte: each would take the server's memory or
 * stack if anything walked it unbounded. Every one starts like a TrinoCluster so it gets past any
 * check of the header; `metadata.name` is `bomb`.
 */
const HEADER = 'apiVersion: dataroaster.io/v1alpha1\nkind: TrinoCluster\nmetadata: {name: bomb, namespace: analytics}\n';

/** `levels` levels of `fanOut` aliases each to the level below: fanOut^levels leaves. */
function aliasTree(levels: number, fanOut: number, leaf: string): string {
  const lines = [`l0: &l0 ${leaf}`];
  for (let i = 1; i <= levels; i++)
    lines.push(
      `l${i}: &l${i} [${Array(fanOut)
        .fill(`*l${i - 1}`)
        .join(', ')}]`,
    );
  return `${HEADER}spec:\n  x:\n${lines.map((l) => `    ${l}`).join('\n')}\n`;
}

export const YAML_BOMBS: Readonly<Record<string, { readonly yaml: string; readonly limit: 'nodes' | 'characters' | 'depth' }>> = {
  // The issue's 594-byte bomb: 50 aliases, each level doubling the one before (2^25 leaves).
  'billion laughs: 25 levels of 2 aliases': { yaml: aliasTree(25, 2, '[lol, lol]'), limit: 'nodes' },
  // The issue's ~1 KB request that stored a 12 MB spec: 10^5 leaves.
  'nested aliases: 5 levels of 10': { yaml: aliasTree(5, 10, '[lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'), limit: 'nodes' },
  // Few nodes, but each leaf is a 16 KB string: 16^3 copies are 64 MB of text.
  'string laughs: 3 levels of 16 aliases to a 16 KB scalar': { yaml: aliasTree(3, 16, 'x'.repeat(16 * 1024)), limit: 'characters' },
  // A chain of aliases, each adding three levels: deep only once expanded.
  'deep by aliases: 30 aliases of 3 levels each': {
    yaml: `${HEADER}spec:\n  x:\n    l0: &l0 [x]\n${Array.from({ length: 30 }, (_, i) => `    l${i + 1}: &l${i + 1} [[[*l${i}]]]`).join('\n')}\n`,
    limit: 'depth',
  },
  'deep flow nesting: 10 000 brackets': { yaml: `${HEADER}spec: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`, limit: 'depth' },
  'deep block nesting: 200 levels of mappings': {
    yaml: `${HEADER}spec:\n${Array.from({ length: 200 }, (_, i) => `${'  '.repeat(i + 1)}a${i}:`).join('\n')} x\n`,
    limit: 'depth',
  },
  'many keys: 60 000 keys in one mapping': {
    yaml: `${HEADER}spec:\n${Array.from({ length: 60_000 }, (_, i) => `  k${i}: 1`).join('\n')}\n`,
    limit: 'nodes',
  },
};

/** A spec whose one scalar is `chars` long (huge scalars: bounded by the text limit). */
export function hugeScalar(chars: number): string {
  return `${HEADER}spec:\n  x: ${'x'.repeat(chars)}\n`;
}

/** Many aliases but within the limits: a document that expands, legitimately, to 1 000 nodes. */
export function modestAliases(): string {
  return `${HEADER}spec:\n  x:\n    l0: &l0 [a, b, c, d, e, f, g, h, i, j]\n    l1: &l1 [${Array(10).fill('*l0').join(', ')}]\n    l2: [${Array(10).fill('*l1').join(', ')}]\n`;
}

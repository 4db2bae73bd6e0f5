import type { SecretValue } from './secret-values';

/** One place in a spec where a secret value is written: a string leaf (or part of one), or a number leaf. */
export interface Occurrence {
  readonly id: number;
  /** JSON path of the leaf, e.g. `["catalogs",0,"properties","hive.s3.aws-secret-key"]`. */
  readonly leaf: string;
  readonly start: number;
  readonly end: number;
  /** The text matched: the Secret value, or (when `inside`) the whole leaf. */
  readonly text: string;
  readonly value: SecretValue;
  /**
   * Found the other way round: the whole leaf is written inside a longer Secret value (a properties or
   * values file). Such a leaf is a credential only if it goes into Secret values and nowhere else.
   */
  readonly inside: boolean;
}

type Json = unknown;

/**
 * Every place the values are written in a spec: whole string leaves, substrings of longer ones (a
 * properties text), number leaves equal to a value — and leaves written inside a longer Secret value.
 * Longer values are matched first, so a value that contains another is replaced whole; matches do
 * not overlap.
 */
export function findOccurrences(spec: Json, values: readonly SecretValue[]): Occurrence[] {
  const distinct = [...new Map(values.map((v) => [v.value, v])).values()].sort((a, b) => b.value.length - a.value.length);
  const found: Occurrence[] = [];
  if (distinct.length === 0) return found;
  const add = (o: Omit<Occurrence, 'id'>) => found.push({ ...o, id: found.length });
  walk(spec, [], (path, leaf) => {
    const key = JSON.stringify(path);
    const text = String(leaf);
    const before = found.length;
    if (typeof leaf === 'number') {
      const match = distinct.find((v) => v.value === text);
      if (match) add({ leaf: key, start: 0, end: text.length, text, value: match, inside: false });
    } else {
      for (let at = 0; at < text.length;) {
        const match = distinct.find((v) => text.startsWith(v.value, at));
        if (match) add({ leaf: key, start: at, end: at + match.value.length, text: match.value, value: match, inside: false });
        at += match ? match.value.length : 1;
      }
    }
    if (found.length > before || text === '') return;
    const container = distinct.find((v) => v.value.includes(text));
    if (container) add({ leaf: key, start: 0, end: text.length, text, value: container, inside: true });
  });
  return found;
}

/** A copy of the spec with each given occurrence replaced (a number leaf becomes a string). */
export function replaceOccurrences(spec: Json, occurrences: readonly Occurrence[], replacement: (o: Occurrence) => string): Json {
  const byLeaf = new Map<string, Occurrence[]>();
  for (const o of occurrences) byLeaf.set(o.leaf, [...(byLeaf.get(o.leaf) ?? []), o]);
  return map(spec, [], (path, leaf) => {
    const here = byLeaf.get(JSON.stringify(path));
    if (!here) return leaf;
    const text = String(leaf);
    let out = '';
    let at = 0;
    for (const o of [...here].sort((a, b) => a.start - b.start)) {
      out += text.slice(at, o.start) + replacement(o);
      at = o.end;
    }
    return out + text.slice(at);
  });
}

function walk(value: Json, path: (string | number)[], visit: (path: (string | number)[], leaf: string | number) => void): void {
  map(value, path, (p, leaf) => {
    visit(p, leaf);
    return leaf;
  });
}

function map(value: Json, path: (string | number)[], leafFn: (path: (string | number)[], leaf: string | number) => Json): Json {
  if (typeof value === 'string' || typeof value === 'number') return leafFn(path, value);
  if (Array.isArray(value)) return value.map((item, i) => map(item, [...path, i], leafFn));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, map(item, [...path, key], leafFn)]));
  }
  return value;
}

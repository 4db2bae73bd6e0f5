import { formatPath, SpecError } from './errors';

/**
 * Bounds of one parsed document (a YAML spec, a JSON request body), measured as a tree: a value reached
 * through several YAML aliases counts every time, as anything that walks it (validation, hashing,
 * `toYaml`) would visit it. A few hundred bytes of nested aliases expand to billions of nodes; these
 * bounds are checked before anything else touches the document.
 */
export interface DocumentLimits {
  /** Mappings, sequences, scalars and mapping keys, after alias expansion. */
  readonly maxNodes: number;
  /** Nesting of mappings and sequences (the document itself is level 1). */
  readonly maxDepth: number;
  /** Characters of the text, and of all keys and string values after alias expansion. */
  readonly maxChars: number;
}

/**
 * Far above any real spec (the largest example, a Trino cluster with seven catalogs, has ~250 nodes and
 * depth 6; a big Helm chart's values ~5000 nodes), far below what hurts the server (50 000 small nodes
 * take ~5 MB of heap and ~20 ms to validate).
 */
export const DOCUMENT_LIMITS: DocumentLimits = { maxNodes: 50_000, maxDepth: 64, maxChars: 1024 * 1024 };

/** A document larger than a limit, once expanded (413 at the API). */
export class DocumentTooLargeError extends SpecError {
  constructor(source: string, message: string) {
    super(source, [{ path: '', message }]);
    this.name = 'DocumentTooLargeError';
  }
}

/** A document nested deeper than the limit (400 at the API). */
export class DocumentTooDeepError extends SpecError {
  constructor(source: string, path: string, maxDepth: number) {
    super(source, [{ path, message: `nested deeper than the limit of ${maxDepth} levels` }]);
    this.name = 'DocumentTooDeepError';
  }
}

/** Refuses text longer than `maxChars` before it is parsed. */
export function checkTextLength(text: string, source: string, limits: DocumentLimits = DOCUMENT_LIMITS): void {
  if (text.length > limits.maxChars) {
    throw new DocumentTooLargeError(source, `${text.length} characters is more than the limit of ${limits.maxChars}`);
  }
}

/** Nodes and characters counted so far, when several documents share one budget (the documents of a file). */
export interface DocumentBudget {
  nodes: number;
  chars: number;
}

/**
 * Walks `value` as a tree (iteratively, so depth cannot overflow the stack) and throws as soon as a
 * limit is passed: the walk itself never does more than `maxNodes` steps, however far the value would
 * expand. Cycles (recursive aliases) end at `maxDepth`.
 */
export function checkDocumentLimits(
  value: unknown,
  source: string,
  limits: DocumentLimits = DOCUMENT_LIMITS,
  spent: DocumentBudget = { nodes: 0, chars: 0 },
): void {
  const tooLarge = (what: string) => new DocumentTooLargeError(source, `more than the limit of ${what} (aliases count as what they repeat)`);
  let { nodes, chars } = spent;
  // Each entry links to its parent, so a path is only built for the message of a too-deep document.
  const stack: WalkEntry[] = [{ value, depth: 1, key: undefined, parent: undefined }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (++nodes > limits.maxNodes) throw tooLarge(`${limits.maxNodes} nodes`);
    const v = node.value;
    if (typeof v === 'string') chars += v.length;
    else if (ArrayBuffer.isView(v)) chars += v.byteLength;
    if (chars > limits.maxChars) throw tooLarge(`${limits.maxChars} characters`);
    if (typeof v !== 'object' || v === null || ArrayBuffer.isView(v) || v instanceof Date) continue;

    if (node.depth > limits.maxDepth) throw new DocumentTooDeepError(source, formatPath(pathOf(node)), limits.maxDepth);
    const depth = node.depth + 1;
    if (Array.isArray(v)) {
      if (nodes + stack.length + v.length > limits.maxNodes) throw tooLarge(`${limits.maxNodes} nodes`);
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], depth, key: i, parent: node });
    } else {
      const keys = Object.keys(v);
      if (nodes + stack.length + 2 * keys.length > limits.maxNodes) throw tooLarge(`${limits.maxNodes} nodes`);
      for (let i = keys.length - 1; i >= 0; i--) {
        chars += keys[i].length;
        nodes++; // the key
        stack.push({ value: (v as Record<string, unknown>)[keys[i]], depth, key: keys[i], parent: node });
      }
    }
    if (chars > limits.maxChars) throw tooLarge(`${limits.maxChars} characters`);
  }
  spent.nodes = nodes;
  spent.chars = chars;
}

interface WalkEntry {
  readonly value: unknown;
  readonly depth: number;
  readonly key: PropertyKey | undefined;
  readonly parent: WalkEntry | undefined;
}

function pathOf(entry: WalkEntry): PropertyKey[] {
  const path: PropertyKey[] = [];
  for (let e: WalkEntry | undefined = entry; e?.key !== undefined; e = e.parent) path.unshift(e.key);
  return path;
}

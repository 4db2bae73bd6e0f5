/** One thing wrong with one spec document, located by its field path (e.g. `spec.worker.replicas`). */
export interface SpecIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * A spec that cannot be synthesized. The message names the document and every field at fault, so
 * the CLI can print it as one line and the API can return it as a 400.
 */
export class SpecError extends Error {
  constructor(
    readonly source: string,
    readonly issues: readonly SpecIssue[],
  ) {
    super(`${source}: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`);
    this.name = 'SpecError';
  }
}

/** Renders a path like `['spec', 'configs', 2, 'name']` as `spec.configs[2].name`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    return out ? `${out}.${String(key)}` : String(key);
  }, '');
}

import { loadAll } from 'js-yaml';
import { SpecError } from './errors';

/** One YAML document of a spec file, as parsed, before validation. */
export interface SpecDocument {
  /** Where it came from, for error messages: a file path, `request`, … */
  readonly source: string;
  readonly data: unknown;
}

/**
 * Aliases per document. Specs have no use for many; a limit stops "billion laughs" alias bombs
 * from expanding into gigabytes before validation even starts.
 */
const MAX_ALIASES = 50;

/** Parses every document of a YAML text; empty documents are skipped. */
export function parseSpecYaml(text: string, source: string): SpecDocument[] {
  let docs: unknown[];
  try {
    docs = loadAll(text, { filename: source, maxAliases: MAX_ALIASES });
  } catch (err) {
    const reason = (err as Error).message.split('\n')[0];
    throw new SpecError(source, [{ path: '', message: `not valid YAML: ${reason}` }]);
  }
  return docs
    .map((data, i) => ({ source: docs.length > 1 ? `${source}#${i + 1}` : source, data }))
    .filter((doc) => doc.data !== null && doc.data !== undefined);
}

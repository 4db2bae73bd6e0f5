import { loadAll } from 'js-yaml';

import { checkDocumentLimits, checkTextLength, DOCUMENT_LIMITS, DocumentLimits, DocumentTooDeepError } from './document-limits';
import { SpecError } from './errors';

/** One YAML document of a spec file, as parsed, before validation. */
export interface SpecDocument {
  /** Where it came from, for error messages: a file path, `request`, … */
  readonly source: string;
  readonly data: unknown;
}

/**
 * Aliases per document. Specs have no use for many; together with the expanded-size limits this stops
 * "billion laughs" alias bombs before validation even starts.
 */
const MAX_ALIASES = 50;

/**
 * Parses every document of a YAML text; empty documents are skipped. The text and each document, as
 * expanded, must stay within `limits` (DocumentTooLargeError / DocumentTooDeepError otherwise).
 */
export function parseSpecYaml(text: string, source: string, limits: DocumentLimits = DOCUMENT_LIMITS): SpecDocument[] {
  checkTextLength(text, source, limits);
  let docs: unknown[];
  try {
    // The parser's own nesting bound keeps its recursion off the end of the stack.
    docs = loadAll(text, { filename: source, maxAliases: MAX_ALIASES, maxDepth: limits.maxDepth });
  } catch (err) {
    const reason = (err as Error).message.split('\n')[0];
    if (reason.startsWith('nesting exceeded maxDepth')) throw new DocumentTooDeepError(source, '', limits.maxDepth);
    throw new SpecError(source, [{ path: '', message: `not valid YAML: ${reason}` }]);
  }
  const named = docs.map((data, i) => ({ source: docs.length > 1 ? `${source}#${i + 1}` : source, data }));
  const spent = { nodes: 0, chars: 0 }; // the documents of one text share the limits
  for (const doc of named) checkDocumentLimits(doc.data, doc.source, limits, spent);
  return named.filter((doc) => doc.data !== null && doc.data !== undefined);
}

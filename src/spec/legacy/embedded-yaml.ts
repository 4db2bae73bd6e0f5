import { loadAll } from 'js-yaml';
import type { z } from 'zod';
import { SpecError } from '../errors';
import { parseWith } from '../schema';

/** Same alias limit as spec files (see ../yaml.ts): an embedded text is parsed with the same care. */
const MAX_ALIASES = 50;

/**
 * Parses YAML text held in a field of a legacy resource (e.g. a HelmChart's `values`) and validates it,
 * naming errors by their path below that field: `spec.values.s3.bucket: required (string)`.
 */
export function parseEmbeddedYaml<S extends z.ZodType>(schema: S, text: string, source: string, at: string): z.output<S> {
  let docs: unknown[];
  try {
    // loadAll, not load: js-yaml 5's load throws on an empty text, which here means "no values".
    docs = loadAll(text, { maxAliases: MAX_ALIASES });
  } catch (err) {
    throw new SpecError(source, [{ path: at, message: `not valid YAML: ${(err as Error).message.split('\n')[0]}` }]);
  }
  if (docs.length > 1) throw new SpecError(source, [{ path: at, message: 'must be one YAML document' }]);
  const data = docs[0] ?? {};
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new SpecError(source, [{ path: at, message: 'must be a YAML mapping' }]);
  try {
    return parseWith(schema, data, source);
  } catch (err) {
    if ((err as Error).name !== 'SpecError') throw err;
    throw new SpecError(source, (err as SpecError).issues.map((i) => ({ path: i.path ? `${at}.${i.path}` : at, message: i.message })));
  }
}

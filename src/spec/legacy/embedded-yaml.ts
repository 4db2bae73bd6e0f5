import { load } from 'js-yaml';
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
  let data: unknown;
  try {
    data = load(text, { maxAliases: MAX_ALIASES }) ?? {};
  } catch (err) {
    throw new SpecError(source, [{ path: at, message: `not valid YAML: ${(err as Error).message.split('\n')[0]}` }]);
  }
  if (typeof data !== 'object' || Array.isArray(data)) throw new SpecError(source, [{ path: at, message: 'must be a YAML mapping' }]);
  try {
    return parseWith(schema, data, source);
  } catch (err) {
    if ((err as Error).name !== 'SpecError') throw err;
    throw new SpecError(source, (err as SpecError).issues.map((i) => ({ path: i.path ? `${at}.${i.path}` : at, message: i.message })));
  }
}

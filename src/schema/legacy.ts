import { loadAll } from 'js-yaml';
import { z } from 'zod';

import type { LegacyParams } from '../core/component';
import { SpecError } from './errors';
import { parseWith, rfc1123Label, stringMap } from './fields';

// Helpers every mapping of an original DataRoaster custom resource (and its API parameters) shares.

/** Drops undefined fields, so a mapped own-kind document holds only what the original said. */
export function compact<T extends Record<string, unknown>>(obj: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}

/**
 * `metadata` of an original DataRoaster custom resource. Its `namespace` was the operator's own namespace
 * (e.g. `dataroaster-operator`), not where the component went, so mappings read only `name`.
 */
export const legacyMetadata = z.strictObject({
  name: rfc1123Label,
  namespace: rfc1123Label.optional(),
  labels: stringMap.optional(),
  annotations: stringMap.optional(),
});

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
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new SpecError(source, [{ path: at, message: 'must be a YAML mapping' }]);
  try {
    return parseWith(schema, data, source);
  } catch (err) {
    if ((err as Error).name !== 'SpecError') throw err;
    throw new SpecError(
      source,
      (err as SpecError).issues.map((i) => ({ path: i.path ? `${at}.${i.path}` : at, message: i.message })),
    );
  }
}

const RFC1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** The value of an API parameter, or undefined when it is absent or empty (as a form field may be). */
function param(params: LegacyParams, name: string): string | undefined {
  const value = params[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function fail(source: string, name: string, message: string): never {
  throw new SpecError(source, [{ path: `params.${name}`, message }]);
}

/** A size parameter in whole Gi (`mysql_storage_size=5`), as a Kubernetes quantity (`5Gi`). */
export function gibibytesParam(params: LegacyParams, name: string, source: string): string | undefined {
  const value = param(params, name);
  if (value === undefined) return undefined;
  if (!/^[1-9][0-9]{0,5}$/.test(value)) fail(source, name, `must be a whole number of Gi such as "5" (got "${value}")`);
  return `${value}Gi`;
}

/** A storage class name parameter. */
export function storageClassParam(params: LegacyParams, name: string, source: string): string | undefined {
  const value = param(params, name);
  if (value !== undefined && (value.length > 63 || !RFC1123_LABEL.test(value))) {
    fail(source, name, `must be a storage class name (an RFC 1123 label; got "${value}")`);
  }
  return value;
}

/** A base64-encoded parameter (the original API took S3 keys so), decoded as UTF-8. */
export function base64Param(params: LegacyParams, name: string, source: string): string | undefined {
  const value = param(params, name);
  if (value === undefined) return undefined;
  // Standard or URL-safe alphabet, padding optional (as the API server accepts it).
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(value) || value.replace(/=+$/, '').length % 4 === 1)
    fail(source, name, 'must be base64-encoded, as the original API took it');
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  if (decoded.includes('\uFFFD')) fail(source, name, 'must be base64 of UTF-8 text');
  if (/\s/.test(decoded)) fail(source, name, 'must not hold spaces or line breaks once decoded (encode with "echo -n … | base64")');
  return decoded;
}

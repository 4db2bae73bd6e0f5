import { SpecError } from '../errors';
import type { LegacyParams } from '../kind';

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
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(value) || value.replace(/=+$/, '').length % 4 === 1) fail(source, name, 'must be base64-encoded, as the original API took it');
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  if (decoded.includes('\uFFFD')) fail(source, name, 'must be base64 of UTF-8 text');
  if (/\s/.test(decoded)) fail(source, name, 'must not hold spaces or line breaks once decoded (encode with "echo -n … | base64")');
  return decoded;
}

import { SpecError } from './errors';
import { instanceKey, InstanceSpec } from './instance';
import type { LegacyKind, LegacyParams, OwnKind } from './kind';
import { LEGACY_KINDS, OWN_KINDS } from './registry';
import { parseWith } from './schema';
import type { SpecDocument } from './yaml';

export interface LoadOptions {
  /** API parameters of the original DataRoaster endpoints, read by legacy mappings. */
  readonly params?: LegacyParams;
  /** Kinds to accept; defaults to every registered kind. */
  readonly ownKinds?: readonly OwnKind[];
  readonly legacyKinds?: readonly LegacyKind[];
}

/**
 * Validates spec documents and normalizes original DataRoaster inputs onto own kinds.
 * Throws a SpecError for the first bad document, or for two instances of one kind sharing a name,
 * before anything is synthesized.
 */
export function loadSpecs(docs: readonly SpecDocument[], options: LoadOptions = {}): InstanceSpec[] {
  const specs = docs.map((doc) => loadSpec(doc, options));
  const seen = new Map<string, string>();
  specs.forEach((spec, i) => {
    const key = instanceKey(spec);
    const first = seen.get(key);
    if (first !== undefined) {
      throw new SpecError(docs[i].source, [{ path: 'metadata.name', message: `duplicate ${spec.kind} name "${spec.metadata.name}" (also in ${first})` }]);
    }
    seen.set(key, docs[i].source);
  });
  return specs;
}

/** Validates one document of any registered kind and returns it as an own-kind spec. */
export function loadSpec(doc: SpecDocument, options: LoadOptions = {}): InstanceSpec {
  const ownKinds = options.ownKinds ?? OWN_KINDS;
  const legacyKinds = options.legacyKinds ?? LEGACY_KINDS;
  const header = typeHeader(doc.data, doc.source);
  const legacy = legacyKinds.find((k) => k.apiVersion === header.apiVersion && k.kind === header.kind);
  const data = legacy ? legacy.toOwnKind(doc.data, doc.source, options.params ?? {}) : doc.data;
  const target = legacy ? typeHeader(data, doc.source) : header;
  const own = ownKinds.find((k) => k.apiVersion === target.apiVersion && k.kind === target.kind);
  if (!own) {
    const known = [...ownKinds, ...legacyKinds].map((k) => `${k.apiVersion} ${k.kind}`).join(', ');
    throw new SpecError(doc.source, [{ path: 'kind', message: `unsupported kind "${header.apiVersion} ${header.kind}" (supported: ${known})` }]);
  }
  return parseWith(own.schema, data, doc.source);
}

function typeHeader(data: unknown, source: string): { apiVersion: string; kind: string } {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new SpecError(source, [{ path: '', message: 'expected a YAML mapping with apiVersion, kind, metadata and spec' }]);
  }
  const { apiVersion, kind } = data as Record<string, unknown>;
  const issues = [];
  if (typeof apiVersion !== 'string') issues.push({ path: 'apiVersion', message: 'required (string)' });
  if (typeof kind !== 'string') issues.push({ path: 'kind', message: 'required (string)' });
  if (issues.length) throw new SpecError(source, issues);
  return { apiVersion: apiVersion as string, kind: kind as string };
}

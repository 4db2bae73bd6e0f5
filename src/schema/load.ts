import { definitionOf, LegacyParams, Registry } from '../core/component';
import { instanceKey, InstanceSpec } from '../core/instance';
import { reservedBy, reservedNamespaceMessage } from '../core/reserved-namespaces';
import { SpecError } from './errors';
import { parseWith } from './fields';
import type { SpecDocument } from './yaml';

export interface LoadOptions {
  /** API parameters of the original DataRoaster endpoints, read by legacy mappings. */
  readonly params?: LegacyParams;
  /**
   * Namespaces (names, `prefix*`) no instance may use: the CLI and the API pass the configured list
   * (`reservedNamespacesFromEnv`). Specs already stored in Git are loaded without it. @default none
   */
  readonly reservedNamespaces?: readonly string[];
}

/**
 * Validates spec documents and normalizes original DataRoaster inputs onto own kinds.
 * Throws a SpecError for the first bad document, or for two instances of one kind sharing a name,
 * before anything is synthesized.
 */
export function loadSpecs(registry: Registry, docs: readonly SpecDocument[], options: LoadOptions = {}): InstanceSpec[] {
  const specs = docs.map((doc) => loadSpec(registry, doc, options));
  const seen = new Map<string, string>();
  specs.forEach((spec, i) => {
    const key = instanceKey(spec);
    const first = seen.get(key);
    if (first !== undefined) {
      throw new SpecError(docs[i].source, [
        { path: 'metadata.name', message: `duplicate ${spec.kind} name "${spec.metadata.name}" (also in ${first})` },
      ]);
    }
    seen.set(key, docs[i].source);
  });
  return specs;
}

/** Validates one document of a kind the registry knows (own or original) and returns it as an own-kind spec. */
export function loadSpec(registry: Registry, doc: SpecDocument, options: LoadOptions = {}): InstanceSpec {
  const header = typeHeader(doc.data, doc.source);
  const legacy = registry
    .flatMap((d) => d.legacy ?? [])
    .find((k) => k.apiVersion === header.apiVersion && k.kind === header.kind && (k.matches?.(doc.data) ?? true));
  const data = legacy ? legacy.toOwnKind(doc.data, doc.source, options.params ?? {}) : doc.data;
  const target = legacy ? typeHeader(data, doc.source) : header;
  const own = definitionOf(registry, target.kind)?.kind;
  if (!own || own.apiVersion !== target.apiVersion) {
    throw new SpecError(doc.source, [
      { path: 'kind', message: `unsupported kind "${header.apiVersion} ${header.kind}" (supported: ${supportedKinds(registry).join(', ')})` },
    ]);
  }
  const spec = parseWith(own.schema, data, doc.source);
  const reserved = reservedBy(options.reservedNamespaces ?? [], spec.metadata.namespace);
  if (reserved !== undefined)
    throw new SpecError(doc.source, [{ path: 'metadata.namespace', message: reservedNamespaceMessage(spec.metadata.namespace, reserved) }]);
  return spec;
}

/** `apiVersion kind` of every document type the registry takes: own kinds, then original kinds. */
export function supportedKinds(registry: Registry): string[] {
  const types = [...registry.map((d) => d.kind), ...registry.flatMap((d) => d.legacy ?? [])].map((k) => `${k.apiVersion} ${k.kind}`);
  return [...new Set(types)];
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

/**
 * A stored spec validated with its kind's schema. The stored spec is the schema's own output, so parsing
 * it again gives it back; anything else was edited outside DataRoaster.
 */
export function storedSpecOf(registry: Registry, data: unknown, source: string): InstanceSpec {
  const kind = (data as { kind?: unknown } | null)?.kind;
  const definition = typeof kind === 'string' ? definitionOf(registry, kind) : undefined;
  if (!definition) throw new SpecError(source, [{ path: 'kind', message: `no component synthesizes kind ${JSON.stringify(kind)}` }]);
  return parseWith(definition.kind.schema, data, source) as InstanceSpec;
}

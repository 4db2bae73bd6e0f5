import { z } from 'zod';

import type { Registry } from '../../src/core/component';
import { parseWith, rfc1123Label } from '../../src/schema/fields';
import { loadSpec } from '../../src/schema/load';
import { parseSpecYaml, SpecDocument } from '../../src/schema/yaml';
import { InputError } from '../errors';
import { ComponentEndpoint, componentEndpoints, endpointOfKind } from './endpoints';

/** Where a request's document came from, in error messages: the parameter's name. */
export const YAML_SOURCE = 'yaml';

/** What is checked of any document before its kind's schema: the instance name ends up in a repository path. */
const header = z.looseObject({
  apiVersion: z.string({ error: 'required (string)' }),
  kind: z.string({ error: 'required (string)' }),
  metadata: z.looseObject({ name: rfc1123Label }, { error: 'required (mapping)' }),
});

/**
 * The one YAML document of a create request, checked to be of a type the endpoint accepts (a
 * HelmChart sent to `/v1/trino/create` is refused here, naming what was expected). Alias bombs and
 * syntax errors are refused by the YAML parser.
 */
export function readDocument(registry: Registry, endpoint: ComponentEndpoint, yaml: string): SpecDocument {
  const docs = parseSpecYaml(yaml, YAML_SOURCE);
  if (docs.length !== 1) {
    throw new InputError(`${YAML_SOURCE}: expected one YAML document, found ${docs.length}`);
  }
  const [doc] = docs;
  if (typeof doc.data !== 'object' || Array.isArray(doc.data)) {
    throw new InputError(`${YAML_SOURCE}: expected a YAML mapping with apiVersion, kind, metadata and spec`);
  }
  const { apiVersion, kind } = parseWith(header, doc.data, YAML_SOURCE);
  if (!endpoint.accepts.some((t) => t.apiVersion === apiVersion && t.kind === kind)) {
    const expected = endpoint.accepts.map((t) => `${t.apiVersion} ${t.kind}`).join(' or ');
    const takers = endpointsTaking(registry, { source: YAML_SOURCE, data: doc.data }, apiVersion, kind).map((e) => `/v1/${e.name}/create`);
    const hint = takers.length ? `: send it to ${takers.join(' or ')}` : '';
    throw new InputError(
      `${YAML_SOURCE}: kind: "${apiVersion} ${kind}" cannot be created at /v1/${endpoint.name}/create (expected ${expected})${hint}`,
    );
  }
  return { source: YAML_SOURCE, data: doc.data };
}

/**
 * The endpoints that take a document: the one of the kind it maps to (an original HelmChart is a Hive
 * metastore or a Helm release, only the mapping tells), else, when it does not map cleanly, every
 * endpoint that accepts its type.
 */
function endpointsTaking(registry: Registry, doc: SpecDocument, apiVersion: string, kind: string): ComponentEndpoint[] {
  try {
    const endpoint = endpointOfKind(registry, loadSpec(registry, doc).kind);
    if (endpoint) return [endpoint];
  } catch {
    // not a valid document of any kind: fall back to the endpoints accepting its type
  }
  return componentEndpoints(registry).filter((e) => e.accepts.some((t) => t.apiVersion === apiVersion && t.kind === kind));
}

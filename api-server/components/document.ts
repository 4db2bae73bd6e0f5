import { z } from 'zod';
import { parseWith, rfc1123Label } from '../../src/schema/fields';
import { parseSpecYaml, SpecDocument } from '../../src/schema/yaml';
import { InputError } from '../errors';
import type { ComponentEndpoint } from './endpoints';

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
export function readDocument(endpoint: ComponentEndpoint, yaml: string): SpecDocument {
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
    throw new InputError(`${YAML_SOURCE}: kind: "${apiVersion} ${kind}" cannot be created at /v1/${endpoint.name}/create (expected ${expected})`);
  }
  return { source: YAML_SOURCE, data: doc.data };
}

import type { z } from 'zod';

import type { ComponentDefinition, Registry } from '../../src/core/component';

/** A document type (`apiVersion` + `kind`) an endpoint accepts in its `yaml` parameter. */
export interface DocumentType {
  readonly apiVersion: string;
  readonly kind: string;
}

/** One component family of the v1 API, `/v1/<name>/{create,list,delete}`, as its component definition describes it. */
export interface ComponentEndpoint {
  /** URL segment, as in the original API: `hive_metastore`. */
  readonly name: string;
  readonly title: string;
  /** The component's folder (`hive-metastore`): the `component` of list answers and the metrics label. */
  readonly component: string;
  /** The own kind this endpoint creates, lists and deletes; a document that maps to another kind is refused. */
  readonly kind: string;
  /** Document types `yaml` may hold: the original custom resources that map onto the kind, and the own kind. */
  readonly accepts: readonly DocumentType[];
  /** Parameters beside `yaml` that the original endpoint took (passed to the legacy mapping). */
  readonly params: z.ZodRawShape;
}

/** The endpoints of every component in the registry that has one, in registry order. */
export function componentEndpoints(registry: Registry): ComponentEndpoint[] {
  return registry.flatMap((definition) => (definition.endpoint ? [endpointOf(definition)] : []));
}

/** The endpoint of the component whose own kind is `kind`, if it has one. */
export function endpointOfKind(registry: Registry, kind: string): ComponentEndpoint | undefined {
  return componentEndpoints(registry).find((e) => e.kind === kind);
}

function endpointOf(definition: ComponentDefinition): ComponentEndpoint {
  const { endpoint, kind, legacy = [], folder } = definition;
  if (!endpoint) throw new Error(`${kind.kind} has no endpoint`);
  const types = [...legacy, kind].map(({ apiVersion, kind }) => ({ apiVersion, kind }));
  const accepts = types.filter((t, i) => types.findIndex((u) => u.apiVersion === t.apiVersion && u.kind === t.kind) === i);
  return { name: endpoint.name, title: endpoint.title, params: endpoint.params, component: folder, kind: kind.kind, accepts };
}

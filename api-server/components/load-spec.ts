import type { Registry } from '../../src/core/component';
import type { InstanceSpec } from '../../src/core/instance';
import { loadSpecs } from '../../src/schema/load';
import { InputError } from '../errors';
import { YAML_SOURCE } from './document';
import { endpointOfKind } from './endpoints';
import type { CreateRequest } from './types';

/**
 * The own-kind spec of a create request, validated and mapped exactly as the CLI does it
 * (`loadSpecs`, refusing reserved namespaces), and checked to be of the endpoint's kind: an original HelmChart can be a Hive
 * metastore or a Helm release, an original SparkApplication a thrift server or a batch job, and only
 * the mapping tells which.
 */
export function loadRequestSpec(registry: Registry, request: CreateRequest, reservedNamespaces: readonly string[]): InstanceSpec {
  const [spec] = loadSpecs(registry, [request.document], { params: request.params, reservedNamespaces });
  const { endpoint } = request;
  if (spec.kind !== endpoint.kind) {
    const { kind } = request.document.data as { kind: string };
    const right = endpointOfKind(registry, spec.kind);
    const hint = right ? `: send it to /v1/${right.name}/create` : '';
    throw new InputError(
      `${YAML_SOURCE}: this ${kind} describes a ${spec.kind}, not a ${endpoint.kind}, so /v1/${endpoint.name}/create does not take it${hint}`,
    );
  }
  return spec;
}

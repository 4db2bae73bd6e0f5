import type { InstanceSpec } from '../../src/spec/instance';
import { loadSpecs } from '../../src/spec/load';
import { InputError } from '../errors';
import { YAML_SOURCE } from './document';
import { ENDPOINTS } from './endpoints';
import type { CreateRequest } from './types';

/**
 * The own-kind spec of a create request, validated and mapped exactly as the CLI does it
 * (`loadSpecs`), and checked to be of the endpoint's kind: an original HelmChart can be a Hive
 * metastore or a Helm release, an original SparkApplication a thrift server or a batch job, and only
 * the mapping tells which.
 */
export function loadRequestSpec(request: CreateRequest): InstanceSpec {
  const [spec] = loadSpecs([request.document], { params: request.params });
  const { endpoint } = request;
  if (spec.kind !== endpoint.kind) {
    const { kind } = request.document.data as { kind: string };
    const right = ENDPOINTS.find((e) => e.kind === spec.kind);
    const hint = right ? `: send it to /v1/${right.name}/create` : '';
    throw new InputError(`${YAML_SOURCE}: this ${kind} describes a ${spec.kind}, not a ${endpoint.kind}, so /v1/${endpoint.name}/create does not take it${hint}`);
  }
  return spec;
}

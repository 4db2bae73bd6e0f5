import type { InstanceSpec } from '../../core/instance';
import { SpecError } from '../../schema/errors';
import type { GatewayBackend, TrinoGatewaySpec } from './schema';

/**
 * The original DataRoaster gateway's admin operations (cluster groups, clusters, activation) as pure
 * transforms of a TrinoGateway spec: the API commits what they return, authored by the calling user.
 * A group is a routing group; a cluster is a backend. Messages follow the original where it had one
 * (`cluster [<c>] not found!`).
 */

/** Same name as the API's error, so the API answers 404 (errors map to HTTP by name). */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}
/** Same name as the API's error, so the API answers 409. */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
}

type Settings = TrinoGatewaySpec['spec'];
const withSpec = (gateway: TrinoGatewaySpec, spec: Settings): TrinoGatewaySpec => ({ ...gateway, spec });
const invalid = (gateway: TrinoGatewaySpec, path: string, message: string) =>
  new SpecError(`TrinoGateway/${gateway.metadata.name}`, [{ path, message }]);

/** The original's `GET /v1/cluster/list` item. */
export interface ClusterView {
  readonly clusterName: string;
  /** The coordinator URL, or the TrinoCluster the backend refers to as `trino-cluster:<name>`. */
  readonly url: string;
  readonly activated: boolean;
  readonly groupName: string;
  readonly trinoClusterRef?: string;
}

/** The original's `GET /v1/cluster_group/list` item. */
export interface ClusterGroupView {
  readonly groupName: string;
  readonly clusters: readonly Omit<ClusterView, 'groupName'>[];
}

function clusterView(b: GatewayBackend): ClusterView {
  return {
    clusterName: b.name,
    url: b.proxyTo ?? `trino-cluster:${b.trinoClusterRef}`,
    activated: b.active,
    groupName: b.routingGroup,
    ...(b.trinoClusterRef === undefined ? {} : { trinoClusterRef: b.trinoClusterRef }),
  };
}

export function listClusters(gateway: TrinoGatewaySpec): ClusterView[] {
  return gateway.spec.backends.map(clusterView);
}

export function listClusterGroups(gateway: TrinoGatewaySpec): ClusterGroupView[] {
  return gateway.spec.routingGroups.map((group) => ({
    groupName: group,
    clusters: gateway.spec.backends
      .filter((b) => b.routingGroup === group)
      .map(({ routingGroup: _group, ...b }) => {
        const { groupName: _name, ...view } = clusterView({ ...b, routingGroup: group });
        return view;
      }),
  }));
}

export function createClusterGroup(gateway: TrinoGatewaySpec, group: string): TrinoGatewaySpec {
  if (gateway.spec.routingGroups.includes(group))
    throw new ConflictError(`cluster group [${group}] already exists in TrinoGateway "${gateway.metadata.name}"`);
  return withSpec(gateway, { ...gateway.spec, routingGroups: [...gateway.spec.routingGroups, group] });
}

/** Refused while a cluster, a rule or the default route uses the group: deleting it would leave them pointing nowhere. */
export function deleteClusterGroup(gateway: TrinoGatewaySpec, group: string): TrinoGatewaySpec {
  const { spec } = gateway;
  if (!spec.routingGroups.includes(group)) throw new NotFoundError(`cluster group [${group}] not found!`);
  const users = [
    ...spec.backends.filter((b) => b.routingGroup === group).map((b) => `cluster "${b.name}"`),
    ...spec.routing.rules.filter((r) => r.routingGroup === group).map((r) => `rule "${r.name}"`),
    ...(spec.routing.defaultRoutingGroup === group ? ['the default routing group'] : []),
  ];
  if (users.length) throw new ConflictError(`cluster group [${group}] is used by ${users.join(', ')}: move or delete them first`);
  return withSpec(gateway, { ...spec, routingGroups: spec.routingGroups.filter((g) => g !== group) });
}

export interface NewCluster {
  readonly name: string;
  readonly group: string;
  readonly activated: boolean;
  /** An http(s) coordinator URL … */
  readonly url?: string;
  /** … or the name of a TrinoCluster of the platform. */
  readonly trinoClusterRef?: string;
}

/** Adds a backend at the end of the list (the schema checks the URL and the group when the API loads the result). */
export function createCluster(gateway: TrinoGatewaySpec, cluster: NewCluster): TrinoGatewaySpec {
  const { spec } = gateway;
  if (spec.backends.some((b) => b.name === cluster.name))
    throw new ConflictError(`cluster [${cluster.name}] already exists in TrinoGateway "${gateway.metadata.name}"`);
  if (!spec.routingGroups.includes(cluster.group))
    throw new NotFoundError(`cluster group [${cluster.group}] not found! (groups: ${spec.routingGroups.join(', ')})`);
  if ((cluster.url === undefined) === (cluster.trinoClusterRef === undefined))
    throw invalid(gateway, 'url', 'give url or trino_cluster (one of them)');
  const backend: GatewayBackend = {
    name: cluster.name,
    routingGroup: cluster.group,
    active: cluster.activated,
    ...(cluster.url === undefined ? { trinoClusterRef: cluster.trinoClusterRef } : { proxyTo: cluster.url }),
  };
  return withSpec(gateway, { ...spec, backends: [...spec.backends, backend] });
}

/** `PUT /v1/cluster/update/activated`: flips `active` of one backend — a one-line change of the spec. */
export function setClusterActivated(gateway: TrinoGatewaySpec, name: string, activated: boolean): TrinoGatewaySpec {
  const { spec } = gateway;
  if (!spec.backends.some((b) => b.name === name)) throw new NotFoundError(`cluster [${name}] not found!`);
  return withSpec(gateway, { ...spec, backends: spec.backends.map((b) => (b.name === name ? { ...b, active: activated } : b)) });
}

export function deleteCluster(gateway: TrinoGatewaySpec, name: string): TrinoGatewaySpec {
  const { spec } = gateway;
  if (!spec.backends.some((b) => b.name === name)) throw new NotFoundError(`cluster [${name}] not found!`);
  return withSpec(gateway, { ...spec, backends: spec.backends.filter((b) => b.name !== name) });
}

/** Backends of a gateway that route to a TrinoCluster, with their field paths. */
export function backendsRoutingTo(gateway: TrinoGatewaySpec, trinoCluster: string): { name: string; path: string }[] {
  return gateway.spec.backends.flatMap((b, i) =>
    b.trinoClusterRef === trinoCluster ? [{ name: b.name, path: `spec.backends[${i}].trinoClusterRef` }] : [],
  );
}

/** The gateway without the backends that route to a TrinoCluster (deleting that cluster with force). */
export function withoutBackendsRoutingTo(gateway: TrinoGatewaySpec, trinoCluster: string): TrinoGatewaySpec {
  return withSpec(gateway, { ...gateway.spec, backends: gateway.spec.backends.filter((b) => b.trinoClusterRef !== trinoCluster) });
}

export function isTrinoGateway(spec: InstanceSpec): spec is TrinoGatewaySpec {
  return spec.kind === 'TrinoGateway';
}

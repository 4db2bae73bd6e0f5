import { z } from 'zod';

import * as ops from '../../src/components/trino-gateway/operations';
import { TRINO_GATEWAY_KIND, TrinoGatewaySpec } from '../../src/components/trino-gateway/schema';
import type { Registry } from '../../src/core/component';
import type { InstanceSpec } from '../../src/core/instance';
import { flag, resourceName, text } from '../../src/schema/api-params';
import { loadSpecs } from '../../src/schema/load';
import type { Role } from '../auth/roles';
import { InputError, NotFoundError } from '../errors';
import { requestIdOf } from '../http/request-id';
import { ApiRoute, AppContext, defineRoute, principalOf } from '../http/route';
import type { Metrics } from '../system/metrics';
import type { ChangeOptions, ChangeResult, ComponentService } from './types';

export interface GatewayRouteDeps {
  readonly service: ComponentService;
  /** Least role per endpoint name; the gateway operations take the `trino_gateway` endpoint's. */
  readonly roles: Readonly<Record<string, Role>>;
  readonly metrics: Metrics;
  /** The components whose specs it loads. */
  readonly registry: Registry;
}

/** The gateway's operations are filed under its endpoint (metrics, OpenAPI tag, role). */
const ENDPOINT = 'trino_gateway';
const COMPONENT = 'trino-gateway';

const gatewayName = resourceName().optional().describe('TrinoGateway to change; may be omitted when there is exactly one.');
/** Backend and group names as the schema takes them (the schema checks them again on the result). */
const name = () => text().pipe(z.string().regex(/^[a-z0-9]([-_a-z0-9]*[a-z0-9])?$/, 'must be lower-case letters, digits, "-" and "_"'));
const changeFlags = {
  dry_run: flag().optional().describe('Answer with the diff; commit nothing. @default false'),
  review: flag().optional().describe('Propose the change as a pull request instead of committing to the branch. @default server setting'),
};

/**
 * The original DataRoaster gateway's admin API (`/v1/cluster_group/*`, `/v1/cluster/*`) on a TrinoGateway
 * spec in Git: every change is one commit to the gateway's spec, authored by the calling user, and the
 * reconciler the gateway runs applies it. Lists read the spec. The transforms live in the component.
 */
export function trinoGatewayRoutes({ service, roles, metrics, registry }: GatewayRouteDeps): ApiRoute[] {
  const access = roles[ENDPOINT] ?? 'user';

  const pickGateway = async (wanted: string | undefined): Promise<{ spec: TrinoGatewaySpec; specHash: string }> => {
    const gateways = await service.stored(TRINO_GATEWAY_KIND);
    if (wanted !== undefined) {
      const found = gateways.find((g) => g.spec.metadata.name === wanted);
      if (!found) throw new NotFoundError(`no TrinoGateway named "${wanted}" in the GitOps repository`);
      return found as { spec: TrinoGatewaySpec; specHash: string };
    }
    if (gateways.length === 0) throw new NotFoundError('no TrinoGateway in the GitOps repository: create one with /v1/trino_gateway/create');
    if (gateways.length > 1)
      throw new InputError(
        `several TrinoGateways exist (${gateways
          .map((g) => g.spec.metadata.name)
          .sort()
          .join(', ')}): pass parameter 'gateway'`,
      );
    return gateways[0] as { spec: TrinoGatewaySpec; specHash: string };
  };

  /** Reads the gateway, applies `edit`, validates the result as a create would, commits it against the spec it read. */
  const commit = async (
    ctx: AppContext,
    p: { gateway?: string; dry_run?: boolean; review?: boolean },
    operation: string,
    edit: (g: TrinoGatewaySpec) => TrinoGatewaySpec,
  ) => {
    const { spec, specHash } = await pickGateway(p.gateway);
    const [next] = loadSpecs(registry, [{ source: `TrinoGateway/${spec.metadata.name}`, data: edit(spec) }]);
    const options: ChangeOptions = { dryRun: p.dry_run ?? false, review: p.review, requestId: requestIdOf(ctx) };
    const result: ChangeResult = await service.update(next as InstanceSpec, specHash, principalOf(ctx), options);
    metrics.commits.inc({ component: COMPONENT, operation, status: result.status });
    ctx.body = { result: 'SUCCESS', requestId: requestIdOf(ctx), ...result };
  };

  const change = { description: "The commit to the gateway's spec (or the proposal, or the diff of a dry run)", schema: 'Change' };
  const statuses = [404, 409, 502, 503];
  return [
    defineRoute({
      method: 'POST',
      path: '/v1/cluster_group/create',
      tag: ENDPOINT,
      summary: 'Add a cluster group (a routing group) to a Trino gateway',
      access,
      params: z.strictObject({ group_name: name().describe('The new group.'), gateway: gatewayName, ...changeFlags }),
      statuses,
      response: change,
      handle: (ctx, p) => commit(ctx, p, 'cluster_group_create', (g) => ops.createClusterGroup(g, p.group_name)),
    }),
    defineRoute({
      method: 'GET',
      path: '/v1/cluster_group/list',
      tag: ENDPOINT,
      summary: 'Cluster groups of a Trino gateway with their clusters, as the spec in Git declares them',
      access,
      params: z.strictObject({ gateway: gatewayName }),
      statuses: [404, 502, 503],
      response: { description: '[{groupName, clusters: [{clusterName, url, activated}]}]', schema: 'ClusterGroups' },
      async handle(ctx, p) {
        ctx.body = ops.listClusterGroups((await pickGateway(p.gateway)).spec);
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: '/v1/cluster_group/delete',
      tag: ENDPOINT,
      summary: 'Remove an unused cluster group from a Trino gateway (409 while a cluster, a rule or the default uses it)',
      access,
      params: z.strictObject({ group_name: name().describe('The group to remove.'), gateway: gatewayName, ...changeFlags }),
      statuses,
      response: change,
      handle: (ctx, p) => commit(ctx, p, 'cluster_group_delete', (g) => ops.deleteClusterGroup(g, p.group_name)),
    }),
    defineRoute({
      method: 'POST',
      path: '/v1/cluster/create',
      tag: ENDPOINT,
      summary: 'Add a Trino cluster (a backend) to a group of a Trino gateway: by coordinator URL or by TrinoCluster name',
      access,
      params: z.strictObject({
        cluster_name: name().describe('Backend name in the gateway.'),
        group_name: name().describe('An existing cluster group.'),
        url: text().optional().describe('Coordinator URL (http or https).'),
        trino_cluster: resourceName().optional().describe('A TrinoCluster of the platform, instead of url.'),
        activated: flag().optional().describe('@default true'),
        cluster_type: text().optional().describe('Accepted for compatibility with the original; not stored (it never affected routing).'),
        gateway: gatewayName,
        ...changeFlags,
      }),
      statuses,
      response: change,
      handle: (ctx, p) =>
        commit(ctx, p, 'cluster_create', (g) =>
          ops.createCluster(g, {
            name: p.cluster_name,
            group: p.group_name,
            activated: p.activated ?? true,
            url: p.url,
            trinoClusterRef: p.trino_cluster,
          }),
        ),
    }),
    defineRoute({
      method: 'PUT',
      path: '/v1/cluster/update/activated',
      tag: ENDPOINT,
      summary: 'Activate or deactivate a cluster of a Trino gateway (one line of its spec)',
      access,
      params: z.strictObject({
        cluster_name: name().describe('Backend name in the gateway.'),
        activated: flag().describe('true: route queries to it; false: keep it, route nothing to it.'),
        gateway: gatewayName,
        ...changeFlags,
      }),
      statuses,
      response: change,
      handle: (ctx, p) => commit(ctx, p, 'cluster_activated', (g) => ops.setClusterActivated(g, p.cluster_name, p.activated)),
    }),
    defineRoute({
      method: 'GET',
      path: '/v1/cluster/list',
      tag: ENDPOINT,
      summary: 'Clusters of a Trino gateway, as the spec in Git declares them',
      access,
      params: z.strictObject({ gateway: gatewayName }),
      statuses: [404, 502, 503],
      response: { description: '[{clusterName, url, activated, groupName}]', schema: 'Clusters' },
      async handle(ctx, p) {
        ctx.body = ops.listClusters((await pickGateway(p.gateway)).spec);
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: '/v1/cluster/delete',
      tag: ENDPOINT,
      summary: "Remove a cluster from a Trino gateway (the reconciler deletes it from the gateway's database)",
      access,
      params: z.strictObject({ cluster_name: name().describe('The backend to remove.'), gateway: gatewayName, ...changeFlags }),
      statuses,
      response: change,
      handle: (ctx, p) => commit(ctx, p, 'cluster_delete', (g) => ops.deleteCluster(g, p.cluster_name)),
    }),
  ];
}

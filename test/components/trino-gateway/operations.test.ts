import * as ops from '../../../src/components/trino-gateway/operations';
import type { TrinoGatewaySpec } from '../../../src/components/trino-gateway/schema';
import { gatewayDoc, load, trinoDoc } from './fixtures';

const gateway = load(trinoDoc(), gatewayDoc())[1] as TrinoGatewaySpec;
/** The result must still be a valid gateway: the API loads it again before committing. */
const reload = (spec: TrinoGatewaySpec) => load(trinoDoc(), spec as never)[1] as TrinoGatewaySpec;

describe('the original gateway operations as TrinoGateway spec transforms', () => {
  test('cluster groups: create, list with their clusters, delete only when unused', () => {
    const withBi = reload(ops.createClusterGroup(gateway, 'bi'));
    expect(withBi.spec.routingGroups).toEqual(['adhoc', 'etl', 'bi']);
    expect(ops.listClusterGroups(withBi)).toEqual([
      { groupName: 'adhoc', clusters: [{ clusterName: 'shared', url: 'http://trino.shared.svc:8080/', activated: true }] },
      { groupName: 'etl', clusters: [{ clusterName: 'etl', url: 'trino-cluster:etl', activated: true, trinoClusterRef: 'etl' }] },
      { groupName: 'bi', clusters: [] },
    ]);
    expect(() => ops.createClusterGroup(withBi, 'bi')).toThrow(ops.ConflictError);
    expect(reload(ops.deleteClusterGroup(withBi, 'bi')).spec.routingGroups).toEqual(['adhoc', 'etl']);
    expect(() => ops.deleteClusterGroup(withBi, 'etl')).toThrow(
      'cluster group [etl] is used by cluster "etl", rule "airflow": move or delete them first',
    );
    expect(() => ops.deleteClusterGroup(withBi, 'nope')).toThrow(ops.NotFoundError);
  });

  test('clusters: create by URL or TrinoCluster, activate/deactivate, delete', () => {
    const added = reload(ops.createCluster(gateway, { name: 'spare', group: 'etl', activated: false, url: 'http://spare.svc:8080' }));
    expect(ops.listClusters(added).at(-1)).toEqual({ clusterName: 'spare', url: 'http://spare.svc:8080', activated: false, groupName: 'etl' });
    expect(() => ops.createCluster(added, { name: 'spare', group: 'etl', activated: true, url: 'http://x:8080' })).toThrow(ops.ConflictError);
    expect(() => ops.createCluster(added, { name: 'x', group: 'bi', activated: true, url: 'http://x:8080' })).toThrow(
      'cluster group [bi] not found!',
    );
    const activated = ops.setClusterActivated(added, 'spare', true);
    expect(activated.spec.backends.find((b) => b.name === 'spare')!.active).toBe(true);
    expect(() => ops.setClusterActivated(added, 'nope', true)).toThrow('cluster [nope] not found!');
    expect(ops.listClusters(reload(ops.deleteCluster(activated, 'spare'))).map((c) => c.clusterName)).toEqual(['etl', 'shared']);
  });

  test('the backends routing to a TrinoCluster, and the gateway without them', () => {
    expect(ops.backendsRoutingTo(gateway, 'etl')).toEqual([{ name: 'etl', path: 'spec.backends[0].trinoClusterRef' }]);
    expect(ops.backendsRoutingTo(gateway, 'other')).toEqual([]);
    expect(reload(ops.withoutBackendsRoutingTo(gateway, 'etl')).spec.backends.map((b) => b.name)).toEqual(['shared']);
  });
});

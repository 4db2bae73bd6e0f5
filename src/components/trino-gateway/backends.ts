import type { BuildContext } from '../../core/component';
import type { InstanceRef } from '../../core/instance';
import { trinoNames } from '../trino/names';
import type { TrinoClusterSpec } from '../trino/schema';
import type { ResolvedBackend } from './reconciler';
import type { TrinoGatewaySettings } from './schema';

const TRINO_CLUSTER = 'TrinoCluster';

/** The TrinoClusters a gateway routes to: they must exist, and the GitOps agents apply them first. */
export function backendReferences(spec: TrinoGatewaySettings): InstanceRef[] {
  return spec.backends.flatMap((b, i) =>
    b.trinoClusterRef === undefined ? [] : [{ kind: TRINO_CLUSTER, name: b.trinoClusterRef, path: `spec.backends[${i}].trinoClusterRef` }],
  );
}

/** A TrinoCluster's coordinator Service as the gateway reaches it (the Service src/components/trino names `<instance>`). */
export function coordinatorUrl(cluster: TrinoClusterSpec): string {
  return `http://${trinoNames(cluster.metadata.name).service}.${cluster.metadata.namespace}.svc:${cluster.spec.httpPort}`;
}

/** Backends as the gateway's API takes them: `proxyTo` derived for cluster references, `externalUrl` defaulting to it. */
export function resolveBackends(spec: TrinoGatewaySettings, ctx: Pick<BuildContext, 'find'>): ResolvedBackend[] {
  return spec.backends.map((b) => {
    let proxyTo = b.proxyTo;
    if (b.trinoClusterRef !== undefined) {
      const cluster = ctx.find<TrinoClusterSpec>(TRINO_CLUSTER, b.trinoClusterRef);
      // The engine checked the references before building; this only guards a direct construct call.
      if (cluster === undefined) throw new Error(`no TrinoCluster named "${b.trinoClusterRef}"`);
      proxyTo = coordinatorUrl(cluster);
    }
    const url = proxyTo!.replace(/\/+$/, '');
    return { name: b.name, proxyTo: url, externalUrl: (b.externalUrl ?? url).replace(/\/+$/, ''), routingGroup: b.routingGroup, active: b.active };
  });
}

import type { Component } from '../../engine/component';
import { backendReferences, resolveBackends } from './backends';
import { withoutBackendsRoutingTo } from './operations';
import { TRINO_GATEWAY_KIND, TRINO_GATEWAY_OWN_KIND, TrinoGatewaySpec } from './schema';
import { TrinoGateway } from './trino-gateway';

/** TrinoGateway instances → `trino-gateway/<name>/`, ordered after the TrinoClusters they route to. */
export const trinoGatewayComponent: Component<TrinoGatewaySpec> = {
  kind: TRINO_GATEWAY_KIND,
  directory: 'trino-gateway',
  podSecurity: 'restricted',
  references: (spec) => backendReferences(spec.spec),
  withoutReferencesTo: (spec, target) => (target.kind === 'TrinoCluster' ? withoutBackendsRoutingTo(spec, target.name) : spec),
  build(chart, spec, ctx) {
    new TrinoGateway(chart, 'trino-gateway', { spec, backends: resolveBackends(spec.spec, ctx) });
  },
};

export { TRINO_GATEWAY_OWN_KIND };
export * from './schema';
export { RELEASE_20_CONFIG_KEYS, SERVER_CONFIG_KEYS } from './config';

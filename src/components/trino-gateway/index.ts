import type { ComponentDefinition } from '../../core/component';
import { backendReferences, resolveBackends } from './backends';
import { withoutBackendsRoutingTo } from './operations';
import { TRINO_GATEWAY_OWN_KIND, TrinoGatewaySpec } from './schema';
import { TrinoGateway } from './trino-gateway';

/** TrinoGateway instances → `trino-gateway/<name>/`, ordered after the TrinoClusters they route to. */
export const trinoGateway: ComponentDefinition<TrinoGatewaySpec> = {
  kind: TRINO_GATEWAY_OWN_KIND,
  folder: 'trino-gateway',
  endpoint: { name: 'trino_gateway', title: 'Trino gateway', params: {} },
  podSecurity: 'restricted',
  references: (spec) => backendReferences(spec.spec),
  withoutReferencesTo: (spec, target) => (target.kind === 'TrinoCluster' ? withoutBackendsRoutingTo(spec, target.name) : spec),
  build(chart, spec, ctx) {
    new TrinoGateway(chart, 'trino-gateway', { spec, backends: resolveBackends(spec.spec, ctx) });
  },
};

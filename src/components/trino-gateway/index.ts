import type { ComponentDefinition } from '../../core/component';
import { backendReferences, resolveBackends } from './backends';
import { TRINO_GATEWAY_OWN_KIND, TrinoGatewaySpec } from './schema';
import { TrinoGateway } from './trino-gateway';

/** TrinoGateway instances → `trino-gateway/<name>/`, ordered after the TrinoClusters they route to. */
export const trinoGateway: ComponentDefinition<TrinoGatewaySpec> = {
  kind: TRINO_GATEWAY_OWN_KIND,
  folder: 'trino-gateway',
  podSecurity: 'restricted',
  references: (spec) => backendReferences(spec.spec),
  build(chart, spec, ctx) {
    new TrinoGateway(chart, 'trino-gateway', { spec, backends: resolveBackends(spec.spec, ctx) });
  },
};

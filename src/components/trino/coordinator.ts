import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { Construct } from 'constructs';

import { podDisruptionBudget } from '../common/disruption-budget';
import { trinoPodTemplate } from './pod';
import { podAnnotations, RoleContext, roleLabels, roleSelector } from './role-context';
import { trinoService } from './service';

/**
 * The coordinator: one replica (it plans and tracks every query; two would split the cluster), replaced
 * with `Recreate` so an update never runs two, behind the ClusterIP Service clients and workers use.
 */
export class TrinoCoordinator extends Construct {
  constructor(scope: Construct, id: string, ctx: RoleContext) {
    super(scope, id);
    const { names, spec } = ctx;
    const labels = roleLabels(ctx, 'coordinator');
    const selector = roleSelector(ctx, 'coordinator');

    new k8s.KubeConfigMap(this, 'config', { metadata: { name: names.coordinator, labels }, data: ctx.config.data });
    new k8s.KubeDeployment(this, 'deployment', {
      metadata: { name: names.coordinator, labels },
      spec: {
        replicas: 1,
        strategy: { type: 'Recreate' },
        selector: { matchLabels: selector },
        template: trinoPodTemplate({
          role: 'coordinator',
          spec,
          names,
          labels,
          annotations: podAnnotations(ctx),
          selector,
          config: ctx.config,
          env: ctx.env,
          spread: false,
        }),
      },
    });
    trinoService(this, { name: names.service, labels, selector, port: spec.httpPort, headless: false });
    podDisruptionBudget(this, 'pdb', { name: names.coordinator, labels, selector, maxUnavailable: 1 });
    // Clients (and a gateway) may come from anywhere, but only to the HTTP port.
    new k8s.KubeNetworkPolicy(this, 'network-policy', {
      metadata: { name: names.coordinator, labels },
      spec: {
        podSelector: { matchLabels: selector },
        policyTypes: ['Ingress'],
        ingress: [{ ports: [{ port: k8s.IntOrString.fromString('http'), protocol: 'TCP' }] }],
      },
    });
  }
}

import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { Construct } from 'constructs';

import { podDisruptionBudget, tenthOf } from '../common/disruption-budget';
import { workerAutoscaler } from './autoscaling';
import { trinoPodTemplate } from './pod';
import { drainOnStop } from './probes';
import { podAnnotations, RoleContext, roleLabels, roleSelector } from './role-context';
import { trinoService } from './service';
import { defaultTerminationGraceSeconds } from './sizing';

/**
 * The workers: a Deployment (no `replicas` when an HPA owns the count), a headless Service, a
 * disruption budget, graceful draining on stop, and an ingress policy admitting only the cluster's pods.
 */
export class TrinoWorkers extends Construct {
  /** Pod termination grace; at least twice `shutdown.grace-period` (checked when the spec is loaded). */
  readonly terminationGracePeriodSeconds: number;

  constructor(scope: Construct, id: string, ctx: RoleContext) {
    super(scope, id);
    const { names, spec } = ctx;
    const { autoscaler, gracefulShutdown } = spec.worker;
    const labels = roleLabels(ctx, 'worker');
    const selector = roleSelector(ctx, 'worker');
    const replicas = spec.worker.replicas!; // set by the schema unless an autoscaler owns the count
    const fewest = autoscaler?.minReplicas ?? replicas;
    this.terminationGracePeriodSeconds =
      gracefulShutdown.terminationGracePeriodSeconds ?? defaultTerminationGraceSeconds(gracefulShutdown.gracePeriodSeconds);

    new k8s.KubeConfigMap(this, 'config', { metadata: { name: names.worker, labels }, data: ctx.config.data });
    new k8s.KubeDeployment(this, 'deployment', {
      metadata: { name: names.worker, labels },
      spec: {
        replicas: autoscaler ? undefined : replicas,
        selector: { matchLabels: selector },
        template: trinoPodTemplate({
          role: 'worker',
          spec,
          names,
          labels,
          annotations: podAnnotations(ctx),
          selector,
          config: ctx.config,
          env: ctx.env,
          terminationGracePeriodSeconds: this.terminationGracePeriodSeconds,
          lifecycle: drainOnStop(spec.httpPort, this.terminationGracePeriodSeconds),
          spread: (autoscaler?.maxReplicas ?? replicas) >= 2,
        }),
      },
    });
    trinoService(this, { name: names.workerService, labels, selector, port: spec.httpPort, headless: true });
    podDisruptionBudget(this, 'pdb', { name: names.worker, labels, selector, maxUnavailable: tenthOf(fewest) });
    if (autoscaler) workerAutoscaler(this, { name: names.worker, labels, deployment: names.worker, autoscaler });
    // Only this cluster's nodes talk to workers (tasks, exchanges, the shutdown endpoint).
    new k8s.KubeNetworkPolicy(this, 'network-policy', {
      metadata: { name: names.worker, labels },
      spec: {
        podSelector: { matchLabels: selector },
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'trino', 'app.kubernetes.io/instance': ctx.instance } } }],
            ports: [{ port: k8s.IntOrString.fromString('http'), protocol: 'TCP' }],
          },
        ],
      },
    });
  }
}

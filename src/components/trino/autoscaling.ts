import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import type { Construct } from 'constructs';

import type { TrinoWorkerRole } from './role-schema';

type Autoscaler = NonNullable<TrinoWorkerRole['autoscaler']>;

/**
 * Worker HorizontalPodAutoscaler (autoscaling/v2) on CPU (and memory when asked). Scale-down removes one
 * worker a minute after load stayed low for the stabilization window; each one drains gracefully.
 */
export function workerAutoscaler(
  scope: Construct,
  props: { name: string; labels: Record<string, string>; deployment: string; autoscaler: Autoscaler },
): k8s.KubeHorizontalPodAutoscalerV2 {
  const { autoscaler } = props;
  const utilization = (name: string, averageUtilization: number): k8s.MetricSpecV2 => ({
    type: 'Resource',
    resource: { name, target: { type: 'Utilization', averageUtilization } },
  });
  return new k8s.KubeHorizontalPodAutoscalerV2(scope, 'hpa', {
    metadata: { name: props.name, labels: props.labels },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: props.deployment },
      minReplicas: autoscaler.minReplicas,
      maxReplicas: autoscaler.maxReplicas,
      metrics: [
        utilization('cpu', autoscaler.targetCPUUtilizationPercentage),
        ...(autoscaler.targetMemoryUtilizationPercentage === undefined ? [] : [utilization('memory', autoscaler.targetMemoryUtilizationPercentage)]),
      ],
      behavior: {
        scaleDown: {
          stabilizationWindowSeconds: autoscaler.scaleDownStabilizationSeconds,
          policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }],
        },
      },
    },
  });
}

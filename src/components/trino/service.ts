import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import type { Construct } from 'constructs';

/** A Service on the nodes' named `http` port: ClusterIP for the coordinator, headless for workers. */
export function trinoService(
  scope: Construct,
  props: { name: string; labels: Record<string, string>; selector: Record<string, string>; port: number; headless: boolean },
): k8s.KubeService {
  return new k8s.KubeService(scope, 'service', {
    metadata: { name: props.name, labels: props.labels },
    spec: {
      ...(props.headless ? { clusterIp: 'None' } : { type: 'ClusterIP' }),
      selector: props.selector,
      ports: [{ name: 'http', port: props.port, targetPort: k8s.IntOrString.fromString('http'), protocol: 'TCP' }],
    },
  });
}

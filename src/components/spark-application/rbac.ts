import { Chart } from 'cdk8s';
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import type { Construct } from 'constructs';

/** What a driver does to run its executors (and spark-submit to start the driver), in its own namespace only. */
export const SPARK_ROLE_RULES: k8s.PolicyRule[] = [
  {
    apiGroups: [''],
    resources: ['pods', 'services', 'configmaps', 'persistentvolumeclaims'],
    verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'],
  },
];

export interface SparkRbacProps {
  readonly serviceAccount: string;
  readonly role: string;
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * ServiceAccount, Role and RoleBinding of spark-submit and the driver: both call the API server, so the
 * token is mounted. Namespaced only; the original granted a cluster-wide `*` ClusterRole.
 */
export function sparkRbac(scope: Construct, props: SparkRbacProps): void {
  const labels = { ...props.labels };
  new k8s.KubeServiceAccount(scope, 'service-account', {
    metadata: { name: props.serviceAccount, labels },
    automountServiceAccountToken: true,
  });
  new k8s.KubeRole(scope, 'role', { metadata: { name: props.role, labels }, rules: SPARK_ROLE_RULES });
  new k8s.KubeRoleBinding(scope, 'role-binding', {
    metadata: { name: props.role, labels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: props.role },
    subjects: [{ kind: 'ServiceAccount', name: props.serviceAccount, namespace: Chart.of(scope).namespace }],
  });
}

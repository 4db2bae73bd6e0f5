import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { Construct } from 'constructs';

import type { ThriftServerNames } from './names';

/**
 * What a Spark driver does with the Kubernetes API: run executor pods and their Services, ConfigMaps and
 * on-demand claims. Nothing cluster-wide (the original granted cluster-admin).
 */
export const DRIVER_RULES: readonly k8s.PolicyRule[] = [
  {
    apiGroups: [''],
    resources: ['pods', 'services', 'configmaps', 'persistentvolumeclaims'],
    verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'],
  },
];

/** ServiceAccount (with a token: the driver calls the API server), namespaced Role and RoleBinding. */
export class DriverRbac extends Construct {
  constructor(scope: Construct, id: string, props: { names: ThriftServerNames; namespace: string; labels: Record<string, string> }) {
    super(scope, id);
    const { names, labels } = props;
    new k8s.KubeServiceAccount(this, 'service-account', { metadata: { name: names.serviceAccount, labels }, automountServiceAccountToken: true });
    new k8s.KubeRole(this, 'role', { metadata: { name: names.role, labels }, rules: DRIVER_RULES.map((rule) => ({ ...rule })) });
    new k8s.KubeRoleBinding(this, 'role-binding', {
      metadata: { name: names.role, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: names.role },
      subjects: [{ kind: 'ServiceAccount', name: names.serviceAccount, namespace: props.namespace }],
    });
  }
}

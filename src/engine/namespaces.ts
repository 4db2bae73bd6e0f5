import type { PodSecurityLevel } from '../core/component';
import type { InstanceSpec } from '../core/instance';
import type { KubeObject } from '../core/render';
import { DEFAULT_RESERVED_NAMESPACES, reservedBy } from '../core/reserved-namespaces';

/** Pod Security levels, least strict first. */
const STRICTNESS: readonly PodSecurityLevel[] = ['privileged', 'baseline', 'restricted'];

/**
 * One Namespace object per namespace the instances use, enforcing the lowest Pod Security level any
 * of its instances needs. Namespaces are never deleted by Argo CD or Flux: deleting the last instance
 * in one must not take PersistentVolumeClaims or objects made by hand with it.
 *
 * - Argo CD `Prune=false` only stops pruning; a cascading `argocd app delete` of the namespaces app
 *   deletes every object without `Delete=false` (argo-cd `controller/appcontroller.go:1252-1261`
 *   `shouldBeDeleted`, v3.5.1), so both are set.
 * - A Namespace left in the cluster after its last instance is "extraneous": without `IgnoreExtraneous`
 *   the app stays OutOfSync and self-heal re-syncs it forever (`controller/state.go:994`, v3.5.1).
 * - Flux skips objects annotated `prune: disabled` on garbage collection and on deletion of the
 *   Kustomization (kustomize-controller `internal/controller/kustomization_controller.go:1401-1414`, v1.9.0-36).
 */
export function namespaceObjects(
  instances: readonly InstanceSpec[],
  levelOf: (spec: InstanceSpec) => PodSecurityLevel,
  reserved: readonly string[] = DEFAULT_RESERVED_NAMESPACES,
): KubeObject[] {
  const levels = new Map<string, PodSecurityLevel>();
  for (const spec of instances) {
    const ns = spec.metadata.namespace;
    // Never a Namespace object for one the platform does not own (kube-system, the agents'…): the loader
    // refuses new instances there; one committed before that check must not relabel it either.
    if (reservedBy(reserved, ns) !== undefined) continue;
    const level = levelOf(spec);
    const current = levels.get(ns) ?? 'restricted';
    levels.set(ns, STRICTNESS.indexOf(level) < STRICTNESS.indexOf(current) ? level : current);
  }
  return [...levels.keys()].sort().map((name) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      annotations: {
        'argocd.argoproj.io/compare-options': 'IgnoreExtraneous',
        'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false',
        'kustomize.toolkit.fluxcd.io/prune': 'disabled',
      },
      labels: {
        'app.kubernetes.io/managed-by': 'dataroaster',
        'pod-security.kubernetes.io/enforce': levels.get(name)!,
        'pod-security.kubernetes.io/warn': 'restricted',
      },
      name,
    },
  }));
}
